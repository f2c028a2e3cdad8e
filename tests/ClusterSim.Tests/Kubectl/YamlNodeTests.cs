using ClusterSim.Scenarios.Kubectl;

namespace ClusterSim.Tests.Kubectl;

public class YamlNodeTests
{
    [Theory]
    [InlineData("", "\"\"")]
    [InlineData("nginx:1.27", "nginx:1.27")]
    [InlineData("v1.32.0", "v1.32.0")]
    [InlineData("123", "\"123\"")]
    [InlineData("1.5", "\"1.5\"")]
    [InlineData("true", "\"true\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("2025-01-06T10:20:45Z", "\"2025-01-06T10:20:45Z\"")]
    [InlineData("*", "'*'")]
    [InlineData("a: b", "'a: b'")]
    [InlineData("it's", "it's")]
    [InlineData("- x", "'- x'")]
    [InlineData("-c", "-c")]
    [InlineData("line1\nline2", "\"line1\\nline2\"")]
    public void StringsAreQuotedAsGoYamlDoes(string value, string expected) =>
        Assert.Equal(expected, YamlNode.QuoteString(value));

    [Fact]
    public void KeysSortLikeGoYaml()
    {
        var m = new YamlNode.Map()
            .Set("b", YamlNode.Int(1))
            .Set("a10", YamlNode.Int(2))
            .Set("a2", YamlNode.Int(3))
            .Set("a_b", YamlNode.Int(4))
            .Set("aZ", YamlNode.Int(5));
        Assert.Equal("a_b: 4\na2: 3\na10: 2\naZ: 5\nb: 1\n", m.Render());
    }

    [Fact]
    public void SequencesSitUnderTheirKey()
    {
        var m = new YamlNode.Map()
            .Set("items", new YamlNode.Seq([new YamlNode.Map().Set("name", YamlNode.Str("a")).Set("ports", new YamlNode.Seq([YamlNode.Int(80)]))]))
            .Set("empty", new YamlNode.Map())
            .Set("none", new YamlNode.Seq([]));
        Assert.Equal("empty: {}\nitems:\n- name: a\n  ports:\n  - 80\nnone: []\n", m.Render());
    }
}
