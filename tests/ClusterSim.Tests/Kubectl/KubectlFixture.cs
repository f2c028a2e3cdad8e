using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.Kubectl;

/// <summary>A bootstrapped API server with helpers to add nodes and pods at chosen virtual times.</summary>
internal sealed class KubectlFixture
{
    /// <summary>Virtual time zero: Mon, 06 Jan 2025 10:20:45 UTC.</summary>
    public static readonly DateTimeOffset Epoch = new(2025, 1, 6, 10, 20, 45, TimeSpan.Zero);

    public KubectlFixture()
    {
        Api = new ApiServer(Kernel, Trace, 7, new ControlPlaneConfig());
        Api.Bootstrap("192.168.0.1");
        Events = new EventRecorder(Kernel, Trace);
    }

    public Kernel Kernel { get; } = new();

    public Trace Trace { get; } = new();

    public ApiServer Api { get; }

    public EventRecorder Events { get; }

    /// <summary>Moves the virtual clock forward to <paramref name="time"/>.</summary>
    public void At(TimeSpan time) => Kernel.RunUntil(time);

    public ClusterView View(TimeSpan now) => new(Api.Store, Events, now, Epoch);

    public Node AddNode(string name, string internalIp, bool ready = true)
    {
        var node = new Node
        {
            Metadata = { Name = name, Labels = { ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux" } },
            Spec = { PodCidr = "10.244.1.0/24" },
            Status =
            {
                Capacity = { ["cpu"] = Quantity.FromMilli(2000), ["pods"] = Quantity.FromMilli(110_000) },
                Allocatable = { ["cpu"] = Quantity.FromMilli(1900), ["pods"] = Quantity.FromMilli(110_000) },
                Addresses = [new NodeAddress("InternalIP", internalIp), new NodeAddress("Hostname", name)],
                NodeInfo = { KubeletVersion = "v1.32.0", KubeProxyVersion = "v1.32.0", MachineId = "m-" + name, SystemUuid = "u-" + name, BootId = "b-" + name },
                Conditions =
                [
                    new NodeCondition
                    {
                        Type = "Ready",
                        Status = ready ? "True" : "Unknown",
                        LastHeartbeatTime = Kernel.Now,
                        LastTransitionTime = Kernel.Now,
                        Reason = ready ? "KubeletReady" : "NodeStatusUnknown",
                        Message = ready ? "kubelet is posting ready status" : "Kubelet stopped posting node status.",
                    },
                ],
            },
        };
        return Api.Create(node);
    }

    public Pod AddPod(string name, string image = "nginx:1.27", string ns = "default", IDictionary<string, string>? labels = null)
    {
        var pod = new Pod
        {
            Metadata = { Name = name, Namespace = ns },
            Spec = { Containers = [new Container { Name = "app", Image = image }] },
        };
        foreach (var (k, v) in labels ?? new Dictionary<string, string>())
        {
            pod.Metadata.Labels[k] = v;
        }

        return Api.Create(pod);
    }

    /// <summary>Binds and starts <paramref name="pod"/> on <paramref name="node"/>: Running, ready, with an IP.</summary>
    public void Run(Pod pod, string node, string hostIp, string podIp, TimeSpan started)
    {
        pod.Spec.NodeName = node;
        pod.Status.Phase = "Running";
        pod.Status.HostIP = hostIp;
        pod.Status.PodIP = podIp;
        pod.Status.StartTime = started;
        pod.Status.SetCondition("PodReadyToStartContainers", "True", started);
        pod.Status.SetCondition("Initialized", "True", started);
        pod.Status.SetCondition("Ready", "True", started);
        pod.Status.SetCondition("ContainersReady", "True", started);
        pod.Status.SetCondition("PodScheduled", "True", started);
        pod.Status.ContainerStatuses =
        [
            new ContainerStatus
            {
                Name = pod.Spec.Containers[0].Name,
                Image = pod.Spec.Containers[0].Image,
                ImageId = "docker.io/library/" + pod.Spec.Containers[0].Image + "@sha256:0a1b",
                ContainerId = "containerd://c0ffee",
                Ready = true,
                Started = true,
                State = ContainerState.Running(started),
            },
        ];
        Api.Update(pod);
    }
}
