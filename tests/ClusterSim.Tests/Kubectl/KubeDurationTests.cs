using ClusterSim.Scenarios.Kubectl;

namespace ClusterSim.Tests.Kubectl;

public class KubeDurationTests
{
    [Theory]
    [InlineData(-5, "<invalid>")]
    [InlineData(-1, "0s")]
    [InlineData(0, "0s")]
    [InlineData(11, "11s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(330, "5m30s")]
    [InlineData(599, "9m59s")]
    [InlineData(600, "10m")]
    [InlineData(179 * 60 + 59, "179m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(3 * 3600 + 20 * 60 + 59, "3h20m")]
    [InlineData(8 * 3600, "8h")]
    [InlineData(47 * 3600 + 59 * 60, "47h")]
    [InlineData(51 * 3600, "2d3h")]
    [InlineData(3 * 86400, "3d")]
    [InlineData(8 * 86400, "8d")]
    [InlineData(729 * 86400, "729d")]
    [InlineData(730 * 86400, "2y")]
    [InlineData(750 * 86400, "2y20d")]
    [InlineData(8 * 365 * 86400, "8y")]
    public void HumanDurationMatchesApimachinery(long seconds, string expected) =>
        Assert.Equal(expected, KubeDuration.HumanDuration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void FractionsOfASecondTruncate() =>
        Assert.Equal("11s", KubeDuration.HumanDuration(TimeSpan.FromMilliseconds(11_999)));
}
