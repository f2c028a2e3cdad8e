using ClusterSim.Scenarios;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Scenarios;

/// <summary>
/// Kinds kept without being simulated: one warning per kind and file, the API server's defaults and name rules per kind
/// (a DNS subdomain, an RBAC path segment), typed fields, and custom resources of groups Kubernetes does not serve.
/// </summary>
public class KeptKindDecoderTests
{
    private static ManifestDecodeResult Decode(params string[] lines) => ManifestDecoder.DecodeText(string.Join("\n", lines) + "\n", "k.yaml");

    private static List<string> Diagnostics(ManifestDecodeResult r) => r.Diagnostics.Select(d => d.ToString()).ToList();

    [Fact]
    public void EachKindWarnsOncePerFileAndIsScopedAsInKubernetes()
    {
        var result = ManifestDecoder.DecodeFile(TestFiles.Data("kept", "kinds.yaml"));

        Assert.Equal(
            [
                "kind Secret is kept but not simulated (containers do not read it, and a pod naming a missing one still starts)",
                "kind ServiceAccount is kept but not simulated (no service accounts or API access are modelled)",
                "kind PersistentVolumeClaim is kept but not simulated (no storage model: it stays Pending, and pods that mount it are scheduled and started as if it were bound)",
                "kind Role is kept but not simulated (no API access is modelled: RBAC authorizes nothing here)",
                "kind RoleBinding is kept but not simulated (no API access is modelled: RBAC authorizes nothing here)",
                "kind ClusterRole is kept but not simulated (no API access is modelled: RBAC authorizes nothing here)",
                "kind ClusterRoleBinding is kept but not simulated (no API access is modelled: RBAC authorizes nothing here)",
                "kind IngressClass is kept but not simulated (no ingress controller runs)",
                "kind Ingress is kept but not simulated (no ingress controller runs: load reaches the targets of the scenario's load section directly)",
                "kind NetworkPolicy is kept but not simulated (no network traffic is modelled: nothing is blocked)",
                "kind ServiceMonitor (monitoring.coreos.com/v1) is kept but not simulated (a custom resource: no controller acts on it here, so whatever its operator would do in a cluster does not happen)",
            ],
            result.Diagnostics.Select(d => d.Message));
        Assert.All(result.Diagnostics, d => Assert.Equal((Severity.Warning, 1), (d.Severity, d.Location.Column)));
        var scopes = result.Objects.Select(o => (KeptObject)o.Object).ToDictionary(o => o.Kind, o => o.Namespaced);
        Assert.Equal(["ClusterRole", "ClusterRoleBinding", "IngressClass"], scopes.Where(s => !s.Value).Select(s => s.Key).Order());
        Assert.Equal(8, scopes.Count(s => s.Value));

        var again = Decode("apiVersion: v1", "kind: Secret", "metadata: {name: a}", "---", "apiVersion: v1", "kind: Secret", "metadata: {name: b}");
        TestFiles.AssertSingle(again.Diagnostics, Severity.Warning, "k.yaml", 1, 1, "kind Secret is kept but not simulated (containers do not read it, and a pod naming a missing one still starts)");
        Assert.Equal(2, again.Objects.Count);
    }

    [Fact]
    public void SecretIsServedWithStringDataMergedAndTheDefaultType()
    {
        var result = Decode(
            "apiVersion: v1",
            "kind: Secret",
            "metadata: {name: creds}",
            "data:",
            "  password: \"c2Vj\\ncmV0\"",
            "  empty:",
            "stringData: {user: admin, password: plain}");

        var secret = Assert.IsType<KeptObject>(Assert.Single(result.Objects).Object);
        Assert.Equal("Opaque", secret.StringAt("type"));
        Assert.Null(secret.NodeAt("stringData"));

        // Go's base64 reads through line breaks; stringData overwrites data's key (Convert_v1_Secret_To_core_Secret).
        Assert.Equal(new Dictionary<string, string> { ["empty"] = "", ["password"] = "cGxhaW4=", ["user"] = "YWRtaW4=" }, secret.StringMapAt("data"));
    }

    [Fact]
    public void SecretErrorsAreTheApiServersAtTheirLines()
    {
        var result = Decode(
            "apiVersion: v1",
            "kind: Secret",
            "metadata: {name: Bad_Name}",
            "type: kubernetes.io/tls",
            "data:",
            "  a*b: eA==",
            "  tls.crt: \"!!\"");

        Assert.Equal(
            [
                "k.yaml:7:12: error: data.tls.crt: illegal base64 data at input byte 0",
            ],
            Diagnostics(result));

        var invalid = Decode("apiVersion: v1", "kind: Secret", "metadata: {name: Bad_Name}", "type: kubernetes.io/tls", "data:", "  a*b: eA==");
        Assert.Equal(
            [
                "k.yaml:3:12: error: Secret \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
                "k.yaml:6:3: error: Secret \"Bad_Name\" is invalid: data[a*b]: Invalid value: \"a*b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
                "k.yaml:5:1: error: Secret \"Bad_Name\" is invalid: data[tls.crt]: Required value",
                "k.yaml:5:1: error: Secret \"Bad_Name\" is invalid: data[tls.key]: Required value",
            ],
            Diagnostics(invalid));
    }

    [Fact]
    public void RbacNamesArePathSegmentsAndBindingsAreValidated()
    {
        var ok = Decode("apiVersion: rbac.authorization.k8s.io/v1", "kind: ClusterRole", "metadata: {name: \"system:controller:x\"}", "rules: []");
        Assert.Single(ok.Objects);
        Assert.Equal(Severity.Warning, Assert.Single(ok.Diagnostics).Severity);

        var result = Decode(
            "apiVersion: rbac.authorization.k8s.io/v1",
            "kind: RoleBinding",
            "metadata: {name: a/b}",
            "roleRef: {kind: Deployment, name: x}",
            "subjects:",
            "- {kind: User, name: jane, apiGroup: v1}",
            "- {kind: Robot, name: r2}",
            "- {kind: ServiceAccount}");

        Assert.Equal(
            [
                "k.yaml:3:12: error: RoleBinding \"a/b\" is invalid: metadata.name: Invalid value: \"a/b\": may not contain '/'",
                "k.yaml:4:11: error: RoleBinding \"a/b\" is invalid: roleRef.kind: Unsupported value: \"Deployment\": supported values: \"Role\", \"ClusterRole\"",
                "k.yaml:6:28: error: RoleBinding \"a/b\" is invalid: subjects[0].apiGroup: Unsupported value: \"v1\": supported values: \"rbac.authorization.k8s.io\"",
                "k.yaml:7:4: error: RoleBinding \"a/b\" is invalid: subjects[1].kind: Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\"",
                "k.yaml:8:3: error: RoleBinding \"a/b\" is invalid: subjects[2].name: Required value",
            ],
            Diagnostics(result));

        var rules = Decode("apiVersion: rbac.authorization.k8s.io/v1", "kind: Role", "metadata: {name: r}", "rules:", "- {resources: [pods]}", "- {nonResourceURLs: [/healthz], verbs: [get]}");
        Assert.Equal(
            [
                "k.yaml:5:3: error: Role \"r\" is invalid: rules[0].verbs: Required value: verbs must contain at least one value",
                "k.yaml:5:3: error: Role \"r\" is invalid: rules[0].apiGroups: Required value: resource rules must supply at least one api group",
                "k.yaml:6:4: error: Role \"r\" is invalid: rules[1].nonResourceURLs: Invalid value: []string{\"/healthz\"}: namespaced rules cannot apply to non-resource URLs",
            ],
            Diagnostics(rules));
    }

    [Fact]
    public void PersistentVolumeClaimNeedsAccessModesAndStorage()
    {
        var result = Decode("apiVersion: v1", "kind: PersistentVolumeClaim", "metadata: {name: data}", "spec: {accessModes: [ReadWriteSometimes]}");

        Assert.Equal(
            [
                "k.yaml:4:8: error: PersistentVolumeClaim \"data\" is invalid: spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"",
                "k.yaml:4:1: error: PersistentVolumeClaim \"data\" is invalid: spec.resources[storage]: Required value",
            ],
            Diagnostics(result));
    }

    [Fact]
    public void TypedFieldsAreCheckedAndUnknownTopLevelFieldsWarn()
    {
        var result = Decode("apiVersion: networking.k8s.io/v1", "kind: Ingress", "metadata: {name: web}", "spec: {ingressClassName: 5}", "colour: blue");

        Assert.Equal(
            [
                "k.yaml:4:26: error: spec.ingressClassName: expected a string, got number 5 (quote it: \"5\")",
                "k.yaml:5:1: warning: unknown field \"colour\" in Ingress",
            ],
            Diagnostics(result));
    }

    [Fact]
    public void CustomResourcesAreKeptWithTheirGroupAndAGuessedResourceName()
    {
        var result = Decode(
            "apiVersion: cert-manager.io/v1",
            "kind: ClusterIssuer",
            "metadata: {name: letsencrypt}",
            "spec: {acme: {server: 'https://acme.example/dir', retries: 3, ratio: 0.25, enabled: on}}",
            "status: {ready: true}");

        var issuer = Assert.IsType<KeptObject>(Assert.Single(result.Objects).Object);
        Assert.Equal(new ApiResource("ClusterIssuer", "clusterissuers", "clusterissuer", [], true, "cert-manager.io/v1"), issuer.Resource with { ShortNames = [] });
        Assert.Equal("{\"spec\":{\"acme\":{\"server\":\"https://acme.example/dir\",\"retries\":3,\"ratio\":0.25,\"enabled\":true}}}", issuer.Content.ToJsonString());

        // Guessed as meta.UnsafeGuessKindToResource does, "y" after a vowel included (a CRD would name its plural).
        Assert.Equal(["policies", "ingresses", "gatewaies"], new[] { "Policy", "Ingress", "Gateway" }.Select(k => ApiResources.CustomResource("x.io/v1", k).Resource));
    }

    [Theory]
    [InlineData("apps/v1", "DaemonSet", "kind \"DaemonSet\" is not simulated yet, and it is refused rather than kept because it changes what runs (it runs a pod on every eligible node)")]
    [InlineData("batch/v1", "CronJob", "kind \"CronJob\" is not simulated yet, and it is refused rather than kept because it changes what runs (it creates Jobs on a schedule)")]
    [InlineData("v1", "LimitRange", "kind \"LimitRange\" is not simulated yet, and it is refused rather than kept because it changes what runs (it sets pods' default requests and limits)")]
    [InlineData("apps/v1", "Frobnicator", "no matches for kind \"Frobnicator\" in version \"apps/v1\"")]
    [InlineData("networking.k8s.io/v1beta1", "Ingress", "no matches for kind \"Ingress\" in version \"networking.k8s.io/v1beta1\"")]
    [InlineData("example/v1", "Widget", "no matches for kind \"Widget\" in version \"example/v1\"")]
    public void KubernetesOwnGroupsAreNeverKeptAsCustomResources(string apiVersion, string kind, string message)
    {
        var result = Decode($"apiVersion: {apiVersion}", $"kind: {kind}", "metadata: {name: x}");

        Assert.Equal(Severity.Error, Assert.Single(result.Diagnostics).Severity);
        Assert.Equal(message, result.Diagnostics[0].Message);
        Assert.Empty(result.Objects);
    }
}
