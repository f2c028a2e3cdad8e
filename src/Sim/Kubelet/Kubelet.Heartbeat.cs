using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Kubelet;

/// <summary>
/// The kubelet's heartbeats (pkg/kubelet/nodelease and kubelet_node_status.go): it renews its node Lease
/// every 10s and computes its node status every nodeStatusUpdateFrequency, posting it when it changed or
/// when nodeStatusReportFrequency (5m) has passed since the last post, as a kubelet with node leases does.
/// Each kubelet's loops start at a phase drawn from its own stream, so nodes do not beat in lock-step.
/// <para>
/// The status loop's ticks fall on a fixed grid (its phase + k x nodeStatusUpdateFrequency). With fast paths
/// (<see cref="Cluster.FastPaths"/>) it does not wake on the ticks that cannot post: it sleeps until the
/// tick before the next one due by the report frequency (a "pre-tick", which only schedules the next tick)
/// and runs the check on that due tick. It wakes earlier when something makes the next tick post: its
/// node's Ready condition was changed by someone else (<see cref="OnNodeChange"/>), or it is Running again
/// (<see cref="ReRegister"/>); while its Node is missing or not Ready it ticks on every grid tick, as the
/// literal loop does.
/// </para>
/// <para>
/// Order of equal-time events: the due tick is scheduled, as the literal one, by an event at the grid tick
/// before it, so it runs after every event of its instant scheduled before that grid tick and before every
/// one scheduled after it, as the literal tick does. The pre-tick itself was scheduled earlier than the
/// literal tick it stands for (at the last post, not one period before), so among events of that very
/// instant it may run earlier; that could only matter for an event due at that instant, on this kubelet's
/// own grid (a phase drawn from its own stream in 100 ns ticks), that schedules something exactly one
/// status period later, at the due tick. The timers that do that are the status and lease loops; this
/// kubelet's lease loop has its own phase draw, and another kubelet's loops share the grid only by an
/// exact coincidence of two draws (about 1e-8 per pair).
/// </para>
/// </summary>
public sealed partial class Kubelet : IEventHandler, IElidedEvents
{
    /// <summary>kubelet's nodeStatusReportFrequency default: a status post at least this often even when nothing changed.</summary>
    public static readonly TimeSpan NodeStatusReportFrequency = TimeSpan.FromMinutes(5);

    /// <summary>kubelet's nodeLeaseDurationSeconds default.</summary>
    public const int NodeLeaseDurationSeconds = 40;

    // Event arguments: the low two bits say which timer, the rest is the status timer's generation (a
    // status event of an older generation was superseded and does nothing).
    private const long LeaseTimer = 1;
    private const long StatusTimer = 2;
    private const long StatusPreTick = 3;
    private readonly bool _fastPaths;
    private TimeSpan _lastStatusPost = TimeSpan.MinValue;
    private string _lastPostedReady = "";
    private Lease? _lease;

    // The nodelease loop: its first tick, the lease events run, and, when its renewals are facts of time rather
    // than events (fast paths), their segments.
    private long _leaseFirstTick = long.MaxValue;
    private long _leaseEventsRun;
    private LeaseRenewals? _renewals;
    private long _heartbeats;

    // The status loop's grid (ticks of its first tick) and, with fast paths, its one pending event.
    private long _statusGridStart;
    private long _statusGeneration;
    private bool _statusPending;
    private bool _statusPendingIsTick;
    private long _statusPendingAt;
    private long _statusEventsRun = -1;
    private bool _statusLiteral;
    private bool _statusStarted;

    /// <summary>Whether the kubelet is running, cut off, or its node is down.</summary>
    public KubeletState State { get; private set; } = KubeletState.Running;

    /// <summary>Number of lease renewals and status posts (for tests and the trace).</summary>
    public long Heartbeats => _heartbeats + (_renewals?.Count() ?? 0);

    /// <summary>
    /// Whether this kubelet renews its Lease by events (true) or as a fact of time (false, the fast path; see
    /// <see cref="LeaseRenewals"/>). Lease events are kept without fast paths, when the cluster asks for them
    /// (something reads a Lease at arbitrary instants, e.g. an expectation), and when the loop's ticks fall on
    /// whole milliseconds: timeline commands and faults and the node lifecycle controller's checks happen at whole
    /// milliseconds, and at an instant shared with another event only the literal order says which came first.
    /// </summary>
    public bool LeaseEvents => _renewals is null;

    /// <summary>Set before <see cref="StartHeartbeats"/>: renew by events even with fast paths (see <see cref="LeaseEvents"/>).</summary>
    internal bool LiteralLeases { get; set; }

    /// <summary>Starts the lease and node status loops; called once the Node is registered.</summary>
    public void StartHeartbeats()
    {
        RenewLease();
        _lastStatusPost = _kernel.Now;
        _lastPostedReady = "True";
        // Phase offsets in [0, period): one draw per loop from this kubelet's own stream.
        long leasePhase = (long)(_random.NextDouble() * _config.NodeLeaseRenewInterval.Ticks);
        long statusPhase = (long)(_random.NextDouble() * _config.NodeStatusUpdateFrequency.Ticks);
        _leaseFirstTick = _kernel.NowTicks + leasePhase;
        _statusGridStart = _kernel.NowTicks + statusPhase;
        if (_fastPaths)
        {
            // Before any of this kubelet's loops is scheduled (see HeartbeatGrids).
            long period = _config.NodeStatusUpdateFrequency.Ticks;
            _grids?.Register(this, period, _statusGridStart, _config.NodeLeaseRenewInterval.Ticks == period ? _kernel.NowTicks + leasePhase : null);
        }

        if (_fastPaths && !LiteralLeases && _leaseFirstTick % TimeSpan.TicksPerMillisecond != 0)
        {
            _renewals = new LeaseRenewals(_kernel);
            _lease!.Renewals = _renewals;
            _renewals.Start(_leaseFirstTick, _config.NodeLeaseRenewInterval.Ticks);
        }
        else
        {
            _kernel.ScheduleIn(leasePhase, this, LeaseTimer);
        }

        if (_fastPaths)
        {
            _statusEventsRun = 0;
            _statusStarted = true;
            _kernel.AddElidedEvents(this);

            // The first tick is scheduled now, as the literal loop's first tick is.
            if (_statusLiteral)
            {
                SchedulePending(_statusGridStart, tick: true);
            }
            else
            {
                ScheduleStatus(_statusGridStart);
            }
        }
        else
        {
            _kernel.ScheduleIn(statusPhase, this, StatusTimer);
        }
    }

    /// <summary>A heartbeat timer fired: renew or post when running, then schedule the next one.</summary>
    public void OnEvent(Kernel kernel, long argument)
    {
        if (argument == LeaseTimer)
        {
            _leaseEventsRun++;
            if (State == KubeletState.Running)
            {
                RenewLease();
            }

            kernel.ScheduleIn(_config.NodeLeaseRenewInterval.Ticks, this, LeaseTimer);
            return;
        }

        if (!_fastPaths)
        {
            if (State == KubeletState.Running)
            {
                SyncNodeStatus(force: false);
            }

            kernel.ScheduleIn(_config.NodeStatusUpdateFrequency.Ticks, this, StatusTimer);
            return;
        }

        _statusEventsRun++;
        if (argument >> 2 != _statusGeneration)
        {
            return; // superseded by a later schedule
        }

        _statusPending = false;
        if ((argument & 3) == StatusTimer && State == KubeletState.Running)
        {
            SyncNodeStatus(force: false);
        }

        if (_statusLiteral)
        {
            // Every grid tick, whatever the state, as the literal loop.
            SchedulePending(kernel.NowTicks + _config.NodeStatusUpdateFrequency.Ticks, tick: true);
            return;
        }

        // A kubelet that is not running has nothing to post until it runs again (ReRegister restarts the loop).
        if (State == KubeletState.Running)
        {
            ScheduleStatus(kernel.NowTicks + _config.NodeStatusUpdateFrequency.Ticks);
        }
    }

    /// <summary>
    /// The literal status loop runs one event on every grid tick from its first; the fast one runs its own
    /// (due ticks, pre-ticks, superseded ones). The difference is what the run's event count must add back.
    /// </summary>
    public long ElidedEvents(long nowTicks)
    {
        if (_statusEventsRun < 0)
        {
            return 0;
        }

        long literal = GridTicksUpTo(_statusGridStart, _config.NodeStatusUpdateFrequency.Ticks, nowTicks);
        long literalLease = GridTicksUpTo(_leaseFirstTick, _config.NodeLeaseRenewInterval.Ticks, nowTicks);
        return literal - _statusEventsRun + (literalLease - _leaseEventsRun);
    }

    /// <summary>
    /// Fast paths: the node's Node changed. When its Ready condition is now missing or not True (the node
    /// lifecycle controller set it Unknown, or the Node was created anew), the next tick posts, so the loop
    /// must run the check on the next grid tick, not only when the report frequency is due.
    /// <para>
    /// That tick is then scheduled now rather than at the grid tick before it, so it may take a later
    /// sequence than the literal loop's. It could only run in another order against an event due at the
    /// very same 100 ns tick and scheduled between that previous grid tick and now; the grid's phase is drawn
    /// per kubelet, so no other loop shares it but by an exact coincidence of two random draws, and the
    /// Ready change that wakes it comes from the node lifecycle controller's monitor pass, on its own grid.
    /// </para>
    /// </summary>
    public void OnNodeChange(WatchEventType type, Node node)
    {
        if (!_fastPaths || _statusLiteral || State != KubeletState.Running || !_statusPending || type == WatchEventType.Deleted)
        {
            return;
        }

        if (node.Status.GetCondition("Ready") is { Status: "True" })
        {
            return;
        }

        long next = NextStatusTick(_kernel.NowTicks, inclusive: false);
        if (_statusPendingIsTick && _statusPendingAt == next)
        {
            return;
        }

        _statusGeneration++;
        SchedulePending(next, tick: true);
    }
    /// <summary>Whether the status loop runs on every grid tick (no fast paths, or switched by <see cref="TickStatusLiterally"/>).</summary>
    internal bool StatusTicksLiterally => !_fastPaths || _statusLiteral;

    /// <summary>
    /// Fast paths: from now on the status loop runs on every grid tick, as the literal loop (another heartbeat
    /// loop shares its phase: see <see cref="HeartbeatGrids"/>). The next tick is scheduled now: the literal
    /// loop's was scheduled one period before it, and what could be ordered differently against it is an event
    /// due at that exact instant and scheduled in between, which is the coincidence this avoids.
    /// </summary>
    internal void TickStatusLiterally()
    {
        if (_statusLiteral)
        {
            return;
        }

        _statusLiteral = true;
        long next = NextStatusTick(_kernel.NowTicks, inclusive: false);
        if (_statusStarted && !(_statusPending && _statusPendingIsTick && _statusPendingAt == next))
        {
            _statusGeneration++;
            SchedulePending(next, tick: true);
        }
    }

    /// <summary>nodelease controller: create the Lease on first use, then renew it.</summary>
    private void RenewLease()
    {
        // The Lease last renewed is kept: while it is still the stored one (the usual case) the renewal reads
        // nothing from the store. IsStored is the store's own test for Get(kind, key) == lease.
        var lease = _lease is not null && _api.Store.IsStored(_lease) ? _lease : _api.Store.Get<Lease>("kube-node-lease", NodeName);
        if (lease is null)
        {
            var node = _api.Store.Get<Node>("", NodeName);
            lease = new Lease
            {
                ApiVersion = "coordination.k8s.io/v1",
                Metadata = { Name = NodeName, Namespace = "kube-node-lease" },
                HolderIdentity = NodeName,
                LeaseDurationSeconds = NodeLeaseDurationSeconds,
                AcquireTime = _kernel.Now,
                RenewTime = _kernel.Now,
            };
            if (node is not null)
            {
                lease.Metadata.OwnerReferences.Add(new OwnerReference("v1", "Node", NodeName, node.Metadata.Uid, Controller: false, BlockOwnerDeletion: false));
            }

            _api.Create(lease);
        }
        else
        {
            _api.RenewLease(lease);
        }

        _lease = lease;
        _heartbeats++;
    }

    /// <summary>
    /// Fast paths: schedules the status loop's next event for the grid tick <paramref name="nextTick"/> (the
    /// next tick the literal loop would run): that tick itself when its check may post (the Node is missing
    /// or not Ready, or the report frequency is due by then), else a pre-tick on the grid tick before the
    /// first due tick. Either is scheduled at the moment the literal loop schedules its tick at nextTick, so
    /// a tick that runs the check keeps the literal (time, sequence) place: it is always scheduled by the
    /// grid tick before it (or by StartHeartbeats for the first).
    /// </summary>
    private void ScheduleStatus(long nextTick)
    {
        long period = _config.NodeStatusUpdateFrequency.Ticks;
        long due = nextTick;
        if (_api.Store.Get<Node>("", NodeName) is { } node && node.Status.GetCondition("Ready") is { Status: "True" })
        {
            // kubelet_node_status.go tryUpdateNodeStatus posts once now - lastStatusPost >= nodeStatusReportFrequency.
            long reportAt = _lastStatusPost.Ticks + NodeStatusReportFrequency.Ticks;
            if (reportAt > nextTick)
            {
                due = NextStatusTick(reportAt, inclusive: true);
            }
        }

        if (due == nextTick)
        {
            SchedulePending(nextTick, tick: true);
        }
        else
        {
            SchedulePending(due - period, tick: false);
        }
    }

    private void SchedulePending(long at, bool tick)
    {
        _statusPending = true;
        _statusPendingIsTick = tick;
        _statusPendingAt = at;
        _kernel.ScheduleAt(at, this, (_statusGeneration << 2) | (tick ? StatusTimer : StatusPreTick));
    }

    /// <summary>The first status grid tick at or after (<paramref name="inclusive"/>) or after <paramref name="ticks"/>.</summary>
    private long NextStatusTick(long ticks, bool inclusive) => NextGridTick(_statusGridStart, _config.NodeStatusUpdateFrequency.Ticks, ticks, inclusive);

    /// <summary>The first tick of the grid start + k x period (k &gt;= 0) after <paramref name="ticks"/> (at it, if <paramref name="inclusive"/>).</summary>
    private static long NextGridTick(long start, long period, long ticks, bool inclusive)
    {
        if (ticks < start)
        {
            return start;
        }

        long at = start + ((ticks - start) / period * period);
        return at == ticks && inclusive ? at : at + period;
    }

    /// <summary>How many ticks of the grid start + k x period (k &gt;= 0) fall at or before <paramref name="ticks"/>.</summary>
    private static long GridTicksUpTo(long start, long period, long ticks) => ticks < start ? 0 : ((ticks - start) / period) + 1;

    /// <summary>
    /// kubelet_node_status.go tryUpdateNodeStatus: the kubelet reports Ready=True (it has no failures to
    /// report in the simulation) and refreshes every condition's heartbeat; posted when Ready differs from
    /// what is stored (e.g. the node controller set Unknown) or the report frequency has passed.
    /// </summary>
    private void SyncNodeStatus(bool force)
    {
        if (_api.Store.Get<Node>("", NodeName) is not Node node)
        {
            return;
        }

        var now = _kernel.Now;
        var ready = node.Status.GetCondition("Ready");
        bool changed = ready is null || ready.Status != "True" || _lastPostedReady != "True";
        if (!force && !changed && now - _lastStatusPost < NodeStatusReportFrequency)
        {
            return;
        }

        foreach (var c in node.Status.Conditions)
        {
            var (status, reason, message) = c.Type switch
            {
                "Ready" => ("True", "KubeletReady", "kubelet is posting ready status"),
                "MemoryPressure" => ("False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                "DiskPressure" => ("False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                "PIDPressure" => ("False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                _ => (c.Status, c.Reason, c.Message),
            };
            if (c.Status != status)
            {
                c.LastTransitionTime = now;
                if (c.Type == "Ready")
                {
                    _events.Normal(node, "NodeReady", $"Node {NodeName} status is now: NodeReady", "kubelet", NodeName);
                }
            }

            c.Status = status;
            c.Reason = reason;
            c.Message = message;
            c.LastHeartbeatTime = now;
        }

        _lastStatusPost = now;
        _lastPostedReady = "True";
        _api.Update(node);
        _heartbeats++;
    }

    /// <summary>Fast paths: the kubelet stopped running (crash, partition); its renewals that follow from time end now.</summary>
    private void StopRenewals() => _renewals?.Stop(_kernel.NowTicks);

    /// <summary>
    /// Fast paths: the kubelet runs again and has just renewed; its renewals go on from the loop's next tick (one
    /// at this very instant included: the literal loop's tick here runs after the recovery, scheduled earlier).
    /// </summary>
    private void ResumeRenewals()
    {
        if (_renewals is null)
        {
            return;
        }

        long period = _config.NodeLeaseRenewInterval.Ticks;
        _lease!.Renewals = _renewals;
        _renewals.Start(NextGridTick(_leaseFirstTick, period, _kernel.NowTicks, inclusive: true), period);
    }

    /// <summary>
    /// Fast paths: the node's Lease was deleted (its Node was, and the garbage collector followed the owner
    /// reference). The literal loop would create a new one at its next tick; from here on the loop runs as
    /// events, from that tick. Scheduled now rather than one period before it, it could be ordered differently
    /// only against another event due at that exact 100 ns tick, which the phase draw makes a coincidence.
    /// </summary>
    internal void OnLeaseDeleted(Lease lease)
    {
        if (_renewals is null || !ReferenceEquals(lease, _lease))
        {
            return;
        }

        _renewals.Stop(_kernel.NowTicks + 1);
        _heartbeats += _renewals.Count();
        _renewals = null;
        _kernel.ScheduleAt(NextGridTick(_leaseFirstTick, _config.NodeLeaseRenewInterval.Ticks, _kernel.NowTicks, inclusive: false), this, LeaseTimer);
    }
}
