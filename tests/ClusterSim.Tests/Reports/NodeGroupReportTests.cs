using System.Buffers.Binary;
using ClusterSim.Reports;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Running;
using ClusterSim.Tests.Running;

namespace ClusterSim.Tests.Reports;

/// <summary>
/// The reports of node groups and pending pods: summary.md's time to Running per pool and its line on pods that
/// waited (values of scenarios/autoscaler-burst.yaml checked against its events.csv), and nodegroups.png, written only
/// when the scenario has node groups.
/// </summary>
public sealed class NodeGroupReportTests : IDisposable
{
    private static readonly Lazy<RunResult> Burst = new(() => Run("autoscaler-burst.yaml"));

    private readonly string _root = Path.Combine(Path.GetTempPath(), "clustersim-nodegroups-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void TheBurstSummaryGivesTheWorstTimeToRunningOfItsScaleUp()
    {
        // events.csv: at 130 s (the first loop after the pods created at 120 s are 2 s old) 28 pods get TriggeredScaleUp
        // "[{worker 3->10 (max: 12)}]", the first burst-65db94bc8b-4b46w (FailedScheduling at 120 s); it is assigned to
        // worker-9 at 331 s and Started at 345 s: 225 s = 3m45s from its creation.
        var summary = SummaryWriter.Render(Burst.Value);
        Assert.Contains(
            "| pool | min | max | nodes at start | peak | at end | scale-ups | worst time to Running | nodes removed | node-hours | cost |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|\n"
            + "| worker | 3 | 12 | 3 | 10 | 3 | 1 | 3m45s (scale-up at 00:02:10) | 7 | 4.96 | 0.95 |\n",
            summary,
            StringComparison.Ordinal);
        Assert.Contains("\nWorst time to Running: for each scale-up of the pool, of the pods that triggered it (`TriggeredScaleUp`) the one created first, from its creation to its first Running", summary, StringComparison.Ordinal);

        var wait = Assert.Single(Burst.Value.NodeGroups.Single().ScaleUpWaits);
        Assert.Equal(("burst-65db94bc8b-4b46w", TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(345)), (wait.Pod, wait.PodCreated, wait.RunningAt));
    }

    [Fact]
    public void TheBurstSummarySaysHowLongPodsWaitedForANode()
    {
        // The 28 pods of the scale-up waited from 120 s to their Scheduled events, the last at 343 s (3m43s); their
        // Scheduled times less 120 s sum to 5994.3 s. The other 12 of the 40 pods were bound as they were created.
        var summary = SummaryWriter.Render(Burst.Value);
        Assert.Contains(
            "- Peak pending pods (sampled): 28 at 00:02:30\n"
            + "- Pods that waited for a node: 28 of 40; pending pod-seconds 5994.3; longest wait 3m43s; still pending at the end: 0\n"
            + "- FailedScheduling events: 72\n",
            summary,
            StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutWaitingPodsOrNodeGroupsTheSummaryHasNeither()
    {
        var summary = SummaryWriter.Render(Run("mysql-myweb.yaml"));
        Assert.DoesNotContain("Pods that waited", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Node groups", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void NodeGroupsPngIsWrittenOnlyWithNodeGroups()
    {
        var withGroups = Path.Combine(_root, "burst");
        OutputWriter.Write(withGroups, Burst.Value);
        Assert.Equal([.. OutputWriter.Files, "nodegroups.png"], OutputWriter.FilesOf(Burst.Value));
        var (width, height) = PngSize(File.ReadAllBytes(Path.Combine(withGroups, "nodegroups.png")));
        Assert.Equal((1200, 900), (width, height));

        var without = Path.Combine(_root, "pending");
        var plain = Run("pending-pods.yaml");
        OutputWriter.Write(without, plain);
        Assert.False(File.Exists(Path.Combine(without, "nodegroups.png")));
        Assert.Equal(OutputWriter.Files, OutputWriter.FilesOf(plain));
        Assert.Equal(OutputWriter.Files.Order(StringComparer.Ordinal), Directory.GetFiles(without).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheDigestKeepsEachPoolsLinesAndThePendingPods()
    {
        var d = ReportDigest.Of(Burst.Value);
        Assert.Equal(["worker"], d.Pools);

        // Sampled every 30 s: the target is 10 from the sample after the scale-up at 2m10s; 10 nodes registered from 6m.
        var (xs, targets) = d.PoolSeries("worker", "targetSize")!.Minutes();
        Assert.Equal(3, targets[Array.IndexOf(xs, 2.0)]);
        Assert.Equal(10, targets[Array.IndexOf(xs, 2.5)]);
        var (nodeXs, nodes) = d.PoolSeries("worker", "nodes")!.Minutes();
        Assert.Equal(10, nodes[Array.IndexOf(nodeXs, 6.0)]);
        Assert.Equal(10, nodes.Max());
        Assert.Equal(28, d.PendingPods.Minutes().Ys.Max());
        Assert.Null(d.PoolSeries("other", "nodes"));
    }

    /// <summary>A PNG's width and height from its signature and IHDR chunk (the first, at byte 8).</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), "not a PNG");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    private static RunResult Run(string file) => ScenarioRunner.Run(ScenarioLoader.Load(Path.Combine(RepoPaths.Scenarios, file)).Scenario!);
}
