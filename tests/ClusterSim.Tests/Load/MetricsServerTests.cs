using ClusterSim.Sim.Api;
using ClusterSim.Sim.Metrics;
using static ClusterSim.Tests.Load.LoadFixture;

namespace ClusterSim.Tests.Load;

/// <summary>The resource metrics API: two readings before a pod has metrics, CPU averaged over the window.</summary>
public class MetricsServerTests
{
    private static Sim.Cluster WebWithLoadFrom60s()
    {
        var c = NewCluster();
        c.Api.Create(Pod("web-1", "web", "node-1"));
        c.Api.Create(Service("web", "web"));
        c.AddLoad(Svc("web"), t => t < TimeSpan.FromSeconds(60) ? 0 : 40);
        return c;
    }

    [Fact]
    public void APodNeedsTwoReadingsSinceItStarted()
    {
        using var c = WebWithLoadFrom60s();
        // Running at 1s; first reading at 15s, second at 30s.
        c.RunUntil(TimeSpan.FromSeconds(29));
        Assert.False(c.Metrics.TryGetPodMetrics("default", "web-1", out _));
        Assert.Null(c.Metrics.GetResourceMetric("cpu", "default", Selector.Parse("app=web"), out var error));
        Assert.Equal("no metrics returned from resource metrics API", error);
        c.RunUntil(TimeSpan.FromSeconds(30));
        Assert.True(c.Metrics.TryGetPodMetrics("default", "web-1", out var m));
        Assert.Equal(new UsageMetrics(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15), 10, 64L * 1024 * 1024), m);
    }

    [Fact]
    public void CpuIsTheAverageOverTheWindow()
    {
        using var c = WebWithLoadFrom60s();
        c.RunUntil(TimeSpan.FromSeconds(75));
        // Readings 15s..75s: 45s at 10m, then 15s at 10 + 40 x 10 = 410m: (450 + 6150) / 60 = 110m.
        var metrics = c.Metrics.GetResourceMetric("cpu", "default", Selector.Parse("app=web"), out var error);
        Assert.Null(error);
        var (name, m) = Assert.Single(metrics!);
        Assert.Equal("web-1", name);
        Assert.Equal(new PodMetric(TimeSpan.FromSeconds(75), TimeSpan.FromSeconds(60), 110), m);

        // A minute later the window holds only the loaded minute.
        c.RunUntil(TimeSpan.FromSeconds(120));
        Assert.Equal(410, c.Metrics.GetResourceMetric("cpu", "default", Selector.Parse("app=web"), out _)!["web-1"].Value);
        var memory = c.Metrics.GetResourceMetric("memory", "default", Selector.Parse("app=web"), out _)!["web-1"];
        Assert.Equal(64L * 1024 * 1024 * 1000, memory.Value);
    }

    [Fact]
    public void NodeMetricsSumTheirPods()
    {
        using var c = WebWithLoadFrom60s();
        c.Api.Create(Pod("web-2", "web", "node-1"));
        c.RunUntil(TimeSpan.FromSeconds(135));
        // Two pods at 10 + 20 x 10 = 210m each over the whole window.
        Assert.True(c.Metrics.TryGetNodeMetrics("node-1", out var n));
        Assert.Equal((420L, 128L * 1024 * 1024), (n.CpuMilli, n.MemoryBytes));
        Assert.True(c.Metrics.TryGetNodeMetrics("node-2", out var idle));
        Assert.Equal(0, idle.CpuMilli);
    }

    [Fact]
    public void ARestartedOrCrashedPodStartsOver()
    {
        using var c = WebWithLoadFrom60s();
        c.RunUntil(TimeSpan.FromSeconds(60));
        Assert.True(c.Metrics.TryGetPodMetrics("default", "web-1", out _));
        c.Kubelets["node-1"].Crash();
        c.RunUntil(TimeSpan.FromSeconds(75));
        Assert.False(c.Metrics.TryGetPodMetrics("default", "web-1", out _));
        Assert.False(c.Metrics.TryGetNodeMetrics("node-1", out _));
    }

    [Fact]
    public void StoppingScrapingChangesNothingButTheMetricsAndSkipsUsageWithoutLoad()
    {
        // Identical clusters; one is told nothing reads metrics. Load arrives only at 60s, so the first steps
        // have nothing to compute for it; afterwards its served traffic and the whole trace must be the same.
        static Sim.Cluster Build(bool stop)
        {
            var c = NewCluster();
            if (stop)
            {
                c.Metrics.StopScraping();
            }

            c.Api.Create(Pod("web-1", "web", "node-1"));
            c.Api.Create(Pod("web-2", "web", "node-2"));
            c.Api.Create(Service("web", "web"));
            return c;
        }

        using var scraping = Build(stop: false);
        using var stopped = Build(stop: true);
        foreach (var c in new[] { scraping, stopped })
        {
            c.RunUntil(TimeSpan.FromSeconds(45));
        }

        Assert.True(scraping.Load.UsageComputed);
        Assert.False(stopped.Load.UsageComputed);
        Assert.Throws<InvalidOperationException>(() => stopped.Load.TryGetPod("default/web-1", out _));
        Assert.Throws<InvalidOperationException>(() => stopped.Metrics.TryGetPodMetrics("default", "web-1", out _));
        Assert.Throws<InvalidOperationException>(() => stopped.Metrics.GetResourceMetric("cpu", "default", Selector.Parse("app=web"), out _));

        foreach (var c in new[] { scraping, stopped })
        {
            c.AddLoad(Svc("web"), _ => 300);
            c.RunUntil(TimeSpan.FromMinutes(3));
        }

        Assert.True(stopped.Load.UsageComputed);
        Assert.Equal(Usage(scraping, "web-1"), Usage(stopped, "web-1"));
        Assert.Equal(scraping.Load.TotalServedRequests, stopped.Load.TotalServedRequests);
        Assert.Equal(scraping.Trace.Count, stopped.Trace.Count);
        Assert.Equal(scraping.Trace.HashHex(), stopped.Trace.HashHex());
        Assert.Equal(scraping.Kernel.ProcessedEvents, stopped.Kernel.ProcessedEvents);
    }
}
