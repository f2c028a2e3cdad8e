using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Kubectl;

/// <summary>
/// kubectl get configmap (printers.go printConfigMap: NAME, DATA, AGE), describe configmap (describe.go
/// ConfigMapDescriber) and -o yaml (core/v1 ConfigMap, multi-line values as go-yaml v2's literal blocks) on hand-built
/// ConfigMaps.
/// </summary>
public class ConfigMapPrinterTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    private static (KubectlFixture F, ConfigMap Game) Fixture()
    {
        var f = new KubectlFixture();
        f.Api.Create(new ConfigMap { Metadata = { Name = "kube-root-ca.crt", Namespace = "kube-system" }, Data = { ["ca.crt"] = "x" } });
        f.At(TimeSpan.FromMinutes(2));
        var game = f.Api.Create(new ConfigMap
        {
            Metadata = { Name = "game-config", Namespace = "default", Labels = { ["app"] = "game" }, Annotations = { ["note"] = "two words" } },
            Data = { ["game.properties"] = "enemies=aliens\nlives=3\n", ["ui"] = "color=purple" },
            BinaryData = { ["logo.bin"] = "aGVsbG8=" },
        });
        f.Api.Create(new ConfigMap { Metadata = { Name = "empty", Namespace = "default" }, Immutable = true });
        return (f, game);
    }

    [Fact]
    public void GetCountsDataAndBinaryData()
    {
        var (f, _) = Fixture();
        var view = f.View(FiveMinutes);
        var table = Lines(
            "NAME          DATA   AGE",
            "empty         0      3m",
            "game-config   3      3m");
        Assert.Equal(table, GetPrinter.Get(view, ["ConfigMap"], null, null, false, "", null));
        Assert.Equal(table, GetPrinter.Get(view, ["ConfigMap"], null, null, false, "wide", null));
        Assert.Equal(
            Lines(
                "NAMESPACE     NAME               DATA   AGE",
                "default       empty              0      3m",
                "default       game-config        3      3m",
                "kube-system   kube-root-ca.crt   1      5m"),
            GetPrinter.Get(view, ["ConfigMap"], null, null, true, "", null));
        Assert.Equal("Error from server (NotFound): configmaps \"nope\" not found\n", GetPrinter.Get(view, ["ConfigMap"], "nope", null, false, "", null));
    }

    [Fact]
    public void DescribeShowsEachKeyAndTheEvents()
    {
        var (f, game) = Fixture();
        f.Events.Record(game, "Normal", "ScaledUpGroup", "Scale-up: setting group worker size to 4 instead of 3 (max: 10)", "cluster-autoscaler");
        Assert.Equal(
            Lines(
                "Name:         game-config",
                "Namespace:    default",
                "Labels:       app=game",
                "Annotations:  note: two words",
                "",
                "Data",
                "====",
                "game.properties:",
                "----",
                "enemies=aliens",
                "lives=3",
                "",
                "",
                "ui:",
                "----",
                "color=purple",
                "",
                "",
                "BinaryData",
                "====",
                "logo.bin: 5 bytes",
                "",
                "Events:",
                "  Type    Reason         Age   From                Message",
                "  ----    ------         ----  ----                -------",
                "  Normal  ScaledUpGroup  3m    cluster-autoscaler  Scale-up: setting group worker size to 4 instead of 3 (max: 10)"),
            DescribePrinter.Describe(f.View(FiveMinutes), "ConfigMap", "game-config", null));
    }

    [Fact]
    public void YamlPrintsMultiLineValuesAsLiteralBlocks()
    {
        var (f, game) = Fixture();
        game.Data["trailing"] = "no final break\nhere";
        game.Data["kept"] = "two breaks\n\n";
        Assert.Equal(
            Lines(
                "apiVersion: v1",
                "binaryData:",
                "  logo.bin: aGVsbG8=",
                "data:",
                "  game.properties: |",
                "    enemies=aliens",
                "    lives=3",
                "  kept: |+",
                "    two breaks",
                "",
                "  trailing: |-",
                "    no final break",
                "    here",
                "  ui: color=purple",
                "kind: ConfigMap",
                "metadata:",
                "  annotations:",
                "    note: two words",
                "  creationTimestamp: \"2025-01-06T10:22:45Z\"",
                "  labels:",
                "    app: game",
                "  name: game-config",
                "  namespace: default",
                $"  resourceVersion: \"{game.Metadata.ResourceVersion}\"",
                $"  uid: {game.Metadata.Uid}"),
            GetPrinter.Get(f.View(FiveMinutes), ["ConfigMap"], "game-config", null, false, "yaml", null));
        Assert.Contains("immutable: true\n", GetPrinter.Get(f.View(FiveMinutes), ["ConfigMap"], "empty", null, false, "yaml", null), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\nb", "v: |-\n  a\n  b\n")]
    [InlineData(" lead\n", "v: |2\n   lead\n")]
    [InlineData("tab\there\n", "v: \"tab\\there\\n\"\n")]
    [InlineData("space \nbreak", "v: \"space \\nbreak\"\n")]
    [InlineData("2025-01-06 09:00:10 +0000 UTC", "v: 2025-01-06 09:00:10 +0000 UTC\n")]
    [InlineData("2015-02-24T18:19:39Z", "v: \"2015-02-24T18:19:39Z\"\n")]
    [InlineData("2015-02-24 18:19:39.5", "v: \"2015-02-24 18:19:39.5\"\n")]
    [InlineData("2015-2-4", "v: \"2015-2-4\"\n")]
    [InlineData("2015-02-30", "v: 2015-02-30\n")]
    public void GoYamlStringStyles(string value, string yaml)
    {
        // go-yaml v2 encode_test.go marshalTests ("B\nC" as "|-", timestamps quoted) and emitter.c's block analysis.
        Assert.Equal(yaml, new YamlNode.Map().Set("v", YamlNode.Str(value)).Render());
    }

    [Fact]
    public void LiteralInASequenceIsIndentedUnderTheDash()
    {
        // marshalTests: map[string][]string{"v": {"A", "B\nC"}} is "v:\n- A\n- |-\n  B\n  C\n".
        Assert.Equal("v:\n- A\n- |-\n  B\n  C\n", new YamlNode.Map().Set("v", new YamlNode.Seq([YamlNode.Str("A"), YamlNode.Str("B\nC")])).Render());
    }
}
