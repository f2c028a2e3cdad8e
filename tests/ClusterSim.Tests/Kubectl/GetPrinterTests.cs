using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Kubectl;

public class GetPrinterTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    private static string Get(KubectlFixture f, TimeSpan now, string[] kinds, string? name = null, string? ns = null, bool all = false, string output = "", string? selector = null) =>
        GetPrinter.Get(f.View(now), kinds, name, ns, all, output, selector);

    /// <summary>Pods in the four states the table must render: Running, ContainerCreating, CrashLoopBackOff with restarts, Terminating.</summary>
    private static KubectlFixture PodsFixture()
    {
        var f = new KubectlFixture();
        f.At(TimeSpan.FromSeconds(10));
        f.AddNode("node-1", "192.168.0.11");
        var web = f.AddPod("web-1");
        f.Run(web, "node-1", "192.168.0.11", "10.244.1.5", TimeSpan.FromSeconds(14));

        var crash = f.AddPod("crash-1", "busybox:1.36");
        f.Run(crash, "node-1", "192.168.0.11", "10.244.1.6", TimeSpan.FromSeconds(15));
        var status = crash.Status.ContainerStatuses[0];
        status.Ready = false;
        status.RestartCount = 5;
        status.State = ContainerState.Waiting("CrashLoopBackOff", "back-off 2m40s restarting failed container");
        status.LastTerminationState = ContainerState.Terminated("Error", 1, TimeSpan.FromSeconds(170), TimeSpan.FromMinutes(3));
        f.Api.Update(crash);

        var term = f.AddPod("term-1");
        f.Run(term, "node-1", "192.168.0.11", "10.244.1.7", TimeSpan.FromSeconds(16));
        f.Api.Delete(term);

        f.At(TimeSpan.FromSeconds(290));
        var pending = f.AddPod("pending-1");
        pending.Spec.NodeName = "node-1";
        pending.Status.HostIP = "192.168.0.11";
        pending.Status.ContainerStatuses = [new ContainerStatus { Name = "app", Image = "nginx:1.27" }];
        f.Api.Update(pending);
        return f;
    }

    [Fact]
    public void GetPods()
    {
        var f = PodsFixture();
        Assert.Equal(
            Lines(
                "NAME        READY   STATUS              RESTARTS     AGE",
                "crash-1     0/1     CrashLoopBackOff    5 (2m ago)   4m50s",
                "pending-1   0/1     ContainerCreating   0            10s",
                "term-1      1/1     Terminating         0            4m50s",
                "web-1       1/1     Running             0            4m50s"),
            Get(f, FiveMinutes, ["Pod"]));
    }

    [Fact]
    public void GetPodsWide()
    {
        var f = PodsFixture();
        Assert.Equal(
            Lines(
                "NAME        READY   STATUS              RESTARTS     AGE     IP           NODE     NOMINATED NODE   READINESS GATES",
                "crash-1     0/1     CrashLoopBackOff    5 (2m ago)   4m50s   10.244.1.6   node-1   <none>           <none>",
                "pending-1   0/1     ContainerCreating   0            10s     <none>       node-1   <none>           <none>",
                "term-1      1/1     Terminating         0            4m50s   10.244.1.7   node-1   <none>           <none>",
                "web-1       1/1     Running             0            4m50s   10.244.1.5   node-1   <none>           <none>"),
            Get(f, FiveMinutes, ["Pod"], output: "wide"));
    }

    [Fact]
    public void AgeColumnUsesHumanDurations()
    {
        var f = new KubectlFixture();
        var now = TimeSpan.FromHours(51);
        f.AddPod("old");
        f.At(now - TimeSpan.FromMinutes(5));
        f.AddPod("middle");
        f.At(now - TimeSpan.FromSeconds(11));
        f.AddPod("young");
        Assert.Equal(
            Lines(
                "NAME     READY   STATUS    RESTARTS   AGE",
                "middle   0/1     Pending   0          5m",
                "old      0/1     Pending   0          2d3h",
                "young    0/1     Pending   0          11s"),
            Get(f, now, ["Pod"]));
    }

    [Fact]
    public void AgesCountFromTheSecondTheApiServerStored()
    {
        // creationTimestamp is kept to the second, so a pod created at 10.9s is 49s old at 59.5s.
        var f = new KubectlFixture();
        f.At(TimeSpan.FromMilliseconds(10_900));
        f.AddPod("p");
        Assert.EndsWith("   49s\n", Get(f, TimeSpan.FromMilliseconds(59_500), ["Pod"]), StringComparison.Ordinal);
    }

    private static KubectlFixture WorkloadFixture()
    {
        var f = new KubectlFixture();
        var rc = new ReplicationController
        {
            Metadata = { Name = "mysql" },
            Replicas = 1,
            Template =
            {
                Metadata = { Labels = { ["app"] = "mysql" } },
                Spec =
                {
                    Containers =
                    [
                        new Container { Name = "mysql", Image = "mysql:8.4", Ports = [new ContainerPort(3306)], Env = [new EnvVar("MYSQL_ROOT_PASSWORD", "secret")] },
                    ],
                },
            },
        };
        f.Api.Create(rc);
        f.Events.Normal(rc, "SuccessfulCreate", "Created pod: mysql-x9k2p", "replication-controller");
        rc.Status.Replicas = 1;
        rc.Status.ReadyReplicas = 1;
        rc.Status.AvailableReplicas = 1;
        f.Api.Update(rc);

        f.At(TimeSpan.FromSeconds(10));
        f.AddNode("node-1", "192.168.0.11");
        var pod = f.AddPod("mysql-x9k2p", "mysql:8.4", labels: new Dictionary<string, string> { ["app"] = "mysql" });
        pod.Metadata.OwnerReferences.Add(new OwnerReference("v1", "ReplicationController", "mysql", rc.Metadata.Uid));
        f.Run(pod, "node-1", "192.168.0.11", "10.244.1.9", TimeSpan.FromSeconds(12));
        return f;
    }

    [Fact]
    public void GetReplicationControllers()
    {
        var f = WorkloadFixture();
        Assert.Equal(
            Lines(
                "NAME    DESIRED   CURRENT   READY   AGE",
                "mysql   1         1         1       5m"),
            Get(f, FiveMinutes, ["ReplicationController"]));
        Assert.Equal(
            Lines(
                "NAME    DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES      SELECTOR",
                "mysql   1         1         1       5m    mysql        mysql:8.4   app=mysql"),
            Get(f, FiveMinutes, ["ReplicationController"], output: "wide"));
    }

    [Fact]
    public void GetSeveralKindsPrefixesNamesAndSeparatesTables()
    {
        var f = WorkloadFixture();
        Assert.Equal(
            Lines(
                "NAME                          DESIRED   CURRENT   READY   AGE",
                "replicationcontroller/mysql   1         1         1       5m",
                "",
                "NAME              READY   STATUS    RESTARTS   AGE",
                "pod/mysql-x9k2p   1/1     Running   0          4m50s"),
            Get(f, FiveMinutes, ["ReplicationController", "Pod"]));
    }

    [Fact]
    public void GetSeveralKindsSkipsEmptyTablesButKeepsThePrefix()
    {
        var f = WorkloadFixture();
        Assert.Equal(
            Lines(
                "NAME              READY   STATUS    RESTARTS   AGE",
                "pod/mysql-x9k2p   1/1     Running   0          4m50s"),
            Get(f, FiveMinutes, ["ReplicaSet", "Pod"]));
    }

    [Fact]
    public void ReplicaSetsArePrefixedWithTheirGroup()
    {
        var f = new KubectlFixture();
        var rs = new ReplicaSet
        {
            Metadata = { Name = "web-7d4b9" },
            Replicas = 2,
            Selector = new LabelSelector { MatchLabels = { ["app"] = "web" } },
            Template = { Metadata = { Labels = { ["app"] = "web" } }, Spec = { Containers = [new Container { Name = "web", Image = "nginx:1.27" }] } },
        };
        f.Api.Create(rs);
        Assert.Equal(
            Lines(
                "NAME                        DESIRED   CURRENT   READY   AGE",
                "replicaset.apps/web-7d4b9   2         0         0       60s"),
            Get(f, TimeSpan.FromMinutes(1), ["ReplicaSet", "Service"]).Split("\n\n")[0] + "\n");
    }

    [Fact]
    public void GetServices()
    {
        var f = new KubectlFixture();
        f.At(TimeSpan.FromSeconds(10));
        f.Api.Create(new Service
        {
            Metadata = { Name = "web" },
            Spec =
            {
                Type = "NodePort",
                ClusterIP = "10.96.100.10",
                Selector = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app"] = "web" },
                Ports = [new ServicePort { Port = 8080, TargetPort = IntOrString.FromInt(80), NodePort = 30001 }],
            },
        });
        Assert.Equal(
            Lines(
                "NAME         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)          AGE",
                "kubernetes   ClusterIP   10.96.0.1      <none>        443/TCP          5m",
                "web          NodePort    10.96.100.10   <none>        8080:30001/TCP   4m50s"),
            Get(f, FiveMinutes, ["Service"]));
        Assert.Equal(
            Lines(
                "NAME         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)          AGE     SELECTOR",
                "kubernetes   ClusterIP   10.96.0.1      <none>        443/TCP          5m      <none>",
                "web          NodePort    10.96.100.10   <none>        8080:30001/TCP   4m50s   app=web"),
            Get(f, FiveMinutes, ["Service"], output: "wide"));
    }

    [Fact]
    public void GetEndpoints()
    {
        var f = new KubectlFixture();
        f.At(TimeSpan.FromSeconds(10));
        f.Api.Create(new Endpoints
        {
            Metadata = { Name = "web" },
            Subsets =
            [
                new EndpointSubset
                {
                    Addresses = [new("10.244.1.5", "node-1", "web-1"), new("10.244.1.6", "node-1", "web-2"), new("10.244.2.5", "node-2", "web-3"), new("10.244.2.6", "node-2", "web-4")],
                    Ports = [new EndpointPort(null, 8080, "TCP")],
                },
            ],
        });
        f.Api.Create(new Endpoints { Metadata = { Name = "db" } });
        Assert.Equal(
            Lines(
                "NAME         ENDPOINTS                                                     AGE",
                "db           <none>                                                        4m50s",
                "kubernetes   192.168.0.1:6443                                              5m",
                "web          10.244.1.5:8080,10.244.1.6:8080,10.244.2.5:8080 + 1 more...   4m50s"),
            Get(f, FiveMinutes, ["Endpoints"]));
    }

    private static KubectlFixture NodesFixture()
    {
        var f = new KubectlFixture();
        f.At(TimeSpan.FromSeconds(10));
        f.AddNode("node-1", "192.168.0.11");
        f.AddNode("node-2", "192.168.0.12", ready: false);
        var node3 = f.AddNode("node-3", "192.168.0.13");
        node3.Metadata.Labels["node-role.kubernetes.io/control-plane"] = "";
        node3.Spec.Unschedulable = true;
        f.Api.Update(node3, specChanged: true);
        return f;
    }

    [Fact]
    public void GetNodes()
    {
        var f = NodesFixture();
        Assert.Equal(
            Lines(
                "NAME     STATUS                     ROLES           AGE     VERSION",
                "node-1   Ready                      <none>          4m50s   v1.32.0",
                "node-2   NotReady                   <none>          4m50s   v1.32.0",
                "node-3   Ready,SchedulingDisabled   control-plane   4m50s   v1.32.0"),
            Get(f, FiveMinutes, ["Node"]));
    }

    [Fact]
    public void GetNodeWide()
    {
        var f = NodesFixture();
        Assert.Equal(
            Lines(
                "NAME     STATUS   ROLES    AGE     VERSION   INTERNAL-IP    EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION       CONTAINER-RUNTIME",
                "node-1   Ready    <none>   4m50s   v1.32.0   192.168.0.11   <none>        Ubuntu 22.04.4 LTS   5.15.0-119-generic   containerd://1.7.22"),
            Get(f, FiveMinutes, ["Node"], "node-1", output: "wide"));
    }

    [Fact]
    public void GetNodesIgnoresTheNamespaceAndNeverShowsOne()
    {
        var f = NodesFixture();
        Assert.Equal(Get(f, FiveMinutes, ["Node"]), Get(f, FiveMinutes, ["Node"], ns: "kube-system", all: true));
    }

    [Fact]
    public void GetNamespaces()
    {
        var f = new KubectlFixture();
        Assert.Equal(
            Lines(
                "NAME              STATUS   AGE",
                "default           Active   3h",
                "kube-node-lease   Active   3h",
                "kube-public       Active   3h",
                "kube-system       Active   3h"),
            Get(f, TimeSpan.FromHours(3), ["Namespace"]));
    }

    [Fact]
    public void NoResources()
    {
        var f = new KubectlFixture();
        Assert.Equal("No resources found in default namespace.\n", Get(f, FiveMinutes, ["Pod"]));
        Assert.Equal("No resources found in kube-system namespace.\n", Get(f, FiveMinutes, ["Pod", "ReplicationController"], ns: "kube-system"));
        Assert.Equal("No resources found\n", Get(f, FiveMinutes, ["Pod"], all: true));
        Assert.Equal("No resources found\n", Get(f, FiveMinutes, ["Node"]));
        Assert.Equal("No resources found\n", Get(f, FiveMinutes, ["Pod", "Node"]));
    }

    [Fact]
    public void NotFoundByName()
    {
        var f = WorkloadFixture();
        Assert.Equal("Error from server (NotFound): pods \"nope\" not found\n", Get(f, FiveMinutes, ["Pod"], "nope"));
        Assert.Equal(
            Lines(
                "NAME    DESIRED   CURRENT   READY   AGE",
                "mysql   1         1         1       5m",
                "Error from server (NotFound): pods \"mysql\" not found"),
            Get(f, FiveMinutes, ["ReplicationController", "Pod"], "mysql"));
    }

    [Fact]
    public void AllNamespacesAddsANamespaceColumn()
    {
        var f = new KubectlFixture();
        f.AddPod("web-1");
        f.AddPod("coredns-668d6bf9bc-4xk7p", "registry.k8s.io/coredns/coredns:v1.11.3", "kube-system");
        Assert.Equal(
            Lines(
                "NAMESPACE     NAME                       READY   STATUS    RESTARTS   AGE",
                "default       web-1                      0/1     Pending   0          60s",
                "kube-system   coredns-668d6bf9bc-4xk7p   0/1     Pending   0          60s"),
            Get(f, TimeSpan.FromMinutes(1), ["Pod"], all: true));
    }

    [Fact]
    public void NameCannotBeCombinedWithASelectorOrAllNamespaces()
    {
        var f = WorkloadFixture();
        f.AddPod("other", labels: new Dictionary<string, string> { ["app"] = "other" });
        Assert.Equal("error: name cannot be provided when a selector is specified\n", Get(f, FiveMinutes, ["Pod"], "other", selector: "app=other"));
        Assert.Equal("error: a resource cannot be retrieved by name across all namespaces\n", Get(f, FiveMinutes, ["Pod"], "other", all: true));
    }

    [Fact]
    public void GetEvents()
    {
        var f = new KubectlFixture();
        f.At(TimeSpan.FromSeconds(10));
        var web = f.AddPod("web-1");
        f.Events.Normal(web, "Scheduled", "Successfully assigned default/web-1 to node-1", "default-scheduler");
        f.At(TimeSpan.FromSeconds(20));
        f.Events.Normal(web, "Pulled", "Container image \"nginx:1.27\" already present on machine", "kubelet", "node-1");
        f.At(TimeSpan.FromMinutes(4));
        f.Events.Normal(web, "Pulled", "Container image \"nginx:1.27\" already present on machine", "kubelet", "node-1");
        Assert.Equal(
            Lines(
                "LAST SEEN   TYPE     REASON      OBJECT      MESSAGE",
                "4m50s       Normal   Scheduled   pod/web-1   Successfully assigned default/web-1 to node-1",
                "60s         Normal   Pulled      pod/web-1   Container image \"nginx:1.27\" already present on machine"),
            Get(f, FiveMinutes, ["Event"]));
        Assert.Equal(
            Lines(
                "LAST SEEN   TYPE     REASON      OBJECT      SUBOBJECT   SOURCE              MESSAGE                                                   FIRST SEEN   COUNT   NAME",
                "4m50s       Normal   Scheduled   pod/web-1               default-scheduler   Successfully assigned default/web-1 to node-1             4m50s        1       web-1.18181347b1ec8600",
                "60s         Normal   Pulled      pod/web-1               kubelet, node-1     Container image \"nginx:1.27\" already present on machine   4m40s        2       web-1.1818134a05f86a00"),
            Get(f, FiveMinutes, ["Event"], output: "wide"));
    }

    [Fact]
    public void YamlOfOneObject()
    {
        var f = new KubectlFixture();
        var ns = f.Api.Store.Get<Namespace>("", "default")!;
        Assert.Equal(
            Lines(
                "apiVersion: v1",
                "kind: Namespace",
                "metadata:",
                "  creationTimestamp: \"2025-01-06T10:20:45Z\"",
                "  name: default",
                $"  resourceVersion: \"{ns.Metadata.ResourceVersion}\"",
                $"  uid: {ns.Metadata.Uid}",
                "spec:",
                "  finalizers:",
                "  - kubernetes",
                "status:",
                "  phase: Active"),
            Get(f, FiveMinutes, ["Namespace"], "default", output: "yaml"));
    }

    [Fact]
    public void YamlOfAListWrapsItemsInAList()
    {
        var f = WorkloadFixture();
        var yaml = Get(f, FiveMinutes, ["Pod"], output: "yaml");
        Assert.StartsWith("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    creationTimestamp: \"2025-01-06T10:20:55Z\"\n    labels:\n      app: mysql\n    name: mysql-x9k2p\n    namespace: default\n    ownerReferences:\n    - apiVersion: v1\n      blockOwnerDeletion: true\n      controller: true\n      kind: ReplicationController\n      name: mysql\n", yaml, StringComparison.Ordinal);
        Assert.Contains("\n  spec:\n    containers:\n    - image: mysql:8.4\n      imagePullPolicy: IfNotPresent\n      name: app\n      resources: {}\n    nodeName: node-1\n", yaml, StringComparison.Ordinal);
        Assert.EndsWith("\nkind: List\nmetadata:\n  resourceVersion: \"\"\n", yaml, StringComparison.Ordinal);
        Assert.Equal("apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n", Get(f, FiveMinutes, ["Pod"], ns: "kube-public", output: "yaml"));
    }

    [Fact]
    public void YamlOfAServiceHasTheApiServerDefaults()
    {
        var f = new KubectlFixture();
        var yaml = Get(f, FiveMinutes, ["Service"], "kubernetes", output: "yaml");
        Assert.Contains(
            Lines(
                "spec:",
                "  clusterIP: 10.96.0.1",
                "  clusterIPs:",
                "  - 10.96.0.1",
                "  internalTrafficPolicy: Cluster",
                "  ipFamilies:",
                "  - IPv4",
                "  ipFamilyPolicy: SingleStack",
                "  ports:",
                "  - name: https",
                "    port: 443",
                "    protocol: TCP",
                "    targetPort: 6443",
                "  sessionAffinity: None",
                "  type: ClusterIP",
                "status:",
                "  loadBalancer: {}"),
            yaml,
            StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedKindsAndFormatsAreRejected()
    {
        var f = new KubectlFixture();
        Assert.Throws<ArgumentException>(() => Get(f, FiveMinutes, ["Lease"]));
        Assert.Throws<ArgumentException>(() => Get(f, FiveMinutes, ["Pod"], output: "json"));
        Assert.Throws<ArgumentException>(() => Get(f, FiveMinutes, []));
    }
}
