using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>
/// The fast path of node_lifecycle_controller.go monitorNodeHealth (with <see cref="Cluster.FastPaths"/>):
/// a health check visits only the nodes it can act on, in the same name order, with the same effects as the
/// literal pass over every node.
/// <para>
/// Why that is exact: for a node whose Node and Lease have not changed since it was last checked, whose
/// Ready condition is True, that carries neither NoExecute taint of this controller and is in no zone
/// queue ("quiet"), a check writes nothing, records nothing and leaves its health record as it was, until
/// its grace period runs out. The only thing the literal pass does for it is to note the lease renewals
/// (the kubelet's Lease write every 10 s) in its probeTimestamp, which is fully determined by when each
/// renewal happened: a renewal is observed by the first check that runs after it. So each check visits
/// <list type="bullet">
/// <item>nodes whose Node or Lease changed since the last check (the watches, "dirty"), except lease
/// renewals by the kubelet (renewTime = the write's own time), which are only noted: what the renewal was
/// and which check observes it;</item>
/// <item>nodes that are not quiet ("active"): not Ready, tainted, queued, or with a Lease the record does not
/// hold yet (Go's record loses its lease after a heartbeat with no renewal, and takes it back next time);</item>
/// <item>quiet nodes whose deadline has come: the first check after probeTimestamp + nodeMonitorGracePeriod,
/// probeTimestamp being the check that observed the latest renewal. Most are renewed by then: the deadline
/// moves on and nothing else happens.</item>
/// </list>
/// Zones are counted incrementally (a quiet node's Ready condition and labels do not change), and
/// handleDisruption runs on the counts as in the literal pass. Records a test or the all-zones-disrupted
/// mode reads are first brought up to the last check (<see cref="Materialize"/>).
/// </para>
/// </summary>
public sealed partial class NodeLifecycleController
{
    private readonly FastMonitor? _fast;

    /// <summary>One health check over the nodes it can act on (see the type's summary).</summary>
    private void MonitorNodeHealthFast()
    {
        var fast = _fast!;
        long k = ((_kernel.NowTicks - _startTicks) / _nodeMonitorPeriod.Ticks);
        fast.PassIndex = k;
        var now = _kernel.Now;

        // classifyNodes on the nodes whose presence changed: added (present, not known), deleted (known, gone).
        // That is the literal set difference of the listed nodes and the known ones, in the same (name) order.
        var added = new List<Node>();
        var deleted = new List<Node>();
        if (fast.Membership.Count > 0)
        {
            var changed = fast.Membership.ToList();
            changed.Sort(StringComparer.Ordinal);
            fast.Membership.Clear();
            foreach (var name in changed)
            {
                var node = fast.Tracks.TryGetValue(name, out var t) ? t.Node : null;
                bool known = _knownNodes.TryGetValue(name, out var knownNode);
                if (node is not null && !known)
                {
                    added.Add(node);
                }
                else if (node is null && known)
                {
                    deleted.Add(knownNode!);
                }
            }
        }

        // A known node's zone follows its labels: nodes changed since the last check are the only ones that may have moved.
        foreach (var name in fast.Dirty)
        {
            if (fast.Tracks.TryGetValue(name, out var t) && t.Node is not null && t.Known)
            {
                SetKnownZone(t, NodeTopology.GetZoneKey(t.Node));
            }
        }

        foreach (var n in deleted)
        {
            if (fast.Tracks.TryGetValue(n.Metadata.Name, out var t) && t.Node is null)
            {
                SetKnownZone(t, null);
                t.Known = false;
                fast.Tracks.Remove(n.Metadata.Name);
            }
        }

        // newZoneRepresentatives: known nodes whose zone has no state. Creating a zone does not depend on which of
        // its nodes stands for it, nor on the order zones are created in (both maps are sorted).
        foreach (var (zone, count) in fast.KnownZones)
        {
            if (count > 0 && !_zoneStates.ContainsKey(zone))
            {
                AddPodEvictorForNewZone(zone);
            }
        }

        foreach (var n in added)
        {
            NodeControllerUtil.RecordNodeEvent(_events, n, "Normal", "RegisteredNode", $"Registered Node {n.Metadata.Name} in Controller");
            _knownNodes[n.Metadata.Name] = n;
            var t = fast.Tracks[n.Metadata.Name];
            t.Known = true;
            SetKnownZone(t, NodeTopology.GetZoneKey(n));
            AddPodEvictorForNewZone(n);
            MarkNodeAsReachable(n);
        }

        foreach (var n in deleted)
        {
            NodeControllerUtil.RecordNodeEvent(_events, n, "Normal", "RemovingNode", $"Removing Node {n.Metadata.Name} from Controller");
            _knownNodes.Remove(n.Metadata.Name);
        }

        // The nodes to check: dirty, active, and quiet ones whose deadline is this check and that were not renewed in time.
        var visit = new List<NodeTrack>(fast.Dirty.Count + fast.Active.Count);
        foreach (var name in fast.Dirty)
        {
            AddVisit(fast, visit, name);
        }

        foreach (var name in fast.Active)
        {
            AddVisit(fast, visit, name);
        }

        fast.Dirty.Clear();
        fast.Active.Clear();
        if (fast.Deadlines.Remove(k, out var due))
        {
            foreach (var t in due)
            {
                if (t.Deadline != k || t.Node is null || t.Visit == k || !fast.Tracks.ContainsKey(t.Name))
                {
                    continue; // moved, gone, or already visited
                }

                t.Deadline = 0;
                if (!Expired(t, now))
                {
                    // Renewed in time: what the literal check would do is note the renewal, which stays noted in the track.
                    ScheduleDeadline(t);
                    continue;
                }

                t.Visit = k;
                visit.Add(t);
            }
        }

        visit.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));

        foreach (var t in visit)
        {
            var node = t.Node!;

            // Renewals the earlier checks observed go into the record; this check reads the store's Lease itself.
            Materialize(t, k - 1);
            var current = CheckNode(node, t.Lease, leaseKnown: true);

            // The store's Lease was just read: the renewals noted up to this check are in the record now.
            t.ClearObserved(k);
            SetContribution(t, IsNodeExcludedFromDisruptionChecks(node) ? null : NodeTopology.GetZoneKey(node), current is not null && current.Status == "True");
            Classify(t, node, current, k);
        }

        HandleDisruption(fast.Zones, () => Store.List<Node>().ToList());
    }

    private static void AddVisit(FastMonitor fast, List<NodeTrack> visit, string name)
    {
        if (fast.Tracks.TryGetValue(name, out var t) && t.Node is not null && t.Visit != fast.PassIndex)
        {
            t.Visit = fast.PassIndex;
            visit.Add(t);
        }
    }

    /// <summary>
    /// After a node was checked: active (checked again next time) unless quiet, else its deadline. Quiet:
    /// Ready is True, so the next check's processTaintBaseEviction only calls markNodeAsReachable, which does
    /// nothing for a node without the NoExecute taints and outside its zone queue; and the record holds the
    /// Lease, so tryUpdateNodeHealth has nothing new to note until the Node or Lease changes.
    /// </summary>
    private void Classify(NodeTrack t, Node node, NodeCondition? current, long k)
    {
        var fast = _fast!;
        CatchUp(t);
        t.Deadline = 0;
        bool quiet = current is not null && current.Status == "True"
            && !TaintUtil.TaintExists(node.Spec.Taints, UnreachableTaintTemplate)
            && !TaintUtil.TaintExists(node.Spec.Taints, NotReadyTaintTemplate)
            && !(_zoneNoExecuteTainter.TryGetValue(NodeTopology.GetZoneKey(node), out var queue) && queue.Queue.SetContains(node.Metadata.Name));
        if (!quiet)
        {
            fast.Active.Add(t.Name);
            return;
        }

        // tryUpdateNodeHealth replaced the record on a new heartbeat without noting an unchanged Lease; the next
        // check notes it as if it were new (probeTimestamp = that check): the same as a renewal it observes.
        var record = _nodeHealth.GetValueOrDefault(t.Name);
        if (record is not null && !record.HasLease && t.Lease is not null && !(t.HasCur && t.Cur.ObservedAt > k))
        {
            t.Cur = new LeaseWrite(true, t.Lease.RenewTime, k + 1);
            t.HasCur = true;
        }

        ScheduleDeadline(t);
    }

    /// <summary>Whether the grace period has run out at <paramref name="now"/> for a quiet node (its renewals noted so far counted).</summary>
    private bool Expired(NodeTrack t, TimeSpan now)
    {
        var probe = EffectiveProbe(t);
        return probe is { } p && now > p + _nodeMonitorGracePeriod;
    }

    /// <summary>
    /// Sets a quiet node's deadline: the first check at start + j x period with j x period &gt; probe + grace
    /// (tryUpdateNodeHealth's test is now &gt; probeTimestamp + gracePeriod, strict).
    /// </summary>
    private void ScheduleDeadline(NodeTrack t)
    {
        var fast = _fast!;
        if (RenewsUntilStopped(t, out var renewals))
        {
            // No check can find it expired while its kubelet renews (see RenewsUntilStopped): it gets its deadline
            // when the renewals stop, from the renewals noted by then, the same one the chain of deadlines reaches.
            t.Deadline = 0;
            if (!t.AwaitingStop)
            {
                t.AwaitingStop = true;
                renewals.WhenStopped(() => RenewalsStopped(t, renewals));
            }

            return;
        }

        if (EffectiveProbe(t) is not { } probe)
        {
            fast.Active.Add(t.Name);
            return;
        }

        long limit = probe.Ticks + _nodeMonitorGracePeriod.Ticks - _startTicks;
        long period = _nodeMonitorPeriod.Ticks;
        long j = limit < 0 ? 1 : (limit / period) + 1;
        j = Math.Max(j, fast.PassIndex + 1);
        t.Deadline = j;
        if (!fast.Deadlines.TryGetValue(j, out var list))
        {
            fast.Deadlines[j] = list = [];
        }

        list.Add(t);
    }

    private void RescheduleAllDeadlines()
    {
        foreach (var t in _fast!.Tracks.Values)
        {
            if (t.Deadline != 0)
            {
                ScheduleDeadline(t);
            }
        }
    }

    /// <summary>The Node watch, for the fast path: a change makes the node dirty; presence changes are classified at the next check.</summary>
    private void OnNodeWatched(WatchEventType type, Node node)
    {
        var fast = _fast!;
        var name = node.Metadata.Name;
        if (type == WatchEventType.Deleted)
        {
            if (fast.Tracks.TryGetValue(name, out var gone) && gone.Node == node)
            {
                // The record keeps what the checks so far observed (the literal record is not touched once the node is gone).
                Materialize(gone);
                gone.Node = null;
                SetContribution(gone, null, false);
                fast.Membership.Add(name);
            }

            return;
        }

        if (!fast.Tracks.TryGetValue(name, out var t))
        {
            fast.Tracks[name] = t = new NodeTrack(name, _kernel.NowTicks);
            t.Lease = Store.Get<Lease>(NodeLeaseNamespace, name);
        }

        if (t.Node != node)
        {
            t.Node = node;
            fast.Membership.Add(name);
        }

        fast.Dirty.Add(name);
    }

    private void SetKnownZone(NodeTrack t, string? zone)
    {
        var zones = _fast!.KnownZones;
        if (t.KnownZone == zone)
        {
            return;
        }

        if (t.KnownZone is not null)
        {
            zones[t.KnownZone]--;
            if (zones[t.KnownZone] == 0)
            {
                zones.Remove(t.KnownZone);
            }
        }

        if (zone is not null)
        {
            zones[zone] = zones.GetValueOrDefault(zone) + 1;
        }

        t.KnownZone = zone;
    }

    /// <summary>Moves a node's count in zoneToNodeConditions: <paramref name="zone"/> null when it is not counted (excluded, or gone).</summary>
    private void SetContribution(NodeTrack t, string? zone, bool ready)
    {
        var zones = _fast!.Zones;
        if (t.CountedZone == zone && t.CountedReady == ready)
        {
            return;
        }

        if (t.CountedZone is not null)
        {
            var c = zones[t.CountedZone];
            c = t.CountedReady ? c with { Ready = c.Ready - 1 } : c with { NotReady = c.NotReady - 1 };
            if (c.Total == 0)
            {
                zones.Remove(t.CountedZone);
            }
            else
            {
                zones[t.CountedZone] = c;
            }
        }

        if (zone is not null)
        {
            var c = zones.GetValueOrDefault(zone);
            zones[zone] = ready ? c with { Ready = c.Ready + 1 } : c with { NotReady = c.NotReady + 1 };
        }

        t.CountedZone = zone;
        t.CountedReady = ready;
    }

    /// <summary>What the fast path keeps of one node.</summary>
    private sealed class NodeTrack(string name, long trackedSince)
    {
        public string Name { get; } = name;

        /// <summary>When the track was made: renewals before it were not seen by the watch.</summary>
        public long TrackedSince { get; } = trackedSince;

        /// <summary>The renewals that follow from time being noted, the segment reached and the next tick to note.</summary>
        public LeaseRenewals? NotedRenewals { get; set; }

        public int NotedSegment { get; set; }

        public long NextRenewal { get; set; }

        /// <summary>The stored Node, null once deleted.</summary>
        public Node? Node { get; set; }

        /// <summary>The stored Lease of the node, or null.</summary>
        public Lease? Lease { get; set; }

        /// <summary>The latest Lease write, and the latest one a check had observed when a later write came (Go's record saw it).</summary>
        public LeaseWrite Cur { get; set; }

        public bool HasCur { get; set; }

        public LeaseWrite Prev { get; set; }

        public bool HasPrev { get; set; }

        /// <summary>The check index this quiet node must be looked at by (0: none).</summary>
        public long Deadline { get; set; }

        /// <summary>A quiet node without a deadline while its kubelet's renewals go on (see RenewsUntilStopped).</summary>
        public bool AwaitingStop { get; set; }

        /// <summary>The check index that last put it in its visit list (no node is visited twice by one check).</summary>
        public long Visit { get; set; } = -1;

        /// <summary>Whether the controller knows it (knownNodes), and under which zone it is counted for newZoneRepresentatives.</summary>
        public bool Known { get; set; }

        public string? KnownZone { get; set; }

        /// <summary>Its place in zoneToNodeConditions: the zone (null: not counted) and whether it counts as Ready.</summary>
        public string? CountedZone { get; set; }

        public bool CountedReady { get; set; }

        /// <summary>Forgets the Lease writes the check <paramref name="k"/> read from the store.</summary>
        public void ClearObserved(long k)
        {
            if (HasPrev && Prev.ObservedAt <= k)
            {
                HasPrev = false;
            }

            if (HasCur && Cur.ObservedAt <= k)
            {
                HasCur = false;
            }
        }
    }

    /// <summary>The fast path's state.</summary>
    private sealed class FastMonitor
    {
        public long PassIndex { get; set; }

        public Dictionary<string, NodeTrack> Tracks { get; } = new(StringComparer.Ordinal);

        /// <summary>Nodes whose Node or Lease changed since the last check.</summary>
        public HashSet<string> Dirty { get; } = new(StringComparer.Ordinal);

        /// <summary>Nodes added or deleted since the last check.</summary>
        public HashSet<string> Membership { get; } = new(StringComparer.Ordinal);

        /// <summary>Nodes the next check must visit whatever happens (not quiet).</summary>
        public HashSet<string> Active { get; } = new(StringComparer.Ordinal);

        /// <summary>Quiet nodes by the check index of their deadline (entries of nodes that moved on are skipped).</summary>
        public Dictionary<long, List<NodeTrack>> Deadlines { get; } = [];

        /// <summary>zoneToNodeConditions as counts, over every present node not excluded.</summary>
        public SortedDictionary<string, ZoneCount> Zones { get; } = new(StringComparer.Ordinal);

        /// <summary>Known present nodes per zone key.</summary>
        public Dictionary<string, int> KnownZones { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary>A zone's entry in zoneToNodeConditions reduced to what ComputeZoneState reads.</summary>
/// <param name="Ready">Nodes whose Ready condition is True.</param>
/// <param name="NotReady">The others (not True, or without a Ready condition).</param>
public readonly record struct ZoneCount(int Ready, int NotReady)
{
    /// <summary>The zone's size (len(zoneToNodeConditions[zone])).</summary>
    public int Total => Ready + NotReady;
}
