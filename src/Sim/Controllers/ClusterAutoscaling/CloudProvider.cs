using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;

namespace ClusterSim.Sim.Controllers.ClusterAutoscaling;

/// <summary>
/// The cloud behind the node groups (cloudprovider.NodeGroup: TargetSize, IncreaseSize, DeleteNodes): a group's
/// target size, the instances it is creating (each registers as a Node after the group's provisioning delay plus
/// seeded jitter) and deletions (the instance stops and its Node object goes, as the cloud node lifecycle
/// controller removes a Node whose instance is gone). Faults: a group can be out of capacity (requested instances
/// never register) or slow.
/// </summary>
public sealed class CloudProvider
{
    private readonly Cluster _cluster;
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);
    private readonly List<Group> _order = [];

    // The group of each registered node: the autoscaler asks this of every node on every loop.
    private readonly Dictionary<string, string> _groupOfNode = new(StringComparer.Ordinal);

    internal CloudProvider(Cluster cluster) => _cluster = cluster;

    /// <summary>
    /// Instance-hours of <paramref name="group"/> up to now: every instance is paid from the cloud's create call (or
    /// t=0 for the initial nodes) until it is deleted; one that never starts (a stock-out) is not.
    /// </summary>
    public double InstanceHours(string group) => InstanceHoursAt(group, _cluster.Kernel.NowTicks);

    /// <summary>
    /// <see cref="InstanceHours"/> up to <paramref name="ticks"/> (now or later: as if the group did not change
    /// meanwhile), for expectations that look ahead to when a bound is crossed.
    /// </summary>
    public double InstanceHoursAt(string group, long ticks)
    {
        var g = _groups[group];
        return (double)(g.InstanceTicks + (g.Instances * (ticks - g.BilledUntil))) / TimeSpan.TicksPerHour;
    }

    /// <summary>
    /// Counts the changes to what the groups report (target sizes, instances, registered nodes, scale-ups): some
    /// happen without a store write (a create call), and expectations on node groups re-check when this moves.
    /// </summary>
    public long Version { get; private set; }

    /// <summary>The most instances the group had at once (registered or starting).</summary>
    public int PeakInstances(string group) => _groups[group].PeakInstances;

    /// <summary>The group's scale-ups (calls of IncreaseSize).</summary>
    public int ScaleUps(string group) => _groups[group].ScaleUps;

    /// <summary>The group's nodes deleted by the autoscaler.</summary>
    public int Deletions(string group) => _groups[group].Deletions;

    /// <summary>The groups in the order they were added (NodeGroups()).</summary>
    public IReadOnlyList<NodeGroupSpec> Groups => _order.Select(g => g.Spec).ToList();

    /// <summary>Adds a group and creates its initial nodes at once (they exist at t=0, as the pool's fixed nodes do).</summary>
    internal void Add(NodeGroupSpec spec)
    {
        var group = new Group(spec, new RandomStream(_cluster.Seed, "cloud/" + spec.Name));
        _groups.Add(spec.Name, group);
        _order.Add(group);
        for (int i = 0; i < spec.InitialSize; i++)
        {
            group.TargetSize++;
            Register(group, group.NextIndex++);
        }

        Bill(group, +spec.InitialSize);
    }

    public NodeGroupSpec Spec(string group) => _groups[group].Spec;

    /// <summary>TargetSize(): the size the group is asked to have (registered plus being created).</summary>
    public int TargetSize(string group) => _groups[group].TargetSize;

    /// <summary>The group's registered nodes, in creation order.</summary>
    public IReadOnlyList<string> Nodes(string group) => _groups[group].Registered;

    /// <summary>Instances requested and not registered (nor given up on) yet.</summary>
    public int Upcoming(string group) => _groups[group].Creating.Count;

    /// <summary>
    /// The instances requested and not registered yet, each by the node name it will register as (NAME-N), in request
    /// order: what cluster-autoscaler's getNotRegisteredNodes finds (cloud instances without a Node).
    /// </summary>
    public IEnumerable<string> UnregisteredInstances(string group)
    {
        var g = _groups[group];
        return g.Creating.Select(i => g.Spec.NewNodeName(i.Index));
    }

    /// <summary>The group a node belongs to (NodeGroupForNode), or null for a node of no group.</summary>
    public string? GroupOf(string node) => _groupOfNode.GetValueOrDefault(node);

    /// <summary>IncreaseSize(delta): asks for more instances; each registers after the provisioning delay, unless the group is out of capacity then.</summary>
    public void IncreaseSize(string group, int delta)
    {
        var g = _groups[group];
        if (delta <= 0 || g.TargetSize + delta > g.Spec.MaxSize)
        {
            throw new InvalidOperationException($"size increase too large - desired:{g.TargetSize + delta} max:{g.Spec.MaxSize}");
        }

        g.ScaleUps++;
        Version++;
        for (int i = 0; i < delta; i++)
        {
            g.TargetSize++;
            int index = g.NextIndex++;
            var delay = g.SlowDelay ?? g.Spec.ProvisioningDelay;
            if (g.Spec.ProvisioningJitter > TimeSpan.Zero)
            {
                delay += TimeSpan.FromTicks((long)(g.Random.NextDouble() * g.Spec.ProvisioningJitter.Ticks));
            }

            var instance = new Instance(index);
            g.Creating.Add(instance);
            bool stockedOut = g.NoCapacityUntil is { } until && _cluster.Now < until;
            if (!stockedOut)
            {
                Bill(g, +1);
                instance.Billed = true;
                _cluster.Kernel.ScheduleIn(delay, () =>
                {
                    if (g.Creating.Remove(instance))
                    {
                        Register(g, instance.Index);
                    }
                });
            }
        }
    }

    /// <summary>DecreaseTargetSize: gives up on instances that never registered (after maxNodeProvisionTime).</summary>
    public int GiveUpOnUnregistered(string group)
    {
        var g = _groups[group];
        int count = g.Creating.Count;
        Version++;
        Bill(g, -g.Creating.Count(i => i.Billed));
        g.Creating.Clear();
        g.TargetSize -= count;
        return count;
    }

    /// <summary>DeleteNodes: the instance is terminated (its kubelet stops) and its Node object removed.</summary>
    public void DeleteNode(string node)
    {
        var name = GroupOf(node) ?? throw new InvalidOperationException($"node {node} belongs to no node group");
        var g = _groups[name];
        g.Registered.Remove(node);
        _groupOfNode.Remove(node);
        g.TargetSize--;
        g.Deletions++;
        Version++;
        Bill(g, -1);
        _cluster.TerminateNode(node);
    }

    /// <summary>Fault provision-failure: requests made until <paramref name="until"/> (null: for the rest of the run) never register.</summary>
    public void SetNoCapacity(string group, TimeSpan? until) => _groups[group].NoCapacityUntil = until ?? TimeSpan.MaxValue;

    /// <summary>Fault provision-slow: new instances take <paramref name="delay"/> instead of the group's provisioning delay.</summary>
    public void SetProvisioningDelay(string group, TimeSpan delay) => _groups[group].SlowDelay = delay;

    /// <summary>Adds the instance-time since the last change, then changes the instance count by <paramref name="delta"/>.</summary>
    private void Bill(Group g, int delta = 0)
    {
        long now = _cluster.Kernel.NowTicks;
        g.InstanceTicks += g.Instances * (now - g.BilledUntil);
        g.BilledUntil = now;
        g.Instances += delta;
        g.PeakInstances = Math.Max(g.PeakInstances, g.Instances);
    }

    private void Register(Group g, int index)
    {
        var node = g.Spec.NewNode(index);
        _cluster.AddNode(node);
        g.Registered.Add(node.Metadata.Name);
        _groupOfNode[node.Metadata.Name] = g.Spec.Name;
        Version++;
    }

    private sealed class Group(NodeGroupSpec spec, RandomStream random)
    {
        public NodeGroupSpec Spec { get; } = spec;

        public RandomStream Random { get; } = random;

        public int TargetSize { get; set; }

        public int NextIndex { get; set; }

        public List<string> Registered { get; } = [];

        public List<Instance> Creating { get; } = [];

        public TimeSpan? NoCapacityUntil { get; set; }

        public TimeSpan? SlowDelay { get; set; }

        public int Instances { get; set; }

        public int PeakInstances { get; set; }

        public long InstanceTicks { get; set; }

        public long BilledUntil { get; set; }

        public int ScaleUps { get; set; }

        public int Deletions { get; set; }
    }

    private sealed class Instance(int index)
    {
        public int Index { get; } = index;

        public bool Billed { get; set; }
    }
}
