using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.Store;

/// <summary>
/// Validation of PodDisruptionBudgets, with the cases of pkg/apis/policy/validation/validation_test.go
/// (TestValidatePodDisruptionBudgetSpec, TestValidateMinAvailablePodDisruptionBudgetSpec,
/// TestValidateMinAvailablePodAndMaxUnavailableDisruptionBudgetSpec,
/// TestValidateUnhealthyPodEvictionPolicyDisruptionBudgetSpec) and the API server's exact messages.
/// </summary>
public class PdbValidationTests
{
    private const string PercentMessage = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

    private static PodDisruptionBudget Pdb(Action<PodDisruptionBudgetSpec> spec, string name = "web")
    {
        var pdb = new PodDisruptionBudget { Metadata = { Name = name, Namespace = "default" } };
        spec(pdb.Spec);
        return pdb;
    }

    private static List<string> Errors(PodDisruptionBudget pdb) => Validation.Validate(pdb).Select(e => e.ToString()).ToList();

    private static List<string> SpecErrors(Action<PodDisruptionBudgetSpec> spec) => Errors(Pdb(spec));

    /// <summary>An integer, or a string ("10%"; a number in double quotes is a string too, as `minAvailable: "2"` in YAML).</summary>
    private static IntOrString Parse(string v) =>
        int.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out int i) ? IntOrString.FromInt(i) : IntOrString.FromString(v.Trim('"'));

    [Fact]
    public void BothSetIsAnErrorAtSpec()
    {
        // TestValidatePodDisruptionBudgetSpec: minAvailable 0%, maxUnavailable 10%.
        Assert.Equal(
            ["spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000000000), Selector:(*v1.LabelSelector)(nil), MaxUnavailable:(*intstr.IntOrString)(0xc000000000), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set"],
            SpecErrors(s => (s.MinAvailable, s.MaxUnavailable) = (IntOrString.FromString("0%"), IntOrString.FromString("10%"))));

        // TestValidateMinAvailablePodAndMaxUnavailableDisruptionBudgetSpec: 10% and 1, with a selector and a policy set.
        Assert.Equal(
            ["spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000000000), Selector:(*v1.LabelSelector)(0xc000000000), MaxUnavailable:(*intstr.IntOrString)(0xc000000000), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(0xc000000000)}: minAvailable and maxUnavailable cannot be both set"],
            SpecErrors(s =>
            {
                (s.MinAvailable, s.MaxUnavailable) = (IntOrString.FromString("10%"), IntOrString.FromInt(1));
                s.Selector = new LabelSelector();
                s.UnhealthyPodEvictionPolicy = "AlwaysAllow";
            }));
    }

    [Theory]
    [InlineData("0%")]
    [InlineData("1%")]
    [InlineData("100%")]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("100")]
    [InlineData("1000")]
    public void ValidMinAvailableAndMaxUnavailable(string value)
    {
        // TestValidateMinAvailablePodDisruptionBudgetSpec's success cases; an integer has no upper bound.
        Assert.Empty(SpecErrors(s => s.MinAvailable = Parse(value)));
        Assert.Empty(SpecErrors(s => s.MaxUnavailable = Parse(value)));
    }

    public static TheoryData<string, string> InvalidValues => new()
    {
        // TestValidateMinAvailablePodDisruptionBudgetSpec's failure cases.
        { "1.1%", "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"1.1%\"}: " + PercentMessage },
        { "nope", "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"nope\"}: " + PercentMessage },
        { "-1%", "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"-1%\"}: " + PercentMessage },
        { "101%", "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"101%\"}: must not be greater than 100%" },
        { "-1", "Invalid value: -1: must be greater than or equal to 0" },

        // A quoted number is a string, not a percentage; Go's Atoi of a too long number is its largest int, above 100%.
        { "\"2\"", "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"2\"}: " + PercentMessage },
        { "99999999999999999999%", "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"99999999999999999999%\"}: must not be greater than 100%" },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void InvalidMinAvailableAndMaxUnavailable(string value, string message)
    {
        var v = Parse(value);
        Assert.Equal(["spec.minAvailable: " + message], SpecErrors(s => s.MinAvailable = v));
        Assert.Equal(["spec.maxUnavailable: " + message], SpecErrors(s => s.MaxUnavailable = v));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("AlwaysAllow", null)]
    [InlineData("IfHealthyBudget", null)]
    [InlineData("", "spec.unhealthyPodEvictionPolicy: Unsupported value: \"\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\"")]
    [InlineData("Invalid", "spec.unhealthyPodEvictionPolicy: Unsupported value: \"Invalid\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\"")]
    public void UnhealthyPodEvictionPolicy(string? policy, string? error)
    {
        // TestValidateUnhealthyPodEvictionPolicyDisruptionBudgetSpec: minAvailable 10% with each policy.
        var errors = SpecErrors(s => (s.MinAvailable, s.UnhealthyPodEvictionPolicy) = (IntOrString.FromString("10%"), policy));

        Assert.Equal(error is null ? [] : [error], errors);
    }

    [Fact]
    public void NullEmptyAndValidSelectorsAreValid()
    {
        Assert.Empty(SpecErrors(s => s.Selector = null));
        Assert.Empty(SpecErrors(s => s.Selector = new LabelSelector()));
        Assert.Empty(SpecErrors(s => s.Selector = new LabelSelector
        {
            MatchLabels = { ["app"] = "web", ["example.com/tier"] = "" },
            MatchExpressions =
            [
                new("env", "In", ["prod", "staging"]),
                new("track", "NotIn", ["canary"]),
                new("app", "Exists", []),
                new("legacy", "DoesNotExist", []),
            ],
        }));
    }

    [Fact]
    public void SelectorErrorsAreValidateLabelSelectors()
    {
        var errors = SpecErrors(s => s.Selector = new LabelSelector
        {
            MatchLabels = { ["-bad"] = "ok", ["app"] = "not ok" },
            MatchExpressions =
            [
                new("tier", "Equals", ["a"]),
                new("tier", "In", []),
                new("tier", "Exists", ["a"]),
                new("", "NotIn", ["a", "b c"]),
            ],
        });

        const string keyRegex = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        const string valueRegex = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
        Assert.Equal(
            [
                "spec.selector.matchLabels: Invalid value: \"-bad\": " + keyRegex,
                "spec.selector.matchLabels: Invalid value: \"not ok\": " + valueRegex,
                "spec.selector.matchExpressions[0].operator: Invalid value: \"Equals\": not a valid selector operator",
                "spec.selector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                "spec.selector.matchExpressions[2].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                "spec.selector.matchExpressions[3].key: Invalid value: \"\": name part must be non-empty",
                "spec.selector.matchExpressions[3].key: Invalid value: \"\": " + keyRegex,
                "spec.selector.matchExpressions[3].values[1]: Invalid value: \"b c\": " + valueRegex,
            ],
            errors);
    }

    [Fact]
    public void TheNameIsAPathSegmentCheckedOnlyWhenTheSpecIsValid()
    {
        // rest.BeforeCreate: ValidateObjectMetaAccessor with ValidatePathSegmentName, not a DNS subdomain.
        Assert.Empty(Errors(Pdb(s => { }, name: "Web_budget")));
        Assert.Equal(["metadata.name: Invalid value: \"a/b%c\": may not contain '/'", "metadata.name: Invalid value: \"a/b%c\": may not contain '%'"], Errors(Pdb(s => { }, name: "a/b%c")));
        Assert.Equal(["metadata.name: Invalid value: \"..\": may not be '..'"], Errors(Pdb(s => { }, name: "..")));
        Assert.Equal(["metadata.name: Required value: name or generateName is required"], Errors(Pdb(s => { }, name: "")));

        // A spec error is returned alone.
        Assert.Equal(["spec.minAvailable: Invalid value: -1: must be greater than or equal to 0"], Errors(Pdb(s => s.MinAvailable = IntOrString.FromInt(-1), name: "a/b")));
    }

    [Fact]
    public void TheApiServerRefusesAnInvalidBudgetOnCreate()
    {
        using var c = Cluster.SimClusterFixture.NewCluster(nodes: 0);
        var e = Assert.Throws<ApiException>(() => c.Api.Create(Pdb(s => s.MaxUnavailable = IntOrString.FromString("150%"))));

        Assert.Equal(("Invalid", "PodDisruptionBudget \"web\" is invalid: spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%"), (e.Reason, e.Message));
        Assert.Null(c.Store.Get("PodDisruptionBudget", "default/web"));

        var created = c.Api.Create(Pdb(s => s.MaxUnavailable = IntOrString.FromString("50%")));
        Assert.Equal(1, created.Metadata.Generation);
    }
}
