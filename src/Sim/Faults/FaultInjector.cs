using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;

namespace ClusterSim.Sim.Faults;

/// <summary>
/// Injects the scenario's faults into a cluster. Each method returns null when the fault took effect, or
/// a warning when it could not (an unknown node, a node that is already down, nothing in a zone), so the
/// runner can put it in the transcript instead of failing the run.
/// </summary>
public sealed class FaultInjector(Cluster cluster)
{
    /// <summary>The zone label nodes are grouped by.</summary>
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    private readonly List<FaultRecord> _records = [];

    /// <summary>Faults that took effect, in time order.</summary>
    public IReadOnlyList<FaultRecord> Records => _records;

    /// <summary>node-crash NODE: the node and all its containers stop; heartbeats stop.</summary>
    public string? NodeCrash(string node) => OnNode(node, "node-crash", k => k.Crash(), down: true, "is already down");

    /// <summary>node-recover NODE: the node boots again, empty, and re-registers.</summary>
    public string? NodeRecover(string node) => OnNode(node, "node-recover", k => k.Recover(), down: false, "is not down");

    /// <summary>kubelet-stop NODE: a partition; containers keep running, the control plane stops hearing from the node.</summary>
    public string? KubeletStop(string node) => OnNode(node, "kubelet-stop", k => k.Disconnect(), down: true, "is not running");

    /// <summary>kubelet-start NODE: the partition heals.</summary>
    public string? KubeletStart(string node) => OnNode(node, "kubelet-start", k => k.Reconnect(), down: false, "is not stopped");

    /// <summary>zone-outage ZONE: every node of the zone crashes (a power or network loss of the whole zone).</summary>
    public string? ZoneOutage(string zone) => OnZone(zone, "zone-outage", k => k.Crash(), down: true);

    /// <summary>zone-recover ZONE: every crashed node of the zone recovers.</summary>
    public string? ZoneRecover(string zone) => OnZone(zone, "zone-recover", k => k.Recover(), down: false);

    /// <summary>pod-kill [NS/]POD: the pod is deleted at once (grace period 0), as a chaos tool kills it; its controller replaces it.</summary>
    public string? PodKill(string ns, string name)
    {
        if (cluster.Store.Get<Pod>(ns, name) is not Pod pod)
        {
            return $"pod-kill: pod \"{ns}/{name}\" does not exist at {GoDuration.Format(cluster.Now)}";
        }

        Record("pod-kill " + (ns == "default" ? name : ns + "/" + name), down: false, pod.Spec.NodeName.Length > 0 ? [pod.Spec.NodeName] : []);
        cluster.Api.Remove(pod);
        return null;
    }

    /// <summary>
    /// provision-failure GROUP [for DURATION]: the cloud has no capacity for the node group, for
    /// <paramref name="duration"/> from now or (null) to the end of the run; nodes asked for meanwhile never register.
    /// </summary>
    public string? ProvisionFailure(string group, TimeSpan? duration)
    {
        if (cluster.Cloud is not { } cloud || !cloud.Groups.Any(g => g.Name == group))
        {
            return $"provision-failure: node group \"{group}\" does not exist";
        }

        cloud.SetNoCapacity(group, duration is { } d ? cluster.Now + d : null);
        Record("provision-failure " + group + (duration is { } f ? " for " + GoDuration.Format(f) : ""), down: false, []);
        return null;
    }

    /// <summary>provision-slow GROUP DELAY: the node group's new nodes take <paramref name="delay"/> (plus its jitter) to register.</summary>
    public string? ProvisionSlow(string group, TimeSpan delay)
    {
        if (cluster.Cloud is not { } cloud || !cloud.Groups.Any(g => g.Name == group))
        {
            return $"provision-slow: node group \"{group}\" does not exist";
        }

        cloud.SetProvisioningDelay(group, delay);
        Record("provision-slow " + group + " " + GoDuration.Format(delay), down: false, []);
        return null;
    }

    /// <summary>
    /// random-node-crash {mtbf, mttr}: every node fails after an exponential time with mean
    /// <paramref name="mtbf"/> and recovers after an exponential time with mean <paramref name="mttr"/>,
    /// again and again until <paramref name="until"/>. Each node draws from its own stream.
    /// </summary>
    public void StartRandomNodeCrashes(TimeSpan mtbf, TimeSpan mttr, TimeSpan until)
    {
        foreach (var name in cluster.Kubelets.Keys)
        {
            var random = new RandomStream(cluster.Seed, "faults/random-node-crash/" + name);
            ScheduleNextCrash(name, random, mtbf, mttr, until);
        }

        // Nodes that join later (a Cluster Autoscaler's) fail the same way from when they join.
        cluster.NodeAdded += name => ScheduleNextCrash(name, new RandomStream(cluster.Seed, "faults/random-node-crash/" + name), mtbf, mttr, until);
    }

    private void ScheduleNextCrash(string node, RandomStream random, TimeSpan mtbf, TimeSpan mttr, TimeSpan until)
    {
        // A machine the cloud deleted is gone for good: it neither fails nor recovers any more.
        if (cluster.Kubelets.TryGetValue(node, out var kubelet) && kubelet.Terminated)
        {
            return;
        }

        var upFor = TimeSpan.FromTicks(Math.Max(1, (long)random.Exponential(mtbf.Ticks)));
        var downFor = TimeSpan.FromTicks(Math.Max(1, (long)random.Exponential(mttr.Ticks)));
        var crashAt = cluster.Now + upFor;
        if (crashAt > until)
        {
            return;
        }

        cluster.Kernel.ScheduleAt(crashAt, () =>
        {
            NodeCrash(node);
            cluster.Kernel.ScheduleIn(downFor, () =>
            {
                NodeRecover(node);
                ScheduleNextCrash(node, random, mtbf, mttr, until);
            });
        });
    }

    private string? OnNode(string node, string name, Func<Kubelet.Kubelet, bool> act, bool down, string whyNot)
    {
        if (!cluster.Kubelets.TryGetValue(node, out var kubelet))
        {
            return $"{name}: node \"{node}\" does not exist";
        }

        if (!act(kubelet))
        {
            return $"{name}: node \"{node}\" {whyNot} at {GoDuration.Format(cluster.Now)}; ignored";
        }

        Record(name + " " + node, down, [node]);
        return null;
    }

    private string? OnZone(string zone, string name, Func<Kubelet.Kubelet, bool> act, bool down)
    {
        var nodes = cluster.Store.List<Node>()
            .Where(n => n.Metadata.Labels.GetValueOrDefault(ZoneLabel) == zone)
            .Select(n => n.Metadata.Name)
            .ToList();
        if (nodes.Count == 0)
        {
            return $"{name}: no node is in zone \"{zone}\"";
        }

        var affected = nodes.Where(n => cluster.Kubelets.TryGetValue(n, out var k) && act(k)).ToList();
        if (affected.Count == 0)
        {
            return $"{name}: no node of zone \"{zone}\" could be {(down ? "taken down" : "recovered")} at {GoDuration.Format(cluster.Now)}; ignored";
        }

        Record(name + " " + zone, down, affected);
        return null;
    }

    private void Record(string description, bool down, IReadOnlyList<string> nodes)
    {
        _records.Add(new FaultRecord(cluster.Now, description, down, nodes));
        cluster.Trace.Record(cluster.Kernel.NowTicks, "fault", description);
    }
}
