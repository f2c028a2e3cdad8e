using System.Globalization;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Model;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.ClusterAutoscaling;
using ClusterSim.Sim.Kubelet;
using static ClusterSim.Fuzzing.YamlTree;

namespace ClusterSim.Fuzzing;

/// <summary>
/// Writes a <see cref="Scenario"/> as a scenario file (the contract's YAML) that loads back to an equal scenario:
/// <c>Write(Load(Write(s))) == Write(s)</c>. Choices, so that the text is short and stable:
/// <list type="bullet">
/// <item>seed, duration and sampleEvery are always written; controlPlane and image fields only where they differ
/// from the defaults (an empty controlPlane is left out);</item>
/// <item>durations in Go's form (GoDuration.Format), numbers in round-trip form, quantities as written;</item>
/// <item>every manifest is written `inline:` (also those that came from files), by <see cref="ManifestYaml"/>;</item>
/// <item>timeline commands and faults, and expectations' `that`, keep the text as written; kubectl -f paths and csv
/// load traces are paths: load the result from the original scenario's directory (same path) for them to resolve.</item>
/// </list>
/// Node manifests (`manifest:` entries) cannot be written inline by the contract and throw <see cref="NotSupportedException"/>.
/// </summary>
public static class ScenarioYaml
{
    /// <summary>The scenario file text of <paramref name="scenario"/>.</summary>
    /// <exception cref="NotSupportedException">The scenario holds something this writer cannot express (see <see cref="ManifestYaml"/>).</exception>
    public static string Write(Scenario scenario)
    {
        var metadata = new YamlMap().Add("name", Str(scenario.Name));
        if (scenario.Description.Length > 0)
        {
            metadata.Add("description", Str(scenario.Description));
        }

        var spec = new YamlMap()
            .Add("seed", Int(scenario.Seed))
            .Add("duration", Duration(scenario.Duration))
            .Add("sampleEvery", Duration(scenario.SampleEvery));
        var controlPlane = ControlPlane(scenario.ControlPlane);
        if (controlPlane.Count > 0)
        {
            spec.Add("controlPlane", controlPlane);
        }

        spec.AddSeq("nodes", scenario.Nodes.Select(Pool));
        var images = new YamlMap();
        foreach (var (image, behavior) in scenario.Images)
        {
            images.Add(image, Image(behavior));
        }

        if (images.Count > 0)
        {
            spec.Add("images", images);
        }

        spec.AddSeq("manifests", scenario.Manifests.Select(m => (YamlTree)new YamlMap().Add("inline", Block(Document(ManifestYaml.Of(m.Object))))))
            .AddSeq("load", scenario.Load.Select(Load))
            .AddSeq("timeline", scenario.Timeline.Select(Timeline))
            .AddSeq("expect", scenario.Expectations.Select(Expect));
        return Document(new YamlMap()
            .Add("apiVersion", Str(ScenarioLoader.ApiVersion))
            .Add("kind", Str(ScenarioLoader.Kind))
            .Add("metadata", metadata)
            .Add("spec", spec));
    }

    /// <summary>A Go duration, quoted (it starts with a digit).</summary>
    public static YamlScalar Duration(TimeSpan d) => Str(GoDuration.Format(d));

    private static YamlMap ControlPlane(ControlPlaneConfig c)
    {
        // Only what differs from the Kubernetes defaults: a reader sees what the scenario changes.
        var d = new ControlPlaneConfig();
        var m = new YamlMap();
        void Time(string key, TimeSpan value, TimeSpan def) => AddIfChanged(m, key, value, def, Duration);
        void Number(string key, double value, double def) => AddIfChanged(m, key, value, def, Num);

        Time("nodeStatusUpdateFrequency", c.NodeStatusUpdateFrequency, d.NodeStatusUpdateFrequency);
        Time("nodeMonitorPeriod", c.NodeMonitorPeriod, d.NodeMonitorPeriod);
        Time("nodeMonitorGracePeriod", c.NodeMonitorGracePeriod, d.NodeMonitorGracePeriod);
        if (c.DefaultTolerationSeconds != d.DefaultTolerationSeconds)
        {
            m.Add("defaultTolerationSeconds", Int(c.DefaultTolerationSeconds));
        }

        Number("nodeEvictionRate", c.NodeEvictionRate, d.NodeEvictionRate);
        Number("secondaryNodeEvictionRate", c.SecondaryNodeEvictionRate, d.SecondaryNodeEvictionRate);
        Number("unhealthyZoneThreshold", c.UnhealthyZoneThreshold, d.UnhealthyZoneThreshold);
        if (c.LargeClusterSizeThreshold != d.LargeClusterSizeThreshold)
        {
            m.Add("largeClusterSizeThreshold", Int(c.LargeClusterSizeThreshold));
        }

        Time("hpaSyncPeriod", c.HpaSyncPeriod, d.HpaSyncPeriod);
        Number("hpaTolerance", c.HpaTolerance, d.HpaTolerance);
        Time("hpaDownscaleStabilization", c.HpaDownscaleStabilization, d.HpaDownscaleStabilization);
        Time("hpaCpuInitializationPeriod", c.HpaCpuInitializationPeriod, d.HpaCpuInitializationPeriod);
        Time("hpaInitialReadinessDelay", c.HpaInitialReadinessDelay, d.HpaInitialReadinessDelay);
        Time("metricResolution", c.MetricResolution, d.MetricResolution);
        Time("metricWindow", c.MetricWindow, d.MetricWindow);
        if (c.SchedulerScoring != d.SchedulerScoring)
        {
            m.Add("schedulerScoring", Str(c.SchedulerScoring));
        }

        Time("nodeLeaseRenewInterval", c.NodeLeaseRenewInterval, d.NodeLeaseRenewInterval);
        if (c.BurstReplicas != d.BurstReplicas)
        {
            m.Add("burstReplicas", Int(c.BurstReplicas));
        }

        Time("controllerResyncPeriod", c.ControllerResyncPeriod, d.ControllerResyncPeriod);
        Time("podMaxInUnschedulablePodsDuration", c.PodMaxInUnschedulablePodsDuration, d.PodMaxInUnschedulablePodsDuration);
        if (c.NodeStartupGracePeriod != d.NodeStartupGracePeriod)
        {
            throw new NotSupportedException("nodeStartupGracePeriod has no scenario key");
        }

        var ca = ClusterAutoscaler(c.ClusterAutoscaler);
        if (ca.Count > 0)
        {
            m.Add("clusterAutoscaler", ca);
        }

        return m;
    }

    /// <summary>Adds <paramref name="key"/> when <paramref name="value"/> is not the default.</summary>
    private static void AddIfChanged<T>(YamlMap m, string key, T value, T def, Func<T, YamlScalar> write)
    {
        if (!EqualityComparer<T>.Default.Equals(value, def))
        {
            m.Add(key, write(value));
        }
    }

    /// <summary>controlPlane.clusterAutoscaler: the flags that differ from cluster-autoscaler's defaults.</summary>
    private static YamlMap ClusterAutoscaler(ClusterAutoscalerConfig c)
    {
        var d = new ClusterAutoscalerConfig();
        var m = new YamlMap();
        void Time(string key, TimeSpan value, TimeSpan def) => AddIfChanged(m, key, value, def, Duration);
        void Number(string key, double value, double def) => AddIfChanged(m, key, value, def, Num);
        void Flag(string key, bool value, bool def) => AddIfChanged(m, key, value, def, Bool);

        Time("scanInterval", c.ScanInterval, d.ScanInterval);
        if (c.Expander != d.Expander)
        {
            m.Add("expander", Str(c.Expander));
        }

        Flag("scaleDownEnabled", c.ScaleDownEnabled, d.ScaleDownEnabled);

        Time("scaleDownUnneededTime", c.ScaleDownUnneededTime, d.ScaleDownUnneededTime);
        Time("scaleDownUnreadyTime", c.ScaleDownUnreadyTime, d.ScaleDownUnreadyTime);
        Time("scaleDownDelayAfterAdd", c.ScaleDownDelayAfterAdd, d.ScaleDownDelayAfterAdd);
        if (c.ScaleDownDelayAfterDelete is { } afterDelete)
        {
            m.Add("scaleDownDelayAfterDelete", Duration(afterDelete));
        }

        Time("scaleDownDelayAfterFailure", c.ScaleDownDelayAfterFailure, d.ScaleDownDelayAfterFailure);
        Number("scaleDownUtilizationThreshold", c.ScaleDownUtilizationThreshold, d.ScaleDownUtilizationThreshold);
        Time("maxNodeProvisionTime", c.MaxNodeProvisionTime, d.MaxNodeProvisionTime);
        Number("maxGracefulTerminationSec", c.MaxGracefulTerminationSec, d.MaxGracefulTerminationSec);
        Number("maxEmptyBulkDelete", c.MaxEmptyBulkDelete, d.MaxEmptyBulkDelete);
        Number("maxTotalUnreadyPercentage", c.MaxTotalUnreadyPercentage, d.MaxTotalUnreadyPercentage);
        Number("okTotalUnreadyCount", c.OkTotalUnreadyCount, d.OkTotalUnreadyCount);
        Time("newPodScaleUpDelay", c.NewPodScaleUpDelay, d.NewPodScaleUpDelay);
        Flag("balanceSimilarNodeGroups", c.BalanceSimilarNodeGroups, d.BalanceSimilarNodeGroups);

        Number("maxNodesTotal", c.MaxNodesTotal, d.MaxNodesTotal);
        Number("expendablePodsPriorityCutoff", c.ExpendablePodsPriorityCutoff, d.ExpendablePodsPriorityCutoff);
        Time("initialNodeGroupBackoffDuration", c.InitialNodeGroupBackoffDuration, d.InitialNodeGroupBackoffDuration);
        Time("maxNodeGroupBackoffDuration", c.MaxNodeGroupBackoffDuration, d.MaxNodeGroupBackoffDuration);
        Time("nodeGroupBackoffResetTimeout", c.NodeGroupBackoffResetTimeout, d.NodeGroupBackoffResetTimeout);
        Flag("enforceNodeGroupMinSize", c.EnforceNodeGroupMinSize, d.EnforceNodeGroupMinSize);

        if (c.Priorities.Count > 0)
        {
            throw new NotSupportedException("the priority expander's priorities are not written back yet");
        }

        return m;
    }

    private static YamlTree Pool(NodePoolSpec pool)
    {
        if (pool.Manifest is not null)
        {
            throw new NotSupportedException($"node \"{pool.Name}\" comes from a Node manifest file, which a scenario cannot hold inline");
        }

        var m = new YamlMap().Add("name", Str(pool.Name)).Add("count", Int(pool.Count));
        if (pool.Autoscaling is { } a)
        {
            m.Add("autoscaling", new YamlMap().Add("min", Int(a.Min)).Add("max", Int(a.Max)));
            var provisioning = new YamlMap().Add("delay", Duration(a.ProvisioningDelay));
            if (a.ProvisioningJitter > TimeSpan.Zero)
            {
                provisioning.Add("jitter", Duration(a.ProvisioningJitter));
            }

            m.Add("provisioning", provisioning);
        }

        if (pool.Price is { } price)
        {
            m.Add("price", Num(price));
        }

        m.AddIf("capacity", ManifestYaml.Resources(pool.Capacity));
        m.AddStrings("labels", pool.Labels);
        m.AddSeq("taints", pool.Taints.Select(t =>
        {
            var taint = new YamlMap().Add("key", Str(t.Key));
            if (t.Value is not null)
            {
                taint.Add("value", Str(t.Value));
            }

            return (YamlTree)taint.Add("effect", Str(t.Effect));
        }));
        return m.AddSeq("zones", pool.Zones.Select(z => (YamlTree)Str(z)));
    }

    private static YamlMap Image(ImageBehavior b)
    {
        var d = ImageBehavior.Default;
        var m = new YamlMap();
        if (b.PullTime != d.PullTime)
        {
            m.Add("pullTime", Duration(b.PullTime));
        }

        if (b.StartTime != d.StartTime)
        {
            m.Add("startTime", Duration(b.StartTime));
        }

        if (b.ReadyAfter != d.ReadyAfter)
        {
            // The loader reads `never` as TimeSpan.MaxValue.
            m.Add("readyAfter", b.ReadyAfter == TimeSpan.MaxValue ? Str("never") : Duration(b.ReadyAfter));
        }

        var cpu = new YamlMap();
        if (b.CpuIdle != d.CpuIdle)
        {
            cpu.Add("idle", Str(b.CpuIdle.ToString()));
        }

        if (b.CpuPerRequest != d.CpuPerRequest)
        {
            // Held as cores x seconds in milli-units: the milli-value is milliseconds of CPU time.
            cpu.Add("perRequest", Duration(TimeSpan.FromMilliseconds(b.CpuPerRequest.MilliValue())));
        }

        if (cpu.Count > 0)
        {
            m.Add("cpu", cpu);
        }

        if (b.Memory != d.Memory)
        {
            m.Add("memory", Str(b.Memory.ToString()));
        }

        if (b.CrashAfter is { } crash)
        {
            m.Add("crash", new YamlMap().Add("after", Duration(crash)));
        }

        if (b.SizeBytes != d.SizeBytes)
        {
            m.Add("size", Str(b.SizeBytes.ToString(CultureInfo.InvariantCulture)));
        }

        return m;
    }

    private static YamlTree Load(LoadSpec load)
    {
        var m = new YamlMap().Add("target", Str(load.Target.ToString()));
        m.Add("rps", new YamlSeq(load.Rps.Select(Component)));
        if (load.Noise is { } noise)
        {
            var n = new YamlMap().Add("distribution", Str(noise.Distribution));
            if (noise.Distribution != "poisson")
            {
                n.Add("cv", Num(noise.Cv));
            }

            m.Add("noise", n.Add("every", Duration(noise.Every)));
        }

        return m;
    }

    private static YamlTree Component(RpsComponent c) => c switch
    {
        ConstantRps k => new YamlMap().Add("constant", Num(k.Rps)),
        RampRps r => new YamlMap().Add("ramp", new YamlMap().Add("from", Num(r.From)).Add("to", Num(r.To)).Add("start", Duration(r.Start)).Add("end", Duration(r.End))),
        StepsRps s => new YamlMap().Add("steps", new YamlSeq(s.Steps.Select(step => (YamlTree)new YamlMap().Add("at", Duration(step.At)).Add("rps", Num(step.Rps))))),
        SineRps s => new YamlMap().Add("sine", new YamlMap().Add("amplitude", Num(s.Amplitude)).Add("period", Duration(s.Period)).Add("phase", Duration(s.Phase))),
        SpikeRps s => new YamlMap().Add("spike", new YamlMap().Add("at", Duration(s.At)).Add("rps", Num(s.Rps)).Add("for", Duration(s.For))),
        CsvRps csv => new YamlMap().Add("csv", Str(csv.Path)),
        _ => throw new NotSupportedException("unknown rps component " + c.GetType().Name),
    };

    private static YamlTree Timeline(TimelineEntry e)
    {
        var m = new YamlMap().Add("at", Duration(e.At));
        return e.Command is { } cmd ? m.Add("run", Str(cmd.Text)) : m.Add("fault", Str(e.Fault!.ToString()));
    }

    private static YamlTree Expect(Expectation e)
    {
        var m = new YamlMap();
        switch (e.Mode)
        {
            case ExpectationMode.At:
                m.Add("at", Duration(e.Start));
                break;
            case ExpectationMode.During:
                m.Add("during", new YamlSeq([Duration(e.Start), Duration(e.End ?? e.Start)]));
                break;
            case ExpectationMode.By:
                m.Add("by", Duration(e.End ?? e.Start));
                break;
            default:
                m.Add("always", Bool(true));
                break;
        }

        if (e.Mode is ExpectationMode.By or ExpectationMode.Always && e.After != TimeSpan.Zero)
        {
            m.Add("after", Duration(e.After));
        }

        return m.Add("that", Str(e.That));
    }
}
