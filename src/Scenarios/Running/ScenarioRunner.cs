using System.Globalization;
using ClusterSim.Scenarios.Faults;
using ClusterSim.Scenarios.Model;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Faults;
using ClusterSim.Sim.Instruments;
using ClusterSim.Sim.Kubelet;
using ClusterSim.Sim.Store;

namespace ClusterSim.Scenarios.Running;

/// <summary>Overrides given on the command line.</summary>
public sealed record RunOptions(long? Seed = null, TimeSpan? Until = null)
{
    /// <summary>`run --profile`: times each part of the control plane (see <see cref="RunProfiler"/>); the results are the same.</summary>
    public Sim.Engine.IEventProfiler? Profiler { get; init; }

    /// <summary>
    /// Called with each timeline fault just before it is injected; returns the fault to inject instead.
    /// `clustersim fuzz` uses it to pick a pod-kill's target among the pods that exist at that moment
    /// (pod names are generated during the run, so a schedule drawn beforehand cannot name them).
    /// </summary>
    internal Func<FaultSpec, Cluster, FaultSpec>? ResolveFault { get; init; }

    /// <summary>A test seam: edits the scheduler's plugin list (property tests break the scheduler on purpose with it).</summary>
    internal Action<List<Sim.Scheduling.IPlugin>>? SchedulerSeam { get; init; }

    /// <summary>A test seam: false runs the cluster without its scale shortcuts (see <see cref="Cluster.FastPaths"/>); outputs must not change.</summary>
    internal bool FastPaths { get; init; } = true;

    /// <summary>
    /// Where the transcript, events and time series go as the run makes them (`clustersim run` streams them to files).
    /// Null keeps them all in memory and returns them in the <see cref="RunResult"/>; an <see cref="InMemoryRunOutputs"/>
    /// returns what it kept; any other sink leaves the result's <see cref="RunResult.Transcript"/>,
    /// <see cref="RunResult.Events"/> and <see cref="RunResult.Samples"/> empty.
    /// </summary>
    public IRunOutputs? Outputs { get; init; }
}

/// <summary>
/// Runs a loaded scenario: builds the cluster (nodes, then manifests at t=0 in order, as kubectl apply),
/// schedules the timeline's kubectl commands and faults at their virtual times, samples the time series,
/// checks the expectations, and collects everything into a <see cref="RunResult"/>. The transcript, events and
/// time series go through an <see cref="IRunOutputs"/> as they are made (in memory unless the caller gives a sink);
/// the runner itself does no file I/O.
/// </summary>
public static class ScenarioRunner
{
    /// <summary>Simulates <paramref name="scenario"/> to its duration (or the --until override).</summary>
    public static RunResult Run(Scenario scenario, RunOptions? options = null)
    {
        options ??= new RunOptions();
        long seed = options.Seed ?? scenario.Seed;
        var end = options.Until ?? scenario.Duration;
        var directory = Path.GetDirectoryName(Path.GetFullPath(scenario.FilePath)) ?? ".";
        using var cluster = new Cluster(seed, scenario.ControlPlane, new ImageCatalog(scenario.Images), options.SchedulerSeam, options.FastPaths)
        {
            // Lease renewals are facts of time (fast paths) unless a Lease is read at instants a renewal could share:
            // by an expectation (after any event), or by a command at a time finer than a millisecond.
            LiteralLeases = ExpectationChecker.ReadsKind(scenario.Expectations, "Lease")
                || scenario.Timeline.Any(e => e.At.Ticks % TimeSpan.TicksPerMillisecond != 0),
        };
        var memory = options.Outputs is null ? new InMemoryRunOutputs() : options.Outputs as InMemoryRunOutputs;
        var outputs = options.Outputs ?? memory!;
        outputs.Begin(end);
        var transcript = outputs.Transcript;

        // Every occurrence goes to the outputs as it is recorded; the ones recorded before this point (none today: the
        // cluster records its first when nodes are added below) are passed on first, so the order is the recorder's.
        foreach (var (time, e) in cluster.Events.Occurrences)
        {
            outputs.Event(time, e);
        }

        var previousObserver = cluster.Events.Observer;
        cluster.Events.Observer = (time, e) =>
        {
            previousObserver?.Invoke(time, e);
            outputs.Event(time, e);
        };
        var warnings = new List<string>();
        var marks = new List<TimelineMark>();

        // Watching before the manifests are applied, so the wait of every pod is seen from its creation.
        var pending = new PendingPodTracker(cluster.Kernel, cluster.Store);
        // Pools in order: a fixed pool's nodes, or a node group (the Cluster Autoscaler's) with its nodes at t=0.
        foreach (var pool in scenario.Nodes)
        {
            if (pool.Autoscaling is not null)
            {
                cluster.AddNodeGroup(pool.CreateNodeGroup());
                continue;
            }

            foreach (var node in pool.CreateNodes())
            {
                cluster.AddNode(node);
            }
        }

        // With node groups, how long each scale-up's first pod took to run (nothing is built without them).
        var scaleUpWaits = cluster.Autoscaler is { } autoscaler ? new ScaleUpWaitTracker(cluster.Kernel, cluster.Store, autoscaler) : null;
        foreach (var manifest in scenario.Manifests)
        {
            try
            {
                cluster.Api.Create(manifest.CreateFresh());
            }
            catch (ApiException e)
            {
                warnings.Add($"{manifest.Location}: {e.Message}");
            }
        }

        foreach (var load in scenario.Load)
        {
            cluster.AddLoad(LoadAdapter.Target(load.Target), load.BaseRpsAt, LoadAdapter.Noise(load.Noise));
        }

        var sampler = new TimeSeriesSampler(cluster.Kernel, cluster.Store, scenario.SampleEvery, cluster.NodeRequests, cluster.PendingPods) { Drain = outputs.Samples };
        sampler.AddSource((t, rows) => LoadAdapter.Sample(cluster.Load, t, rows));
        sampler.AddSource((t, rows) => NodeGroupSamples.Add(cluster, t, rows));
        var executor = new KubectlExecutor(cluster, directory);
        var faults = new FaultInjector(cluster);
        var impact = new FaultImpactTracker(cluster.Kernel, cluster.Store, cluster.Events);
        var rollouts = new RolloutTracker(cluster.Kernel, cluster.Store);
        foreach (var entry in scenario.Timeline)
        {
            if (entry.At > end)
            {
                continue;
            }

            cluster.Kernel.ScheduleAt(entry.At, () =>
            {
                if (entry.Command is { } cmd)
                {
                    marks.Add(new TimelineMark(cluster.Now, "kubectl " + Verb(cmd), IsFault: false));
                    // What a waiting command (kubectl drain) prints later gets a block of its own at that instant.
                    void Block(string prompt, string text, bool failed)
                    {
                        transcript.Write('[');
                        transcript.Write(Clock(cluster.Now));
                        transcript.Write(prompt);
                        transcript.Write(cmd.Text);
                        transcript.Write('\n');
                        transcript.Write(text);
                        transcript.Write('\n');
                        if (failed)
                        {
                            warnings.Add($"{entry.Location}: `{cmd.Text}` failed: {text.Trim()}");
                        }
                    }

                    var output = executor.Execute(cmd, out bool failed, (text, failedAtEnd) => Block("] (continued) $ ", text, failedAtEnd));
                    Block("] $ ", output, failed);
                    cluster.Trace.Record(cluster.Kernel.NowTicks, "kubectl", cmd.Text);
                }
                else if (entry.Fault is { } scripted)
                {
                    var fault = options.ResolveFault?.Invoke(scripted, cluster) ?? scripted;
                    marks.Add(new TimelineMark(cluster.Now, fault.ToString(), IsFault: true));
                    transcript.Write('[');
                    transcript.Write(Clock(cluster.Now));
                    transcript.Write("] fault: ");
                    transcript.Write(fault.ToString());
                    transcript.Write('\n');
                    var problem = Inject(faults, fault, end);
                    if (problem is not null)
                    {
                        // Known only at run time (e.g. recovering a node that is up): a warning, not a failure.
                        transcript.Write("warning: ");
                        transcript.Write(problem);
                        transcript.Write('\n');
                        warnings.Add($"{entry.Location}: {problem}");
                    }

                    transcript.Write('\n');
                }
            });
        }

        var checker = new ExpectationChecker(cluster, scenario.Expectations, end, new RunTotals(cluster, pending, scenario.Nodes));

        // The simulator's own invariants (capacity, placement, conservation, clock, endpoints, HPA bounds and
        // rates), checked after every event: a violation is a simulator bug or a broken seam, and fails the run.
        var invariants = new Sim.Instruments.Invariants.InvariantChecker(cluster);
        cluster.Kernel.Profiler = options.Profiler;
        cluster.RunUntil(end);
        var loadOutcomes = LoadAdapter.Outcomes(cluster.Load, cluster.Now);
        return new RunResult
        {
            ScenarioName = scenario.Name,
            Description = scenario.Description,
            ScenarioFile = scenario.FilePath,
            Seed = seed,
            EndTime = cluster.Now,
            Transcript = memory?.TranscriptText ?? "",
            Events = memory?.Events ?? [],
            Samples = memory?.SampleRows ?? [],
            Streamed = memory is not { KeepsEverything: true },
            Expectations = checker.Outcomes(),
            Marks = marks,
            Warnings = warnings,
            FaultImpacts = impact.Analyze(faults.Records, cluster.Now),
            Rollouts = rollouts.Rollouts(),
            Pending = pending.Outcome(cluster.Now),
            Load = loadOutcomes,
            InvariantViolations = invariants.Violations.ToList(),
            Autoscalers = AutoscalerAnalysis.Analyze(cluster, scenario.Load, loadOutcomes, cluster.Config.MetricResolution, cluster.Now),
            NodeGroups = NodeGroupOutcome.Of(cluster, scaleUpWaits?.Waits()),
            TraceHash = cluster.Trace.HashHex(),
            EventCount = cluster.Kernel.LiteralEvents,
            ProcessedEvents = cluster.Kernel.ProcessedEvents,
        };
    }

    private static string? Inject(FaultInjector faults, FaultSpec fault, TimeSpan end)
    {
        switch (fault.Type)
        {
            case FaultType.NodeCrash:
                return faults.NodeCrash(fault.Target!);
            case FaultType.NodeRecover:
                return faults.NodeRecover(fault.Target!);
            case FaultType.KubeletStop:
                return faults.KubeletStop(fault.Target!);
            case FaultType.KubeletStart:
                return faults.KubeletStart(fault.Target!);
            case FaultType.ZoneOutage:
                return faults.ZoneOutage(fault.Target!);
            case FaultType.ZoneRecover:
                return faults.ZoneRecover(fault.Target!);
            case FaultType.PodKill:
                return faults.PodKill(fault.Namespace ?? "default", fault.Target!);
            case FaultType.RandomNodeCrash:
                faults.StartRandomNodeCrashes(fault.Mtbf!.Value, fault.Mttr!.Value, end);
                return null;
            case FaultType.ProvisionFailure:
                return faults.ProvisionFailure(fault.Target!, fault.Duration);
            case FaultType.ProvisionSlow:
                return faults.ProvisionSlow(fault.Target!, fault.Duration!.Value);
            default:
                return $"fault {fault} is not known";
        }
    }

    private static string Verb(Kubectl.KubectlCommand cmd)
    {
        var text = cmd.Text.StartsWith("kubectl ", StringComparison.Ordinal) ? cmd.Text[8..] : cmd.Text;
        return text;
    }

    private static string Clock(TimeSpan t) =>
        string.Create(CultureInfo.InvariantCulture, $"{(long)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}");
}
