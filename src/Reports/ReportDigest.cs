using System.Globalization;
using System.Runtime.InteropServices;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Instruments;

namespace ClusterSim.Reports;

/// <summary>
/// What summary.md and the plots need from a run's time series and events, gathered as the rows go by, one sampling
/// instant at a time: a file-backed run (<see cref="RunOutputFiles"/>) keeps this instead of the rows. It holds, for the
/// summary, the peak of pending pods, two event counts and each workload's changes of its desired count; for the plots,
/// lines of at most <see cref="PlotSeries.MaxPoints"/> points: each workload's and node's own lines while there are
/// few of them (<see cref="PlottedWorkloads"/>, <see cref="PlottedNodes"/>), and always their totals and spreads, which
/// the plots show instead when there are more; each node group's sizes (one set of lines per pool the scenario declares,
/// however many nodes it grows to) and the pending pods. <see cref="Of"/> replays an in-memory <see cref="RunResult"/> through
/// the same code, so both ways give the same summary and plots.
/// </summary>
public sealed class ReportDigest
{
    /// <summary>replicas.png draws each workload's own lines up to this many workloads (one colour each: the palette has 10); above it, totals.</summary>
    public const int PlottedWorkloads = 10;

    /// <summary>nodes.png draws each node's readiness up to this many nodes (two labelled levels each); above it, counts and spreads.</summary>
    public const int PlottedNodes = 20;

    internal const string NodeKind = "Node";
    internal const string HpaKind = "HorizontalPodAutoscaler";
    internal const string NodeGroupKind = "NodeGroup";

    private static readonly HashSet<string> WorkloadMetrics = new(StringComparer.Ordinal)
    {
        "spec.replicas", "status.replicas", "status.updatedReplicas", "status.readyReplicas", "status.availableReplicas",
    };

    private WorkloadFigures? _lastWorkload;
    private readonly Dictionary<(string Kind, string Namespace, string Name), WorkloadFigures> _workloads = [];
    private readonly List<WorkloadFigures> _touched = [];
    private readonly HashSet<(string Namespace, string Name)> _deployments = [];
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);
    private readonly List<double> _fractions = [];
    private Dictionary<(string Kind, string Namespace, string Name, string Metric), PlotSeries>? _workloadSeries = [];
    private Dictionary<string, PlotSeries>? _nodeReadiness = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Pool, string Metric), PlotSeries> _poolSeries = [];
    private readonly List<string> _pools = [];
    private TimeSpan _end;

    /// <summary>Called once before the rows, with the run's end (the plots' buckets span [0, end]).</summary>
    public void Begin(TimeSpan end)
    {
        _end = end;
        CpuRequested = new PlotSeries(end);
        CpuAllocatable = new PlotSeries(end);
        ReadyNodes = new PlotSeries(end);
        NotReadyNodes = new PlotSeries(end);
        NodeCpuMin = new PlotSeries(end);
        NodeCpuMean = new PlotSeries(end);
        NodeCpuMax = new PlotSeries(end);
        TotalDesired = new PlotSeries(end);
        TotalReady = new PlotSeries(end);
        TotalAvailable = new PlotSeries(end);
        WorkloadsShort = new PlotSeries(end);
        PendingPods = new PlotSeries(end);
    }

    /// <summary>The highest sampled count of pending pods (0 when none) and the first sample time it was seen at (null when 0).</summary>
    public double PeakPending { get; private set; }

    /// <summary>When <see cref="PeakPending"/> was first sampled.</summary>
    public TimeSpan? PeakPendingAt { get; private set; }

    /// <summary>FailedScheduling event occurrences.</summary>
    public int FailedScheduling { get; private set; }

    /// <summary>BackOff (crash loop) event occurrences.</summary>
    public int BackOffs { get; private set; }

    /// <summary>Every workload with a desired count (Deployments, ReplicaSets, RCs), in (kind, namespace, name) ordinal order.</summary>
    public IReadOnlyList<WorkloadFigures> Workloads =>
        _workloads.Values.Where(w => w.HasDesired).OrderBy(w => w.Kind, StringComparer.Ordinal)
            .ThenBy(w => w.Namespace, StringComparer.Ordinal).ThenBy(w => w.Name, StringComparer.Ordinal).ToList();

    /// <summary>Workloads with a desired count so far.</summary>
    public int WorkloadCount { get; private set; }

    /// <summary>Of <see cref="WorkloadCount"/>, those the totals count: all but the ReplicaSets named after a Deployment.</summary>
    public int TopLevelWorkloads { get; private set; }

    /// <summary>True when more than <see cref="PlottedNodes"/> nodes had a readiness row: nodes.png shows counts and spreads.</summary>
    public bool ManyNodes => _nodeReadiness is null;

    /// <summary>True when more than <see cref="PlottedWorkloads"/> workloads had a desired count: replicas.png shows totals.</summary>
    public bool ManyWorkloads => _workloadSeries is null;

    /// <summary>Nodes with a readiness row, in name order (empty when <see cref="ManyNodes"/>).</summary>
    public IReadOnlyList<string> NodeNames => _nodeReadiness is null ? [] : _nodeNames.Order(StringComparer.Ordinal).ToList();

    /// <summary>HPAs with a row, in (namespace, name) ordinal order.</summary>
    public IReadOnlyList<(string Namespace, string Name)> Hpas =>
        HpaSeries.Keys.Select(k => (k.Namespace, k.Name)).Distinct()
            .OrderBy(h => h.Namespace, StringComparer.Ordinal).ThenBy(h => h.Name, StringComparer.Ordinal).ToList();

    /// <summary>Per cluster, at each sample time: CPU requested and allocatable summed over the nodes (cores).</summary>
    public PlotSeries CpuRequested { get; private set; } = new(TimeSpan.Zero);

    /// <inheritdoc cref="CpuRequested"/>
    public PlotSeries CpuAllocatable { get; private set; } = new(TimeSpan.Zero);

    /// <summary>At each sample time: how many nodes were Ready and how many not.</summary>
    public PlotSeries ReadyNodes { get; private set; } = new(TimeSpan.Zero);

    /// <inheritdoc cref="ReadyNodes"/>
    public PlotSeries NotReadyNodes { get; private set; } = new(TimeSpan.Zero);

    /// <summary>At each sample time, over nodes with allocatable CPU: the lowest, mean and highest CPU requested as a percentage of allocatable.</summary>
    public PlotSeries NodeCpuMin { get; private set; } = new(TimeSpan.Zero);

    /// <inheritdoc cref="NodeCpuMin"/>
    public PlotSeries NodeCpuMean { get; private set; } = new(TimeSpan.Zero);

    /// <inheritdoc cref="NodeCpuMin"/>
    public PlotSeries NodeCpuMax { get; private set; } = new(TimeSpan.Zero);

    /// <summary>
    /// At each sample time, over the workloads nobody else counts (Deployments, RCs, and ReplicaSets not named
    /// DEPLOYMENT-HASH after a Deployment): desired, ready and available replicas summed, and how many had fewer available than desired.
    /// </summary>
    public PlotSeries TotalDesired { get; private set; } = new(TimeSpan.Zero);

    /// <inheritdoc cref="TotalDesired"/>
    public PlotSeries TotalReady { get; private set; } = new(TimeSpan.Zero);

    /// <inheritdoc cref="TotalDesired"/>
    public PlotSeries TotalAvailable { get; private set; } = new(TimeSpan.Zero);

    /// <inheritdoc cref="TotalDesired"/>
    public PlotSeries WorkloadsShort { get; private set; } = new(TimeSpan.Zero);

    /// <summary>At each sample time: the cluster's pending pods (timeseries.csv `Cluster,,cluster,pendingPods`).</summary>
    public PlotSeries PendingPods { get; private set; } = new(TimeSpan.Zero);

    /// <summary>The node groups with rows (kind NodeGroup), in the sampler's order: the order the pools were declared.</summary>
    public IReadOnlyList<string> Pools => _pools;

    /// <summary>Each HPA's rows by (namespace, name, metric).</summary>
    public Dictionary<(string Namespace, string Name, string Metric), PlotSeries> HpaSeries { get; } = [];

    /// <summary>Each load target's rows by (kind, namespace, name, metric).</summary>
    public Dictionary<(string Kind, string Namespace, string Name, string Metric), PlotSeries> LoadSeries { get; } = [];

    /// <summary>A digest of an in-memory result, replayed through the same code a streamed run goes through.</summary>
    public static ReportDigest Of(RunResult result)
    {
        if (result.Streamed)
        {
            throw new InvalidOperationException("the run streamed its rows to a sink; render from the digest that sink kept");
        }

        var digest = new ReportDigest();
        digest.Begin(result.EndTime);
        ByInstant(result.Samples, digest.Samples);
        foreach (var (time, e) in result.Events)
        {
            digest.Event(time, e);
        }

        return digest;
    }

    /// <summary>Hands <paramref name="samples"/> to <paramref name="each"/> one sampling instant at a time, as the sampler does during a run.</summary>
    internal static void ByInstant(IReadOnlyList<Sample> samples, Action<IReadOnlyList<Sample>> each)
    {
        var batch = new List<Sample>();
        foreach (var s in samples)
        {
            if (batch.Count > 0 && batch[0].TimeTicks != s.TimeTicks)
            {
                each(batch);
                batch.Clear();
            }

            batch.Add(s);
        }

        if (batch.Count > 0)
        {
            each(batch);
        }
    }

    /// <summary>
    /// The rows as a span: the sampler hands over its List, read in place rather than through an enumerator that copies
    /// each 48-byte row (a large cluster has tens of thousands a sample).
    /// </summary>
    internal static ReadOnlySpan<Sample> Span(IReadOnlyList<Sample> rows) =>
        rows is List<Sample> list ? CollectionsMarshal.AsSpan(list) : rows.ToArray();

    /// <summary>A workload's own line for <paramref name="metric"/>, when workloads are few enough to be drawn one by one.</summary>
    public PlotSeries? WorkloadSeries(string kind, string ns, string name, string metric) =>
        _workloadSeries?.GetValueOrDefault((kind, ns, name, metric));

    /// <summary>A node group's line for <paramref name="metric"/> (targetSize, nodes, readyNodes, upcoming), or null without rows.</summary>
    public PlotSeries? PoolSeries(string pool, string metric) => _poolSeries.GetValueOrDefault((pool, metric));

    /// <summary>A node's readiness line, when nodes are few enough to be drawn one by one.</summary>
    public PlotSeries? NodeReadiness(string node) => _nodeReadiness?.GetValueOrDefault(node);

    /// <summary>One event occurrence.</summary>
    public void Event(TimeSpan time, KubeEvent e)
    {
        if (e.Reason == "FailedScheduling")
        {
            FailedScheduling++;
        }
        else if (e.Reason == "BackOff")
        {
            BackOffs++;
        }
    }

    /// <summary>The rows of one sampling instant (all with the same time), in the sampler's order.</summary>
    public void Samples(IReadOnlyList<Sample> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        long t = rows[0].TimeTicks;
        var tick = new TickTotals();
        foreach (ref readonly var s in Span(rows))
        {
            if (s.Metric.StartsWith("load.", StringComparison.Ordinal))
            {
                Line(LoadSeries, (s.Kind, s.Namespace, s.Name, s.Metric)).Add(t, s.Value);
                continue;
            }

            switch (s.Kind)
            {
                case NodeKind:
                    NodeRow(s, ref tick);
                    break;
                case HpaKind:
                    Line(HpaSeries, (s.Namespace, s.Name, s.Metric)).Add(t, s.Value);
                    break;
                case NodeGroupKind:
                    if (!_poolSeries.ContainsKey((s.Name, s.Metric)) && !_pools.Contains(s.Name))
                    {
                        _pools.Add(s.Name);
                    }

                    Line(_poolSeries, (s.Name, s.Metric)).Add(t, s.Value);
                    break;
                case "Cluster" when s.Metric == "pendingPods":
                    PendingPods.Add(t, s.Value);
                    if (s.Value > PeakPending)
                    {
                        PeakPending = s.Value;
                        PeakPendingAt = new TimeSpan(t);
                    }

                    break;
                case "Deployment" or "ReplicaSet" or "ReplicationController" when WorkloadMetrics.Contains(s.Metric):
                    WorkloadRow(s, ref tick);
                    break;
            }
        }

        foreach (var w in _touched)
        {
            w.CloseSample(t);
        }

        _touched.Clear();
        tick.Close(this, t);
    }

    private PlotSeries Line<TKey>(Dictionary<TKey, PlotSeries> lines, TKey key)
        where TKey : notnull
    {
        if (!lines.TryGetValue(key, out var line))
        {
            lines[key] = line = new PlotSeries(_end);
        }

        return line;
    }

    private void NodeRow(in Sample s, ref TickTotals tick)
    {
        switch (s.Metric)
        {
            case "status.ready":
                if (_nodeReadiness is not null && _nodeNames.Add(s.Name) && _nodeNames.Count > PlottedNodes)
                {
                    // Too many nodes to tell apart: nodes.png shows counts from now on, and their own lines are dropped.
                    _nodeReadiness = null;
                }

                if (_nodeReadiness is not null)
                {
                    Line(_nodeReadiness, s.Name).Add(s.TimeTicks, s.Value);
                }

                if (s.Value == 1)
                {
                    tick.NodesReady++;
                }
                else
                {
                    tick.NodesNotReady++;
                }

                break;
            case "status.requested.cpu":
                tick.HasRequested = true;
                tick.Requested += s.Value;
                tick.NodeRequested = s.Value;
                tick.NodeRequestedOf = s.Name;
                break;
            case "status.allocatable.cpu":
                tick.HasAllocatable = true;
                tick.Allocatable += s.Value;
                if (s.Value > 0 && tick.NodeRequestedOf == s.Name)
                {
                    _fractions.Add(tick.NodeRequested / s.Value * 100);
                }

                break;
        }
    }

    private WorkloadFigures Workload(in Sample s)
    {
        var key = (s.Kind, s.Namespace, s.Name);
        if (!_workloads.TryGetValue(key, out var w))
        {
            _workloads[key] = w = new WorkloadFigures(s.Kind, s.Namespace, s.Name);
            if (s.Kind == "Deployment")
            {
                _deployments.Add((s.Namespace, s.Name));
            }

            // ReplicaSets named DEPLOYMENT-HASH are drawn as their Deployment's parts, as ReplicasPlot reads them.
            int dash = s.Name.LastIndexOf('-');
            w.OwnedByDeployment = s.Kind == "ReplicaSet" && dash > 0 && _deployments.Contains((s.Namespace, s.Name[..dash]));
        }

        return w;
    }

    private void WorkloadRow(in Sample s, ref TickTotals tick)
    {
        // The sampler writes an object's rows one after another: the previous row's figures are usually this one's
        // (the same name, namespace and kind strings are the same key; other strings are looked up).
        var w = _lastWorkload;
        if (w is null || !ReferenceEquals(w.Name, s.Name) || !ReferenceEquals(w.Namespace, s.Namespace) || !ReferenceEquals(w.Kind, s.Kind))
        {
            _lastWorkload = w = Workload(s);
        }

        if (_workloadSeries is not null)
        {
            var line = Line(_workloadSeries, (s.Kind, s.Namespace, s.Name, s.Metric));
            line.Add(s.TimeTicks, s.Value);
        }

        switch (s.Metric)
        {
            case "spec.replicas":
                if (!w.HasDesired)
                {
                    w.HasDesired = true;
                    TopLevelWorkloads += w.OwnedByDeployment ? 0 : 1;
                    if (++WorkloadCount > PlottedWorkloads)
                    {
                        // Too many workloads for one colour each: replicas.png shows totals, and their own lines are dropped.
                        _workloadSeries = null;
                    }
                }

                w.SampleDesired = s.Value;
                _touched.Add(w);
                if (!w.OwnedByDeployment)
                {
                    tick.Desired += s.Value;
                    tick.CurrentDesired = s.Value;
                    tick.Current = w;
                }

                break;
            case "status.readyReplicas":
                w.SampleReady = s.Value;
                _touched.Add(w);
                if (!w.OwnedByDeployment)
                {
                    tick.ReplicasReady += s.Value;
                }

                break;
            case "status.availableReplicas":
                if (!w.OwnedByDeployment)
                {
                    tick.Available += s.Value;
                    if (ReferenceEquals(tick.Current, w) && s.Value < tick.CurrentDesired)
                    {
                        tick.Short++;
                    }
                }

                break;
        }
    }

    /// <summary>Sums over one sampling instant's rows.</summary>
    private struct TickTotals
    {
        public int NodesReady;
        public int NodesNotReady;
        public bool HasRequested;
        public bool HasAllocatable;
        public double Requested;
        public double Allocatable;
        public double NodeRequested;
        public string? NodeRequestedOf;
        public double Desired;
        public double ReplicasReady;
        public double Available;
        public int Short;
        public double CurrentDesired;
        public WorkloadFigures? Current;

        public readonly void Close(ReportDigest d, long t)
        {
            // Summed in the sampler's order, as the plots always summed them, so the totals are the same doubles.
            if (HasRequested)
            {
                d.CpuRequested.Add(t, Requested);
            }

            if (HasAllocatable)
            {
                d.CpuAllocatable.Add(t, Allocatable);
            }

            if (NodesReady + NodesNotReady > 0)
            {
                d.ReadyNodes.Add(t, NodesReady);
                d.NotReadyNodes.Add(t, NodesNotReady);
            }

            if (d._fractions.Count > 0)
            {
                double min = double.MaxValue, max = double.MinValue, sum = 0;
                foreach (var f in d._fractions)
                {
                    min = Math.Min(min, f);
                    max = Math.Max(max, f);
                    sum += f;
                }

                d.NodeCpuMin.Add(t, min);
                d.NodeCpuMean.Add(t, sum / d._fractions.Count);
                d.NodeCpuMax.Add(t, max);
                d._fractions.Clear();
            }

            if (d.WorkloadCount > 0)
            {
                d.TotalDesired.Add(t, Desired);
                d.TotalReady.Add(t, ReplicasReady);
                d.TotalAvailable.Add(t, Available);
                d.WorkloadsShort.Add(t, Short);
            }
        }
    }
}

/// <summary>
/// One workload's desired count over the run, to sample resolution: each change of it and, when the ready count
/// reached it at a later sample before the next change, how long that took (the summary's key figures).
/// </summary>
public sealed class WorkloadFigures
{
    private readonly List<(double Desired, long ChangedAt, long ReadyAfter)> _met = [];
    private double _last = -1;
    private long _changedAt;

    internal WorkloadFigures(string kind, string ns, string name)
    {
        Kind = kind;
        Namespace = ns;
        Name = name;
    }

    public string Kind { get; }

    public string Namespace { get; }

    public string Name { get; }

    /// <summary>Changes of the desired count (its first value counts as one).</summary>
    public int Changes { get; private set; }

    /// <summary>Each change the ready count caught up with: the count, when it was asked for, and ticks until it was ready.</summary>
    public IReadOnlyList<(double Desired, long ChangedAt, long ReadyAfter)> Met => _met;

    /// <summary>True when the last change was never met: its count and when it was asked for.</summary>
    public bool Waiting { get; private set; }

    /// <summary>The last desired count.</summary>
    public double Last => _last;

    /// <summary>When the last desired count was asked for.</summary>
    public TimeSpan LastChangedAt => new(_changedAt);

    internal bool HasDesired { get; set; }

    internal bool OwnedByDeployment { get; set; }

    internal double? SampleDesired { get; set; }

    internal double? SampleReady { get; set; }

    /// <summary>
    /// The summary's line for this workload, as it always read: each met change, then the unmet last one. With
    /// <paramref name="maxParts"/>, only the first that many and a count of the rest.
    /// </summary>
    public string Describe(int maxParts = int.MaxValue)
    {
        var parts = new List<string>();
        foreach (var (desired, changedAt, after) in _met)
        {
            if (parts.Count == maxParts)
            {
                break;
            }

            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{desired} ready {Formatting.Seconds(after)}s after it was asked for at {Formatting.Clock(new TimeSpan(changedAt))}"));
        }

        int total = _met.Count + (Waiting ? 1 : 0);
        if (Waiting && parts.Count < maxParts)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{_last} asked for at {Formatting.Clock(new TimeSpan(_changedAt))}, never all ready"));
        }

        if (parts.Count < total)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{total - parts.Count} more"));
        }

        return Kind + " " + Namespace + "/" + Name + ": " + string.Join("; ", parts) + " (to sample resolution)";
    }

    /// <summary>
    /// The end of one sampling instant: a new desired count starts a wait, which ends when the ready count sampled at
    /// the same instant equals it (SummaryWriter's rule since the first version).
    /// </summary>
    internal void CloseSample(long t)
    {
        if (SampleDesired is { } desired)
        {
            if (desired != _last)
            {
                _last = desired;
                _changedAt = t;
                Waiting = true;
                Changes++;
            }

            if (Waiting && SampleReady is { } ready && ready == desired)
            {
                _met.Add((desired, _changedAt, t - _changedAt));
                Waiting = false;
            }
        }

        SampleDesired = null;
        SampleReady = null;
    }
}
