using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Tests.Running;

/// <summary>`run --profile`: the same results with the profiler on, every event counted once, charged to the controller that owns it.</summary>
public class RunProfilerTests
{
    [Fact]
    public void AProfiledRunGivesTheSameResultsAndChargesEveryEvent()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(RepoPaths.Scenarios, "php-apache-hpa.yaml")).Scenario!;
        var plain = ScenarioRunner.Run(scenario);
        var profiler = new RunProfiler();
        var profiled = ScenarioRunner.Run(scenario, new RunOptions { Profiler = profiler });
        Assert.Equal(plain.TraceHash, profiled.TraceHash);
        var entries = profiler.Entries();
        var observers = entries.Single(e => e.Part.StartsWith("observers", StringComparison.Ordinal));
        Assert.Equal(profiled.ProcessedEvents, observers.Events);
        Assert.Equal(profiled.ProcessedEvents, entries.Where(e => e != observers).Sum(e => e.Events));
        foreach (var part in new[] { "scheduler", "kubelets", "horizontal pod autoscaler", "node lifecycle controller", "deployment controller", "load model" })
        {
            Assert.Contains(entries, e => e.Part == part && e.Events > 0);
        }

        Assert.DoesNotContain(entries, e => e.Part is "WorkQueue" or "PeriodicResync" or "other");
    }
}
