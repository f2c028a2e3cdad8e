using ClusterSim.Scenarios;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Scenarios;

/// <summary>ConfigMap manifests: data, binaryData (Go's base64), immutable; the API server's errors at the key's line and column; the one warning per file.</summary>
public class ConfigMapDecoderTests
{
    private const string NotSimulated = "kind ConfigMap is kept but not simulated (containers do not read it)";

    private static ManifestDecodeResult Decode(params string[] lines) => ManifestDecoder.DecodeText(string.Join("\n", lines) + "\n", "cm.yaml");

    private static List<string> Errors(ManifestDecodeResult r) => r.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.ToString()).ToList();

    [Fact]
    public void DataBinaryDataAndImmutableLoadWithOneWarningPerFile()
    {
        var result = Decode(
            "apiVersion: v1",
            "kind: ConfigMap",
            "metadata: {name: game-config, namespace: kube-system}",
            "immutable: true",
            "data:",
            "  game.properties: |",
            "    lives=3",
            "  empty:",
            "binaryData:",
            "  logo.bin: \"aGVs\\nbG8=\"",
            "---",
            "apiVersion: v1",
            "kind: ConfigMap",
            "metadata: {name: second}");

        Assert.Equal(["cm.yaml:1:1: warning: " + NotSimulated], result.Diagnostics.Select(d => d.ToString()));
        var cm = Assert.IsType<ConfigMap>(result.Objects[0].Object);
        Assert.Equal(("game-config", "kube-system", true), (cm.Metadata.Name, cm.Metadata.Namespace, cm.Immutable));
        Assert.Equal(["empty", "game.properties"], cm.Data.Keys);
        Assert.Equal(("", "lives=3\n"), (cm.Data["empty"], cm.Data["game.properties"]));

        // Go's decoder skips line breaks; the API serves the bytes re-encoded.
        Assert.Equal("aGVsbG8=", cm.BinaryData["logo.bin"]);
        Assert.Equal(5, ConfigMap.DecodedLength(cm.BinaryData["logo.bin"]));
        Assert.Null(Assert.IsType<ConfigMap>(result.Objects[1].Object).Immutable);
    }

    [Fact]
    public void KeyErrorsAreTheApiServersAtTheKey()
    {
        // In key order, where Go ranges over the data map at random.
        var result = Decode(
            "apiVersion: v1",
            "kind: ConfigMap",
            "metadata: {name: bad}",
            "data:",
            "  a*b: x",
            "  ..key: w",
            "  dup: z",
            "binaryData:",
            "  dup: eg==");

        Assert.Equal(
        [
            "cm.yaml:6:3: error: ConfigMap \"bad\" is invalid: data[..key]: Invalid value: \"..key\": must not start with '..'",
            "cm.yaml:5:3: error: ConfigMap \"bad\" is invalid: data[a*b]: Invalid value: \"a*b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
            "cm.yaml:7:3: error: ConfigMap \"bad\" is invalid: data[dup]: Invalid value: \"dup\": duplicate of key present in binaryData",
        ],
            Errors(result));
        Assert.Empty(result.Objects);
    }

    [Fact]
    public void TooLargeIsAnErrorOfTheWholeObject()
    {
        var big = new string('a', (1024 * 1024) - 1);
        var result = Decode("apiVersion: v1", "kind: ConfigMap", "metadata: {name: big}", "data:", $"  a: {big}", "  b: xy");
        Assert.Equal(["cm.yaml:1:1: error: ConfigMap \"big\" is invalid: []: Too long: may not be more than 1048576 bytes"], Errors(result));
    }

    [Theory]
    [InlineData("abc", "illegal base64 data at input byte 0")]
    [InlineData("a$==", "illegal base64 data at input byte 1")]
    [InlineData("aGVsbG8", "illegal base64 data at input byte 4")]
    [InlineData("aGVsbG8=x", "illegal base64 data at input byte 8")]
    [InlineData("=aaa", "illegal base64 data at input byte 0")]
    public void BinaryDataMustBeBase64(string value, string error)
    {
        var result = Decode("apiVersion: v1", "kind: ConfigMap", "metadata: {name: bin}", "binaryData:", $"  k: \"{value}\"");
        Assert.Equal([$"cm.yaml:5:6: error: binaryData.k: {error}"], Errors(result));
    }

    [Fact]
    public void GoBase64MatchesGosDecoder()
    {
        // encoding/base64 StdEncoding: padding required, line breaks skipped, unused bits ignored.
        Assert.True(GoBase64.TryDecode("", out var empty, out _));
        Assert.Empty(empty);
        Assert.True(GoBase64.TryDecode("Zm9vYg==", out var foob, out _));
        Assert.Equal("foob"u8.ToArray(), foob);
        Assert.True(GoBase64.TryDecode("Zm9v\r\nYmE=\n", out var fooba, out _));
        Assert.Equal("fooba"u8.ToArray(), fooba);
        Assert.True(GoBase64.TryDecode("Zm9=", out var lenient, out _));
        Assert.Equal("fo"u8.ToArray(), lenient);
        Assert.False(GoBase64.TryDecode("Zm9vYg=", out _, out var error));
        Assert.Equal("illegal base64 data at input byte 7", error);
    }

    [Fact]
    public void DataValuesMustBeStringsAndUnknownFieldsWarn()
    {
        var result = Decode("apiVersion: v1", "kind: ConfigMap", "metadata: {name: t}", "data:", "  n: 3", "spec: {}", "immutable: yes please");
        Assert.Equal(
        [
            "cm.yaml:5:6: error: data.n: expected a string, got number 3 (quote it: \"3\")",
            "cm.yaml:7:12: error: immutable: expected a boolean (true or false), got string \"yes please\"",
        ],
            Errors(result));
        Assert.Contains(result.Diagnostics, d => d.Message == "unknown field \"spec\" in ConfigMap");
    }
}
