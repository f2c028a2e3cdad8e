using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.NodeLifecycle;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Tests.NodeLifecycle;

/// <summary>
/// Nodes for end-to-end node lifecycle tests, with heartbeats the test controls: every 10 s each live node's
/// Lease is renewed and its conditions' LastHeartbeatTime is posted, as a kubelet does. Two kinds of node:
/// <list type="bullet">
/// <item><see cref="AddKubeletNode"/>: registered by <see cref="Sim.Cluster.AddNode"/>, its pods run by the
/// simulator's kubelet. It stays healthy.</item>
/// <item><see cref="AddFakeNode"/>: registered the same way but with a stand-in kubelet here that starts the
/// pods bound to it (Running and Ready at once) and removes them when deleted, until <see cref="Stop"/>
/// crashes it: then it neither heartbeats nor touches its pods, so deleted pods stay Terminating.</item>
/// </list>
/// </summary>
internal sealed class TestNodes : IEventHandler, IStoreWatcher
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    private readonly Sim.Cluster _cluster;
    private readonly SortedDictionary<string, bool> _alive = new(StringComparer.Ordinal);
    private readonly HashSet<string> _fake = new(StringComparer.Ordinal);
    private int _nextIp = 10;

    public TestNodes(Sim.Cluster cluster)
    {
        _cluster = cluster;
        cluster.Store.Watch("Pod", this);
        cluster.Kernel.ScheduleIn(HeartbeatInterval.Ticks, this);
    }

    private ApiServer Api => _cluster.Api;

    private Kernel Kernel => _cluster.Kernel;

    /// <summary>A node run by the simulator's kubelet, labelled with <paramref name="zone"/> if given.</summary>
    public Node AddKubeletNode(string name, string? zone = null)
    {
        var node = NewNode(name, zone);
        _cluster.AddNode(node);
        _alive[name] = true;
        Heartbeat(name);
        return node;
    }

    /// <summary>A node whose kubelet is the stand-in here, so the test can crash it.</summary>
    public Node AddFakeNode(string name, string? zone = null)
    {
        var node = NewNode(name, zone);
        var now = Kernel.Now;
        node.Metadata.Labels["kubernetes.io/hostname"] = name;
        node.Metadata.Labels["kubernetes.io/os"] = "linux";
        node.Metadata.Labels["kubernetes.io/arch"] = "amd64";
        node.Metadata.Labels["beta.kubernetes.io/os"] = "linux";
        node.Metadata.Labels["beta.kubernetes.io/arch"] = "amd64";
        node.Status.Capacity[ResourceNames.Pods] = Quantity.Parse("110");
        foreach (var (k, v) in node.Status.Capacity)
        {
            node.Status.Allocatable[k] = v;
        }

        node.Status.Addresses = [new NodeAddress("InternalIP", "192.168.99." + (_nextIp++).ToString(CultureInfo.InvariantCulture)), new NodeAddress("Hostname", name)];
        node.Status.Conditions = HealthyConditions(now);
        Api.Create(node);
        _fake.Add(name);
        _alive[name] = true;
        Heartbeat(name);
        return node;
    }

    /// <summary>Crashes a fake node: no more heartbeats, lease renewals or pod handling.</summary>
    public void Stop(string name)
    {
        Assert.Contains(name, _fake); // the simulator's kubelet cannot be stopped from here
        _alive[name] = false;
    }

    /// <summary>The node's kubelet comes back: it posts Ready again, renews its Lease and resyncs its pods' status.</summary>
    public void Resume(string name)
    {
        _alive[name] = true;
        var node = Api.Store.Get<Node>("", name)!;
        var now = Kernel.Now;
        bool wasReady = node.Status.GetCondition("Ready")?.Status == "True";
        foreach (var fresh in HealthyConditions(now))
        {
            var c = node.Status.GetCondition(fresh.Type)!;
            if (c.Status != fresh.Status)
            {
                c.LastTransitionTime = now;
            }

            (c.Status, c.Reason, c.Message, c.LastHeartbeatTime) = (fresh.Status, fresh.Reason, fresh.Message, now);
        }

        Api.Update(node);
        if (!wasReady)
        {
            _cluster.Events.Normal(node, "NodeReady", $"Node {name} status is now: NodeReady", "kubelet", name);
        }

        RenewLease(name);
        foreach (var pod in _cluster.Store.PodsOnNode(name).ToList())
        {
            if (pod.Metadata.DeletionTimestamp is null)
            {
                pod.Status.SetCondition("Ready", "True", now);
                Api.Update(pod);
            }
        }
    }

    public void OnEvent(Kernel kernel, long argument)
    {
        foreach (var (name, alive) in _alive)
        {
            if (alive)
            {
                Heartbeat(name);
            }
        }

        kernel.ScheduleIn(HeartbeatInterval.Ticks, this);
    }

    /// <summary>The stand-in kubelet of fake nodes: start bound pods, remove deleted ones, while alive.</summary>
    public void OnChange(WatchEventType type, KubeObject obj)
    {
        if (type == WatchEventType.Deleted || obj is not Pod pod || !_fake.Contains(pod.Spec.NodeName) || !_alive[pod.Spec.NodeName])
        {
            return;
        }

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            Kernel.ScheduleIn(TimeSpan.Zero, () =>
            {
                if (_alive[pod.Spec.NodeName])
                {
                    Api.Remove(pod);
                }
            });
            return;
        }

        if (pod.Status.Phase == "Pending")
        {
            Kernel.ScheduleIn(TimeSpan.Zero, () => StartPod(pod));
        }
    }

    private void StartPod(Pod pod)
    {
        if (!_alive[pod.Spec.NodeName] || pod.Status.Phase != "Pending" || Api.Store.Get("Pod", pod.Key) != pod)
        {
            return;
        }

        var now = Kernel.Now;
        var node = Api.Store.Get<Node>("", pod.Spec.NodeName)!;
        pod.Status.Phase = "Running";
        pod.Status.HostIP = node.Status.Addresses[0].Address;
        pod.Status.PodIP = "10.99.0." + (_nextIp++).ToString(CultureInfo.InvariantCulture);
        pod.Status.StartTime = now;
        pod.Status.SetCondition("Initialized", "True", now);
        pod.Status.SetCondition("ContainersReady", "True", now);
        pod.Status.SetCondition("Ready", "True", now);
        pod.Status.ContainerStatuses = pod.Spec.Containers
            .Select(c => new ContainerStatus { Name = c.Name, Image = c.Image, Ready = true, Started = true, State = ContainerState.Running(now) })
            .ToList();
        Api.Update(pod);
    }

    private void Heartbeat(string name)
    {
        RenewLease(name);
        if (Api.Store.Get<Node>("", name) is not { } node)
        {
            return;
        }

        foreach (var c in node.Status.Conditions)
        {
            c.LastHeartbeatTime = Kernel.Now;
        }

        Api.Update(node);
    }

    private void RenewLease(string name)
    {
        var now = Kernel.Now;
        if (Api.Store.Get<Lease>(NodeLifecycleController.NodeLeaseNamespace, name) is { } lease)
        {
            lease.RenewTime = now;
            Api.Update(lease);
            return;
        }

        Api.Create(new Lease
        {
            Metadata = { Name = name, Namespace = NodeLifecycleController.NodeLeaseNamespace },
            HolderIdentity = name,
            AcquireTime = now,
            RenewTime = now,
        });
    }

    private static Node NewNode(string name, string? zone)
    {
        var node = new Node { Metadata = { Name = name } };
        if (zone is not null)
        {
            node.Metadata.Labels[NodeTopology.LabelTopologyZone] = zone;
        }

        node.Status.Capacity[ResourceNames.Cpu] = Quantity.Parse("4");
        node.Status.Capacity[ResourceNames.Memory] = Quantity.Parse("8Gi");
        return node;
    }

    private static List<NodeCondition> HealthyConditions(TimeSpan now) =>
    [
        new NodeCondition { Type = "MemoryPressure", Status = "False", Reason = "KubeletHasSufficientMemory", Message = "kubelet has sufficient memory available", LastHeartbeatTime = now, LastTransitionTime = now },
        new NodeCondition { Type = "DiskPressure", Status = "False", Reason = "KubeletHasNoDiskPressure", Message = "kubelet has no disk pressure", LastHeartbeatTime = now, LastTransitionTime = now },
        new NodeCondition { Type = "PIDPressure", Status = "False", Reason = "KubeletHasSufficientPID", Message = "kubelet has sufficient PID available", LastHeartbeatTime = now, LastTransitionTime = now },
        new NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "kubelet is posting ready status", LastHeartbeatTime = now, LastTransitionTime = now },
    ];
}
