using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;
using ClusterSim.Tests.Kubectl;

namespace ClusterSim.Tests.Scenarios;

/// <summary>
/// podAffinity and podAntiAffinity: decoded, checked with the API server's messages (pkg/apis/core/validation
/// validatePodAffinityTerm and friends) at their line and column, merged with matchLabelKeys when a pod is created
/// (pkg/registry/core/pod/strategy.go), and printed by kubectl get -o yaml.
/// </summary>
public class PodAffinityDecoderTests
{
    private static ManifestDecodeResult Decode(params string[] lines) => ManifestDecoder.DecodeText(string.Join("\n", lines) + "\n", "m.yaml");

    /// <summary>A pod whose spec.affinity is <paramref name="affinity"/> (lines indented under "  affinity:", from line 5).</summary>
    private static ManifestDecodeResult Pod(params string[] affinity) =>
        Decode(["apiVersion: v1", "kind: Pod", "metadata: {name: p, labels: {app: web, track: stable}}", "spec:", "  affinity:", .. affinity, "  containers: [{name: c, image: nginx}]"]);

    [Fact]
    public void TermsAreDecoded()
    {
        var result = Pod(
            "    podAffinity:",
            "      requiredDuringSchedulingIgnoredDuringExecution:",
            "      - labelSelector: {matchLabels: {app: db}}",
            "        topologyKey: topology.kubernetes.io/zone",
            "        namespaces: [data]",
            "        namespaceSelector: {}",
            "    podAntiAffinity:",
            "      requiredDuringSchedulingIgnoredDuringExecution:",
            "      - labelSelector:",
            "          matchExpressions: [{key: app, operator: In, values: [web]}]",
            "        topologyKey: kubernetes.io/hostname",
            "        matchLabelKeys: [track]",
            "      preferredDuringSchedulingIgnoredDuringExecution:",
            "      - weight: 30",
            "        podAffinityTerm:",
            "          labelSelector: {matchLabels: {app: web}}",
            "          namespaceSelector: null",
            "          mismatchLabelKeys: [track]",
            "          topologyKey: topology.kubernetes.io/zone");

        Assert.Empty(result.Diagnostics);
        var pod = Assert.IsType<Pod>(Assert.Single(result.Objects).Object);
        Assert.Empty(pod.UnknownFields);
        var affinity = pod.Spec.Affinity!;
        Assert.Null(affinity.NodeAffinity);
        var a = Assert.Single(affinity.PodAffinity!.RequiredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal(("db", "topology.kubernetes.io/zone", "data"), (a.LabelSelector!.MatchLabels["app"], a.TopologyKey, Assert.Single(a.Namespaces)));
        Assert.NotNull(a.NamespaceSelector);
        Assert.Empty(affinity.PodAffinity.PreferredDuringSchedulingIgnoredDuringExecution);
        var anti = Assert.Single(affinity.PodAntiAffinity!.RequiredDuringSchedulingIgnoredDuringExecution);

        // As written: the API server merges matchLabelKeys into the selector only when it creates the pod.
        Assert.Equal(new LabelSelectorRequirement("app", "In", ["web"]), Assert.Single(anti.LabelSelector!.MatchExpressions));
        Assert.Equal(["track"], anti.MatchLabelKeys);
        var preferred = Assert.Single(affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal((30, "topology.kubernetes.io/zone", "track"), (preferred.Weight, preferred.PodAffinityTerm.TopologyKey, Assert.Single(preferred.PodAffinityTerm.MismatchLabelKeys)));
        Assert.Null(preferred.PodAffinityTerm.NamespaceSelector);
    }

    [Theory]
    [InlineData("      - {labelSelector: {matchLabels: {app: web}}, topologyKey: a/b/c}", 8, 52, "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")]
    [InlineData("      - {labelSelector: {matchLabels: {app: web}}, topologyKey: zone, matchLabelKeys: [release], mismatchLabelKeys: [release]}", 8, 88, "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[0]: Invalid value: \"release\": exists in both matchLabelKeys and mismatchLabelKeys")]
    [InlineData("      - {topologyKey: zone, matchLabelKeys: [track]}", 8, 29, "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set")]
    [InlineData("      - {labelSelector: {matchExpressions: [{key: app, operator: Is, values: [web]}]}, topologyKey: zone}", 8, 56, "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].operator: Invalid value: \"Is\": not a valid selector operator")]
    [InlineData("      - {labelSelector: {matchLabels: {app: web}}, topologyKey: zone, namespaces: [Data]}", 8, 9, "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace: Invalid value: \"Data\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")]
    public void TermErrorsPointAtTheField(string term, int line, int column, string message)
    {
        var result = Pod("    podAntiAffinity:", "      requiredDuringSchedulingIgnoredDuringExecution:", term);

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "m.yaml", line, column, "Pod \"p\" is invalid: " + message);
        Assert.Empty(result.Objects);
    }

    [Fact]
    public void AnEmptyTopologyKeyIsRequiredAndAQualifiedName()
    {
        var result = Pod("    podAffinity:", "      requiredDuringSchedulingIgnoredDuringExecution:", "      - labelSelector: {matchLabels: {app: web}}");

        const string path = "Pod \"p\" is invalid: spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: ";
        Assert.Collection(
            result.Diagnostics,
            d => TestFiles.AssertDiagnostic(d, Severity.Error, "m.yaml", 8, 9, path + "Required value: can not be empty"),
            d => TestFiles.AssertDiagnostic(d, Severity.Error, "m.yaml", 8, 9, path + "Invalid value: \"\": name part must be non-empty"),
            d => TestFiles.AssertDiagnostic(d, Severity.Error, "m.yaml", 8, 9, path + "Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
    }

    [Fact]
    public void PreferredWeightIsOneToHundred()
    {
        var result = Pod(
            "    podAffinity:",
            "      preferredDuringSchedulingIgnoredDuringExecution:",
            "      - weight: 0",
            "        podAffinityTerm: {labelSelector: {matchLabels: {app: web}}, topologyKey: zone}");

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "m.yaml", 8, 9, "Pod \"p\" is invalid: spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100");
    }

    /// <summary>
    /// A key in both matchLabelKeys and the selector: the pod's merged selector holds it twice (the error names the
    /// term indexed by the key's position, as Kubernetes does); a Deployment's template is not merged, so it loads.
    /// </summary>
    [Fact]
    public void MatchLabelKeyAlsoInTheSelectorIsRefusedOnAPodOnly()
    {
        string[] term = ["    podAntiAffinity:", "      requiredDuringSchedulingIgnoredDuringExecution:", "      - {labelSelector: {matchLabels: {track: stable}}, topologyKey: zone, matchLabelKeys: [track]}"];
        var pod = Pod(term);
        TestFiles.AssertSingle(pod.Diagnostics, Severity.Error, "m.yaml", 8, 9, "Pod \"p\" is invalid: spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0][0]: Invalid value: \"track\": exists in both matchLabelKeys and labelSelector");

        var deployment = Decode(
            [
                "apiVersion: apps/v1", "kind: Deployment", "metadata: {name: web}", "spec:", "  selector: {matchLabels: {app: web}}", "  template:",
                "    metadata: {labels: {app: web, track: stable}}", "    spec:", "      affinity:", .. term.Select(l => "    " + l), "      containers: [{name: c, image: nginx}]",
            ]);
        Assert.Empty(deployment.Diagnostics);
    }

    /// <summary>strategy.go mutatePodAffinity: key In (value) for matchLabelKeys, key NotIn (value) for mismatchLabelKeys, only for labels the pod has; the template's selector is left alone.</summary>
    [Fact]
    public void CreatedPodsGetTheirMatchLabelKeysMerged()
    {
        var template = new PodAntiAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution =
            [
                new PodAffinityTerm { LabelSelector = new LabelSelector { MatchLabels = { ["app"] = "web" } }, TopologyKey = "zone", MatchLabelKeys = ["pod-template-hash", "missing"], MismatchLabelKeys = ["tenant"] },
                new PodAffinityTerm { TopologyKey = "zone" },
            ],
        };
        var f = new KubectlFixture();
        var pod = new Pod
        {
            Metadata = { Name = "web-1", Labels = { ["app"] = "web", ["pod-template-hash"] = "abc12", ["tenant"] = "t1" } },
            Spec = { Containers = [new Container { Name = "c", Image = "nginx" }], Affinity = new Affinity(null, PodAntiAffinity: template) },
        };
        f.Api.Create(pod);

        var merged = pod.Spec.Affinity!.PodAntiAffinity!.RequiredDuringSchedulingIgnoredDuringExecution;
        Assert.Equal([new LabelSelectorRequirement("pod-template-hash", "In", ["abc12"]), new LabelSelectorRequirement("tenant", "NotIn", ["t1"])], merged[0].LabelSelector!.MatchExpressions);
        Assert.Equal("web", merged[0].LabelSelector!.MatchLabels["app"]);
        Assert.Null(merged[1].LabelSelector);
        Assert.Empty(template.RequiredDuringSchedulingIgnoredDuringExecution[0].LabelSelector!.MatchExpressions);
    }

    [Fact]
    public void GetPodOutputYamlPrintsTheAffinity()
    {
        var f = new KubectlFixture();
        var pod = new Pod
        {
            Metadata = { Name = "web-1", Labels = { ["app"] = "web" } },
            Spec =
            {
                Containers = [new Container { Name = "c", Image = "nginx" }],
                Affinity = new Affinity(
                    null,
                    new PodAffinity { PreferredDuringSchedulingIgnoredDuringExecution = [new(10, new PodAffinityTerm { LabelSelector = new LabelSelector { MatchLabels = { ["app"] = "db" } }, TopologyKey = "zone", NamespaceSelector = new LabelSelector() })] },
                    new PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [new PodAffinityTerm { LabelSelector = new LabelSelector { MatchLabels = { ["app"] = "web" } }, TopologyKey = "kubernetes.io/hostname", Namespaces = ["default"] }] }),
            },
        };
        f.Api.Create(pod);

        var yaml = GetPrinter.Get(f.View(TimeSpan.FromMinutes(1)), ["Pod"], "web-1", null, false, "yaml", null);
        Assert.Contains(
            string.Join(
                "\n",
                "  affinity:",
                "    podAffinity:",
                "      preferredDuringSchedulingIgnoredDuringExecution:",
                "      - podAffinityTerm:",
                "          labelSelector:",
                "            matchLabels:",
                "              app: db",
                "          namespaceSelector: {}",
                "          topologyKey: zone",
                "        weight: 10",
                "    podAntiAffinity:",
                "      requiredDuringSchedulingIgnoredDuringExecution:",
                "      - labelSelector:",
                "          matchLabels:",
                "            app: web",
                "        namespaces:",
                "        - default",
                "        topologyKey: kubernetes.io/hostname",
                "  containers:"),
            yaml,
            StringComparison.Ordinal);
    }
}
