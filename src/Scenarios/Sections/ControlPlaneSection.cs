using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim;

namespace ClusterSim.Scenarios.Sections;

/// <summary>
/// spec.controlPlane (contract section 3): overrides of <see cref="ControlPlaneConfig"/>'s Kubernetes defaults, and
/// under `clusterAutoscaler` of the Cluster Autoscaler's flags (<see cref="ClusterAutoscalerSection"/>).
/// </summary>
internal static class ControlPlaneSection
{
    private static readonly string[] Keys =
    [
        "nodeStatusUpdateFrequency", "nodeMonitorPeriod", "nodeMonitorGracePeriod", "defaultTolerationSeconds", "nodeEvictionRate",
        "secondaryNodeEvictionRate", "unhealthyZoneThreshold", "largeClusterSizeThreshold", "hpaSyncPeriod", "hpaTolerance",
        "hpaDownscaleStabilization", "hpaCpuInitializationPeriod", "hpaInitialReadinessDelay", "metricResolution", "metricWindow",
        "schedulerScoring",

        // Extensions: the other knobs of ControlPlaneConfig.
        "nodeLeaseRenewInterval", "burstReplicas", "controllerResyncPeriod", "podMaxInUnschedulablePodsDuration",

        // The Cluster Autoscaler's flags (ClusterAutoscalerSection).
        "clusterAutoscaler",
    ];

    private static readonly string[] ScoringStrategies = ["LeastAllocated", "MostAllocated", "BalancedAllocation"];

    /// <summary>
    /// <paramref name="baseConfig"/> with one key set from its text, checked exactly as in a scenario file; null
    /// and the reason when the key is unknown or the value is refused. `clustersim plan` and `run --set` use it.
    /// </summary>
    public static ControlPlaneConfig? Apply(ControlPlaneConfig baseConfig, string key, string value, out string? error)
    {
        var diagnostics = new DiagnosticBag();
        var source = new YamlSource("--set", "controlPlane:\n  " + key + ": " + value + "\n");
        var roots = YamlDocumentLoader.Load(source, diagnostics);
        var ctx = new LoadContext(source, diagnostics);
        if (roots is [YamlDotNet.RepresentationModel.YamlMappingNode root] && ctx.Reader.Fields(root, "").SingleOrDefault() is { Key: "controlPlane" } section)
        {
            var config = Read(ctx, section, baseConfig);
            if (diagnostics.ErrorCount == 0 && diagnostics.Items.Count == 0)
            {
                error = null;
                return config;
            }
        }

        error = diagnostics.Items.Count > 0 ? diagnostics.Items[0].Message : $"\"{value}\" is not a value for controlPlane.{key}";
        return null;
    }

    public static ControlPlaneConfig Read(LoadContext ctx, YamlField section, ControlPlaneConfig? baseConfig = null)
    {
        var r = ctx.Reader;
        var config = baseConfig ?? new ControlPlaneConfig();
        foreach (var f in KnownKeys.Read(ctx, r.Fields(section.Value, section.Path), "spec.controlPlane", Keys).Values.OrderBy(f => f.KeyNode.Start.Index))
        {
            var v = f.Value;
            string p = f.Path;
            switch (f.Key)
            {
                case "nodeStatusUpdateFrequency" when r.PositiveDuration(v, p, out var d):
                    config = config with { NodeStatusUpdateFrequency = d };
                    break;
                case "nodeMonitorPeriod" when r.PositiveDuration(v, p, out var d):
                    config = config with { NodeMonitorPeriod = d };
                    break;
                case "nodeMonitorGracePeriod" when r.PositiveDuration(v, p, out var d):
                    config = config with { NodeMonitorGracePeriod = d };
                    break;
                case "defaultTolerationSeconds" when Seconds(ctx, f, out long s):
                    config = config with { DefaultTolerationSeconds = s };
                    break;
                case "nodeEvictionRate" when Rate(ctx, f, out double x):
                    config = config with { NodeEvictionRate = x };
                    break;
                case "secondaryNodeEvictionRate" when Rate(ctx, f, out double x):
                    config = config with { SecondaryNodeEvictionRate = x };
                    break;
                case "unhealthyZoneThreshold" when Fraction(ctx, f, out double x):
                    config = config with { UnhealthyZoneThreshold = x };
                    break;
                case "largeClusterSizeThreshold" when Count(ctx, f, out int n):
                    config = config with { LargeClusterSizeThreshold = n };
                    break;
                case "hpaSyncPeriod" when r.PositiveDuration(v, p, out var d):
                    config = config with { HpaSyncPeriod = d };
                    break;
                case "hpaTolerance" when Rate(ctx, f, out double x):
                    config = config with { HpaTolerance = x };
                    break;
                case "hpaDownscaleStabilization" when r.NonNegativeDuration(v, p, out var d):
                    config = config with { HpaDownscaleStabilization = d };
                    break;
                case "hpaCpuInitializationPeriod" when r.NonNegativeDuration(v, p, out var d):
                    config = config with { HpaCpuInitializationPeriod = d };
                    break;
                case "hpaInitialReadinessDelay" when r.NonNegativeDuration(v, p, out var d):
                    config = config with { HpaInitialReadinessDelay = d };
                    break;
                case "metricResolution" when r.PositiveDuration(v, p, out var d):
                    config = config with { MetricResolution = d };
                    break;
                case "metricWindow" when r.PositiveDuration(v, p, out var d):
                    config = config with { MetricWindow = d };
                    break;
                case "schedulerScoring" when r.Text(v, p, out var s):
                    if (ScoringStrategies.Contains(s, StringComparer.Ordinal))
                    {
                        config = config with { SchedulerScoring = s };
                    }
                    else
                    {
                        ctx.Error(v, $"{p}: unsupported value \"{s}\" (expected one of: {string.Join(", ", ScoringStrategies)})");
                    }

                    break;
                case "nodeLeaseRenewInterval" when r.PositiveDuration(v, p, out var d):
                    config = config with { NodeLeaseRenewInterval = d };
                    break;
                case "burstReplicas" when Count(ctx, f, out int n):
                    config = config with { BurstReplicas = n };
                    break;
                case "controllerResyncPeriod" when r.PositiveDuration(v, p, out var d):
                    config = config with { ControllerResyncPeriod = d };
                    break;
                case "podMaxInUnschedulablePodsDuration" when r.PositiveDuration(v, p, out var d):
                    config = config with { PodMaxInUnschedulablePodsDuration = d };
                    break;
                case "clusterAutoscaler":
                    config = config with { ClusterAutoscaler = ClusterAutoscalerSection.Read(ctx, f, config.ClusterAutoscaler) };
                    break;
            }
        }

        return config;
    }

    /// <summary>Whole seconds, as a number (300) or a duration (5m).</summary>
    private static bool Seconds(LoadContext ctx, YamlField f, out long seconds)
    {
        seconds = 0;
        if (!ctx.Reader.Text(f.Value, f.Path, out var text))
        {
            return false;
        }

        if (ScalarType.TryInt(text, out seconds) && seconds >= 0)
        {
            return true;
        }

        if (Durations.TryParse(text, out var d, out _) && d >= TimeSpan.Zero && d.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            seconds = d.Ticks / TimeSpan.TicksPerSecond;
            return true;
        }

        ctx.Error(f.Value, $"{f.Path}: expected whole seconds (300) or a duration (5m), got \"{text}\"");
        return false;
    }

    /// <summary>A non-negative number; "0.1/s" is accepted for rates.</summary>
    private static bool Rate(LoadContext ctx, YamlField f, out double value)
    {
        value = 0;
        if (!ctx.Reader.Text(f.Value, f.Path, out var text))
        {
            return false;
        }

        string t = text.EndsWith("/s", StringComparison.Ordinal) ? text[..^2] : text;
        if (ScalarType.TryFloat(t.Trim(), out value) && value >= 0 && double.IsFinite(value))
        {
            return true;
        }

        ctx.Error(f.Value, $"{f.Path}: expected a non-negative number, got \"{text}\"");
        return false;
    }

    private static bool Fraction(LoadContext ctx, YamlField f, out double value)
    {
        if (!Rate(ctx, f, out value))
        {
            return false;
        }

        if (value > 1)
        {
            ctx.Error(f.Value, $"{f.Path}: expected a fraction between 0 and 1, got {((YamlDotNet.RepresentationModel.YamlScalarNode)f.Value).Value}");
            return false;
        }

        return true;
    }

    private static bool Count(LoadContext ctx, YamlField f, out int value)
    {
        value = 0;
        if (!ctx.Reader.Integer(f.Value, f.Path, out long l))
        {
            return false;
        }

        if (l is < 0 or > int.MaxValue)
        {
            ctx.Error(f.Value, $"{f.Path}: expected a non-negative integer, got {l}");
            return false;
        }

        value = (int)l;
        return true;
    }
}
