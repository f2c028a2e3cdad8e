using ClusterSim.Fuzzing;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Running;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterSim.Properties;

/// <summary>
/// The scenario generators and their YAML form (issue 6, part 1): every generated scenario loads, writes and
/// loads back to the same scenario, and runs; every shrink candidate loads.
/// </summary>
public sealed class GeneratorProperties
{
    /// <summary>Short runs for the property that simulates each case (CI budget).</summary>
    private static readonly ScenarioOptions Short = ScenarioOptions.Default with { MinDurationMinutes = 2, MaxDurationMinutes = 4 };

    [Fact]
    public void Every_generated_scenario_loads_without_errors()
    {
        Check.One(PropertyRuns.Config(40), Prop.ForAll(ScenarioGenerators.Scenarios().ToArbitrary(), s =>
        {
            var result = ScenarioLoader.LoadText(ScenarioYaml.Write(s), ScenarioText.GeneratedPath);
            Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        }));
    }

    [Fact]
    public void Written_scenario_loads_back_to_the_same_scenario()
    {
        Check.One(PropertyRuns.Config(40), Prop.ForAll(ScenarioGenerators.Scenarios().ToArbitrary(), s =>
        {
            string yaml = ScenarioYaml.Write(s);
            var back = ScenarioText.Load(yaml, ScenarioText.GeneratedPath);
            Assert.Equal(yaml, ScenarioYaml.Write(back));
            AssertSameStructure(s, back);
        }));
    }

    [Fact]
    public void Generated_scenarios_run_without_exceptions()
    {
        Check.One(PropertyRuns.Config(12), Prop.ForAll(ScenarioGenerators.Arbitrary(Short), s =>
        {
            var result = ScenarioRunner.Run(s);
            Assert.NotNull(result);
        }));
    }

    [Fact]
    public void Every_shrink_candidate_loads_and_is_smaller()
    {
        foreach (var s in ScenarioGenerators.Scenarios().Sample(5, 10))
        {
            int candidates = 0;
            foreach (var smaller in ScenarioShrinker.Shrink(s).Take(60))
            {
                candidates++;
                var result = ScenarioLoader.LoadText(ScenarioYaml.Write(smaller), ScenarioText.GeneratedPath);
                Assert.True(result.Succeeded, string.Join("\n", result.Errors));
                Assert.True(Size(smaller) < Size(s) || !ScenarioYaml.Write(smaller).Equals(ScenarioYaml.Write(s), StringComparison.Ordinal));
            }

            Assert.True(candidates > 0 || Size(s) <= 3);
        }
    }

    /// <summary>
    /// Shrinking as FsCheck does it (keep the first smaller candidate that still fails, repeat) against a
    /// "failure" that any fault triggers ends at one node pool, one fault and no workloads beyond what it needs.
    /// </summary>
    [Fact]
    public void Shrinking_a_fault_failure_leaves_one_fault()
    {
        static bool Fails(Scenario s) => s.Timeline.Any(e => e.Fault is not null);
        var failing = ScenarioGenerators.Scenarios().Sample(10, 40).Where(Fails).Take(3).ToList();
        Assert.NotEmpty(failing);
        foreach (var start in failing)
        {
            var current = start;
            for (int step = 0; step < 200 && ScenarioShrinker.Shrink(current).FirstOrDefault(Fails) is { } smaller; step++)
            {
                current = smaller;
            }

            Assert.Single(current.Timeline);
            Assert.Single(current.Nodes);
            Assert.Empty(current.Load);
            Assert.Equal(1, current.Seed);
        }
    }

    [Fact]
    public void Fault_schedules_merge_into_a_loaded_scenario()
    {
        foreach (var s in ScenarioGenerators.Scenarios().Sample(5, 10))
        {
            foreach (var faults in ScenarioGenerators.FaultSchedule(s).Sample(5, 3))
            {
                var merged = ScenarioEdit.WithTimeline(s, faults);
                Assert.NotNull(merged);
                Assert.Equal(s.Timeline.Count + faults.Count, merged.Timeline.Count);
            }
        }
    }

    private static int Size(Scenario s) => s.NodeNames().Count + s.Manifests.Count + s.Timeline.Count + s.Load.Count;

    private static void AssertSameStructure(Scenario a, Scenario b)
    {
        Assert.Equal(a.Seed, b.Seed);
        Assert.Equal(a.Duration, b.Duration);
        Assert.Equal(a.NodeNames(), b.NodeNames());
        Assert.Equal(a.Nodes.Select(p => (p.Cpu, p.Memory, p.Pods, string.Join(",", p.Zones), p.Taints.Count)), b.Nodes.Select(p => (p.Cpu, p.Memory, p.Pods, string.Join(",", p.Zones), p.Taints.Count)));
        Assert.Equal(a.Manifests.Select(m => (m.Object.Kind, m.Object.Metadata.Name)), b.Manifests.Select(m => (m.Object.Kind, m.Object.Metadata.Name)));
        Assert.Equal(a.Images.Keys, b.Images.Keys);
        Assert.Equal(a.Images.Values, b.Images.Values);
        Assert.Equal(a.Timeline.Select(e => (e.At, e.Command?.Text, e.Fault)), b.Timeline.Select(e => (e.At, e.Command?.Text, e.Fault)));
        Assert.Equal(a.Load.Select(l => l.Target), b.Load.Select(l => l.Target));
        Assert.Equal(a.Load.Select(l => l.Rps.Count), b.Load.Select(l => l.Rps.Count));
        foreach (var (la, lb) in a.Load.Zip(b.Load))
        {
            Assert.Equal(la.Rps.Select(c => c with { Location = lb.Location }).Select(Describe), lb.Rps.Select(c => c with { Location = lb.Location }).Select(Describe));
            Assert.Equal(la.Noise?.Distribution, lb.Noise?.Distribution);
            Assert.Equal(la.Noise?.Cv, lb.Noise?.Cv);
            for (int t = 0; t < (int)a.Duration.TotalSeconds; t += 37)
            {
                Assert.Equal(la.BaseRpsAt(TimeSpan.FromSeconds(t)), lb.BaseRpsAt(TimeSpan.FromSeconds(t)));
            }
        }

        Assert.Equal(a.Expectations.Select(e => (e.Mode, e.Start, e.End, e.After, e.That)), b.Expectations.Select(e => (e.Mode, e.Start, e.End, e.After, e.That)));
    }

    private static string Describe(RpsComponent c) => c is StepsRps s ? "steps " + string.Join(";", s.Steps) : c.ToString();
}
