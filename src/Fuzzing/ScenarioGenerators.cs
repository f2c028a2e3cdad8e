using System.Globalization;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Expectations;
using ClusterSim.Scenarios.Faults;
using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Scenarios.Model;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Kubelet;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterSim.Fuzzing;

/// <summary>
/// FsCheck generators of whole scenarios (issue 6): clusters, workloads, image behaviours, HPAs, load curves and
/// timelines of kubectl actions and faults. A generated <see cref="Scenario"/> is always the loader's value of its
/// own YAML (<see cref="ScenarioYaml.Write"/> then <see cref="ScenarioLoader.LoadText"/>), so it is runnable
/// and writes back to the same text. Nodes are pool-a-1.., workloads app-1.. (each with a Service and maybe an
/// HPA of the same name, images app-N:v1 and app-N:v2), bare pods solo-1.. (what pod-kill targets).
/// </summary>
public static class ScenarioGenerators
{
    /// <summary>Where generated entries "are" before they are written and loaded (never shown: everything is reloaded).</summary>
    private static readonly SourceLocation Draft = new("generated", 0, 0);

    private static readonly string[] ZoneNames = ["zone-a", "zone-b", "zone-c"];

    /// <summary>Random scenarios within <paramref name="options"/> (default <see cref="ScenarioOptions.Default"/>).</summary>
    public static Gen<Scenario> Scenarios(ScenarioOptions? options = null)
    {
        var o = options ?? ScenarioOptions.Default;
        return from seed in Gen.Choose(1, 1_000_000)
               from minutes in Gen.Choose(o.MinDurationMinutes, o.MaxDurationMinutes)
               from pools in Clusters(o.MaxNodes)
               from workloadCount in Gen.Choose(1, Math.Max(1, o.MaxWorkloads))
               from workloads in Gen.CollectToList(Enumerable.Range(1, workloadCount), i => Workload("app-" + I(i), pools))
               from soloCount in Gen.Choose(0, 2)
               let duration = TimeSpan.FromMinutes(minutes)
               from loads in Gen.CollectToList(workloads, w => Maybe(80, LoadCurve(new LoadTarget("default", "Service", w.Name), duration)))
               from actions in Actions(workloads, NodeNames(pools), duration, o.MaxActions)
               from faults in FaultSchedule(pools, SoloNames(soloCount), [], duration, o.MaxFaults)
               from expectations in Expectations(workloads, duration)
               select Assemble(seed, duration, pools, workloads, soloCount, loads.OfType<LoadSpec>().ToList(), actions.Concat(faults).OrderBy(e => e.At).ToList(), expectations);
    }

    /// <summary>Generated scenarios with <see cref="ScenarioShrinker.Shrink"/> as their shrinker.</summary>
    public static Arbitrary<Scenario> Arbitrary(ScenarioOptions? options = null) => Arb.From(Scenarios(options), ScenarioShrinker.Shrink);

    /// <summary>
    /// 1-3 pools, 1 to <paramref name="maxNodes"/> nodes in all, 1-8 CPUs and 1-16Gi each, sometimes spread over
    /// zones, sometimes with a NoSchedule taint dedicated=POOL (never the first pool, so something can run).
    /// </summary>
    public static Gen<List<NodePoolSpec>> Clusters(int maxNodes = 6) =>
        from poolCount in Gen.Choose(1, 3)
        from shapes in Gen.ListOf(
            from count in Gen.Choose(1, 3)
            from cpu in Gen.Choose(1, 8)
            from memory in Gen.Choose(1, 16)
            from zones in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(1, 3)))
            from taint in Gen.Choose(0, 3)
            select (count, cpu, memory, zones, taint),
            poolCount)
        select Pools(shapes, Math.Max(1, maxNodes));

    /// <summary>How containers of an image behave: pull, start and ready times, sometimes never ready, sometimes crashing.</summary>
    public static Gen<ImageBehavior> ImageBehaviors =>
        from pull in Gen.Choose(0, 30)
        from start in Gen.Choose(0, 5)
        from ready in Gen.Frequency((9, Gen.Choose(0, 30).Select(s => TimeSpan.FromSeconds(s))), (1, Gen.Constant(TimeSpan.MaxValue)))
        from idle in Gen.Choose(1, 20)
        from perRequest in Gen.Choose(0, 20)
        from memory in Gen.Choose(1, 16)
        from crash in Gen.Frequency((7, Gen.Constant<int?>(null)), (1, Gen.Choose(20, 300).Select(s => (int?)s)))
        select new ImageBehavior
        {
            PullTime = TimeSpan.FromSeconds(pull),
            StartTime = TimeSpan.FromSeconds(start),
            ReadyAfter = ready,
            CpuIdle = Quantity.Parse(I(idle) + "m"),
            CpuPerRequest = Quantity.FromMilli(perRequest),
            Memory = Quantity.Parse(I(memory * 32) + "Mi"),
            CrashAfter = crash is { } c ? TimeSpan.FromSeconds(c) : null,
        };

    /// <summary>
    /// Requests per second on <paramref name="target"/>: one or two of constant, ramp, steps, sine and spike, with
    /// times inside <paramref name="duration"/>, sometimes with noise. Rates are multiples of 0.25 (exact doubles).
    /// </summary>
    public static Gen<LoadSpec> LoadCurve(LoadTarget target, TimeSpan duration)
    {
        int end = (int)duration.TotalSeconds;
        var rps = Gen.Choose(0, 800).Select(x => x / 4.0);
        var at = Gen.Choose(0, end).Select(s => TimeSpan.FromSeconds(s));
        var component = Gen.OneOf(
            rps.Select(r => (RpsComponent)new ConstantRps(r, Draft)),
            from lo in rps
            from to in rps
            from start in Gen.Choose(0, end)
            from length in Gen.Choose(0, end - start)
            select (RpsComponent)new RampRps(lo, to, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(start + length), Draft),
            from steps in Gen.ListOf(Gen.Zip(at, Gen.Choose(-400, 800).Select(x => x / 4.0)), 3)
            from count in Gen.Choose(1, 3)
            select (RpsComponent)new StepsRps(steps.Take(count).OrderBy(s => s.Item1).Select(s => new RpsStep(s.Item1, s.Item2)).ToList(), Draft),
            from amplitude in rps
            from period in Gen.Choose(1, 60)
            from phase in Gen.Choose(0, 300)
            select (RpsComponent)new SineRps(amplitude, TimeSpan.FromMinutes(period), TimeSpan.FromSeconds(phase), Draft),
            from start in at
            from r in rps
            from length in Gen.Choose(10, 300)
            select (RpsComponent)new SpikeRps(start, r * 2, TimeSpan.FromSeconds(length), Draft));
        var noise = Gen.Frequency(
            (2, Gen.Constant<NoiseSpec?>(null)),
            (1, from distribution in Gen.Elements("normal", "lognormal", "poisson")
                from cv in Gen.Choose(1, 50)
                from every in Gen.Elements(15, 30, 60)
                select (NoiseSpec?)new NoiseSpec(distribution, distribution == "poisson" ? 0 : cv / 100.0, TimeSpan.FromSeconds(every), Draft)));
        return from count in Gen.Choose(1, 2)
               from components in Gen.ListOf(component, count)
               from n in noise
               select new LoadSpec(target, components.ToList(), n, Draft);
    }

    /// <summary>
    /// Up to <paramref name="max"/> kubectl actions at random times: scale (any workload), set image to v2,
    /// rollout undo, pause and resume (Deployments), cordon and uncordon (nodes).
    /// </summary>
    internal static Gen<List<TimelineEntry>> Actions(IReadOnlyList<WorkloadDraft> workloads, IReadOnlyList<string> nodes, TimeSpan duration, int max)
    {
        var action =
            from at in Gen.Choose(0, (int)duration.TotalSeconds)
            from w in Gen.Elements(workloads.ToArray())
            from type in Gen.Choose(0, 6)
            from replicas in Gen.Choose(0, 8)
            from node in Gen.Elements(nodes.ToArray())
            select Entry(TimeSpan.FromSeconds(at), ActionText(w, type, replicas, node));
        return from count in Gen.Choose(0, Math.Max(0, max))
               from entries in Gen.ListOf(action, count)
               select entries.ToList();
    }

    /// <summary>
    /// Faults for <paramref name="scenario"/> (what `clustersim fuzz` adds to a user's scenario): up to
    /// <paramref name="maxFaults"/> of node-crash/node-recover, kubelet-stop/kubelet-start, zone-outage/zone-recover
    /// (a recovery sometimes left out) and pod-kill of the scenario's bare pods, at random times within its
    /// duration, on nodes its own timeline's faults do not touch (so the schedule always passes the loader's checks).
    /// Entries are in time order; merge them with <see cref="ScenarioEdit.WithTimeline"/>.
    /// </summary>
    public static Gen<List<TimelineEntry>> FaultSchedule(Scenario scenario, int maxFaults = 3)
    {
        var pods = scenario.Manifests.Where(m => m.Object is Pod && m.Object.Metadata.Name.Length > 0)
            .Select(m => (m.Object.Metadata.Namespace is "" or "default" ? "" : m.Object.Metadata.Namespace + "/") + m.Object.Metadata.Name).ToList();
        var busy = new List<string>();
        foreach (var f in scenario.Timeline.Select(e => e.Fault).OfType<FaultSpec>())
        {
            if (f.Type is FaultType.ZoneOutage or FaultType.ZoneRecover)
            {
                busy.AddRange(NodesOf(scenario.Nodes).Where(n => n.Zone == f.Target).Select(n => n.Node));
            }
            else if (f.Type is not FaultType.PodKill and not FaultType.RandomNodeCrash && f.Target is not null)
            {
                busy.Add(f.Target);
            }
        }

        return FaultSchedule(scenario.Nodes, pods, busy, scenario.Duration, maxFaults);
    }

    private static Gen<List<TimelineEntry>> FaultSchedule(IReadOnlyList<NodePoolSpec> pools, IReadOnlyList<string> pods, IReadOnlyList<string> busyNodes, TimeSpan duration, int maxFaults)
    {
        int end = Math.Max(2, (int)duration.TotalSeconds);
        var pick =
            from type in Gen.Choose(0, 3)
            from target in Gen.Choose(0, 1000)
            from start in Gen.Choose(1, end - 1)
            from length in Gen.Choose(1, end - start)
            from recover in Gen.Choose(0, 4)
            select (type, target, start, length, recover: recover > 0);
        return from count in Gen.Choose(0, Math.Max(0, maxFaults))
               from picks in Gen.ListOf(pick, count)
               select ResolveFaults(pools, pods, busyNodes, picks);
    }

    private static List<TimelineEntry> ResolveFaults(IReadOnlyList<NodePoolSpec> pools, IReadOnlyList<string> pods, IReadOnlyList<string> busyNodes, IEnumerable<(int Type, int Target, int Start, int Length, bool Recover)> picks)
    {
        var nodes = NodesOf(pools);
        var busy = new HashSet<string>(busyNodes, StringComparer.Ordinal);
        var result = new List<TimelineEntry>();
        foreach (var p in picks)
        {
            var t1 = TimeSpan.FromSeconds(p.Start);
            var t2 = TimeSpan.FromSeconds(p.Start + p.Length);
            switch (p.Type)
            {
                case 0 or 1:
                    {
                        var free = nodes.Select(n => n.Node).Where(n => !busy.Contains(n)).ToList();
                        if (free.Count == 0)
                        {
                            continue;
                        }

                        string node = free[p.Target % free.Count];
                        busy.Add(node);
                        var (down, up) = p.Type == 0 ? (FaultType.NodeCrash, FaultType.NodeRecover) : (FaultType.KubeletStop, FaultType.KubeletStart);
                        result.Add(new TimelineEntry(t1, Draft, null, new FaultSpec(down, node)));
                        if (p.Recover || p.Type == 1)
                        {
                            result.Add(new TimelineEntry(t2, Draft, null, new FaultSpec(up, node)));
                        }

                        break;
                    }

                case 2:
                    if (pods.Count > 0)
                    {
                        string pod = pods[p.Target % pods.Count];
                        int slash = pod.IndexOf('/', StringComparison.Ordinal);
                        result.Add(new TimelineEntry(t1, Draft, null, slash < 0
                            ? new FaultSpec(FaultType.PodKill, pod, "default")
                            : new FaultSpec(FaultType.PodKill, pod[(slash + 1)..], pod[..slash])));
                    }

                    break;
                default:
                    {
                        var zones = nodes.Where(n => n.Zone is not null).GroupBy(n => n.Zone!, StringComparer.Ordinal)
                            .Where(g => g.All(n => !busy.Contains(n.Node))).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
                        if (zones.Count == 0)
                        {
                            continue;
                        }

                        string zone = zones[p.Target % zones.Count];
                        busy.UnionWith(nodes.Where(n => n.Zone == zone).Select(n => n.Node));
                        result.Add(new TimelineEntry(t1, Draft, null, new FaultSpec(FaultType.ZoneOutage, zone)));
                        if (p.Recover)
                        {
                            result.Add(new TimelineEntry(t2, Draft, null, new FaultSpec(FaultType.ZoneRecover, zone)));
                        }

                        break;
                    }
            }
        }

        return result.OrderBy(e => e.At).ToList();
    }

    private static List<(string Node, string? Zone)> NodesOf(IReadOnlyList<NodePoolSpec> pools) =>
        pools.SelectMany(p => p.NodeNames().Select((n, i) => (n, p.ZoneOf(i)))).ToList();

    private static Gen<WorkloadDraft> Workload(string name, IReadOnlyList<NodePoolSpec> pools) =>
        from kind in Gen.Elements("ReplicationController", "ReplicaSet", "Deployment", "Deployment")
        from replicas in Gen.Choose(0, 8)
        from cpu in Gen.Choose(1, 20)
        from memory in Gen.Choose(1, 16)
        from limits in Gen.Choose(0, 2)
        from limitFactor in Gen.Choose(1, 4)
        from probe in Gen.Frequency((1, Gen.Constant<Probe?>(null)), (1, from delay in Gen.Choose(0, 10) from period in Gen.Choose(1, 10) select (Probe?)new Probe("httpGet", delay, period)))
        from tolerate in Gen.Choose(0, 3)
        from strategy in Strategies
        from v1 in ImageBehaviors
        from v2 in ImageBehaviors
        from hpa in Gen.Frequency((2, Gen.Constant<HorizontalPodAutoscaler?>(null)), (1, Hpa(kind, name)))
        select MakeWorkload(kind, name, replicas, cpu * 50, memory * 64, limits, limitFactor, probe, tolerate == 0 && pools.Any(p => p.Taints.Count > 0), strategy, v1, v2, hpa);

    /// <summary>Recreate, or RollingUpdate with maxSurge and maxUnavailable as counts or percentages, never both 0.</summary>
    private static Gen<DeploymentStrategy> Strategies
    {
        get
        {
            var amount = Gen.OneOf(Gen.Choose(0, 3).Select(IntOrString.FromInt), Gen.Elements(0, 10, 25, 50, 100).Select(p => IntOrString.FromString(I(p) + "%")));
            var rolling = from surge in amount
                          from unavailable in amount
                          where !(IsZero(surge) && IsZero(unavailable))
                          select new DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new RollingUpdateDeployment { MaxSurge = surge, MaxUnavailable = unavailable } };
            return Gen.Frequency((1, Gen.Fresh(() => new DeploymentStrategy { Type = "Recreate" })), (3, rolling));
        }
    }

    /// <summary>autoscaling/v2 on cpu Utilization 30-90%, min 1-3, max >= min, sometimes with behavior policies.</summary>
    private static Gen<HorizontalPodAutoscaler?> Hpa(string kind, string name)
    {
        var policy = from type in Gen.Elements("Pods", "Percent")
                     from value in Gen.Choose(1, 100)
                     from period in Gen.Choose(15, 120)
                     select new HpaScalingPolicy { Type = type, Value = type == "Pods" ? 1 + (value % 4) : value, PeriodSeconds = period };
        var rules = from window in Gen.Choose(0, 300)
                    from selectPolicy in Gen.Elements("Max", "Min")
                    from count in Gen.Choose(1, 2)
                    from policies in Gen.ListOf(policy, count)
                    select new HpaScalingRules { StabilizationWindowSeconds = window, SelectPolicy = selectPolicy, Policies = policies.ToList() };
        var behavior = Gen.Frequency(
            (2, Gen.Constant<HorizontalPodAutoscalerBehavior?>(null)),
            (1, from up in Gen.Frequency((1, Gen.Constant<HpaScalingRules?>(null)), (2, rules.Select(r => (HpaScalingRules?)r)))
                from down in Gen.Frequency((1, Gen.Constant<HpaScalingRules?>(null)), (2, rules.Select(r => (HpaScalingRules?)r)))
                select (HorizontalPodAutoscalerBehavior?)new HorizontalPodAutoscalerBehavior { ScaleUp = up, ScaleDown = down }));
        return from target in Gen.Choose(30, 90)
               from min in Gen.Choose(1, 3)
               from extra in Gen.Choose(0, 6)
               from b in behavior
               select (HorizontalPodAutoscaler?)new HorizontalPodAutoscaler
               {
                   ApiVersion = "autoscaling/v2",
                   Metadata = new ObjectMeta { Name = name },
                   Spec = new HorizontalPodAutoscalerSpec
                   {
                       ScaleTargetRef = new CrossVersionObjectReference { ApiVersion = kind == "ReplicationController" ? "v1" : "apps/v1", Kind = kind, Name = name },
                       MinReplicas = min,
                       MaxReplicas = min + extra,
                       Metrics = [AutoscalingV1.CpuUtilization(target)],
                       Behavior = b,
                   },
               };
    }

    /// <summary>Harmless expectations (they always hold) so that the expect section round-trips too.</summary>
    private static Gen<List<Expectation>> Expectations(IReadOnlyList<WorkloadDraft> workloads, TimeSpan duration)
    {
        int end = (int)duration.TotalSeconds;
        var one = from w in Gen.Elements(workloads.ToArray())
                  from mode in Gen.Elements(ExpectationMode.At, ExpectationMode.During, ExpectationMode.By, ExpectationMode.Always)
                  from a in Gen.Choose(0, end)
                  from b in Gen.Choose(0, end)
                  select Expect(w, mode, TimeSpan.FromSeconds(Math.Min(a, b)), TimeSpan.FromSeconds(Math.Max(a, b)));
        return from count in Gen.Choose(0, 2)
               from list in Gen.ListOf(one, count)
               select list.ToList();
    }

    private static Expectation Expect(WorkloadDraft w, ExpectationMode mode, TimeSpan a, TimeSpan b)
    {
        string that = mode == ExpectationMode.By
            ? $"count(pods, \"app={w.Name}\") >= 0"
            : $"{w.Kind.ToLowerInvariant()}/{w.Name}.status.replicas >= 0";
        if (!ConditionParser.TryParse(that, out var condition, out var error))
        {
            throw new InvalidOperationException(error.Message);
        }

        return new Expectation
        {
            Location = Draft,
            Mode = mode,
            Start = mode == ExpectationMode.At ? b : a,
            End = mode == ExpectationMode.Always ? null : b,
            After = mode is ExpectationMode.By or ExpectationMode.Always ? a : TimeSpan.Zero,
            Condition = condition,
            That = that,
        };
    }

    private static string ActionText(WorkloadDraft w, int type, int replicas, string node)
    {
        bool deployment = w.Kind == "Deployment";
        return type switch
        {
            1 when deployment => $"kubectl set image deployment/{w.Name} {w.Container}={w.ImageV2}",
            2 when deployment => $"kubectl rollout undo deployment/{w.Name}",
            3 when deployment => $"kubectl rollout pause deployment/{w.Name}",
            4 when deployment => $"kubectl rollout resume deployment/{w.Name}",
            5 => $"kubectl cordon {node}",
            6 => $"kubectl uncordon {node}",
            _ => $"kubectl scale {w.Resource} {w.Name} --replicas={I(replicas)}",
        };
    }

    private static TimelineEntry Entry(TimeSpan at, string text) =>
        new(at, Draft, new KubectlCommand { Text = text, Verb = text.Split(' ')[1] }, null);

    private static WorkloadDraft MakeWorkload(string kind, string name, int replicas, int cpuMilli, int memoryMi, int limits, int limitFactor, Probe? probe, bool tolerate, DeploymentStrategy strategy, ImageBehavior v1, ImageBehavior v2, HorizontalPodAutoscaler? hpa)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app"] = name };
        var container = new Container
        {
            Name = "main",
            Image = name + ":v1",
            Ports = [new ContainerPort(8080)],
            ReadinessProbe = probe,
        };
        container.Resources.Requests[ResourceNames.Cpu] = Quantity.Parse(I(cpuMilli) + "m");
        container.Resources.Requests[ResourceNames.Memory] = Quantity.Parse(I(memoryMi) + "Mi");
        if (limits > 0)
        {
            container.Resources.Limits[ResourceNames.Cpu] = Quantity.Parse(I(cpuMilli * limitFactor) + "m");
            if (limits == 1)
            {
                container.Resources.Limits[ResourceNames.Memory] = Quantity.Parse(I(memoryMi * 2) + "Mi");
            }
        }

        var template = new PodTemplateSpec { Metadata = new ObjectMeta { Labels = new(labels, StringComparer.Ordinal) } };
        template.Spec.Containers.Add(container);
        if (tolerate)
        {
            template.Spec.Tolerations.Add(new Toleration("dedicated", "Exists", null, "NoSchedule", null));
        }

        KubeObject workload = kind switch
        {
            "ReplicationController" => new ReplicationController { ApiVersion = "v1", Replicas = replicas, Template = template, Selector = new(labels, StringComparer.Ordinal) },
            "ReplicaSet" => new ReplicaSet { ApiVersion = "apps/v1", Replicas = replicas, Template = template, Selector = new LabelSelector { MatchLabels = new(labels, StringComparer.Ordinal) } },
            _ => new Deployment { ApiVersion = "apps/v1", Replicas = replicas, Template = template, Strategy = strategy, Selector = new LabelSelector { MatchLabels = new(labels, StringComparer.Ordinal) } },
        };
        workload.Metadata.Name = name;
        workload.Metadata.Labels["app"] = name;
        var service = new Service { ApiVersion = "v1", Metadata = new ObjectMeta { Name = name } };
        service.Spec.Selector = new(labels, StringComparer.Ordinal);
        service.Spec.Ports.Add(new ServicePort { Port = 80, TargetPort = IntOrString.FromInt(8080) });
        var objects = new List<KubeObject> { workload, service };
        if (hpa is not null)
        {
            objects.Add(hpa);
        }

        return new WorkloadDraft(kind, name, "main", name + ":v1", name + ":v2", objects, v1, v2);
    }

    private static List<NodePoolSpec> Pools(IEnumerable<(int Count, int Cpu, int Memory, int Zones, int Taint)> shapes, int maxNodes)
    {
        var pools = new List<NodePoolSpec>();
        int left = maxNodes;
        foreach (var s in shapes)
        {
            int count = Math.Min(s.Count, left);
            if (count == 0)
            {
                break;
            }

            left -= count;
            string name = "pool-" + (char)('a' + pools.Count);
            var capacity = ResourceNames.NewList();
            capacity[ResourceNames.Cpu] = Quantity.Parse(I(s.Cpu));
            capacity[ResourceNames.Memory] = Quantity.Parse(I(s.Memory) + "Gi");
            pools.Add(new NodePoolSpec
            {
                Name = name,
                Count = count,
                Capacity = capacity,
                Taints = s.Taint == 0 && pools.Count > 0 ? [new Taint("dedicated", name, "NoSchedule")] : [],
                Zones = ZoneNames.Take(s.Zones).ToList(),
                Location = Draft,
            });
        }

        return pools;
    }

    private static Scenario Assemble(int seed, TimeSpan duration, List<NodePoolSpec> pools, List<WorkloadDraft> workloads, int solos, List<LoadSpec> loads, List<TimelineEntry> timeline, List<Expectation> expectations)
    {
        var scenario = new Scenario { Name = "generated", FilePath = ScenarioText.GeneratedPath, Seed = seed, Duration = duration };
        scenario.Nodes.AddRange(pools);
        foreach (var w in workloads)
        {
            scenario.Images[w.ImageV1] = w.V1;
            scenario.Images[w.ImageV2] = w.V2;
            scenario.Manifests.AddRange(w.Objects.Select(o => new LoadedObject(o, Draft, () => throw new InvalidOperationException("a draft is written and reloaded before it runs"))));
        }

        foreach (var name in SoloNames(solos))
        {
            var pod = new Pod { ApiVersion = "v1", Metadata = new ObjectMeta { Name = name, Labels = { ["app"] = "solo" } } };
            pod.Spec.Containers.Add(new Container { Name = "main", Image = "solo:v1" });
            pod.Spec.Containers[0].Resources.Requests[ResourceNames.Cpu] = Quantity.Parse("100m");
            scenario.Manifests.Add(new LoadedObject(pod, Draft, () => throw new InvalidOperationException("a draft is written and reloaded before it runs")));
        }

        scenario.Load.AddRange(loads);
        scenario.Timeline.AddRange(timeline);
        scenario.Expectations.AddRange(expectations);
        return ScenarioText.Load(ScenarioYaml.Write(scenario), ScenarioText.GeneratedPath);
    }

    private static List<string> SoloNames(int count) => Enumerable.Range(1, count).Select(i => "solo-" + I(i)).ToList();

    private static List<string> NodeNames(IEnumerable<NodePoolSpec> pools) => pools.SelectMany(p => p.NodeNames()).ToList();

    private static Gen<T?> Maybe<T>(int percent, Gen<T> gen)
        where T : class =>
        Gen.Frequency((100 - percent, Gen.Constant<T?>(null)), (percent, gen.Select(x => (T?)x)));

    private static bool IsZero(IntOrString v) => v.IsString ? v.StringValue == "0%" : v.IntValue == 0;

    private static string I(int n) => n.ToString(CultureInfo.InvariantCulture);
}
