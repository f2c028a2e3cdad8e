using ClusterSim.Scenarios;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Scenarios;

/// <summary>Deployments in each apiVersion: fields, defaults left unset, and the API server's validation errors at their line and column.</summary>
public class DeploymentDecoderTests
{
    private static ManifestDecodeResult Decode(params string[] lines) => ManifestDecoder.DecodeText(string.Join("\n", lines) + "\n", "d.yaml");

    private static Deployment Single(params string[] lines)
    {
        var result = Decode(lines);
        Assert.All(result.Diagnostics, d => Assert.Contains(" is kept but not simulated", d.Message, StringComparison.Ordinal));
        return Assert.IsType<Deployment>(Assert.Single(result.Objects).Object);
    }

    /// <summary>An apps/v1 Deployment with <paramref name="strategy"/> lines (indented under spec) at line 5.</summary>
    private static string[] WithStrategy(string apiVersion, params string[] strategy) =>
    [
        $"apiVersion: {apiVersion}",                  // 1
        "kind: Deployment",                           // 2
        "metadata: {name: web}",                      // 3
        "spec:",                                      // 4
        .. strategy,                                  // 5..
        "  selector: {matchLabels: {app: web}}",
        "  template:",
        "    metadata: {labels: {app: web}}",
        "    spec: {containers: [{name: web, image: nginx}]}",
    ];

    [Fact]
    public void AppsV1WithEveryField()
    {
        var d = Single(
            "apiVersion: apps/v1",
            "kind: Deployment",
            "metadata: {name: frontend, labels: {app: guestbook}}",
            "spec:",
            "  replicas: 3",
            "  selector:",
            "    matchLabels: {app: guestbook}",
            "    matchExpressions: [{key: tier, operator: In, values: [frontend]}]",
            "  strategy:",
            "    type: RollingUpdate",
            "    rollingUpdate: {maxSurge: 30%, maxUnavailable: 0}",
            "  minReadySeconds: 5",
            "  revisionHistoryLimit: 3",
            "  progressDeadlineSeconds: 120",
            "  paused: true",
            "  template:",
            "    metadata: {labels: {app: guestbook, tier: frontend}}",
            "    spec: {containers: [{name: php-redis, image: 'gcr.io/google-samples/gb-frontend:v4'}]}",
            "status: {replicas: 3}");

        Assert.Equal(("frontend", "apps/v1", 3, 5, true), (d.Metadata.Name, d.ApiVersion, d.Replicas, d.MinReadySeconds, d.Paused));
        Assert.Equal((3, 120), (d.RevisionHistoryLimit, d.ProgressDeadlineSeconds));
        Assert.Equal("RollingUpdate", d.Strategy.Type);
        Assert.Equal(IntOrString.FromString("30%"), d.Strategy.RollingUpdate!.MaxSurge);
        Assert.Equal(IntOrString.FromInt(0), d.Strategy.RollingUpdate.MaxUnavailable);
        Assert.Equal("guestbook", d.Selector!.MatchLabels["app"]);
        Assert.Equal("tier", Assert.Single(d.Selector.MatchExpressions).Key);
        Assert.Equal("php-redis", Assert.Single(d.Template.Spec.Containers).Name);
        Assert.Equal(0, d.Status.Replicas);
    }

    [Fact]
    public void UnsetFieldsStayUnsetForDefaulting()
    {
        var d = Single(WithStrategy("apps/v1"));

        Assert.Equal((1, "RollingUpdate"), (d.Replicas, d.Strategy.Type));
        Assert.Null(d.Strategy.RollingUpdate);
        Assert.Null(d.RevisionHistoryLimit);
        Assert.Null(d.ProgressDeadlineSeconds);
    }

    [Fact]
    public void AppsV1beta2Recreate()
    {
        var d = Single(WithStrategy("apps/v1beta2", "  strategy: {type: Recreate}"));

        Assert.Equal(("apps/v1beta2", "Recreate"), (d.ApiVersion, d.Strategy.Type));
        Assert.Null(d.Strategy.RollingUpdate);
    }

    [Fact]
    public void ExtensionsDefaultsTheSelectorFromTheTemplate()
    {
        var d = Single(
            "apiVersion: extensions/v1beta1",
            "kind: Deployment",
            "metadata: {name: old}",
            "spec:",
            "  rollbackTo: {revision: 2}",
            "  template:",
            "    metadata: {labels: {app: old}}",
            "    spec: {containers: [{name: c, image: nginx}]}");

        Assert.Equal("old", d.Selector!.MatchLabels["app"]);
        Assert.Contains("spec.rollbackTo: {revision: 2}", d.UnknownFields);
    }

    [Fact]
    public void RollbackToInExtensionsIsKeptWithAWarning()
    {
        var result = Decode(WithStrategy("extensions/v1beta1", "  rollbackTo: {revision: 2}"));

        TestFiles.AssertSingle(result.Diagnostics, Severity.Warning, "d.yaml", 5, 3, "spec.rollbackTo is kept but not simulated (a rollback requested in the manifest is not performed; use kubectl rollout undo)");
    }

    [Fact]
    public void RollbackToIsUnknownInAppsV1()
    {
        var result = Decode(WithStrategy("apps/v1", "  rollbackTo: {revision: 2}"));

        TestFiles.AssertSingle(result.Diagnostics, Severity.Warning, "d.yaml", 5, 3, "unknown field \"spec.rollbackTo\" in Deployment");
        Assert.Single(result.Objects);
    }

    [Theory]
    [InlineData("apps/v1", "    rollingUpdate: {maxSurge: 0}")]
    [InlineData("extensions/v1beta1", "    rollingUpdate: {maxUnavailable: 0}")]
    [InlineData("apps/v1", "    rollingUpdate: {maxSurge: 150%, maxUnavailable: 100%}")]
    [InlineData("apps/v1", "    rollingUpdate: {maxSurge: 0, maxUnavailable: 1}")]
    public void ValidRollingUpdates(string apiVersion, string rollingUpdate) =>
        Single(WithStrategy(apiVersion, "  strategy:", rollingUpdate));

    [Theory]
    [InlineData("    rollingUpdate: {maxSurge: 0, maxUnavailable: 0}", 6, 34, "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0")]
    [InlineData("    rollingUpdate: {maxSurge: '0%', maxUnavailable: 0%}", 6, 37, "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0 when `maxSurge` is 0")]
    [InlineData("    rollingUpdate: {maxUnavailable: 150%}", 6, 21, "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%")]
    [InlineData("    rollingUpdate: {maxSurge: lots}", 6, 21, "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"lots\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")]
    [InlineData("    rollingUpdate: {maxUnavailable: -1}", 6, 21, "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0")]
    public void BadRollingUpdates(string rollingUpdate, int line, int column, string message)
    {
        var result = Decode(WithStrategy("apps/v1", "  strategy:", rollingUpdate));

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "d.yaml", line, column, "Deployment \"web\" is invalid: " + message);
        Assert.Empty(result.Objects);
    }

    [Fact]
    public void RecreateWithRollingUpdateIsForbidden()
    {
        var result = Decode(WithStrategy("apps/v1", "  strategy:", "    type: Recreate", "    rollingUpdate: {maxSurge: 1}"));

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "d.yaml", 7, 5, "Deployment \"web\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'");
    }

    [Fact]
    public void UnknownStrategyType()
    {
        var result = Decode(WithStrategy("apps/v1", "  strategy: {type: BlueGreen}"));

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "d.yaml", 5, 3, "Deployment \"web\" is invalid: spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\"");
    }

    [Fact]
    public void DeadlineMustExceedMinReadySeconds()
    {
        var result = Decode(WithStrategy("apps/v1", "  minReadySeconds: 30", "  progressDeadlineSeconds: 30", "  revisionHistoryLimit: -1"));

        Assert.Collection(
            result.Diagnostics,
            d => TestFiles.AssertDiagnostic(d, Severity.Error, "d.yaml", 7, 3, "Deployment \"web\" is invalid: spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0"),
            d => TestFiles.AssertDiagnostic(d, Severity.Error, "d.yaml", 6, 3, "Deployment \"web\" is invalid: spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds"));
    }

    [Fact]
    public void SelectorNotMatchingTemplate()
    {
        var result = Decode(
            "apiVersion: apps/v1",
            "kind: Deployment",
            "metadata: {name: web}",
            "spec:",
            "  selector: {matchLabels: {app: web}, matchExpressions: [{key: tier, operator: In, values: [backend]}]}",
            "  template:",
            "    metadata:",
            "      labels: {app: web, tier: frontend}",
            "    spec: {containers: [{name: web, image: nginx}]}");

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "d.yaml", 8, 7, "Deployment \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\", \"tier\":\"frontend\"}: `selector` does not match template `labels`");
    }

    [Fact]
    public void AppsV1RequiresASelector()
    {
        var result = Decode(
            "apiVersion: apps/v1",
            "kind: Deployment",
            "metadata: {name: web}",
            "spec:",
            "  template:",
            "    metadata: {labels: {app: web}}",
            "    spec: {containers: [{name: web, image: nginx}]}");

        // apps validation ValidateDeploymentSpec: a nil selector is Required, and as labels.Nothing() it also
        // fails the template check, so the API server reports both.
        Assert.Equal(
            [
                "d.yaml:4:1: error: Deployment \"web\" is invalid: spec.selector: Required value",
                "d.yaml:6:16: error: Deployment \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`",
            ],
            result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void TypeErrorsAndVersions()
    {
        var result = Decode(WithStrategy("apps/v1", "  strategy: {rollingUpdate: {maxSurge: 1.5}}", "  paused: maybe"));
        Assert.Collection(
            result.Diagnostics,
            d => TestFiles.AssertDiagnostic(d, Severity.Error, "d.yaml", 5, 40, "spec.strategy.rollingUpdate.maxSurge: expected an integer or a string, got number 1.5"),
            d => TestFiles.AssertDiagnostic(d, Severity.Error, "d.yaml", 6, 11, "spec.paused: expected a boolean (true or false), got string \"maybe\""));

        var v1beta1 = Decode(WithStrategy("apps/v1beta1"));
        TestFiles.AssertSingle(v1beta1.Diagnostics, Severity.Error, "d.yaml", 1, 13, "no matches for kind \"Deployment\" in version \"apps/v1beta1\"");
    }

    [Fact]
    public void CreateFreshDecodesAgain()
    {
        var loaded = Assert.Single(Decode(WithStrategy("apps/v1", "  replicas: 2")).Objects);
        var a = (Deployment)loaded.CreateFresh();
        a.Replicas = 7;
        Assert.Equal(2, ((Deployment)loaded.CreateFresh()).Replicas);
    }
}
