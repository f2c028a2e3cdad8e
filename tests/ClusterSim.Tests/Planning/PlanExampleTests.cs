using ClusterSim.Planning.Analysis;
using ClusterSim.Planning.Loading;
using ClusterSim.Planning.Sweeping;
using ClusterSim.Scenarios.Running;
using ClusterSim.Tests.Running;

namespace ClusterSim.Tests.Planning;

/// <summary>The plan examples in scenarios/ load, and give the answers the README quotes.</summary>
public class PlanExampleTests
{
    private static PlanAnalysis Analyze(string file)
    {
        var (plan, diagnostics) = PlanLoader.Load(new PlanRequest(Path.Combine(RepoPaths.Scenarios, file)));
        Assert.True(plan is not null, string.Join("\n", diagnostics));
        Assert.Empty(diagnostics);
        return PlanAnalyzer.Analyze(plan!.Describe(), Sweep.Run(plan, RunPool.DefaultJobs));
    }

    [Fact]
    public void FiveWorkersCarryTheFrontendThroughThePeak()
    {
        var a = Analyze("plan-frontend-nodes.yaml");
        Assert.Equal("nodes.worker.count=5", a.Configs[a.Recommended!.Value].Config.Label);
        Assert.StartsWith("Smallest configuration meeting every objective with >= 95% probability: nodes.worker.count=5 (", a.Answer, StringComparison.Ordinal);
        Assert.Equal(Verdict.Fails, a.Configs[0].Verdict);
    }

    [Fact]
    public void ThreeWorkersAndALowTargetKeepTheShopServed()
    {
        var a = Analyze("plan-hpa-target.yaml");
        var best = a.Configs[a.Recommended!.Value].Config;
        Assert.Equal("nodes.worker.count=3", best.Settings[1].ToString());
        Assert.All(a.Configs.Where(c => c.Config.Settings[1].Value == "2"), c => Assert.Equal(Verdict.Fails, c.Verdict));
        Assert.All(a.Configs.Where(c => c.Config.Settings[0].Value == "90"), c => Assert.Equal(Verdict.Fails, c.Verdict));
    }
}
