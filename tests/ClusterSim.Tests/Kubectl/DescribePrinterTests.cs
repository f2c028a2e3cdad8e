using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Kubectl;

public class DescribePrinterTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    private static KubectlFixture PodFixture()
    {
        var f = new KubectlFixture();
        f.At(TimeSpan.FromSeconds(10));
        f.AddNode("node-1", "192.168.0.11");
        var web = f.AddPod("web-1", labels: new Dictionary<string, string> { ["app"] = "web" });
        f.Run(web, "node-1", "192.168.0.11", "10.244.1.5", TimeSpan.FromSeconds(14));
        f.Events.Normal(web, "Scheduled", "Successfully assigned default/web-1 to node-1", "default-scheduler");
        f.At(TimeSpan.FromSeconds(20));
        f.Events.Normal(web, "Pulled", "Container image \"nginx:1.27\" already present on machine", "kubelet", "node-1");
        f.At(TimeSpan.FromMinutes(4));
        f.Events.Normal(web, "Pulled", "Container image \"nginx:1.27\" already present on machine", "kubelet", "node-1");
        return f;
    }

    [Fact]
    public void DescribePod()
    {
        var f = PodFixture();
        Assert.Equal(
            Lines(
                "Name:         web-1",
                "Namespace:    default",
                "Priority:     0",
                "Node:         node-1/192.168.0.11",
                "Start Time:   Mon, 06 Jan 2025 10:20:59 +0000",
                "Labels:       app=web",
                "Annotations:  <none>",
                "Status:       Running",
                "IP:           10.244.1.5",
                "IPs:",
                "  IP:  10.244.1.5",
                "Containers:",
                "  app:",
                "    Container ID:   containerd://c0ffee",
                "    Image:          nginx:1.27",
                "    Image ID:       docker.io/library/nginx:1.27@sha256:0a1b",
                "    Port:           <none>",
                "    Host Port:      <none>",
                "    State:          Running",
                "      Started:      Mon, 06 Jan 2025 10:20:59 +0000",
                "    Ready:          True",
                "    Restart Count:  0",
                "    Environment:    <none>",
                "    Mounts:         <none>",
                "Conditions:",
                "  Type                        Status",
                "  PodReadyToStartContainers   True ",
                "  Initialized                 True ",
                "  Ready                       True ",
                "  ContainersReady             True ",
                "  PodScheduled                True ",
                "Volumes:                      <none>",
                "QoS Class:                    BestEffort",
                "Node-Selectors:               <none>",
                "Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
                "                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
                "Events:",
                "  Type    Reason     Age                  From               Message",
                "  ----    ------     ----                 ----               -------",
                "  Normal  Scheduled  4m50s                default-scheduler  Successfully assigned default/web-1 to node-1",
                "  Normal  Pulled     60s (x2 over 4m40s)  kubelet            Container image \"nginx:1.27\" already present on machine"),
            DescribePrinter.Describe(f.View(FiveMinutes), "Pod", "web-1", null));
    }

    [Fact]
    public void DescribeCrashingTerminatingPod()
    {
        var f = new KubectlFixture();
        var pod = new Pod
        {
            Metadata = { Name = "crash-1" },
            Spec =
            {
                Containers =
                [
                    new Container
                    {
                        Name = "app",
                        Image = "busybox:1.36",
                        Command = ["sh", "-c"],
                        Args = ["exit 1"],
                        Ports = [new ContainerPort(8080), new ContainerPort(9090, "metrics")],
                        Resources = { Requests = { ["cpu"] = Quantity.FromMilli(250) }, Limits = { ["cpu"] = Quantity.FromMilli(500) } },
                        LivenessProbe = new Probe("http-get http://:8080/healthz", PeriodSeconds: 5),
                        VolumeMounts = [new VolumeMount("data", "/data"), new VolumeMount("config", "/etc/app", ReadOnly: true)],
                        Env = [new EnvVar("MODE", "test")],
                    },
                ],
                Volumes = [new Volume("data", "EmptyDir"), new Volume("config", "ConfigMap")],
                Priority = 0,
            },
        };
        f.Api.Create(pod);
        f.Run(pod, "node-1", "192.168.0.11", "10.244.1.6", TimeSpan.FromSeconds(4));
        var status = pod.Status.ContainerStatuses[0];
        status.Ready = false;
        status.RestartCount = 5;
        status.State = ContainerState.Waiting("CrashLoopBackOff", "back-off");
        status.LastTerminationState = ContainerState.Terminated("Error", 1, TimeSpan.FromSeconds(170), TimeSpan.FromMinutes(3));
        pod.Status.Conditions.Clear();
        f.Api.Update(pod);
        f.At(TimeSpan.FromMinutes(4));
        f.Api.Delete(pod);
        Assert.Equal(
            Lines(
                "Name:                      crash-1",
                "Namespace:                 default",
                "Priority:                  0",
                "Node:                      node-1/192.168.0.11",
                "Start Time:                Mon, 06 Jan 2025 10:20:49 +0000",
                "Labels:                    <none>",
                "Annotations:               <none>",
                "Status:                    Terminating (lasts 60s)",
                "Termination Grace Period:  30s",
                "IP:                        10.244.1.6",
                "IPs:",
                "  IP:  10.244.1.6",
                "Containers:",
                "  app:",
                "    Container ID:  containerd://c0ffee",
                "    Image:         busybox:1.36",
                "    Image ID:      docker.io/library/busybox:1.36@sha256:0a1b",
                "    Ports:         8080/TCP, 9090/TCP",
                "    Host Ports:    0/TCP, 0/TCP",
                "    Command:",
                "      sh",
                "      -c",
                "    Args:",
                "      exit 1",
                "    State:          Waiting",
                "      Reason:       CrashLoopBackOff",
                "    Last State:     Terminated",
                "      Reason:       Error",
                "      Exit Code:    1",
                "      Started:      Mon, 06 Jan 2025 10:23:35 +0000",
                "      Finished:     Mon, 06 Jan 2025 10:23:45 +0000",
                "    Ready:          False",
                "    Restart Count:  5",
                "    Limits:",
                "      cpu:  500m",
                "    Requests:",
                "      cpu:     250m",
                "    Liveness:  http-get http://:8080/healthz delay=0s timeout=1s period=5s #success=1 #failure=3",
                "    Environment:",
                "      MODE:  test",
                "    Mounts:",
                "      /data from data (rw)",
                "      /etc/app from config (ro)",
                "Volumes:",
                "  data:",
                "    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)",
                "    Medium:     ",
                "    SizeLimit:  <unset>",
                "  config:",
                "    Type:        ConfigMap",
                "QoS Class:       Burstable",
                "Node-Selectors:  <none>",
                "Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
                "                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
                "Events:          <none>"),
            DescribePrinter.Describe(f.View(FiveMinutes), "Pod", "crash-1", null));
    }

    [Fact]
    public void DescribeNode()
    {
        var f = new KubectlFixture();
        f.At(TimeSpan.FromSeconds(10));
        var node = f.AddNode("node-1", "192.168.0.11");
        f.Api.Create(new Lease { ApiVersion = "coordination.k8s.io/v1", Metadata = { Name = "node-1", Namespace = "kube-node-lease" }, HolderIdentity = "node-1", RenewTime = TimeSpan.FromSeconds(10) });
        node.Status.Capacity["memory"] = Quantity.FromMilli(4_000_000_000_000);
        node.Status.Allocatable["memory"] = Quantity.FromMilli(3_500_000_000_000);
        f.Api.Update(node);

        var web = f.AddPod("web-1");
        web.Spec.Containers[0].Resources.Requests["cpu"] = Quantity.FromMilli(350);
        web.Spec.Containers[0].Resources.Limits["cpu"] = Quantity.FromMilli(500);
        f.Run(web, "node-1", "192.168.0.11", "10.244.1.5", TimeSpan.FromSeconds(12));
        var proxy = f.AddPod("kube-proxy-abc", "registry.k8s.io/kube-proxy:v1.32.0", "kube-system");
        proxy.Spec.Containers[0].Resources.Requests["cpu"] = Quantity.FromMilli(100);
        f.Run(proxy, "node-1", "192.168.0.11", "192.168.0.11", TimeSpan.FromSeconds(12));
        var done = f.AddPod("batch-1");
        done.Spec.Containers[0].Resources.Requests["cpu"] = Quantity.FromMilli(1000);
        f.Run(done, "node-1", "192.168.0.11", "10.244.1.7", TimeSpan.FromSeconds(12));
        done.Status.Phase = "Succeeded";
        f.Api.Update(done);

        var cap = node.Status.Capacity;
        var alloc = node.Status.Allocatable;
        Assert.Equal(
            Lines(
                "Name:               node-1",
                "Roles:              <none>",
                "Labels:             kubernetes.io/hostname=node-1",
                "                    kubernetes.io/os=linux",
                "Annotations:        <none>",
                "CreationTimestamp:  Mon, 06 Jan 2025 10:20:55 +0000",
                "Taints:             <none>",
                "Unschedulable:      false",
                "Lease:",
                "  HolderIdentity:  node-1",
                "  AcquireTime:     <unset>",
                "  RenewTime:       Mon, 06 Jan 2025 10:20:55 +0000",
                "Conditions:",
                "  Type    Status  LastHeartbeatTime                 LastTransitionTime                Reason         Message",
                "  ----    ------  -----------------                 ------------------                ------         -------",
                "  Ready   True    Mon, 06 Jan 2025 10:20:55 +0000   Mon, 06 Jan 2025 10:20:55 +0000   KubeletReady   kubelet is posting ready status",
                "Addresses:",
                "  InternalIP:  192.168.0.11",
                "  Hostname:    node-1",
                "Capacity:",
                $"  cpu:     {cap["cpu"]}",
                $"  memory:  {cap["memory"]}",
                $"  pods:    {cap["pods"]}",
                "Allocatable:",
                $"  cpu:     {alloc["cpu"]}",
                $"  memory:  {alloc["memory"]}",
                $"  pods:    {alloc["pods"]}",
                "System Info:",
                "  Machine ID:                 m-node-1",
                "  System UUID:                u-node-1",
                "  Boot ID:                    b-node-1",
                "  Kernel Version:             5.15.0-119-generic",
                "  OS Image:                   Ubuntu 22.04.4 LTS",
                "  Operating System:           linux",
                "  Architecture:               amd64",
                "  Container Runtime Version:  containerd://1.7.22",
                "  Kubelet Version:            v1.32.0",
                "  Kube-Proxy Version:         v1.32.0",
                "PodCIDR:                      10.244.1.0/24",
                "PodCIDRs:                     10.244.1.0/24",
                "Non-terminated Pods:          (2 in total)",
                "  Namespace                   Name              CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age",
                "  ---------                   ----              ------------  ----------  ---------------  -------------  ---",
                "  default                     web-1             350m (18%)    500m (26%)  0 (0%)           0 (0%)         4m50s",
                "  kube-system                 kube-proxy-abc    100m (5%)     0 (0%)      0 (0%)           0 (0%)         4m50s",
                "Allocated resources:",
                "  (Total limits may be over 100 percent, i.e., overcommitted.)",
                "  Resource           Requests    Limits",
                "  --------           --------    ------",
                "  cpu                450m (23%)  500m (26%)",
                "  memory             0 (0%)      0 (0%)",
                "  ephemeral-storage  0 (0%)      0 (0%)",
                "Events:              <none>"),
            DescribePrinter.Describe(f.View(FiveMinutes), "Node", "node-1", null));
    }

    [Fact]
    public void DescribeNotReadyCordonedNodeWithTaints()
    {
        var f = new KubectlFixture();
        var node = f.AddNode("node-2", "192.168.0.12", ready: false);
        node.Spec.Unschedulable = true;
        node.Spec.Taints = [new Taint("node.kubernetes.io/unschedulable", null, "NoSchedule"), new Taint("node.kubernetes.io/unreachable", null, "NoExecute"), new Taint("node.kubernetes.io/unreachable", null, "NoSchedule")];
        f.Api.Update(node, specChanged: true);
        f.Events.Normal(node, "NodeNotReady", "Node node-2 status is now: NodeNotReady", "node-controller");
        var text = DescribePrinter.Describe(f.View(FiveMinutes), "Node", "node-2", null);
        Assert.Contains(
            Lines(
                "Taints:             node.kubernetes.io/unreachable:NoExecute",
                "                    node.kubernetes.io/unreachable:NoSchedule",
                "                    node.kubernetes.io/unschedulable:NoSchedule",
                "Unschedulable:      true"),
            text,
            StringComparison.Ordinal);
        Assert.Contains("  Ready   Unknown   Mon, 06 Jan 2025 10:20:45 +0000   Mon, 06 Jan 2025 10:20:45 +0000   NodeStatusUnknown   Kubelet stopped posting node status.\n", text, StringComparison.Ordinal);
        Assert.EndsWith(
            Lines(
                "Events:",
                "  Type    Reason        Age   From             Message",
                "  ----    ------        ----  ----             -------",
                "  Normal  NodeNotReady  5m    node-controller  Node node-2 status is now: NodeNotReady"),
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public void DescribeReplicationController()
    {
        var f = new KubectlFixture();
        var rc = new ReplicationController
        {
            Metadata = { Name = "mysql" },
            Replicas = 1,
            Template =
            {
                Metadata = { Labels = { ["app"] = "mysql" } },
                Spec = { Containers = [new Container { Name = "mysql", Image = "mysql:8.4", Ports = [new ContainerPort(3306)], Env = [new EnvVar("MYSQL_ROOT_PASSWORD", "secret")] }] },
            },
        };
        f.Api.Create(rc);
        f.Events.Normal(rc, "SuccessfulCreate", "Created pod: mysql-x9k2p", "replication-controller");
        rc.Status.Replicas = 1;
        f.Api.Update(rc);
        var pod = f.AddPod("mysql-x9k2p", "mysql:8.4", labels: new Dictionary<string, string> { ["app"] = "mysql" });
        pod.Metadata.OwnerReferences.Add(new OwnerReference("v1", "ReplicationController", "mysql", rc.Metadata.Uid));
        f.Run(pod, "node-1", "192.168.0.11", "10.244.1.9", TimeSpan.FromSeconds(2));
        f.AddPod("stray", labels: new Dictionary<string, string> { ["app"] = "mysql" });
        Assert.Equal(
            Lines(
                "Name:         mysql",
                "Namespace:    default",
                "Selector:     app=mysql",
                "Labels:       app=mysql",
                "Annotations:  <none>",
                "Replicas:     1 current / 1 desired",
                "Pods Status:  1 Running / 0 Waiting / 0 Succeeded / 0 Failed",
                "Pod Template:",
                "  Labels:  app=mysql",
                "  Containers:",
                "   mysql:",
                "    Image:      mysql:8.4",
                "    Port:       3306/TCP",
                "    Host Port:  0/TCP",
                "    Environment:",
                "      MYSQL_ROOT_PASSWORD:  secret",
                "    Mounts:                 <none>",
                "  Volumes:                  <none>",
                "  Node-Selectors:           <none>",
                "  Tolerations:              <none>",
                "Events:",
                "  Type    Reason            Age   From                    Message",
                "  ----    ------            ----  ----                    -------",
                "  Normal  SuccessfulCreate  5m    replication-controller  Created pod: mysql-x9k2p"),
            DescribePrinter.Describe(f.View(FiveMinutes), "ReplicationController", "mysql", null));
    }

    [Fact]
    public void DescribeReplicaSetShowsItsSelectorAndOwner()
    {
        var f = new KubectlFixture();
        var rs = new ReplicaSet
        {
            Metadata = { Name = "web-7d4b9", Labels = { ["app"] = "web" }, OwnerReferences = [new OwnerReference("apps/v1", "Deployment", "web", "d-1")] },
            Replicas = 3,
            Selector = new LabelSelector { MatchLabels = { ["app"] = "web" } },
            Template = { Metadata = { Labels = { ["app"] = "web" } }, Spec = { Containers = [new Container { Name = "web", Image = "nginx:1.27" }] } },
        };
        f.Api.Create(rs);
        var text = DescribePrinter.Describe(f.View(FiveMinutes), "ReplicaSet", "web-7d4b9", null);
        Assert.StartsWith(
            Lines(
                "Name:           web-7d4b9",
                "Namespace:      default",
                "Selector:       app=web",
                "Labels:         app=web",
                "Annotations:    <none>",
                "Controlled By:  Deployment/web",
                "Replicas:       0 current / 3 desired",
                "Pods Status:    0 Running / 0 Waiting / 0 Succeeded / 0 Failed",
                "Pod Template:"),
            text,
            StringComparison.Ordinal);
        Assert.EndsWith("  Tolerations:     <none>\nEvents:            <none>\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void DescribeNodePortServiceWithEndpoints()
    {
        var f = new KubectlFixture();
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
        f.Api.Create(new Endpoints
        {
            Metadata = { Name = "web" },
            Subsets = [new EndpointSubset { Addresses = [new("10.244.1.5", "node-1", "web-1")], NotReadyAddresses = [new("10.244.1.6", "node-1", "web-2")], Ports = [new EndpointPort(null, 80, "TCP")] }],
        });
        Assert.Equal(
            Lines(
                "Name:                     web",
                "Namespace:                default",
                "Labels:                   <none>",
                "Annotations:              <none>",
                "Selector:                 app=web",
                "Type:                     NodePort",
                "IP Family Policy:         SingleStack",
                "IP Families:              IPv4",
                "IP:                       10.96.100.10",
                "IPs:                      10.96.100.10",
                "Port:                     <unset>  8080/TCP",
                "TargetPort:               80/TCP",
                "NodePort:                 <unset>  30001/TCP",
                "Endpoints:                10.244.1.5:80",
                "Session Affinity:         None",
                "External Traffic Policy:  Cluster",
                "Internal Traffic Policy:  Cluster",
                "Events:                   <none>"),
            DescribePrinter.Describe(f.View(FiveMinutes), "Service", "web", null));
    }

    [Fact]
    public void DescribeKubernetesServiceAndEndpoints()
    {
        var f = new KubectlFixture();
        var view = f.View(FiveMinutes);
        Assert.Equal(
            Lines(
                "Name:                     kubernetes",
                "Namespace:                default",
                "Labels:                   component=apiserver",
                "                          provider=kubernetes",
                "Annotations:              <none>",
                "Selector:                 <none>",
                "Type:                     ClusterIP",
                "IP Family Policy:         SingleStack",
                "IP Families:              IPv4",
                "IP:                       10.96.0.1",
                "IPs:                      10.96.0.1",
                "Port:                     https  443/TCP",
                "TargetPort:               6443/TCP",
                "Endpoints:                192.168.0.1:6443",
                "Session Affinity:         None",
                "Internal Traffic Policy:  Cluster",
                "Events:                   <none>"),
            DescribePrinter.Describe(view, "Service", "kubernetes", null));
        Assert.Equal(
            Lines(
                "Name:         kubernetes",
                "Namespace:    default",
                "Labels:       <none>",
                "Annotations:  <none>",
                "Subsets:",
                "  Addresses:          192.168.0.1",
                "  NotReadyAddresses:  <none>",
                "  Ports:",
                "    Name   Port  Protocol",
                "    ----   ----  --------",
                "    https  6443  TCP",
                "",
                "Events:  <none>"),
            DescribePrinter.Describe(view, "Endpoints", "kubernetes", null));
    }

    [Fact]
    public void DescribeNamespace()
    {
        var f = new KubectlFixture();
        Assert.Equal(
            Lines(
                "Name:         kube-system",
                "Labels:       <none>",
                "Annotations:  <none>",
                "Status:       Active",
                "",
                "No resource quota.",
                "",
                "No LimitRange resource."),
            DescribePrinter.Describe(f.View(FiveMinutes), "Namespace", "kube-system", null));
    }

    [Fact]
    public void DescribeWithoutANameDescribesEveryObjectSeparatedByTwoBlankLines()
    {
        var f = new KubectlFixture();
        f.AddPod("a");
        f.AddPod("b");
        var view = f.View(FiveMinutes);
        var a = DescribePrinter.Describe(view, "Pod", "a", null);
        var b = DescribePrinter.Describe(view, "Pod", "b", null);
        Assert.Equal(a + "\n\n" + b, DescribePrinter.Describe(view, "Pod", null, null));
    }

    [Fact]
    public void DescribeByPrefixWhenNoNameMatches()
    {
        var f = new KubectlFixture();
        f.AddPod("web-1");
        f.AddPod("web-2");
        f.AddPod("db-1");
        var view = f.View(FiveMinutes);
        var expected = DescribePrinter.Describe(view, "Pod", "web-1", null) + "\n" + DescribePrinter.Describe(view, "Pod", "web-2", null) + "\n";
        Assert.Equal(expected, DescribePrinter.Describe(view, "Pod", "web", null));
        Assert.Equal("Error from server (NotFound): pods \"cache\" not found\n", DescribePrinter.Describe(view, "Pod", "cache", null));
        Assert.Equal("No resources found in kube-public namespace.\n", DescribePrinter.Describe(view, "Pod", null, "kube-public"));
    }
}
