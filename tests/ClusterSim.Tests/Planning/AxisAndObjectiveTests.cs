using ClusterSim.Planning.Model;
using ClusterSim.Planning.Sweeping;

namespace ClusterSim.Tests.Planning;

/// <summary>Axis ranges and lists, objectives and shard slices as the command line and plan files write them.</summary>
public class AxisAndObjectiveTests
{
    [Theory]
    [InlineData("3..6", "3,4,5,6")]
    [InlineData("3..12/3", "3,6,9,12")]
    [InlineData("3..11/3", "3,6,9")]
    [InlineData("0.5..2/0.5", "0.5,1,1.5,2")]
    [InlineData("2,4,8", "2,4,8")]
    [InlineData("8Gi, 16Gi", "8Gi,16Gi")]
    [InlineData("7", "7")]
    public void ValuesExpand(string text, string expected) =>
        Assert.Equal(expected, string.Join(",", AxisValues.Expand(text, out _)!));

    [Theory]
    [InlineData("6..3", "empty range")]
    [InlineData("1..5/0", "step must be positive")]
    [InlineData("a..b", "expected a range")]
    [InlineData("2,,4", "no empty item")]
    [InlineData("2,4,2", "2 is listed twice")]
    [InlineData("1..5000", "more than 1000 values")]
    public void BadValuesSayWhy(string text, string reason)
    {
        Assert.Null(AxisValues.Expand(text, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("servedFraction >= 0.999", "servedFraction", null, ">=", 0.999)]
    [InlineData("servedFraction>=99.9%", "servedFraction", null, ">=", 0.999)]
    [InlineData("recoveryTime.p95 <= 2m", "recoveryTime", "p95", "<=", 120)]
    [InlineData("pendingPodSeconds.mean < 30", "pendingPodSeconds", "mean", "<", 30)]
    [InlineData("peakUnservedRps == 0", "peakUnservedRps", null, "==", 0)]
    public void ObjectivesParse(string text, string metric, string? statistic, string op, double threshold)
    {
        var o = Objective.Parse(text, out var error);
        Assert.True(o is not null, error);
        Assert.Equal((metric, statistic, op), (o!.Metric, o.Statistic, o.Operator));
        Assert.Equal(threshold, o.Threshold, 12);
    }

    [Theory]
    [InlineData("servedFraction 0.9", "expected METRIC OP VALUE")]
    [InlineData("served >= 0.9", "unknown metric \"served\"")]
    [InlineData("recoveryTime.p90 <= 2m", "unknown statistic \"p90\"")]
    [InlineData("servedFraction >= lots", "expected a number or a percentage")]
    public void BadObjectivesSayWhy(string text, string reason)
    {
        Assert.Null(Objective.Parse(text, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ObjectivesHoldOnTheRightSide()
    {
        Assert.True(Objective.Parse("servedFraction >= 0.9", out _)!.Holds(0.9));
        Assert.False(Objective.Parse("servedFraction > 0.9", out _)!.Holds(0.9));
        Assert.True(Objective.Parse("recoveryTime <= 1m", out _)!.Holds(60));
        Assert.False(Objective.Parse("recoveryTime < 1m", out _)!.Holds(60));
    }

    [Fact]
    public void SlicesInterleaveAndCoverEveryPairOnce()
    {
        var slices = Enumerable.Range(0, 3).Select(i => Slice.Parse($"{i}/3", out _)!).ToList();
        for (int k = 0; k < 100; k++)
        {
            Assert.Single(slices, s => s.Contains(k));
        }

        Assert.True(slices[1].Contains(4));
        for (int total = 0; total < 12; total++)
        {
            foreach (var s in slices)
            {
                var pairs = Enumerable.Range(0, total).Where(k => s.Contains(k)).ToList();
                Assert.Equal(pairs.Count, s.CountOf(total));
                Assert.Equal(pairs, Enumerable.Range(0, pairs.Count).Select(i => (int)s.Pair(i)));
            }
        }

        Assert.Null(Slice.Parse("3/3", out var error));
        Assert.Contains("0 <= I < N", error, StringComparison.Ordinal);
        Assert.Null(Slice.Parse("1/0", out _));
        Assert.Null(Slice.Parse("x", out _));
    }
}
