using ClusterSim.Scenarios;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Scenarios;

/// <summary>Field mapping, multi-document files, ignored versus unknown fields, YAML typing and validation errors.</summary>
public class ManifestDecoderTests
{
    private static ManifestDecodeResult Decode(params string[] lines) => ManifestDecoder.DecodeText(string.Join("\n", lines) + "\n", "m.yaml");

    /// <summary>The one object of a manifest that has no errors nor unknown fields (warnings about unsimulated fields are allowed).</summary>
    private static T Single<T>(params string[] lines)
        where T : KubeObject
    {
        var result = Decode(lines);
        Assert.All(result.Diagnostics, d => Assert.Contains(" is kept but not simulated", d.Message, StringComparison.Ordinal));
        return Assert.IsType<T>(Assert.Single(result.Objects).Object);
    }

    /// <summary>"line:column path" of each warning about a field kept but not simulated, in order.</summary>
    private static List<string> Unsimulated(ManifestDecodeResult result) =>
        result.Diagnostics.Where(d => d.Severity == Severity.Warning && d.Message.Contains(" is kept but not simulated", StringComparison.Ordinal))
            .Select(d => $"{d.Location.Line}:{d.Location.Column} {d.Message[..d.Message.IndexOf(' ', StringComparison.Ordinal)]}").ToList();

    private static readonly string[] PodWithEveryKindOfField =
    [
        "apiVersion: v1",
        "kind: Pod",
        "metadata:",
        "  name: web",
        "  namespace: shop",
        "  labels: {app: web}",
        "  annotations: {note: hi}",
        "spec:",
        "  nodeName: worker-1",
        "  schedulerName: my-scheduler",
        "  priority: 1000",
        "  priorityClassName: high",
        "  restartPolicy: OnFailure",
        "  terminationGracePeriodSeconds: 5",
        "  hostname: web-0",
        "  nodeSelector: {disk: ssd}",
        "  serviceAccountName: web",
        "  securityContext: {runAsUser: 1000}",
        "  tolerations:",
        "  - {key: dedicated, operator: Equal, value: db, effect: NoSchedule}",
        "  - {operator: Exists, effect: NoExecute, tolerationSeconds: 60}",
        "  affinity:",
        "    nodeAffinity:",
        "      requiredDuringSchedulingIgnoredDuringExecution:",
        "        nodeSelectorTerms:",
        "        - matchExpressions: [{key: zone, operator: In, values: [a, b]}]",
        "          matchFields: [{key: metadata.name, operator: NotIn, values: [worker-9]}]",
        "      preferredDuringSchedulingIgnoredDuringExecution:",
        "      - weight: 10",
        "        preference: {matchExpressions: [{key: disk, operator: Exists}]}",
        "    podAntiAffinity: {}",
        "  topologySpreadConstraints:",
        "  - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}",
        "  initContainers:",
        "  - {name: init, image: busybox, command: [sh, -c, 'true']}",
        "  containers:",
        "  - name: web",
        "    image: nginx:1.25",
        "    imagePullPolicy: Always",
        "    args: [--port, '80']",
        "    workingDir: /srv",
        "    ports: [{containerPort: 80, name: http, protocol: TCP, hostPort: 8080}]",
        "    env:",
        "    - {name: A, value: x}",
        "    - name: B",
        "      valueFrom: {fieldRef: {fieldPath: status.podIP}}",
        "    resources:",
        "      requests: {cpu: 100m, memory: 128Mi}",
        "      limits: {cpu: 0.5, memory: 1Gi}",
        "    readinessProbe:",
        "      httpGet: {path: /healthz, port: 80}",
        "      initialDelaySeconds: 3",
        "      periodSeconds: 5",
        "      failureThreshold: 2",
        "    livenessProbe: {tcpSocket: {port: 80}, timeoutSeconds: 2, successThreshold: 1}",
        "    startupProbe: {exec: {command: [cat, /ready]}}",
        "    volumeMounts: [{name: data, mountPath: /data, readOnly: true, subPath: x}]",
        "  volumes:",
        "  - {name: data, persistentVolumeClaim: {claimName: data}}",
        "  - {name: scratch}",
        "status: {phase: Running}",
    ];

    [Fact]
    public void PodSpecFields()
    {
        var pod = Single<Pod>(PodWithEveryKindOfField);

        Assert.Equal(("web", "shop", "web", "hi"), (pod.Metadata.Name, pod.Metadata.Namespace, pod.Metadata.Labels["app"], pod.Metadata.Annotations["note"]));
        var s = pod.Spec;
        Assert.Equal(("worker-1", "my-scheduler", 1000, "high", "OnFailure", 5L, "web-0"), (s.NodeName, s.SchedulerName, s.Priority!.Value, s.PriorityClassName!, s.RestartPolicy, s.TerminationGracePeriodSeconds, s.Hostname!));
        Assert.Equal("ssd", s.NodeSelector["disk"]);
        Assert.Equal([new Toleration("dedicated", "Equal", "db", "NoSchedule", null), new Toleration(null, "Exists", null, "NoExecute", 60)], s.Tolerations);

        var na = s.Affinity!.NodeAffinity!;
        var term = Assert.Single(na.RequiredDuringSchedulingIgnoredDuringExecution!.NodeSelectorTerms);
        Assert.Equal(("zone", "In"), (term.MatchExpressions[0].Key, term.MatchExpressions[0].Operator));
        Assert.Equal(["a", "b"], term.MatchExpressions[0].Values);
        Assert.Equal("metadata.name", term.MatchFields[0].Key);
        var preferred = Assert.Single(na.PreferredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal((10, "disk", "Exists"), (preferred.Weight, preferred.Preference.MatchExpressions[0].Key, preferred.Preference.MatchExpressions[0].Operator));

        var spread = Assert.Single(s.TopologySpreadConstraints);
        Assert.Equal((1, "topology.kubernetes.io/zone", "DoNotSchedule", "web"), (spread.MaxSkew, spread.TopologyKey, spread.WhenUnsatisfiable, spread.LabelSelector!.MatchLabels["app"]));

        Assert.Equal(["sh", "-c", "true"], Assert.Single(s.InitContainers).Command);
        var c = Assert.Single(s.Containers);
        Assert.Equal(("Always", "--port", "80"), (c.ImagePullPolicy, c.Args[0], c.Args[1]));
        Assert.Equal(new ContainerPort(80, "http", "TCP", 8080), Assert.Single(c.Ports));
        Assert.Equal([new EnvVar("A", "x"), new EnvVar("B", null)], c.Env);
        Assert.Equal(100, c.Resources.Requests[ResourceNames.Cpu].MilliValue());
        Assert.Equal(500, c.Resources.Limits[ResourceNames.Cpu].MilliValue());
        Assert.Equal(new Probe("httpGet", 3, 5, 1, 1, 2), c.ReadinessProbe);
        Assert.Equal(new Probe("tcpSocket", 0, 10, 2, 1, 3), c.LivenessProbe);
        Assert.Equal("exec", c.StartupProbe!.Handler);
        Assert.Equal(new VolumeMount("data", "/data", true), Assert.Single(c.VolumeMounts));
        Assert.Equal([new Volume("data", "persistentVolumeClaim"), new Volume("scratch", "emptyDir")], s.Volumes);

        // Valid fields the simulator does not model are kept (with warnings: see below).
        Assert.Contains("spec.securityContext: {runAsUser: 1000}", pod.UnknownFields);
        Assert.Contains("spec.containers[0].env[1].valueFrom: {fieldRef: {fieldPath: status.podIP}}", pod.UnknownFields);
    }

    [Fact]
    public void EveryFieldNotSimulatedWarnsOnceAtItsKey()
    {
        // Simulated fields (nodeName, schedulerName, priority and priorityClassName, restartPolicy, tolerations, node and pod (anti-)affinity, the spread constraint's
        // four fields, image, requests and limits of cpu and memory, the readiness probe's timing, ...) do not warn;
        // the status of a manifest is dropped without one. Fields under one already warned about with an impact as
        // strong do not warn again: the init container's command, env[1].valueFrom, volumeMounts[0].subPath.
        Assert.Equal(
            [
                "15:3 spec.hostname", "17:3 spec.serviceAccountName", "18:3 spec.securityContext",
                "34:3 spec.initContainers", "40:5 spec.containers[0].args", "41:5 spec.containers[0].workingDir",
                "42:60 spec.containers[0].ports[0].hostPort", "43:5 spec.containers[0].env", "51:7 spec.containers[0].readinessProbe.httpGet",
                "55:5 spec.containers[0].livenessProbe", "56:5 spec.containers[0].startupProbe", "57:5 spec.containers[0].volumeMounts",
                "59:18 spec.volumes[0].persistentVolumeClaim",
            ],
            Unsimulated(Decode(PodWithEveryKindOfField)));
    }

    [Fact]
    public void ReplicaSetWithSetBasedSelector()
    {
        var rs = Single<ReplicaSet>(
            "apiVersion: apps/v1",
            "kind: ReplicaSet",
            "metadata: {name: frontend}",
            "spec:",
            "  minReadySeconds: 10",
            "  selector:",
            "    matchLabels: {tier: frontend}",
            "    matchExpressions:",
            "     - {key: tier, operator: In, values: [frontend]}",
            "  template:",
            "    metadata: {labels: {app: app-demo, tier: frontend}}",
            "    spec: {containers: [{name: c, image: tomcat}]}");

        Assert.Equal((1, 10, "apps/v1"), (rs.Replicas, rs.MinReadySeconds, rs.ApiVersion));
        Assert.Equal("frontend", rs.Selector!.MatchLabels["tier"]);
        Assert.Equal(new LabelSelectorRequirement("tier", "In", ["frontend"]).Key, Assert.Single(rs.Selector.MatchExpressions).Key);
    }

    [Fact]
    public void ExtensionsReplicaSetDefaultsItsSelector()
    {
        var rs = Single<ReplicaSet>(
            "apiVersion: extensions/v1beta1",
            "kind: ReplicaSet",
            "metadata: {name: old}",
            "spec:",
            "  replicas: 3",
            "  template:",
            "    metadata: {labels: {app: old}}",
            "    spec: {containers: [{name: c, image: nginx}]}");

        Assert.Equal("old", rs.Selector!.MatchLabels["app"]);
    }

    [Fact]
    public void ReplicationControllerWithoutSelectorOrReplicas()
    {
        var rc = Single<ReplicationController>(
            "apiVersion: v1",
            "kind: ReplicationController",
            "metadata: {name: web}",
            "spec:",
            "  replicas:",
            "  template:",
            "    metadata: {labels: {app: web}}",
            "    spec: {containers: [{name: c, image: nginx}]}");

        // The API server defaults the selector from the template; the object stays as written.
        Assert.Equal(1, rc.Replicas);
        Assert.Empty(rc.Selector);
    }

    [Fact]
    public void NodeServiceEndpointsAndNamespace()
    {
        var result = Decode(
            "apiVersion: v1",
            "kind: Node",
            "metadata: {name: n1, labels: {topology.kubernetes.io/zone: a}}",
            "spec:",
            "  unschedulable: true",
            "  taints: [{key: k, value: v, effect: NoExecute}]",
            "  podCIDR: 10.244.1.0/24",
            "status:",
            "  capacity: {cpu: '4', memory: 8Gi, pods: '110'}",
            "  addresses: [{type: InternalIP, address: 10.0.0.1}]",
            "  conditions: [{type: Ready, status: 'True'}]",
            "---",
            "apiVersion: v1",
            "kind: Service",
            "metadata: {name: web}",
            "spec:",
            "  type: LoadBalancer",
            "  ports: [{name: http, port: 80, targetPort: http, nodePort: 30080, appProtocol: http}]",
            "  externalIPs: [1.2.3.4]",
            "  sessionAffinity: ClientIP",
            "---",
            "# only a comment",
            "---",
            "apiVersion: v1",
            "kind: Endpoints",
            "metadata: {name: web}",
            "subsets:",
            "- addresses: [{ip: 10.1.0.5, nodeName: n1, targetRef: {kind: Pod, name: web-1}}]",
            "  notReadyAddresses: [{ip: 10.1.0.6}]",
            "  ports: [{name: http, port: 8080}]",
            "---",
            "apiVersion: v1",
            "kind: Namespace",
            "metadata: {name: shop}");

        Assert.Equal(["17:3 spec.type", "18:69 spec.ports[0].appProtocol", "19:3 spec.externalIPs", "20:3 spec.sessionAffinity"], Unsimulated(result));
        Assert.Equal(4, result.Diagnostics.Count);
        Assert.Equal(4, result.Objects.Count);

        var node = Assert.IsType<Node>(result.Objects[0].Object);
        Assert.True(node.Spec.Unschedulable);
        Assert.Equal(new Taint("k", "v", "NoExecute"), Assert.Single(node.Spec.Taints));
        Assert.Equal(4000, node.Status.Allocatable[ResourceNames.Cpu].MilliValue()); // defaults to capacity
        Assert.Equal(new NodeAddress("InternalIP", "10.0.0.1"), Assert.Single(node.Status.Addresses));
        Assert.Empty(node.Status.Conditions);

        var svc = Assert.IsType<Service>(result.Objects[1].Object);
        var port = Assert.Single(svc.Spec.Ports);
        Assert.Equal((IntOrString.FromString("http"), 30080), (port.TargetPort, port.NodePort));
        Assert.Equal(("LoadBalancer", "ClientIP", "1.2.3.4"), (svc.Spec.Type, svc.Spec.SessionAffinity, svc.Spec.ExternalIPs[0]));
        Assert.Equal(13, result.Objects[1].Location.Line);

        var ep = Assert.IsType<Endpoints>(result.Objects[2].Object);
        var subset = Assert.Single(ep.Subsets);
        Assert.Equal(new EndpointAddress("10.1.0.5", "n1", "web-1"), Assert.Single(subset.Addresses));
        Assert.Equal(new EndpointPort("http", 8080, "TCP"), Assert.Single(subset.Ports));

        Assert.IsType<Namespace>(result.Objects[3].Object);
    }

    [Fact]
    public void MergeKeysAndAnchors()
    {
        var pod = Single<Pod>(
            "apiVersion: v1",
            "kind: Pod",
            "metadata: {name: p}",
            "spec:",
            "  containers:",
            "  - &base {name: a, image: nginx, imagePullPolicy: Never}",
            "  - <<: *base",
            "    name: b");

        Assert.Equal(["a", "b"], pod.Spec.Containers.Select(c => c.Name));
        Assert.Equal("Never", pod.Spec.Containers[1].ImagePullPolicy);
    }

    [Theory]
    [InlineData("    env: [{name: PORT, value: 3306}]", 31, "spec.containers[0].env[0].value: expected a string, got number 3306 (quote it: \"3306\")")]
    [InlineData("    imagePullPolicy: Sometimes", 5, "Pod \"p\" is invalid: spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"")]
    [InlineData("    readinessProbe: {periodSeconds: 3}", 5, "Pod \"p\" is invalid: spec.containers[0].readinessProbe: Required value: must specify a handler type")]
    [InlineData("    ports: [{containerPort: 70000}]", 14, "Pod \"p\" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive")]
    [InlineData("  - {name: c, image: busybox}", 6, "Pod \"p\" is invalid: spec.containers[1].name: Duplicate value: \"c\"")]
    [InlineData("    resources: {requests: {cpu: '2'}, limits: {cpu: '1'}}", 17, "Pod \"p\" is invalid: spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1")]
    public void PodErrorsPointAtLine8(string line8, int column, string message)
    {
        var result = Decode("apiVersion: v1", "kind: Pod", "metadata: {name: p}", "spec:", "  containers:", "  - name: c", "    image: nginx", line8);

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "m.yaml", 8, column, message);
        Assert.Empty(result.Objects);
    }

    [Fact]
    public void IgnoredFieldsAreKeptWithoutTypeChecks()
    {
        var result = Decode("apiVersion: v1", "kind: Pod", "metadata: {name: p}", "spec:", "  containers:", "  - {name: c, image: nginx, tty: yes}");

        TestFiles.AssertSingle(result.Diagnostics, Severity.Warning, "m.yaml", 6, 29, "spec.containers[0].tty is kept but not simulated (containers are not run: what a container does comes from the scenario's images)");
        Assert.Equal(["spec.containers[0].tty: yes"], Assert.Single(result.Objects).Object.UnknownFields);
    }

    [Fact]
    public void ServicePortsNeedNamesWhenThereAreSeveral()
    {
        var result = Decode(
            "apiVersion: v1",
            "kind: Service",
            "metadata: {name: s}",
            "spec:",
            "  ports:",
            "  - port: 80",
            "  - port: 81",
            "  selector: {app: s}");

        Assert.Collection(
            result.Diagnostics,
            d => TestFiles.AssertDiagnostic(d, Severity.Error, "m.yaml", 6, 5, "Service \"s\" is invalid: spec.ports[0].name: Required value"),
            d => TestFiles.AssertDiagnostic(d, Severity.Error, "m.yaml", 7, 5, "Service \"s\" is invalid: spec.ports[1].name: Required value"));
    }

    [Fact]
    public void MissingKindAndNonObjectDocuments()
    {
        var result = Decode("apiVersion: v1", "metadata: {name: x}", "---", "- just a list");

        Assert.Collection(
            result.Diagnostics,
            d => TestFiles.AssertDiagnostic(d, Severity.Error, "m.yaml", 1, 1, "kind not set"),
            d => TestFiles.AssertDiagnostic(d, Severity.Error, "m.yaml", 4, 1, "expected a Kubernetes object (a mapping with apiVersion, kind and metadata), got a list"));
    }

    [Fact]
    public void UnknownFieldsAtEveryLevelWarn()
    {
        var result = Decode(
            "apiVersion: v1",
            "kind: Pod",
            "metadata: {name: p, colour: blue}",
            "spec:",
            "  containers:",
            "  - name: c",
            "    image: nginx",
            "    flavour: vanilla",
            "extra: 1");

        Assert.Collection(
            result.Diagnostics,
            d => TestFiles.AssertDiagnostic(d, Severity.Warning, "m.yaml", 3, 21, "unknown field \"metadata.colour\" in Pod"),
            d => TestFiles.AssertDiagnostic(d, Severity.Warning, "m.yaml", 8, 5, "unknown field \"spec.containers[0].flavour\" in Pod"),
            d => TestFiles.AssertDiagnostic(d, Severity.Warning, "m.yaml", 9, 1, "unknown field \"extra\" in Pod"));
        Assert.Single(result.Objects);
    }
}
