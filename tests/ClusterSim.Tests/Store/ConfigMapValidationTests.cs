using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.Store;

/// <summary>
/// ValidateConfigMap and ValidateConfigMapUpdate with the cases of pkg/apis/core/validation/validation_test.go
/// TestValidateConfigMap (valid, 253-byte key, dot, underscore, dash and leading-dot keys; empty and invalid names,
/// a*b, ..key, "..", Key/value, a 254-byte key, a value over 1 MiB, a key in data and binaryData) and
/// TestValidateConfigMapUpdate (immutable), with the API server's messages.
/// </summary>
public class ConfigMapValidationTests
{
    private const string KeyRegex = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

    private static ConfigMap Cm(string name, Dictionary<string, string>? data = null, Dictionary<string, string>? binary = null, bool? immutable = null) => new()
    {
        Metadata = { Name = name, Namespace = "validns" },
        Data = new SortedDictionary<string, string>(data ?? [], StringComparer.Ordinal),
        BinaryData = new SortedDictionary<string, string>(binary ?? [], StringComparer.Ordinal),
        Immutable = immutable,
    };

    private static List<string> Errors(ConfigMap cm) => Validation.Validate(cm).Select(e => e.ToString()).ToList();

    public static TheoryData<string> ValidKeys => ["key", new string('a', 253), "key.key", "key_key", "key-key", ".key"];

    [Theory]
    [MemberData(nameof(ValidKeys))]
    public void ValidConfigMaps(string key) =>
        Assert.Empty(Errors(Cm("validname", new() { [key] = "value" }, new() { ["bin"] = Convert.ToBase64String("value"u8) })));

    [Theory]
    [InlineData("a*b", "data[a*b]: Invalid value: \"a*b\": " + KeyRegex)]
    [InlineData("..key", "data[..key]: Invalid value: \"..key\": must not start with '..'")]
    [InlineData("..", "data[..]: Invalid value: \"..\": must not be '..'")]
    [InlineData("Key/value", "data[Key/value]: Invalid value: \"Key/value\": " + KeyRegex)]
    public void InvalidKeys(string key, string error) => Assert.Equal([error], Errors(Cm("validname", new() { [key] = "value" })));

    [Fact]
    public void OverMaxKeyLength()
    {
        var key = new string('a', 254);
        Assert.Equal([$"data[{key}]: Invalid value: \"{key}\": must be no more than 253 characters"], Errors(Cm("validname", new() { [key] = "value" })));
    }

    [Fact]
    public void ValueTooLargeCountsDataAndBinaryData()
    {
        const string TooLong = "[]: Too long: may not be more than 1048576 bytes";
        Assert.Equal([TooLong], Errors(Cm("validname", new() { ["key"] = new string('a', (1024 * 1024) + 1) })));
        Assert.Empty(Errors(Cm("validname", new() { ["key"] = new string('a', 1024 * 1024) })));

        // Bytes, not characters; binaryData by its decoded size.
        Assert.Equal([TooLong], Errors(Cm("validname", new() { ["key"] = new string('é', 524_289) })));
        Assert.Equal([TooLong], Errors(Cm("validname", new() { ["a"] = new string('a', 1024 * 1024) }, new() { ["b"] = Convert.ToBase64String(new byte[1]) })));
    }

    [Fact]
    public void DuplicatedKeyAndNames()
    {
        Assert.Equal(["data[key]: Invalid value: \"key\": duplicate of key present in binaryData"], Errors(Cm("validname", new() { ["key"] = "value1" }, new() { ["key"] = Convert.ToBase64String("value2"u8) })));
        Assert.Equal(["metadata.name: Required value: name or generateName is required"], Errors(Cm("")));
        Assert.Single(Errors(Cm("NoUppercaseOrSpecialCharsLike=Equals")), e => e.StartsWith("metadata.name: Invalid value: \"NoUppercaseOrSpecialCharsLike=Equals\": a lowercase RFC 1123 subdomain", StringComparison.Ordinal));
    }

    [Fact]
    public void AnImmutableConfigMapKeepsItsData()
    {
        var old = Cm("validname", new() { ["key"] = "value" }, immutable: true);
        Assert.Empty(Validation.ValidateConfigMapUpdate(Cm("validname", new() { ["key"] = "value" }, immutable: true), old));
        Assert.Equal(
            ["immutable: Forbidden: field is immutable when `immutable` is set", "data: Forbidden: field is immutable when `immutable` is set"],
            Validation.ValidateConfigMapUpdate(Cm("validname", new() { ["key"] = "other" }), old).Select(e => e.ToString()));
        Assert.Equal(
            ["binaryData: Forbidden: field is immutable when `immutable` is set"],
            Validation.ValidateConfigMapUpdate(Cm("validname", new() { ["key"] = "value" }, new() { ["b"] = "eA==" }, immutable: true), old).Select(e => e.ToString()));

        // A mutable one may change and become immutable.
        Assert.Empty(Validation.ValidateConfigMapUpdate(Cm("validname", new() { ["key"] = "other" }, immutable: true), Cm("validname", new() { ["key"] = "value" })));
    }
}
