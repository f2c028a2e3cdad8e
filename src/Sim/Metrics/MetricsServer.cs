using ClusterSim.Sim.Api;
using ClusterSim.Sim.Load;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Metrics;

/// <summary>
/// The metrics-server analogue (kubernetes-sigs/metrics-server) behind the resource metrics API that the
/// HPA and `kubectl top` read. At every load step (every --metric-resolution) it scrapes each kubelet that
/// is up and connected: per pod and per node it keeps cumulative CPU time (the rates of the load model
/// integrated over the previous interval) and the current working set. CPU is reported, as metrics-server
/// does, as the rate between two cumulative readings: here the oldest and newest reading within
/// <see cref="Window"/> (config metricWindow), so the value is the average over the readings in the window
/// and <see cref="UsageMetrics.Window"/> is the span actually covered. A pod needs two readings since its
/// containers (all of them) last started before it has metrics, as metrics-server needs two scrapes; a
/// restart starts its series again. Pods of a crashed or cut-off node drop out, as a failed scrape does.
/// </summary>
public sealed class MetricsServer : IResourceMetricsClient
{
    /// <summary>The HPA's error when the metrics API returns nothing for a selector (pkg/controller/podautoscaler/metrics/client.go).</summary>
    public const string NoMetricsError = "no metrics returned from resource metrics API";

    private readonly LoadModel _load;
    private readonly ObjectStore _store;
    private readonly IReadOnlyDictionary<string, Kubelet.Kubelet> _kubelets;
    // Pod series are only looked up by key, tested with Any and pruned (each key on its own), so hash order
    // never shows; a hash lookup per pod per scrape is what keeps a scrape cheap with thousands of pods.
    private readonly Dictionary<string, Series> _pods = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Series> _nodes = new(StringComparer.Ordinal);
    private readonly List<string> _stale = [];
    private long _scrapes;

    public MetricsServer(LoadModel load, ObjectStore store, IReadOnlyDictionary<string, Kubelet.Kubelet> kubelets, TimeSpan window)
    {
        if (window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), "the metric window must be positive");
        }

        _load = load;
        _store = store;
        _kubelets = kubelets;
        Window = window;
        load.Stepped += Sample;
    }

    /// <summary>The longest span CPU is averaged over (config metricWindow).</summary>
    public TimeSpan Window { get; }

    /// <summary>True until <see cref="StopScraping"/>: every load step scrapes every pod and node, O(pods).</summary>
    public bool Scraping { get; private set; } = true;

    /// <summary>
    /// Declares that nothing will read the resource metrics API in this run (no HPA, no `kubectl top`): scrapes
    /// stop and the series are dropped, so with no load target the load model's steps skip per-pod usage too.
    /// It cannot be undone (metrics need a history), and reads afterwards throw rather than answer what a
    /// scraping server would not. Costs nothing; saves O(containers) per metric resolution.
    /// </summary>
    public void StopScraping()
    {
        if (Scraping)
        {
            _load.Stepped -= Sample;
            _pods.Clear();
            _nodes.Clear();
            Scraping = false;
        }
    }

    /// <summary>The metrics of pod <paramref name="name"/> in <paramref name="ns"/>, if it has any yet.</summary>
    public bool TryGetPodMetrics(string ns, string name, out UsageMetrics metrics) => Read(RequireScraping()._pods, ns + "/" + name, out metrics);

    /// <summary>The metrics of node <paramref name="nodeName"/>, if it has any yet.</summary>
    public bool TryGetNodeMetrics(string nodeName, out UsageMetrics metrics) => Read(RequireScraping()._nodes, nodeName, out metrics);

    /// <summary>True when any pod or node has metrics (`kubectl top` says "metrics not available yet" otherwise).</summary>
    public bool HasAnyMetrics => RequireScraping()._nodes.Values.Any(s => s.Count >= 2) || _pods.Values.Any(s => s.Count >= 2);

    /// <inheritdoc/>
    public SortedDictionary<string, PodMetric>? GetResourceMetric(string resource, string ns, Selector selector, out string? error)
    {
        RequireScraping();
        var result = new SortedDictionary<string, PodMetric>(StringComparer.Ordinal);
        bool any = false;
        foreach (Pod pod in _store.List("Pod", ns))
        {
            if (!selector.Matches(pod.Metadata.Labels) || !TryGetPodMetrics(ns, pod.Metadata.Name, out var m))
            {
                continue;
            }

            // Like client.go getPodMetrics: a pod listed without the resource is left out of the map.
            any = true;
            long? value = resource switch
            {
                ResourceNames.Cpu => m.CpuMilli,
                ResourceNames.Memory => m.MemoryBytes * 1000,
                _ => null,
            };
            if (value is { } v)
            {
                result[pod.Metadata.Name] = new PodMetric(m.Timestamp, m.Window, v);
            }
        }

        if (!any)
        {
            error = NoMetricsError;
            return null;
        }

        error = null;
        return result;
    }

    private void Sample(TimeSpan now)
    {
        // Pods: a series lives while the same incarnation of all the pod's containers runs on a reachable node.
        // One pass over the load model's pods extends, restarts or drops each series; a series the pass did not
        // reach (its pod has no usage any more) is dropped after it.
        long scrape = ++_scrapes;
        foreach (var (key, usage) in _load.PodsInStepOrder)
        {
            if (usage.RunningSince is not { } since || !Reachable(usage.NodeName))
            {
                _pods.Remove(key);
                continue;
            }

            if (!_pods.TryGetValue(key, out var series) || series.Since != since)
            {
                _pods[key] = series = new Series(since);
            }

            series.Add(now, usage.CpuMilli, usage.MemoryBytes, Window);
            series.Scrape = scrape;
        }

        foreach (var (key, series) in _pods)
        {
            if (series.Scrape != scrape)
            {
                _stale.Add(key);
            }
        }

        foreach (var key in _stale)
        {
            _pods.Remove(key);
        }

        _stale.Clear();

        foreach (var name in _nodes.Keys.ToList())
        {
            if (!Reachable(name))
            {
                _nodes.Remove(name);
            }
        }

        foreach (var name in _kubelets.Keys)
        {
            if (Reachable(name))
            {
                var usage = _load.NodeUsage(name);
                Record(_nodes, name, TimeSpan.Zero, now, usage.CpuMilli, usage.MemoryBytes);
            }
        }
    }

    private MetricsServer RequireScraping() => Scraping
        ? this
        : throw new InvalidOperationException("the metrics server was told nothing reads metrics in this run (StopScraping)");

    private void Record(SortedDictionary<string, Series> all, string key, TimeSpan since, TimeSpan now, double cpuMilli, long memory)
    {
        if (!all.TryGetValue(key, out var series))
        {
            all[key] = series = new Series(since);
        }

        series.Add(now, cpuMilli, memory, Window);
    }

    private bool Reachable(string nodeName) =>
        _kubelets.TryGetValue(nodeName, out var kubelet) && kubelet.State == Kubelet.KubeletState.Running;

    private static bool Read(IReadOnlyDictionary<string, Series> all, string key, out UsageMetrics metrics)
    {
        if (all.TryGetValue(key, out var series) && series.Count >= 2)
        {
            metrics = series.Metrics();
            return true;
        }

        metrics = default;
        return false;
    }

    /// <summary>Cumulative CPU readings (millicore-seconds) of one pod or node within the window, oldest first.</summary>
    private sealed class Series(TimeSpan since)
    {
        private readonly List<(TimeSpan Time, double CpuMilliSeconds)> _readings = [];
        private double _rateMilli;
        private long _memory;

        /// <summary>The start of the containers this series measures.</summary>
        public TimeSpan Since { get; } = since;

        public int Count => _readings.Count;

        /// <summary>The number of the last scrape that reached this series (pruning mark).</summary>
        public long Scrape { get; set; }

        /// <summary>A scrape at <paramref name="now"/>: the previous rate has run since the last reading; <paramref name="cpuMilli"/> runs from now.</summary>
        public void Add(TimeSpan now, double cpuMilli, long memory, TimeSpan window)
        {
            double cumulative = 0;
            if (_readings.Count > 0)
            {
                var last = _readings[^1];
                cumulative = last.CpuMilliSeconds + (_rateMilli * (now - last.Time).TotalSeconds);
            }

            _readings.Add((now, cumulative));
            _rateMilli = cpuMilli;
            _memory = memory;
            int stale = 0;
            // Keep two readings even when the window is shorter than the resolution: a rate needs two.
            while (stale < _readings.Count - 2 && _readings[stale].Time < now - window)
            {
                stale++;
            }

            _readings.RemoveRange(0, stale);
        }

        public UsageMetrics Metrics()
        {
            var (t0, c0) = _readings[0];
            var (t1, c1) = _readings[^1];
            double seconds = (t1 - t0).TotalSeconds;
            double milli = seconds > 0 ? (c1 - c0) / seconds : 0;
            // Reported in nanocores, read with MilliValue (rounds up); the rounding to nanos absorbs float noise.
            long nanos = (long)Math.Round(milli * 1e6);
            long cpu = (nanos + 999_999) / 1_000_000;
            return new UsageMetrics(t1, t1 - t0, cpu, _memory);
        }
    }
}
