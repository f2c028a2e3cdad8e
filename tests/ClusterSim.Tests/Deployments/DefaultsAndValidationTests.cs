using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;
using static ClusterSim.Tests.Deployments.DeploymentFixture;

namespace ClusterSim.Tests.Deployments;

/// <summary>
/// Per-apiVersion defaulting (pkg/apis/apps/v1, apps/v1beta2, extensions/v1beta1 defaults.go) and the apps
/// validation of Deployments, through the API server as kubectl create and scenario manifests reach it.
/// </summary>
public class DefaultsAndValidationTests
{
    [Theory]
    [InlineData("apps/v1")]
    [InlineData("apps/v1beta2")]
    public void AppsVersionsDefaultTo25PercentTenRevisionsAnd600Seconds(string apiVersion)
    {
        using var c = Cluster.SimClusterFixture.NewCluster(nodes: 0);
        var d = NewDeployment("web", 3);
        d.ApiVersion = apiVersion;
        c.Api.Create(d);
        Assert.Equal("RollingUpdate", d.Strategy.Type);
        Assert.Equal(IntOrString.FromString("25%"), d.Strategy.RollingUpdate!.MaxSurge);
        Assert.Equal(IntOrString.FromString("25%"), d.Strategy.RollingUpdate.MaxUnavailable);
        Assert.Equal(10, d.RevisionHistoryLimit);
        Assert.Equal(600, d.ProgressDeadlineSeconds);
        Assert.Equal("IfNotPresent", d.Template.Spec.Containers[0].ImagePullPolicy);
    }

    [Fact]
    public void ExtensionsV1beta1DefaultsSelectorLabelsAndOneOne()
    {
        using var c = Cluster.SimClusterFixture.NewCluster(nodes: 0);
        var d = NewDeployment("web", 3);
        d.ApiVersion = "extensions/v1beta1";
        d.Selector = null;
        c.Api.Create(d);
        Assert.Equal(["app=web"], d.Selector!.MatchLabels.Select(kv => kv.Key + "=" + kv.Value));
        Assert.Equal(["app=web"], d.Metadata.Labels.Select(kv => kv.Key + "=" + kv.Value));
        Assert.Equal(IntOrString.FromInt(1), d.Strategy.RollingUpdate!.MaxSurge);
        Assert.Equal(IntOrString.FromInt(1), d.Strategy.RollingUpdate.MaxUnavailable);
        Assert.Equal(int.MaxValue, d.RevisionHistoryLimit);
        Assert.Equal(int.MaxValue, d.ProgressDeadlineSeconds);
    }

    [Fact]
    public void RecreateGetsNoRollingUpdateInAppsV1()
    {
        using var c = Cluster.SimClusterFixture.NewCluster(nodes: 0);
        var d = c.Api.Create(NewDeployment("web", 3, strategy: "Recreate"));
        Assert.Null(d.Strategy.RollingUpdate);
    }

    [Fact]
    public void ExtensionsV1beta1DefaultsARollingUpdateGivenWithRecreateWhichIsThenRejected()
    {
        using var c = Cluster.SimClusterFixture.NewCluster(nodes: 0);
        var d = NewDeployment("web", 3, strategy: "Recreate");
        d.ApiVersion = "extensions/v1beta1";
        d.Strategy.RollingUpdate = new RollingUpdateDeployment();
        var e = Assert.Throws<ApiException>(() => c.Api.Create(d));
        Assert.Equal("Deployment \"web\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'", e.Message);
    }

    public static TheoryData<string?, string?, string> InvalidStrategies => new()
    {
        { "0", "0", "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0" },
        { "0%", "0%", "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0 when `maxSurge` is 0" },
        { "0", "0%", "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0 when `maxSurge` is 0" },
        { "1", "110%", "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"110%\"}: must not be greater than 100%" },
        // strconv.Atoi saturates: an enormous percentage is above 100%, and with maxSurge 0 it is not "0".
        { "0", "99999999999%", "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"99999999999%\"}: must not be greater than 100%" },
        { "-1", "1", "spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0" },
        { "\"1\"", "1", "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"1\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')" },
    };

    private static IntOrString? Parse(string? s) => s switch
    {
        null => null,
        _ when s.StartsWith('"') => IntOrString.FromString(s.Trim('"')),
        _ when s.EndsWith('%') => IntOrString.FromString(s),
        _ => IntOrString.FromInt(int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)),
    };

    [Theory]
    [MemberData(nameof(InvalidStrategies))]
    public void RollingUpdateParametersAreValidated(string? maxSurge, string? maxUnavailable, string error)
    {
        using var c = Cluster.SimClusterFixture.NewCluster(nodes: 0);
        var e = Assert.Throws<ApiException>(() => c.Api.Create(NewDeployment("web", 3, maxSurge: Parse(maxSurge), maxUnavailable: Parse(maxUnavailable))));
        Assert.Equal("Deployment \"web\" is invalid: " + error, e.Message);
    }

    [Fact]
    public void MaxSurgeMayExceedAHundredPercent()
    {
        using var c = Cluster.SimClusterFixture.NewCluster(nodes: 0);
        c.Api.Create(NewDeployment("web", 3, maxSurge: IntOrString.FromString("200%"), maxUnavailable: IntOrString.FromInt(0)));
    }

    [Fact]
    public void SelectorMustMatchTemplateLabels()
    {
        using var c = Cluster.SimClusterFixture.NewCluster(nodes: 0);
        var d = NewDeployment("web", 3);
        d.Template.Metadata.Labels["app"] = "other";
        var e = Assert.Throws<ApiException>(() => c.Api.Create(d));
        Assert.Equal("Deployment \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`", e.Message);
    }

    [Fact]
    public void AppsV1RequiresASelector()
    {
        using var c = Cluster.SimClusterFixture.NewCluster(nodes: 0);
        var d = NewDeployment("web", 3);
        d.Selector = null;
        var e = Assert.Throws<ApiException>(() => c.Api.Create(d));
        Assert.Equal("Deployment \"web\" is invalid: spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`", e.Message);
    }

    [Fact]
    public void OtherSpecFieldsAreValidated()
    {
        using var c = Cluster.SimClusterFixture.NewCluster(nodes: 0);
        var d = NewDeployment("web", -1);
        d.MinReadySeconds = 10;
        d.ProgressDeadlineSeconds = 10;
        d.RevisionHistoryLimit = -2;
        d.Template.Spec.RestartPolicy = "Never";
        var e = Assert.Throws<ApiException>(() => c.Api.Create(d));
        Assert.Equal(
            "Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0, "
            + "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\", "
            + "spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0, "
            + "spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds",
            e.Message);
    }

    [Fact]
    public void UnknownStrategyTypeIsUnsupported()
    {
        using var c = Cluster.SimClusterFixture.NewCluster(nodes: 0);
        var d = NewDeployment("web", 1, strategy: "BlueGreen");
        var e = Assert.Throws<ApiException>(() => c.Api.Create(d));
        Assert.Equal("Deployment \"web\" is invalid: spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\"", e.Message);
    }

    [Fact]
    public void SpecUpdatesBumpTheGenerationAndAreDefaulted()
    {
        using var c = Cluster.SimClusterFixture.NewCluster(nodes: 0);
        var d = c.Api.Create(NewDeployment("web", 3, strategy: "Recreate"));
        Assert.Equal(1, d.Metadata.Generation);
        d.Strategy.Type = "RollingUpdate";
        c.Api.Update(d, specChanged: true);
        Assert.Equal(2, d.Metadata.Generation);
        Assert.Equal(IntOrString.FromString("25%"), d.Strategy.RollingUpdate!.MaxSurge);
    }
}
