using ClusterSim.Scenarios.Expectations;
using ClusterSim.Scenarios.Model;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Instruments;

namespace ClusterSim.Scenarios.Running;

/// <summary>
/// Checks a scenario's expectations while it runs. `at` is evaluated once at its time; `during` and
/// `always` after every event in their interval in which the store changed (state only changes through
/// store writes, load rates at load steps, and node groups at the cloud's calls), failing at the first violation; `by` passes at the first event in [after, by] where
/// it holds and fails at `by` otherwise. Totals that grow with time between events (node-hours, cost, pending
/// pod-seconds, the longest wait) cross a bound at a tick of their own: a condition comparing one of them with a
/// value that stays put is also checked at the first tick where its truth would change, so it is decided to the tick.
/// </summary>
public sealed class ExpectationChecker : IEventHandler
{
    private readonly Cluster _cluster;
    private readonly TimeSpan _end;
    private readonly RunTotals _totals;
    private readonly List<State> _states = [];
    private readonly WriteCounter? _writes;
    private readonly bool _readsCloud;
    private long _lastResourceVersion = -1;
    private long _lastLoadVersion = -1;
    private long _lastCloudVersion = -1;

    /// <summary>Checks <paramref name="expectations"/> until <paramref name="end"/>; <paramref name="totals"/> answers `cluster.FIELD`.</summary>
    public ExpectationChecker(Cluster cluster, IReadOnlyList<Expectation> expectations, TimeSpan end, RunTotals totals)
    {
        _cluster = cluster;
        _end = end;
        _totals = totals;

        // Only a node group's or the cluster's figures change at a cloud call without a store write; other conditions
        // need not be checked then.
        _readsCloud = expectations.Any(e => e.Condition.Left is NodeGroupOperand or ClusterOperand || e.Condition.Right is NodeGroupOperand or ClusterOperand);
        foreach (var e in expectations)
        {
            var state = new State(e, _states.Count);
            _states.Add(state);
            var (start, stop) = Interval(e);
            if (start <= end)
            {
                // A check at the start of the window sees the state even if nothing changes inside it.
                cluster.Kernel.ScheduleAt(start, () => Check(state, force: true));
            }

            if (e.Mode is ExpectationMode.By or ExpectationMode.During or ExpectationMode.Always)
            {
                var last = stop < end ? stop : end;
                cluster.Kernel.ScheduleAt(last >= cluster.Now ? last : cluster.Now, () => Check(state, force: true));
            }
        }

        // Fast paths: a kubelet renews its Lease every 10 s (1,000 writes a second at 5,000 nodes); unless an
        // expectation reads a Lease, those writes change nothing a condition reads, so they do not count as changes.
        if (cluster.FastPaths && !ReadsKind(expectations, "Lease"))
        {
            _writes = new WriteCounter("Lease");
            cluster.Store.WatchAll(_writes);
        }

        cluster.Kernel.AfterEvent += AfterEvent;
    }

    /// <summary>The verdicts, in the scenario's order; call after the run.</summary>
    public IReadOnlyList<ExpectationOutcome> Outcomes() => _states.Select(Finish).ToList();

    /// <summary>The window [Start, End] the loader gives every mode (at: [T, T]; by: [after, T]; always: [after, end of run]).</summary>
    private (TimeSpan Start, TimeSpan Stop) Interval(Expectation e) => (e.Start, e.End ?? _end);

    private void AfterEvent()
    {
        // Load rates change at load steps without a store write, node groups at the cloud's calls: those count as changes too.
        long rv = _writes?.Count ?? _cluster.Store.ResourceVersion;
        long lv = _cluster.Load.Version;
        long cv = _readsCloud ? _cluster.Cloud?.Version ?? 0 : 0;
        if (rv == _lastResourceVersion && lv == _lastLoadVersion && cv == _lastCloudVersion)
        {
            return;
        }

        _lastResourceVersion = rv;
        _lastLoadVersion = lv;
        _lastCloudVersion = cv;
        foreach (var s in _states)
        {
            if (s.Expectation.Mode != ExpectationMode.At)
            {
                Check(s, force: false);
            }
        }
    }

    private void Check(State s, bool force)
    {
        if (s.Decided)
        {
            return;
        }

        var now = _cluster.Now;
        var (start, stop) = Interval(s.Expectation);
        if (now < start || now > stop)
        {
            return;
        }

        var (holds, seen) = Evaluate(s.Expectation.Condition);
        s.LastSeen = seen;
        s.LastTime = now;
        switch (s.Expectation.Mode)
        {
            case ExpectationMode.At:
                s.Decide(holds, now, seen);
                break;
            case ExpectationMode.By:
                if (holds)
                {
                    s.Decide(true, now, seen);
                }
                else if (force && now >= stop)
                {
                    s.Decide(false, now, seen);
                }

                break;
            default:
                if (!holds)
                {
                    s.Decide(false, now, seen);
                }

                break;
        }

        if (!s.Decided && s.Expectation.Mode != ExpectationMode.At && holds == (s.Expectation.Mode != ExpectationMode.By))
        {
            // by waits for the condition to hold, during and always for it to fail.
            Wake(s, holds, stop < _end ? stop : _end);
        }
    }

    /// <summary>A wake-up scheduled by <see cref="Wake"/>: checks the expectation at that tick.</summary>
    void IEventHandler.OnEvent(Kernel kernel, long argument) => Check(_states[(int)argument], force: false);

    /// <summary>
    /// When one side of <paramref name="s"/>'s condition accrues (grows with time between events) and the other stays
    /// put, schedules a check at the first tick up to <paramref name="stop"/> where the condition stops being
    /// <paramref name="holds"/> if nothing else changes first (when something does, the check after it schedules
    /// again). An accruing value never decreases, so the truth can only change where it reaches the other side and
    /// where it passes it: for &lt;, &lt;=, &gt;, &gt;= once (one binary search over ticks), for == and != at either.
    /// A wake-up already due earlier is kept: at it the check schedules the next.
    /// </summary>
    private void Wake(State s, bool holds, TimeSpan stop)
    {
        var c = s.Expectation.Condition;
        bool leftAccrues = Accrues(c.Left);
        if (leftAccrues == Accrues(c.Right) || Resolve(leftAccrues ? c.Right : c.Left) is not double bound)
        {
            return;
        }

        var accruing = leftAccrues ? c.Left : c.Right;
        long now = _cluster.Kernel.NowTicks;
        long last = Math.Min(stop.Ticks, s.WakeAt > now ? s.WakeAt - 1 : long.MaxValue);
        if (last <= now)
        {
            return;
        }

        double Value(long t) => At(accruing, t);
        bool Holds(long t) => leftAccrues ? ValueComparison.Compare(Value(t), c.Op, bound) : ValueComparison.Compare(bound, c.Op, Value(t));
        long? wake;
        if (c.Op is "==" or "!=")
        {
            wake = null;
            foreach (var edge in new[] { FirstTick(t => Value(t) >= bound, now + 1, last), FirstTick(t => Value(t) > bound, now + 1, last) })
            {
                if (edge is { } e && Holds(e) != holds)
                {
                    wake = e;
                    break;
                }
            }
        }
        else
        {
            wake = FirstTick(t => Holds(t) != holds, now + 1, last);
        }

        if (wake is { } at)
        {
            s.WakeAt = at;
            _cluster.Kernel.ScheduleAt(at, this, s.Index);
        }
    }

    /// <summary>The first tick in [<paramref name="from"/>, <paramref name="to"/>] where <paramref name="reached"/> (false, then true for good) holds, or null.</summary>
    private static long? FirstTick(Func<long, bool> reached, long from, long to)
    {
        if (!reached(to))
        {
            return null;
        }

        while (from < to)
        {
            long mid = from + ((to - from) / 2);
            if (reached(mid))
            {
                to = mid;
            }
            else
            {
                from = mid + 1;
            }
        }

        return from;
    }

    /// <summary>Whether <paramref name="o"/> grows with time between events (billed or waited by the tick).</summary>
    private static bool Accrues(Operand o) => o switch
    {
        NodeGroupOperand g => g.Accrues,
        ClusterOperand c => c.Accrues,
        _ => false,
    };

    /// <summary>The value of an accruing operand at <paramref name="ticks"/> (now or later, as if nothing changed meanwhile).</summary>
    private double At(Operand o, long ticks) => o switch
    {
        NodeGroupOperand g => NodeGroupFields.At(_cluster, g.Group, g.Field, ticks),
        ClusterOperand c => _totals.At(c.Field, ticks),
        _ => throw new ArgumentException("not an accruing operand: " + o, nameof(o)),
    };

    /// <summary>Whether any of <paramref name="expectations"/> reads objects of <paramref name="kind"/> (count() reads pods).</summary>
    internal static bool ReadsKind(IEnumerable<Expectation> expectations, string kind) => expectations.Any(e => Reads(e.Condition, kind));

    /// <summary>Whether <paramref name="c"/> reads objects of <paramref name="kind"/>.</summary>
    private static bool Reads(Condition c, string kind) => Reads(c.Left, kind) || Reads(c.Right, kind);

    private static bool Reads(Operand o, string kind) => o switch
    {
        RefOperand r => r.Kind == kind,
        CountOperand c => kind == c.Kind,
        _ => false,
    };

    private ExpectationOutcome Finish(State s)
    {
        var e = s.Expectation;
        var what = Describe(e);
        if (s.Decided)
        {
            return new ExpectationOutcome(e.Location.ToString(), what, s.Passed, s.DecidedAt, s.DecidedSeen ?? "");
        }

        // Never evaluated (its window lies after the end of the run) or never violated.
        return e.Mode switch
        {
            ExpectationMode.During or ExpectationMode.Always when s.LastTime is not null => new(e.Location.ToString(), what, true, s.LastTime, "held throughout; last " + s.LastSeen),
            ExpectationMode.By when s.LastTime is not null => new(e.Location.ToString(), what, false, s.LastTime, s.LastSeen ?? ""),
            _ => new(e.Location.ToString(), what, false, null, "not evaluated: the run ended before " + Formatting(Interval(e).Start)),
        };
    }

    private static string Formatting(TimeSpan t) => GoDuration.Format(t);

    private static string Describe(Expectation e) => e.Mode switch
    {
        ExpectationMode.At => $"at {GoDuration.Format(e.Start)}: {e.That}",
        ExpectationMode.During => $"during [{GoDuration.Format(e.Start)}, {GoDuration.Format(e.End ?? TimeSpan.Zero)}]: {e.That}",
        ExpectationMode.By => $"by {GoDuration.Format(e.End ?? TimeSpan.Zero)} (after {GoDuration.Format(e.Start)}): {e.That}",
        _ => "always: " + e.That,
    };

    private (bool Holds, string Seen) Evaluate(Condition c)
    {
        var left = Resolve(c.Left);
        var right = Resolve(c.Right);
        bool holds = ValueComparison.Compare(left, c.Op, right);
        var seen = c.Right is RefOperand or CountOperand or NodeGroupOperand or ClusterOperand
            ? ValueComparison.Show(left) + " " + c.Op + " " + ValueComparison.Show(right)
            : ValueComparison.Show(left);
        return (holds, seen);
    }

    private object? Resolve(Operand operand)
    {
        var store = _cluster.Store;
        switch (operand)
        {
            case NumberOperand n:
                return n.Value;
            case StringOperand s:
                return s.Value;
            case QuantityOperand q:
                return q.Value.MilliValue() / 1000.0;
            case RefOperand r:
                var resource = ApiResources.ForKind(r.Kind);
                var key = resource.Namespaced ? (r.Namespace ?? "default") + "/" + r.Name : r.Name;
                var obj = store.Get(r.Kind, key);
                return obj is null ? null : FieldResolver.Resolve(store, obj, r.Path, _cluster.Load);
            case NodeGroupOperand g:
                return NodeGroupFields.At(_cluster, g.Group, g.Field, _cluster.Kernel.NowTicks);
            case ClusterOperand t:
                return _totals.At(t.Field, _cluster.Kernel.NowTicks);
            case CountOperand { Kind: "Node" } n:
                // count(nodes, "SELECTOR"[, ready]): nodes whose labels match (e.g. a pool's), Ready ones with `ready`.
                var nodeSelector = Selector.Parse(n.Selector);
                int nodes = 0;
                foreach (Node node in store.List("Node"))
                {
                    if (nodeSelector.Matches(node.Metadata.Labels) && (!n.Ready || node.Status.GetCondition("Ready")?.Status == "True"))
                    {
                        nodes++;
                    }
                }

                return (double)nodes;
            case CountOperand c:
                var selector = Selector.Parse(c.Selector);
                int count = 0;
                foreach (Pod pod in store.List("Pod", c.Namespace))
                {
                    if (selector.Matches(pod.Metadata.Labels)
                        && (c.Phase is null || pod.Status.Phase == c.Phase)
                        && (!c.Ready || PodUtil.IsReady(pod)))
                    {
                        count++;
                    }
                }

                return (double)count;
            default:
                return null;
        }
    }

    private sealed class State(Expectation expectation, int index)
    {
        public Expectation Expectation { get; } = expectation;

        /// <summary>Its place in the checker's list (a wake-up's argument).</summary>
        public int Index { get; } = index;

        /// <summary>The tick of the last wake-up scheduled (none: long.MinValue).</summary>
        public long WakeAt { get; set; } = long.MinValue;

        public bool Decided { get; private set; }

        public bool Passed { get; private set; }

        public TimeSpan? DecidedAt { get; private set; }

        public string? DecidedSeen { get; private set; }

        public string? LastSeen { get; set; }

        public TimeSpan? LastTime { get; set; }

        public void Decide(bool passed, TimeSpan at, string seen)
        {
            Decided = true;
            Passed = passed;
            DecidedAt = at;
            DecidedSeen = seen;
        }
    }
}

