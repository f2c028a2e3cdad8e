using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>
/// The fast path's notes of Lease writes (see NodeLifecycleController.Fast.cs): each write is noted with the check
/// that will observe it, renewals that follow from time (<see cref="LeaseRenewals"/>) are replayed as the watch would
/// have noted them, and the notes are folded into a node's health record (probeTimestamp) as the literal checks do;
/// a quiet node whose renewals go on as facts of time waits for them to stop instead of for a deadline.
/// </summary>
public sealed partial class NodeLifecycleController
{
    /// <summary>
    /// Whether the node's kubelet renews its Lease as a fact of time (an open <see cref="LeaseRenewals"/> segment)
    /// at most every grace period: then at any check the latest renewal is less than one renewal interval old, its
    /// observing check (probeTimestamp) later than the renewal, so now - probeTimestamp &lt; interval &lt;= grace, and
    /// tryUpdateNodeHealth's test now &gt; probeTimestamp + grace fails at every check until the renewals stop.
    /// </summary>
    private bool RenewsUntilStopped(NodeTrack t, out LeaseRenewals renewals)
    {
        renewals = t.Lease?.Renewals!;
        return renewals is not null && renewals.IsOpen(out long period) && period <= _nodeMonitorGracePeriod.Ticks;
    }

    /// <summary>The renewals a quiet node's deadline waited for stopped (its kubelet crashed or was cut off): the deadline is set now.</summary>
    private void RenewalsStopped(NodeTrack t, LeaseRenewals renewals)
    {
        var fast = _fast!;
        if (!t.AwaitingStop || !ReferenceEquals(t.Lease?.Renewals, renewals) || !fast.Tracks.TryGetValue(t.Name, out var current) || current != t)
        {
            return;
        }

        t.AwaitingStop = false;
        if (t.Deadline == 0 && t.Node is not null && !fast.Active.Contains(t.Name))
        {
            ScheduleDeadline(t);
        }
    }

    /// <summary>The probeTimestamp the record would have at the last check, with the lease renewals noted in the track; null without a record.</summary>
    private TimeSpan? EffectiveProbe(NodeTrack t)
    {
        CatchUp(t);
        if (_nodeHealth.GetValueOrDefault(t.Name) is not { } record)
        {
            return null;
        }

        var probe = record.ProbeTimestamp;
        bool hasLease = record.HasLease;
        var renew = record.LeaseRenewTime;
        long k = _fast!.PassIndex;
        if (t.HasPrev && t.Prev.ObservedAt <= k)
        {
            Observe(t.Prev, ref probe, ref hasLease, ref renew);
        }

        if (t.HasCur && t.Cur.ObservedAt <= k)
        {
            Observe(t.Cur, ref probe, ref hasLease, ref renew);
        }

        return probe;
    }

    /// <summary>tryUpdateNodeHealth's lease step, for a Lease write seen by the check at w.ObservedAt.</summary>
    private void Observe(LeaseWrite w, ref TimeSpan probe, ref bool hasLease, ref TimeSpan? renew)
    {
        // Always update the probe time if node lease is renewed.
        if (w.Exists && (!hasLease || NodeHealth.RenewedBefore(renew, w.RenewTime)))
        {
            hasLease = true;
            renew = w.RenewTime;
            probe = new TimeSpan(_startTicks + (w.ObservedAt * _nodeMonitorPeriod.Ticks));
        }
    }

    /// <summary>Writes the lease renewals the checks up to the last one observed into the node's record, as the literal checks did.</summary>
    private void Materialize(NodeTrack t) => Materialize(t, _fast!.PassIndex);

    /// <summary>Writes the lease renewals observed by the checks up to index <paramref name="k"/> into the node's record.</summary>
    private void Materialize(NodeTrack t, long k)
    {
        CatchUp(t);
        if (_nodeHealth.GetValueOrDefault(t.Name) is not { } record)
        {
            return;
        }

        var probe = record.ProbeTimestamp;
        bool hasLease = record.HasLease;
        var renew = record.LeaseRenewTime;
        bool any = false;
        if (t.HasPrev && t.Prev.ObservedAt <= k)
        {
            Observe(t.Prev, ref probe, ref hasLease, ref renew);
            t.HasPrev = false;
            any = true;
        }

        if (t.HasCur && t.Cur.ObservedAt <= k)
        {
            Observe(t.Cur, ref probe, ref hasLease, ref renew);
            t.HasCur = false;
            any = true;
        }

        if (any && (probe != record.ProbeTimestamp || hasLease != record.HasLease || renew != record.LeaseRenewTime))
        {
            _nodeHealth[t.Name] = record with { ProbeTimestamp = probe, HasLease = hasLease, LeaseRenewTime = renew };
        }
    }

    /// <summary>
    /// The Lease watch, for the fast path. Every write is noted with the check that will observe it (the next
    /// one to run); a renewal by the kubelet (a Modified whose renewTime is the write's own time, so later than
    /// any before it) is only noted, anything else makes the node dirty so that the next check reads it.
    /// </summary>
    private void OnLeaseWatched(WatchEventType type, Lease lease)
    {
        if (_fast is not { } fast || lease.Metadata.Namespace != NodeLeaseNamespace || !fast.Tracks.TryGetValue(lease.Metadata.Name, out var t))
        {
            return;
        }

        CatchUp(t);
        long k = fast.PassIndex;
        ShiftObserved(t, k);
        bool exists = type != WatchEventType.Deleted;
        t.Cur = new LeaseWrite(exists, exists ? lease.RenewTime : null, k + 1);
        t.HasCur = true;
        t.Lease = exists ? lease : null;
        bool renewal = type == WatchEventType.Modified && lease.RenewTime == _kernel.Now;
        if (!renewal)
        {
            fast.Dirty.Add(t.Name);
        }
    }

    /// <summary>Cur is about to be replaced by a write no check has seen yet: if a check (index &lt;= k) saw Cur, it becomes Prev.</summary>
    private static void ShiftObserved(NodeTrack t, long k)
    {
        if (t.HasCur && t.Cur.ObservedAt <= k)
        {
            t.Prev = t.Cur;
            t.HasPrev = true;
        }
    }

    /// <summary>
    /// Notes the Lease renewals that follow from time (<see cref="LeaseRenewals"/>, a kubelet's fast path) up to
    /// now which the track has not noted yet, in time order, each as <see cref="OnLeaseWatched"/> notes the literal
    /// renewal: observed by the check after it. The check index a renewal at tick r saw last is the last monitor
    /// tick at or before r (monitor ticks and renewal ticks never coincide: see Kubelet.LeaseEvents). Called before
    /// anything reads or changes the notes, so they are the same as if each renewal had been a watch event.
    /// </summary>
    private void CatchUp(NodeTrack t)
    {
        if (t.Lease?.Renewals is not { } renewals)
        {
            return;
        }

        if (!ReferenceEquals(t.NotedRenewals, renewals))
        {
            t.NotedRenewals = renewals;
            t.NotedSegment = 0;
            t.NextRenewal = t.TrackedSince + 1;
        }

        long now = _kernel.NowTicks;
        var segments = renewals.Segments;
        while (t.NotedSegment < segments.Count)
        {
            var segment = segments[t.NotedSegment];
            long last = segment.LastTickAtOrBefore(now);
            long tick = segment.FirstTick;
            if (t.NextRenewal > tick)
            {
                // The segment's first tick at or after NextRenewal.
                tick += (t.NextRenewal - tick + segment.PeriodTicks - 1) / segment.PeriodTicks * segment.PeriodTicks;
            }

            for (; last >= 0 && tick <= last; tick += segment.PeriodTicks)
            {
                long k = Math.Min(_fast!.PassIndex, (tick - _startTicks) / _nodeMonitorPeriod.Ticks);
                ShiftObserved(t, k);
                t.Cur = new LeaseWrite(true, new TimeSpan(tick), k + 1);
                t.HasCur = true;
            }

            t.NextRenewal = tick;
            if (tick <= segment.LastTick)
            {
                return; // more renewals to come in this segment (it is open, or closes after now)
            }

            t.NotedSegment++;
        }
    }

    /// <summary>A Lease write as a check sees it: whether the Lease exists, its renewTime, and the index of the check that observes it.</summary>
    private readonly record struct LeaseWrite(bool Exists, TimeSpan? RenewTime, long ObservedAt);
}
