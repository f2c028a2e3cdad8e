using ClusterSim.Scenarios;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Scenarios;

/// <summary>PodDisruptionBudgets in policy/v1 and policy/v1beta1 (with its selector conversion); the API server's errors at their line and column.</summary>
public class PdbDecoderTests
{
    private const string V1beta1Label = "pdb.kubernetes.io/deprecated-v1beta1-empty-selector-match";

    private static ManifestDecodeResult Decode(params string[] lines) => ManifestDecoder.DecodeText(string.Join("\n", lines) + "\n", "pdb.yaml");

    private static PodDisruptionBudget Single(params string[] lines)
    {
        var result = Decode(lines);
        Assert.Empty(result.Diagnostics);
        return Assert.IsType<PodDisruptionBudget>(Assert.Single(result.Objects).Object);
    }

    /// <summary>A budget "web" of <paramref name="apiVersion"/> with <paramref name="spec"/> lines (indented under spec) from line 5.</summary>
    private static string[] Budget(string apiVersion, params string[] spec) =>
    [
        $"apiVersion: {apiVersion}",          // 1
        "kind: PodDisruptionBudget",          // 2
        "metadata: {name: web}",              // 3
        "spec:",                              // 4
        .. spec,                              // 5..
    ];

    private static string[] V1(params string[] spec) => Budget("policy/v1", spec);

    [Fact]
    public void ABudgetWithOnlyGenerateNameLoads()
    {
        // The API server generates the name before it validates (rest.BeforeCreate).
        var pdb = Single("apiVersion: policy/v1", "kind: PodDisruptionBudget", "metadata: {generateName: web-}", "spec:", "  minAvailable: 1", "  selector: {matchLabels: {app: web}}");
        Assert.Equal("web-", pdb.Metadata.GenerateName);
    }

    [Fact]
    public void IntegerMinAvailableAndMatchLabels()
    {
        var pdb = Single(
            "apiVersion: policy/v1",
            "kind: PodDisruptionBudget",
            "metadata: {name: web, namespace: shop, labels: {team: a}}",
            "spec:",
            "  minAvailable: 2",
            "  selector:",
            "    matchLabels: {app: web}",
            "status: {disruptionsAllowed: 7, currentHealthy: 9, expectedPods: 9, conditions: [{type: DisruptionAllowed, status: 'True'}]}");

        Assert.Equal(("policy/v1", "web", "shop", "a"), (pdb.ApiVersion, pdb.Metadata.Name, pdb.Metadata.Namespace, pdb.Metadata.Labels["team"]));
        Assert.Equal(IntOrString.FromInt(2), pdb.Spec.MinAvailable);
        Assert.Null(pdb.Spec.MaxUnavailable);
        Assert.Equal("web", Assert.Single(pdb.Spec.Selector!.MatchLabels).Value);
        Assert.Empty(pdb.Spec.Selector.MatchExpressions);
        Assert.Null(pdb.Spec.UnhealthyPodEvictionPolicy);

        // status is the controller's: ignored.
        Assert.Equal((0, 0, 0), (pdb.Status.DisruptionsAllowed, pdb.Status.CurrentHealthy, pdb.Status.ExpectedPods));
        Assert.Empty(pdb.Status.Conditions);
    }

    [Fact]
    public void PercentMaxUnavailableMatchExpressionsAndPolicy()
    {
        var pdb = Single(V1(
            "  maxUnavailable: 25%",
            "  selector:",
            "    matchLabels: {app: web}",
            "    matchExpressions:",
            "      - {key: tier, operator: In, values: [frontend, cache]}",
            "      - {key: canary, operator: DoesNotExist}",
            "  unhealthyPodEvictionPolicy: AlwaysAllow"));

        Assert.Null(pdb.Spec.MinAvailable);
        Assert.Equal(IntOrString.FromString("25%"), pdb.Spec.MaxUnavailable);
        Assert.Equal(
            [new LabelSelectorRequirement("tier", "In", ["frontend", "cache"]), new LabelSelectorRequirement("canary", "DoesNotExist", [])],
            pdb.Spec.Selector!.MatchExpressions);
        Assert.Equal("AlwaysAllow", pdb.Spec.UnhealthyPodEvictionPolicy);
    }

    [Fact]
    public void AQuotedNumberIsAStringAsInKubernetes()
    {
        var result = Decode(V1("  minAvailable: \"2\""));

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "pdb.yaml", 5, 3, "PodDisruptionBudget \"web\" is invalid: spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"2\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
    }

    [Fact]
    public void V1SelectorsNullEmptyAndWithoutTheV1beta1Label()
    {
        // policy/v1: no selector selects nothing, an empty one every pod of the namespace; both are kept.
        Assert.Null(Single(V1("  minAvailable: 1")).Spec.Selector);
        Assert.Null(Single(V1("  minAvailable: 1", "  selector: null")).Spec.Selector);
        var empty = Single(V1("  minAvailable: 1", "  selector: {}")).Spec.Selector!;
        Assert.Empty(empty.MatchLabels);
        Assert.Empty(empty.MatchExpressions);

        // The match-none selector that a v1beta1 empty selector became is kept; the label is dropped from any other.
        var none = Single(V1("  minAvailable: 1", $"  selector: {{matchExpressions: [{{key: {V1beta1Label}, operator: Exists}}]}}")).Spec.Selector!;
        Assert.Equal(V1beta1Label, Assert.Single(none.MatchExpressions).Key);
        var other = Single(V1("  minAvailable: 1", $"  selector: {{matchLabels: {{app: web}}, matchExpressions: [{{key: {V1beta1Label}, operator: Exists}}]}}")).Spec.Selector!;
        Assert.Empty(other.MatchExpressions);
        Assert.Equal("web", other.MatchLabels["app"]);
    }

    [Fact]
    public void V1beta1IsConvertedToV1()
    {
        // Convert_v1beta1_PodDisruptionBudget_To_policy_PodDisruptionBudget: v1beta1's empty selector selected no pod.
        var none = Single(Budget("policy/v1beta1", "  minAvailable: 1", "  selector: {}"));
        Assert.Equal("policy/v1beta1", none.ApiVersion);
        Assert.Equal(new LabelSelectorRequirement(V1beta1Label, "Exists", []), Assert.Single(none.Spec.Selector!.MatchExpressions));
        Assert.False(Selector.FromLabelSelector(none.Spec.Selector).Matches(new Dictionary<string, string> { ["app"] = "web" }));

        // Its match-all selector becomes v1's empty one; an ordinary selector is unchanged.
        var all = Single(Budget("policy/v1beta1", "  minAvailable: 1", $"  selector: {{matchExpressions: [{{key: {V1beta1Label}, operator: DoesNotExist}}]}}"));
        Assert.Empty(all.Spec.Selector!.MatchExpressions);
        Assert.Empty(all.Spec.Selector.MatchLabels);

        var web = Single(Budget("policy/v1beta1", "  maxUnavailable: 1", "  selector: {matchLabels: {app: web}}", "  unhealthyPodEvictionPolicy: IfHealthyBudget"));
        Assert.Equal(("web", 1, "IfHealthyBudget"), (web.Spec.Selector!.MatchLabels["app"], web.Spec.MaxUnavailable!.Value.IntValue, web.Spec.UnhealthyPodEvictionPolicy));
        Assert.Null(Single(Budget("policy/v1beta1", "  minAvailable: 1")).Spec.Selector);
    }

    [Fact]
    public void OtherPolicyVersionsAreNotServed()
    {
        var result = Decode(Budget("policy/v1alpha1", "  minAvailable: 1"));

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "pdb.yaml", 1, 13, "no matches for kind \"PodDisruptionBudget\" in version \"policy/v1alpha1\"");
    }

    [Fact]
    public void UnknownFieldsAreKeptWithAWarning()
    {
        var result = Decode(V1("  minAvailable: 1", "  budgetScope: PodGroup"));

        TestFiles.AssertSingle(result.Diagnostics, Severity.Warning, "pdb.yaml", 6, 3, "unknown field \"spec.budgetScope\" in PodDisruptionBudget");
        Assert.Equal(["spec.budgetScope: PodGroup"], Assert.Single(result.Objects).Object.UnknownFields);
    }

    [Fact]
    public void WrongTypesAreErrorsAtTheirValue()
    {
        var result = Decode(V1("  minAvailable: [1]"));

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "pdb.yaml", 5, 17, "spec.minAvailable: expected an integer or a string, got a list");
        Assert.Empty(result.Objects);
    }

    [Fact]
    public void ValidationErrorsAreAtTheirFields()
    {
        var result = Decode(V1(
            "  maxUnavailable: 120%",                                    // 5
            "  selector:",                                               // 6
            "    matchExpressions:",                                     // 7
            "      - {key: tier, operator: Equals, values: [a]}",        // 8
            "      - {key: tier, operator: In}",                         // 9
            "  unhealthyPodEvictionPolicy: Never"));                     // 10

        Assert.Equal(
            [
                "pdb.yaml:5:3: error: PodDisruptionBudget \"web\" is invalid: spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"120%\"}: must not be greater than 100%",
                "pdb.yaml:8:21: error: PodDisruptionBudget \"web\" is invalid: spec.selector.matchExpressions[0].operator: Invalid value: \"Equals\": not a valid selector operator",
                "pdb.yaml:9:9: error: PodDisruptionBudget \"web\" is invalid: spec.selector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                "pdb.yaml:10:3: error: PodDisruptionBudget \"web\" is invalid: spec.unhealthyPodEvictionPolicy: Unsupported value: \"Never\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\"",
            ],
            result.Diagnostics.Select(d => d.ToString()));
        Assert.Empty(result.Objects);
    }

    [Fact]
    public void BothSetIsReportedAtSpec()
    {
        var result = Decode(V1("  minAvailable: 1", "  maxUnavailable: 1"));

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "pdb.yaml", 4, 1, "PodDisruptionBudget \"web\" is invalid: spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000000000), Selector:(*v1.LabelSelector)(nil), MaxUnavailable:(*intstr.IntOrString)(0xc000000000), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set");
    }

    [Fact]
    public void NamesArePathSegmentsNotDnsSubdomains()
    {
        Assert.Equal("Web_Budget", Single("apiVersion: policy/v1", "kind: PodDisruptionBudget", "metadata: {name: Web_Budget}", "spec: {minAvailable: 1}").Metadata.Name);

        var result = Decode("apiVersion: policy/v1", "kind: PodDisruptionBudget", "metadata: {name: 'a%b'}", "spec: {minAvailable: 1}");
        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "pdb.yaml", 3, 12, "PodDisruptionBudget \"a%b\" is invalid: metadata.name: Invalid value: \"a%b\": may not contain '%'");
    }
}
