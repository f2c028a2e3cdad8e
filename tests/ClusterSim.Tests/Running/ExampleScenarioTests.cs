using ClusterSim.Reports;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Tests.Running;

/// <summary>Every example scenario in scenarios/ (all but the plan-*.yaml plans) loads (warning at most of fields that change nothing measured), runs with all its expectations met, and runs the same twice.</summary>
public class ExampleScenarioTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        // plan-*.yaml are `kind: Plan` files (capacity planning); PlanExampleTests runs them.
        foreach (var f in Directory.GetFiles(RepoPaths.Scenarios, "*.yaml").Order(StringComparer.Ordinal).Where(f => !Path.GetFileName(f).StartsWith("plan-", StringComparison.Ordinal)))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExampleRunsAndItsExpectationsHold(string file)
    {
        var loaded = ScenarioLoader.Load(Path.Combine(RepoPaths.Scenarios, file));
        Assert.Empty(loaded.Errors);
        // The only warnings are about fields kept without being simulated (env, command, a readiness probe's check), and
        // none of those could change where pods go or whether they run: an example means what it shows.
        Assert.All(loaded.Warnings, w => Assert.Contains(" is kept but not simulated (", w.Message, StringComparison.Ordinal));
        var result = ScenarioRunner.Run(loaded.Scenario!);
        Assert.All(result.Expectations, e => Assert.True(e.Passed, $"{e.Location} {e.Text}: seen {e.Seen}"));
        Assert.NotEmpty(result.Expectations);
        // A failing `kubectl rollout status` is an observation (the deadline was exceeded), not a broken scenario.
        Assert.DoesNotContain(result.Warnings, w => !w.Contains("`kubectl rollout status", StringComparison.Ordinal));
    }

    [Fact]
    public void SameScenarioAndSeedGiveByteIdenticalOutputs()
    {
        var path = Path.Combine(RepoPaths.Scenarios, "mysql-myweb.yaml");
        var a = Path.Combine(Path.GetTempPath(), "clustersim-test-" + Guid.NewGuid().ToString("N"));
        var b = Path.Combine(Path.GetTempPath(), "clustersim-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = ScenarioRunner.Run(ScenarioLoader.Load(path).Scenario!);
            var second = ScenarioRunner.Run(ScenarioLoader.Load(path).Scenario!);
            Assert.Equal(first.TraceHash, second.TraceHash);
            OutputWriter.Write(a, first);
            OutputWriter.Write(b, second);
            foreach (var name in OutputWriter.Files)
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(a, name)), File.ReadAllBytes(Path.Combine(b, name)));
            }
        }
        finally
        {
            foreach (var d in new[] { a, b })
            {
                if (Directory.Exists(d))
                {
                    Directory.Delete(d, recursive: true);
                }
            }
        }
    }

    [Fact]
    public void AnotherSeedGivesAnotherTrace()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(RepoPaths.Scenarios, "mysql-myweb.yaml")).Scenario!;
        var one = ScenarioRunner.Run(scenario);
        var two = ScenarioRunner.Run(scenario, new RunOptions(Seed: 99));
        Assert.NotEqual(one.TraceHash, two.TraceHash);
    }

    [Fact]
    public void TranscriptReadsLikeTheBook()
    {
        var result = ScenarioRunner.Run(ScenarioLoader.Load(Path.Combine(RepoPaths.Scenarios, "mysql-myweb.yaml")).Scenario!);
        var t = result.Transcript;
        Assert.Contains("[00:00:11] $ kubectl get rc\nNAME    DESIRED   CURRENT   READY   AGE\nmysql   1         1         1       11s\n", t, StringComparison.Ordinal);
        Assert.Matches(@"\[00:00:16\] \$ kubectl get pods\nNAME          READY   STATUS    RESTARTS   AGE\nmysql-[b-z2-9]{5}   1/1     Running   0          16s\n", t);
        Assert.Contains("8080:30001/TCP", t, StringComparison.Ordinal);
        Assert.Contains("kubernetes   ClusterIP   10.96.0.1", t, StringComparison.Ordinal);
        Assert.Matches(@"myweb   10\.244\.\d+\.\d+:8080,10\.244\.\d+\.\d+:8080,10\.244\.\d+\.\d+:8080 ", t);
        Assert.Contains("Terminating", t, StringComparison.Ordinal);
    }
}
