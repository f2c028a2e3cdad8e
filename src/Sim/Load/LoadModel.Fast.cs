using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Kubelet;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Load;

/// <summary>
/// The load model's fast step (with <see cref="Cluster.FastPaths"/>; see the type's summary in LoadModel.cs): each
/// node's last result kept in a slot, flags set by the store watch and by traffic changes, and a node computed
/// again only when one of its inputs moved, with the changes reported for the metrics server.
/// </summary>
public sealed partial class LoadModel
{
    /// <summary>
    /// The fast step: recomputes the nodes whose result may differ from their last one and keeps the others'.
    /// A node is recomputed when
    /// <list type="bullet">
    /// <item>a pod bound to it was written (added, modified, deleted), or its Node added or deleted: its pods and
    /// their specs come from the store. A running kubelet writes its pod's status in the same event as every
    /// change of a container's state (start, exit, restart, kill: SetState/RefreshPodStatus, or the removal
    /// that ends a kill), so a change of what ContainerRunningSince answers comes with a pod write;</item>
    /// <item>the traffic of one of its pods changed: its containers' demand moved, but not the containers, so
    /// the containers read at the last computation are used again and only the CPU shares and served rates
    /// are computed (this is what a loaded Deployment costs at each step);</item>
    /// <item>its kubelet's state differs from the last computation (a crash empties it without a write), or
    /// the kubelet is cut off (its containers change in its shadow status, with no write);</item>
    /// <item>the Node was written and its allocatable CPU differs, or the container that was running at the
    /// last computation (the sentinel) no longer is: a kubelet that crashes and recovers between two steps
    /// re-registers with a Node write (SyncNodeStatus(force)) and then starts its pods again from nothing, each
    /// with a pod write, but a step may come between the two; it then finds every container stopped, the
    /// sentinel's too. Without a running container before, there is nothing a recovery could have stopped. A
    /// Node write without either (the kubelet's status post every 5 minutes) changes nothing the node's usage
    /// depends on: recomputing all nodes at each such post would cost a full literal step every 5 minutes;</item>
    /// <item>it has no Node object (no write announces its kubelet's recovery).</item>
    /// </list>
    /// Nodes are computed in name order with the literal step's function, so a recomputed node's numbers are
    /// the literal step's; a node not recomputed has all inputs of its last computation, hence its result.
    /// </summary>
    private void StepChangedNodes(Dictionary<string, double> podRps, Dictionary<string, string> podNodes)
    {
        if (_kubelets.Count != _slotOrder.Count)
        {
            // Kubelets are only ever added (Cluster.AddNode): a new one has no result yet and is computed now.
            _slotOrder.Clear();
            foreach (var (name, kubelet) in _kubelets)
            {
                if (!_slots.TryGetValue(name, out var slot))
                {
                    _slots[name] = slot = new NodeSlot(name, kubelet) { NodeMissing = _store.Get("Node", name) is null };
                }

                _slotOrder.Add(slot);
            }
        }

        bool all = _recomputeAll;
        if (all)
        {
            // After steps that computed nothing: start from nothing, as the literal step does every time.
            _podsByKey.Clear();
            _nodes.Clear();
            _lastRps.Clear();
            foreach (var slot in _slotOrder)
            {
                slot.Pods.Clear();
                slot.Usage = null;
                slot.State = null;
            }

            _recomputeAll = false;
        }

        // Nodes whose pods' traffic moved: a flag per node, so the dictionaries' hash order never matters.
        foreach (var (key, last) in _lastRps)
        {
            if (!podRps.TryGetValue(key, out var rps) || rps != last.Rps)
            {
                MarkTrafficChanged(last.Node);
            }
        }

        foreach (var (key, rps) in podRps)
        {
            if (!_lastRps.ContainsKey(key))
            {
                MarkTrafficChanged(podNodes[key]);
            }
        }

        _lastRps.Clear();
        foreach (var (key, rps) in podRps)
        {
            _lastRps[key] = (rps, podNodes[key]);
        }

        foreach (var slot in _slotOrder)
        {
            var state = slot.Kubelet.State;
            bool collect = all || slot.Dirty || slot.State != state || state == KubeletState.Disconnected || slot.NodeMissing || (slot.NodeWritten && NodeMoved(slot));
            if (collect || slot.TrafficChanged)
            {
                Recompute(slot, state, podRps, collect);
            }

            slot.NodeWritten = false;
            slot.TrafficChanged = false;
        }

        if (_changes.Count > 0)
        {
            _podsSorted = null;
            _stepOrderStale = true;
        }
    }

    /// <summary>
    /// Computes a node again: its containers read anew from the store and the kubelet when <paramref name="collect"/>,
    /// else (only its pods' traffic changed) the containers of its last computation, which nothing has changed since.
    /// </summary>
    private void Recompute(NodeSlot slot, KubeletState state, Dictionary<string, double> podRps, bool collect)
    {
        if (collect)
        {
            slot.Containers.Clear();
            _sentinel = null;
            CollectContainers(slot.Name, slot.Kubelet, slot.Containers);
            slot.Sentinel = _sentinel;
            slot.CpuMilli = NodeCpuMilli(slot.Name);
            slot.Dirty = false;
        }

        var before = slot.Pods;
        var after = slot.Spare;
        after.Clear();
        var usage = ComputeUsage(slot.Name, slot.Containers, slot.CpuMilli, podRps, after);
        bool stateChanged = slot.State != state;
        slot.State = state;
        var changed = slot.ChangedSpare;
        changed.Clear();
        Diff(before, after, changed);
        if (!stateChanged && changed.Count == 0 && Nullable.Equals(slot.Usage, usage))
        {
            // Same pods, same usage: keep the lists as they are (the maps already hold these values).
            return;
        }

        int a = 0;
        foreach (var key in changed)
        {
            // The new list and the changed keys are both in key order: one walk finds each key's new usage.
            while (a < after.Count && string.CompareOrdinal(after[a].Key, key) < 0)
            {
                a++;
            }

            if (a < after.Count && after[a].Key == key)
            {
                _podsByKey[key] = after[a].Value;
            }
            else if (_podsByKey.TryGetValue(key, out var current) && current.NodeName == slot.Name)
            {
                // Gone from here. A pod deleted here and made again with the same name on a node computed earlier
                // in this step is that node's now: leave it.
                _podsByKey.Remove(key);
            }
        }

        if (usage is { } n)
        {
            _nodes[slot.Name] = n;
        }
        else
        {
            _nodes.Remove(slot.Name);
        }

        slot.Usage = usage;
        slot.Pods = after;
        slot.Spare = before;
        slot.ChangedSpare = slot.Changed;
        slot.Changed = changed;
        _changes.Add(new NodeChange(slot.Name, before, after, changed, stateChanged));
    }

    /// <summary>The keys of the pods that are in one of two key-ordered lists only, or in both with different usage, in key order.</summary>
    private static void Diff(List<KeyValuePair<string, PodUsage>> before, List<KeyValuePair<string, PodUsage>> after, List<string> changed)
    {
        int i = 0;
        int j = 0;
        while (i < before.Count || j < after.Count)
        {
            int order = i == before.Count ? 1 : j == after.Count ? -1 : string.CompareOrdinal(before[i].Key, after[j].Key);
            if (order < 0)
            {
                changed.Add(before[i++].Key);
            }
            else if (order > 0)
            {
                changed.Add(after[j++].Key);
            }
            else
            {
                if (!before[i].Value.Equals(after[j].Value))
                {
                    changed.Add(after[j].Key);
                }

                i++;
                j++;
            }
        }
    }

    /// <summary>After a Node write: whether its allocatable CPU or its sentinel container changed since the last computation.</summary>
    private bool NodeMoved(NodeSlot slot) =>
        !NodeCpuMilli(slot.Name).Equals(slot.CpuMilli)
        || (slot.Sentinel is { } s && slot.Kubelet.ContainerRunningSince(s.PodKey, s.Index) != s.Since);

    private void MarkDirty(string nodeName)
    {
        if (_slots.TryGetValue(nodeName, out var slot))
        {
            slot.Dirty = true;
        }
    }

    private void MarkTrafficChanged(string nodeName)
    {
        if (_slots.TryGetValue(nodeName, out var slot))
        {
            slot.TrafficChanged = true;
        }
    }

    /// <summary>A node's result at its last computation, and whether something it depends on was written since.</summary>
    private sealed class NodeSlot(string name, Kubelet.Kubelet kubelet)
    {
        public string Name { get; } = name;

        public Kubelet.Kubelet Kubelet { get; } = kubelet;

        /// <summary>The kubelet's state at the last computation; null before the first.</summary>
        public KubeletState? State { get; set; }

        /// <summary>A pod bound here was written, or the Node added or deleted, since the last computation: its containers must be read again.</summary>
        public bool Dirty { get; set; } = true;

        /// <summary>The traffic of one of its pods changed since the last step.</summary>
        public bool TrafficChanged { get; set; }

        /// <summary>Its containers at the last reading (grouped by pod in key order).</summary>
        public List<ContainerSlot> Containers { get; } = [];

        /// <summary>The keys whose usage changed at the last computation that changed any (see <see cref="NodeChange.Changed"/>).</summary>
        public List<string> Changed { get; set; } = [];

        /// <summary>The list the next computation fills (the metrics server may read <see cref="Changed"/> meanwhile).</summary>
        public List<string> ChangedSpare { get; set; } = [];

        /// <summary>The store has no Node object of this name (see <see cref="StepChangedNodes"/>).</summary>
        public bool NodeMissing { get; set; }

        /// <summary>The Node was modified since the last step (see <see cref="StepChangedNodes"/>).</summary>
        public bool NodeWritten { get; set; }

        /// <summary>The node's allocatable CPU at the last computation.</summary>
        public double CpuMilli { get; set; }

        /// <summary>The first container found running at the last computation, if any, and its start.</summary>
        public (string PodKey, int Index, TimeSpan Since)? Sentinel { get; set; }

        public List<KeyValuePair<string, PodUsage>> Pods { get; set; } = [];

        /// <summary>The previous step's list, reused for the next computation (the metrics server reads it as "before" meanwhile).</summary>
        public List<KeyValuePair<string, PodUsage>> Spare { get; set; } = [];

        public NodeResourceUsage? Usage { get; set; }
    }

    /// <summary>Marks the node of every pod write, and of every Node added, deleted or modified, for the fast step.</summary>
    private sealed class ChangeWatcher(LoadModel model) : IStoreWatcher
    {
        public void OnChange(WatchEventType type, KubeObject obj)
        {
            switch (obj)
            {
                case Pod pod when pod.Spec.NodeName.Length > 0:
                    model.MarkDirty(pod.Spec.NodeName);
                    break;
                case Node node when model._slots.TryGetValue(node.Metadata.Name, out var slot):
                    if (type == WatchEventType.Modified)
                    {
                        slot.NodeWritten = true;
                    }
                    else
                    {
                        slot.Dirty = true;
                        slot.NodeMissing = type == WatchEventType.Deleted;
                    }

                    break;
            }
        }
    }
}
