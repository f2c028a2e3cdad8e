using System.Reflection;
using ClusterSim.Scenarios;

namespace ClusterSim.Tests.Scenarios;

/// <summary>
/// The decoder's rule: a field is simulated, or kept with a warning that says it is not and what that changes, once per
/// field path (list indexes aside) per file, wherever manifests load (spec.manifests, inline, timeline -f files).
/// </summary>
public sealed class UnsimulatedFieldTests : IDisposable
{
    private readonly TestFiles _files = TestFiles.Create();

    public void Dispose() => _files.Dispose();

    private static ManifestDecodeResult Decode(params string[] lines) => ManifestDecoder.DecodeText(string.Join("\n", lines) + "\n", "m.yaml");

    private static string[] Deployment(string name, params string[] containers) =>
    [
        "apiVersion: apps/v1",
        "kind: Deployment",
        $"metadata: {{name: {name}}}",
        "spec:",
        $"  selector: {{matchLabels: {{app: {name}}}}}",
        "  template:",
        $"    metadata: {{labels: {{app: {name}}}}}",
        "    spec:",
        "      containers:",
        .. containers,
    ];

    [Fact]
    public void OneWarningPerFieldPathAndFileWhateverTheListIndexes()
    {
        var result = Decode(
        [
            .. Deployment("a", "      - {name: a, image: x, lifecycle: {preStop: {exec: {command: [sleep, '5']}}}}", "      - {name: b, image: x, lifecycle: {}}"),
            "---",
            .. Deployment("b", "      - {name: c, image: x, lifecycle: {}}"),
        ]);

        TestFiles.AssertSingle(
            result.Diagnostics,
            Severity.Warning,
            "m.yaml",
            10,
            29,
            "spec.template.spec.containers[0].lifecycle is kept but not simulated (hooks never run: a preStop hook does not delay a container's termination)");
        Assert.Equal(2, result.Objects.Count);
    }

    [Fact]
    public void FieldsThatChangePlacementOrRunningSaySo()
    {
        var result = Decode(Deployment(
            "web",
            "      - {name: web, image: x, livenessProbe: {httpGet: {port: 80}}, resources: {limits: {nvidia.com/gpu: 1}}}",
            "      affinity:",
            "        podAntiAffinity:",
            "          requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: web}}}]",
            "      topologySpreadConstraints:",
            "      - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, minDomains: 3}"));

        Assert.Equal(
            [
                "spec.template.spec.containers[0].livenessProbe is kept but not simulated, so whether and how pods run may differ from Kubernetes (probes other than readiness are not simulated yet: a failing container is never restarted by a probe)",
                "spec.template.spec.containers[0].resources.limits.nvidia.com/gpu is kept but not simulated, so where pods go may differ from Kubernetes (only cpu, memory and ephemeral-storage are counted: nodes are not checked for other resources)",
                "spec.template.spec.topologySpreadConstraints[0].minDomains is kept but not simulated, so where pods go may differ from Kubernetes (skew is computed over the domains that exist, as without minDomains)",
            ],
            result.Diagnostics.Select(d => d.Message));
        Assert.All(result.Diagnostics, d => Assert.Equal(Severity.Warning, d.Severity));
    }

    [Fact]
    public void AFieldUnderOneWarnedAboutWarnsOnlyWhenItChangesSomethingElse()
    {
        // The init container's command is covered by initContainers' warning; its host port could also change where the
        // pod goes, which that warning does not say.
        var result = Decode(
            "apiVersion: v1",
            "kind: Pod",
            "metadata: {name: p}",
            "spec:",
            "  initContainers:",
            "  - {name: i, image: x, command: [migrate], ports: [{containerPort: 80, hostPort: 80}]}",
            "  containers:",
            "  - {name: c, image: x, livenessProbe: {exec: {command: [ok]}, terminationGracePeriodSeconds: 5}}");

        Assert.Equal(
            ["5:3 spec.initContainers", "6:73 spec.initContainers[0].ports[0].hostPort", "8:25 spec.containers[0].livenessProbe"],
            result.Diagnostics.Select(d => $"{d.Location.Line}:{d.Location.Column} {d.Message[..d.Message.IndexOf(' ', StringComparison.Ordinal)]}"));
    }

    [Fact]
    public void ServerSetMetadataAndStatusAreDroppedWithoutAWarning()
    {
        var result = Decode(
            "apiVersion: v1",
            "kind: Service",
            "metadata:",
            "  name: s",
            "  uid: 1f0a",
            "  resourceVersion: '42'",
            "  creationTimestamp: '2025-01-01T00:00:00Z'",
            "  managedFields: [{manager: kubectl}]",
            "  labels: {app: s}",
            "  ownerReferences: [{apiVersion: v1, kind: Pod, name: p, uid: 1f0b}]",
            "spec: {selector: {app: s}, ports: [{port: 80}]}",
            "status: {loadBalancer: {}}");

        TestFiles.AssertSingle(
            result.Diagnostics,
            Severity.Warning,
            "m.yaml",
            10,
            3,
            "metadata.ownerReferences is kept but not simulated, so whether and how pods run may differ from Kubernetes (owner references are the simulator's own: these are dropped, so the garbage collector never deletes the object for owners that do not exist, as Kubernetes' would)");
    }

    /// <summary>A private static set of the decoder (the valid fields it keeps without simulating them).</summary>
    private static IReadOnlySet<string> DecoderSet(string name) =>
        (IReadOnlySet<string>)typeof(ManifestDecoder).GetField(name, BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

    public static TheoryData<string> PodSpecFields => new(DecoderSet("IgnoredPodSpecFields").Order(StringComparer.Ordinal));

    public static TheoryData<string> ContainerFields => new(DecoderSet("IgnoredContainerFields").Order(StringComparer.Ordinal));

    public static TheoryData<string> VolumeSources => new(DecoderSet("VolumeSources").Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(PodSpecFields))]
    public void EveryPodSpecFieldKeptHasItsOwnReason(string field)
    {
        var result = Decode("apiVersion: v1", "kind: Pod", "metadata: {name: p}", "spec:", "  containers: [{name: c, image: x}]", $"  {field}: {{}}");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((Severity.Warning, 6, 3), (d.Severity, d.Location.Line, d.Location.Column));
        Assert.Equal(ManifestDecoder.UnsimulatedMessage("spec." + field, ManifestDecoder.UnsimulatedFields["spec." + field]), d.Message);
    }

    [Theory]
    [MemberData(nameof(ContainerFields))]
    public void EveryContainerFieldKeptHasItsOwnReason(string field)
    {
        var result = Decode("apiVersion: v1", "kind: Pod", "metadata: {name: p}", "spec:", "  containers:", "  - name: c", "    image: x", $"    {field}: {{}}");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((Severity.Warning, 8, 5), (d.Severity, d.Location.Line, d.Location.Column));
        Assert.Equal(ManifestDecoder.UnsimulatedMessage("spec.containers[0]." + field, ManifestDecoder.UnsimulatedFields["containers[]." + field]), d.Message);
    }

    [Theory]
    [MemberData(nameof(VolumeSources))]
    public void EveryVolumeSourceSaysWhatIsNotSimulated(string source)
    {
        var result = Decode("apiVersion: v1", "kind: Pod", "metadata: {name: p}", "spec:", "  containers: [{name: c, image: x}]", "  volumes:", $"  - {{name: v, {source}: {{}}}}");

        var d = Assert.Single(result.Diagnostics);
        var expected = ManifestDecoder.UnsimulatedFields.GetValueOrDefault("volumes[]." + source, ManifestDecoder.UnsimulatedFields["volumes[].*"]);
        Assert.Equal(ManifestDecoder.UnsimulatedMessage("spec.volumes[0]." + source, expected), d.Message);
    }

    [Theory]
    [InlineData("clusterIPs"), InlineData("loadBalancerIP"), InlineData("loadBalancerSourceRanges"), InlineData("externalTrafficPolicy")]
    [InlineData("healthCheckNodePort"), InlineData("publishNotReadyAddresses"), InlineData("sessionAffinityConfig"), InlineData("ipFamilies")]
    [InlineData("ipFamilyPolicy"), InlineData("allocateLoadBalancerNodePorts"), InlineData("loadBalancerClass"), InlineData("internalTrafficPolicy")]
    [InlineData("trafficDistribution")]
    public void EveryServiceFieldKeptHasItsOwnReason(string field)
    {
        var result = Decode("apiVersion: v1", "kind: Service", "metadata: {name: s}", "spec:", "  ports: [{port: 80}]", $"  {field}: {{}}");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(ManifestDecoder.UnsimulatedMessage("spec." + field, ManifestDecoder.UnsimulatedFields["spec." + field]), d.Message);
    }

    [Fact]
    public void DecodedFieldsNothingReadsWarnToo()
    {
        var result = Decode(
            "apiVersion: v1",
            "kind: Node",
            "metadata: {name: node-1}",
            "spec: {providerID: 'aws:///eu-west-1a/i-0abc'}",
            "status: {capacity: {cpu: '2', memory: 4Gi}}",
            "---",
            "apiVersion: v1",
            "kind: Service",
            "metadata: {name: db}",
            "spec: {type: ExternalName, externalName: db.example.com}");

        Assert.Equal(
            [
                "k:4:8 spec.providerID is kept but not simulated (no cloud provider reads it: only node groups' nodes belong to the simulated cloud)",
                "k:10:28 spec.externalName is kept but not simulated (no DNS is modelled: kubectl prints the name, nothing resolves it)",
            ],
            result.Diagnostics.Select(d => $"k:{d.Location.Line}:{d.Location.Column} {d.Message}"));
    }

    [Fact]
    public void PathsNormalizeListIndexes() =>
        Assert.Equal("spec.containers[].ports[].hostPort", ManifestDecoder.NormalizePath("spec.containers[12].ports[0].hostPort"));

    [Fact]
    public void TimelineFilesWarnOnLoadOncePerFile()
    {
        _files.Write(
            "web.yaml",
            [.. Deployment("web", "      - {name: web, image: nginx, env: [{name: A, value: b}]}"), "---", .. Deployment("web2", "      - {name: web, image: nginx, env: []}")]);
        _files.Write("api.yaml", Deployment("api", "      - {name: api, image: nginx, lifecycle: {}}"));
        var result = ScenarioLoader.Load(_files.Write(
            "s.yaml",
            "apiVersion: clustersim.io/v1alpha1",
            "kind: Scenario",
            "metadata: {name: s}",
            "spec:",
            "  duration: 1m",
            "  nodes: [{name: worker, count: 1, capacity: {cpu: \"2\", memory: 4Gi}}]",
            "  manifests:",
            "    - file: web.yaml",
            "  timeline:",
            "    - {at: 10s, run: kubectl apply -f web.yaml}",
            "    - {at: 20s, run: kubectl apply -f api.yaml}"));

        Assert.Empty(result.Errors);
        Assert.Equal(
            [
                "web.yaml:10:35: warning: spec.template.spec.containers[0].env is kept but not simulated (environment variables do not change how a container runs here)",
                "api.yaml:10:35: warning: spec.template.spec.containers[0].lifecycle is kept but not simulated (hooks never run: a preStop hook does not delay a container's termination)",
            ],
            result.Diagnostics.Select(d => Path.GetFileName(d.ToString())));
    }
}
