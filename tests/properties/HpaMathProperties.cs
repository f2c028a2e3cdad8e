using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.PodAutoscaler;
using ClusterSim.Sim.Metrics;
using ClusterSim.Sim.Store;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterSim.Properties;

/// <summary>One direction's single rate policy: at most <see cref="Value"/> pods or percent per <see cref="PeriodSeconds"/>.</summary>
public sealed record RatePolicy(string Type, int Value, int PeriodSeconds)
{
    public static Gen<RatePolicy> Any =>
        from percent in Gen.Elements(false, true)
        from value in percent ? Gen.Elements(10, 25, 50, 100, 200) : Gen.Choose(1, 6)
        from period in Gen.Elements(15, 30, 60, 120)
        select new RatePolicy(percent ? "Percent" : "Pods", value, period);

    public HpaScalingRules Rules(int? stabilizationWindowSeconds) => new()
    {
        StabilizationWindowSeconds = stabilizationWindowSeconds,
        SelectPolicy = "Max",
        Policies = [new HpaScalingPolicy { Type = Type, Value = Value, PeriodSeconds = PeriodSeconds }],
    };
}

/// <summary>
/// An HPA fed a sequence of metric recommendations, one per 15-second sync: its bounds, optionally a behavior
/// (one rate policy each way and a scale-down stabilization window), the starting replica count (within the
/// bounds, as the controller only normalizes then) and the recommendations.
/// </summary>
public sealed record HpaSequenceCase(int Min, int Max, int Start, RatePolicy? Up, RatePolicy? Down, int DownWindowSeconds, IReadOnlyList<int> Recommendations)
{
    public static readonly TimeSpan SyncPeriod = TimeSpan.FromSeconds(15);

    public bool HasBehavior => Up is not null;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"min={Min} max={Max} start={Start} up={Up} down={Down} downWindow={DownWindowSeconds}s recs=[{string.Join(",", Recommendations)}]");

    private static Gen<(int Min, int Max, int Start, IReadOnlyList<int> Recs)> Shape =>
        from min in Gen.Choose(1, 5)
        from max in Gen.Choose(min, 40)
        from start in Gen.Choose(min, max)
        from steps in Gen.Choose(5, 40)
        from recs in Gen.ListOf(Gen.Choose(0, 2 * max + 5), steps)
        select (min, max, start, (IReadOnlyList<int>)recs.ToList());

    /// <summary>With or without behavior, any policies and windows.</summary>
    public static Gen<HpaSequenceCase> Any =>
        from shape in Shape
        from behavior in Gen.Elements(false, true)
        from up in RatePolicy.Any
        from down in RatePolicy.Any
        from window in Gen.Elements(0, 30, 60, 300)
        select new HpaSequenceCase(shape.Min, shape.Max, shape.Start, behavior ? up : null, behavior ? down : null, window, shape.Recs);

    /// <summary>Always with a behavior.</summary>
    public static Gen<HpaSequenceCase> WithBehavior => Any.Select(c => c.Up is null ? c with { Up = new RatePolicy("Pods", 2, 60), Down = new RatePolicy("Percent", 50, 60) } : c);

    /// <summary>
    /// A stabilization window to watch: without behavior the normalizer's window, with one the scale-down window
    /// (default rate policies, so that only stabilization holds a scale-down back).
    /// </summary>
    public static Gen<HpaSequenceCase> Stabilized =>
        from shape in Shape
        from behavior in Gen.Elements(false, true)
        from window in Gen.Elements(60, 120, 300)
        select new HpaSequenceCase(shape.Min, shape.Max, shape.Start, null, null, window, shape.Recs) with { Up = behavior ? new RatePolicy("Default", 0, 0) : null };

    public HorizontalPodAutoscaler Hpa(int? downWindowOverride = null)
    {
        var hpa = new HorizontalPodAutoscaler { Metadata = { Name = "web", Namespace = "default" }, Spec = { MinReplicas = Min, MaxReplicas = Max } };
        if (Up is { Type: "Default" })
        {
            hpa.Spec.Behavior = new HorizontalPodAutoscalerBehavior { ScaleDown = new HpaScalingRules { StabilizationWindowSeconds = downWindowOverride ?? DownWindowSeconds } };
        }
        else if (Up is not null)
        {
            hpa.Spec.Behavior = new HorizontalPodAutoscalerBehavior { ScaleUp = Up.Rules(0), ScaleDown = Down!.Rules(downWindowOverride ?? DownWindowSeconds) };
        }

        Defaults.ApplyHorizontalPodAutoscaler(hpa);
        return hpa;
    }

    /// <summary>One step of the sequence: when, what the metrics recommended, and the count before and after.</summary>
    public sealed record Step(TimeSpan At, int Recommendation, int Before, int After);

    /// <summary>
    /// Runs the recommendations through <paramref name="normalizer"/> as the controller does (seed the history,
    /// normalize with or without behavior, store a scale event when the count changes), one per sync period.
    /// </summary>
    public List<Step> Run(ReplicaNormalizer normalizer, HorizontalPodAutoscaler hpa, bool storeEvents = true)
    {
        const string key = "default/web";
        var steps = new List<Step>();
        int current = Start;
        var now = TimeSpan.FromHours(1);
        foreach (var rec in Recommendations)
        {
            normalizer.EnsureRecommendationHistory(key, current, now);
            int next = hpa.Spec.Behavior is null
                ? normalizer.NormalizeDesiredReplicas(hpa, key, current, rec, Min, now, out _)
                : normalizer.NormalizeDesiredReplicasWithBehaviors(hpa, key, current, rec, Min, now, out _);
            if (next != current && storeEvents)
            {
                normalizer.StoreScaleEvent(hpa.Spec.Behavior, key, current, next, now);
            }

            steps.Add(new Step(now, rec, current, next));
            current = next;
            now += SyncPeriod;
        }

        return steps;
    }
}

/// <summary>
/// Properties of the HPA's replica math (ReplicaCalculator, ReplicaNormalizer): bounds, tolerance, rate
/// policies and stabilization. Each has a deliberately broken variant that must fail.
/// </summary>
public class HpaMathProperties
{
    private static bool WithinBounds(HpaSequenceCase c, List<HpaSequenceCase.Step> steps) =>
        steps.All(s => s.After >= c.Min && s.After <= c.Max);

    [Fact]
    public void NormalizedReplicasStayWithinMinAndMax() =>
        Check.One(PropertyRuns.Config(200), Prop.ForAll(HpaSequenceCase.Any.ToArbitrary(), c =>
            WithinBounds(c, c.Run(new ReplicaNormalizer(TimeSpan.FromMinutes(5)), c.Hpa()))));

    /// <summary>Broken: stabilization without the min/max (and scale-up) limits of convertDesiredReplicasWithRules.</summary>
    [Fact]
    public void BoundsCheckCatchesANormalizerWithoutLimits()
    {
        var broken = Prop.ForAll(HpaSequenceCase.Any.ToArbitrary(), c =>
        {
            var normalizer = new ReplicaNormalizer(TimeSpan.FromMinutes(5));
            var steps = new List<HpaSequenceCase.Step>();
            int current = c.Start;
            var now = TimeSpan.FromHours(1);
            foreach (var rec in c.Recommendations)
            {
                normalizer.EnsureRecommendationHistory("k", current, now);
                int next = normalizer.StabilizeRecommendation("k", rec, now);
                steps.Add(new HpaSequenceCase.Step(now, rec, current, next));
                current = next;
                now += HpaSequenceCase.SyncPeriod;
            }

            return WithinBounds(c, steps);
        });
        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(200), broken));
    }

    /// <summary>
    /// Ready pods with cpu usage near the target: random requests and a per-pod deviation of up to ±12% from the
    /// target, and a current replica count unrelated to the number of pods.
    /// </summary>
    public sealed record ToleranceCase(int CurrentReplicas, int TargetUtilization, IReadOnlyList<(long Request, int DeviationPercent)> Pods)
    {
        public static Gen<ToleranceCase> Any =>
            from current in Gen.Choose(1, 20)
            from target in Gen.Choose(20, 150)
            from n in Gen.Choose(1, 10)
            from pods in Gen.ListOf(
                from request in Gen.Elements(100L, 250L, 500L, 1000L)
                from deviation in Gen.Choose(-12, 12)
                select (request, deviation), n)
            select new ToleranceCase(current, target, pods.ToList());

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"current={CurrentReplicas} target={TargetUtilization}% pods=[{string.Join(",", Pods.Select(p => $"{p.Request}m{p.DeviationPercent:+0;-0}%"))}]");

        public long Usage(int i) => Pods[i].Request * TargetUtilization * (100 + Pods[i].DeviationPercent) / 10_000;

        /// <summary>The usage ratio as the documentation defines it, computed here: whole percent of the total request, over the target.</summary>
        public double UsageRatio()
        {
            long usage = Enumerable.Range(0, Pods.Count).Sum(Usage);
            long requests = Pods.Sum(p => p.Request);
            return (double)(usage * 100 / requests) / TargetUtilization;
        }

        public ReplicaCalculation Calculate(double tolerance)
        {
            var now = TimeSpan.FromHours(1);
            var pods = new List<Pod>();
            var metrics = new SortedDictionary<string, PodMetric>(StringComparer.Ordinal);
            for (int i = 0; i < Pods.Count; i++)
            {
                string name = "web-" + i.ToString(CultureInfo.InvariantCulture);
                var pod = new Pod { Metadata = { Name = name, Namespace = "default" }, Status = { Phase = "Running", StartTime = TimeSpan.Zero } };
                pod.Status.SetCondition("Ready", "True", TimeSpan.FromSeconds(5));
                var container = new Container { Name = "app" };
                container.Resources.Requests[ResourceNames.Cpu] = Quantity.Parse(Pods[i].Request.ToString(CultureInfo.InvariantCulture) + "m");
                pod.Spec.Containers.Add(container);
                pods.Add(pod);
                metrics[name] = new PodMetric(now - TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), Usage(i));
            }

            var calculator = new ReplicaCalculator(new FixedMetrics(metrics), tolerance, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30));
            return calculator.GetResourceReplicas(CurrentReplicas, TargetUtilization, ResourceNames.Cpu, "default", Selector.Everything, pods, now);
        }
    }

    private sealed class FixedMetrics(SortedDictionary<string, PodMetric> metrics) : IResourceMetricsClient
    {
        public SortedDictionary<string, PodMetric>? GetResourceMetric(string resource, string ns, Selector selector, out string? error)
        {
            error = null;
            return new SortedDictionary<string, PodMetric>(metrics, StringComparer.Ordinal);
        }
    }

    private static bool NoChangeWithinTolerance(ToleranceCase c, double calculatorTolerance)
    {
        var result = c.Calculate(calculatorTolerance);
        return result.Error is null && (Math.Abs(1 - c.UsageRatio()) > 0.1 || result.Replicas == c.CurrentReplicas);
    }

    [Fact]
    public void NoChangeWhileTheUsageRatioIsWithinTolerance() =>
        Check.One(PropertyRuns.Config(300), Prop.ForAll(ToleranceCase.Any.ToArbitrary(), c => NoChangeWithinTolerance(c, 0.1)));

    /// <summary>Broken: a calculator that ignores the tolerance.</summary>
    [Fact]
    public void ToleranceCheckCatchesACalculatorWithoutTolerance() =>
        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(300), Prop.ForAll(ToleranceCase.Any.ToArbitrary(), c => NoChangeWithinTolerance(c, 0))));

    /// <summary>
    /// The first step at which the net change within a policy's period (changes strictly after now − period,
    /// this step's included) exceeds what the policy allows from the count at the period's start; null if none.
    /// </summary>
    private static HpaSequenceCase.Step? FirstRateViolation(HpaSequenceCase c, List<HpaSequenceCase.Step> steps)
    {
        foreach (var step in steps.Where(s => s.After != s.Before))
        {
            bool up = step.After > step.Before;
            var policy = up ? c.Up! : c.Down!;
            var cutoff = step.At - TimeSpan.FromSeconds(policy.PeriodSeconds);
            int net = steps.Where(s => s.At > cutoff && s.At <= step.At).Sum(s => s.After - s.Before);
            int periodStart = step.After - net;
            bool allowed = (up, policy.Type) switch
            {
                (true, "Pods") => net <= policy.Value,
                (true, _) => step.After <= (int)Math.Ceiling(periodStart * (1 + policy.Value / 100.0)),
                (false, "Pods") => -net <= policy.Value,
                (false, _) => step.After >= (int)(periodStart * (1 - policy.Value / 100.0)),
            };
            if (!allowed)
            {
                return step;
            }
        }

        return null;
    }

    [Fact]
    public void BehaviorNeverExceedsAPolicysLimitPerPeriod() =>
        Check.One(PropertyRuns.Config(200), Prop.ForAll(HpaSequenceCase.WithBehavior.ToArbitrary(), c =>
            FirstRateViolation(c, c.Run(new ReplicaNormalizer(TimeSpan.FromMinutes(5)), c.Hpa())) is null));

    /// <summary>Broken: a controller that forgets its scale events, so each sync allows a full period's change again.</summary>
    [Fact]
    public void RateCheckCatchesANormalizerThatForgetsScaleEvents()
    {
        var broken = Prop.ForAll(HpaSequenceCase.WithBehavior.ToArbitrary(), c =>
            FirstRateViolation(c, c.Run(new ReplicaNormalizer(TimeSpan.FromMinutes(5)), c.Hpa(), storeEvents: false)) is null);
        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(200), broken));
    }

    /// <summary>
    /// The first scale-down to fewer replicas than a recommendation made strictly within the stabilization window
    /// before it; null if none.
    /// </summary>
    private static HpaSequenceCase.Step? FirstEarlyScaleDown(HpaSequenceCase c, List<HpaSequenceCase.Step> steps)
    {
        var window = TimeSpan.FromSeconds(c.DownWindowSeconds);
        return steps.FirstOrDefault(step => step.After < step.Before &&
            steps.Any(s => s.At > step.At - window && s.At <= step.At && s.Recommendation > step.After));
    }

    private static List<HpaSequenceCase.Step> RunStabilized(HpaSequenceCase c, int windowSeconds) =>
        c.Run(new ReplicaNormalizer(TimeSpan.FromSeconds(windowSeconds)), c.Hpa(windowSeconds));

    [Fact]
    public void NoScaleDownWithinTheStabilizationWindowOfAHigherRecommendation() =>
        Check.One(PropertyRuns.Config(200), Prop.ForAll(HpaSequenceCase.Stabilized.ToArbitrary(), c =>
            FirstEarlyScaleDown(c, RunStabilized(c, c.DownWindowSeconds)) is null));

    /// <summary>Broken: a normalizer that skips stabilization (a zero window).</summary>
    [Fact]
    public void StabilizationCheckCatchesANormalizerWithoutStabilization()
    {
        var broken = Prop.ForAll(HpaSequenceCase.Stabilized.ToArbitrary(), c => FirstEarlyScaleDown(c, RunStabilized(c, 0)) is null);
        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(200), broken));
    }
}
