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
/// <para>
/// A scrape that reads the same rate and working set as the one before adds a reading that follows from the
/// series alone. With fast paths (<see cref="Cluster.FastPaths"/>) a scrape therefore visits only the pods and
/// nodes of the nodes the load model recomputed with a different result (<see cref="LoadModel.Changes"/>):
/// every other series is extended lazily, replaying the readings it missed from the scrape times at the same
/// rate, with the same arithmetic, when it is next read or its rate changes. So a scrape costs O(what changed)
/// and a read O(scrapes since the series was last touched), and every value is the literal scrape's.
/// </para>
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
    // The time of every scrape, by number (the first is 1): what a lazily extended series replays.
    private readonly List<TimeSpan> _times = [TimeSpan.Zero];
    private readonly bool _fastPaths;
    private long _scrapes;

    /// <param name="fastPaths">
    /// True scrapes only what the load model reports changed and extends the other series when read (the load
    /// model must step with fast paths too); false scrapes every pod and node at every step. Same values.
    /// </param>
    public MetricsServer(LoadModel load, ObjectStore store, IReadOnlyDictionary<string, Kubelet.Kubelet> kubelets, TimeSpan window, bool fastPaths = true)
    {
        if (window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), "the metric window must be positive");
        }

        _load = load;
        _store = store;
        _kubelets = kubelets;
        Window = window;
        if (fastPaths && !load.FastPaths)
        {
            throw new ArgumentException("a metrics server with fast paths scrapes what the load model reports changed: it needs a load model with fast paths", nameof(fastPaths));
        }

        _fastPaths = fastPaths;
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
    public bool HasAnyMetrics => RequireScraping()._nodes.Values.Any(s => s.CountAt(_scrapes) >= 2) || _pods.Values.Any(s => s.CountAt(_scrapes) >= 2);

    /// <inheritdoc/>
    public SortedDictionary<string, PodMetric>? GetResourceMetric(string resource, string ns, Selector selector, out string? error)
    {
        RequireScraping();
        var result = new SortedDictionary<string, PodMetric>(StringComparer.Ordinal);
        bool any = false;
        // The label index yields the selector's pods in key order, as the scan of the namespace does.
        IEnumerable<KubeObject> pods = _fastPaths ? _store.PodsMatching(ns, selector) : _store.List("Pod", ns);
        foreach (Pod pod in pods)
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
        long scrape = ++_scrapes;
        _times.Add(now);
        if (_fastPaths)
        {
            SampleChanges(scrape, now);
            return;
        }

        // Pods: a series lives while the same incarnation of all the pod's containers runs on a reachable node.
        // One pass over the load model's pods extends, restarts or drops each series; a series the pass did not
        // reach (its pod has no usage any more) is dropped after it.
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

            series.Add(scrape, now, usage.CpuMilli, usage.MemoryBytes, Window);
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
                Record(_nodes, name, TimeSpan.Zero, scrape, now, usage.CpuMilli, usage.MemoryBytes);
            }
        }
    }

    /// <summary>
    /// The fast scrape: the node of each node whose result changed and its pods whose usage changed (all its pods,
    /// before and after, when its kubelet's state changed: their reachability did) get what the literal scrape
    /// gives them. Every other pod and node has the usage and reachability it had at the last scrape (reachability
    /// is the kubelet's state, and the load model lists every node whose kubelet's state changed), so the literal
    /// scrape would only add a reading at the same rate and working set, which its series adds when next touched.
    /// </summary>
    private void SampleChanges(long scrape, TimeSpan now)
    {
        foreach (var change in _load.Changes)
        {
            if (change.KubeletStateChanged)
            {
                foreach (var (key, _) in change.Before)
                {
                    ScrapePod(key, scrape, now);
                }

                foreach (var (key, _) in change.After)
                {
                    ScrapePod(key, scrape, now);
                }
            }
            else
            {
                foreach (var key in change.Changed)
                {
                    ScrapePod(key, scrape, now);
                }
            }

            ScrapeNode(change.Node, scrape, now);
        }
    }

    /// <summary>The literal scrape of one pod (a pod listed twice is scraped once).</summary>
    private void ScrapePod(string key, long scrape, TimeSpan now)
    {
        if (!_load.TryGetPod(key, out var usage) || usage.RunningSince is not { } since || !Reachable(usage.NodeName))
        {
            _pods.Remove(key);
            return;
        }

        if (!_pods.TryGetValue(key, out var series) || series.Since != since)
        {
            _pods[key] = series = new Series(since);
            series.Add(scrape, now, usage.CpuMilli, usage.MemoryBytes, Window);
            return;
        }

        Extend(series, scrape, now, usage.CpuMilli, usage.MemoryBytes);
    }

    /// <summary>The literal scrape of one node.</summary>
    private void ScrapeNode(string name, long scrape, TimeSpan now)
    {
        if (!Reachable(name))
        {
            _nodes.Remove(name);
            return;
        }

        var usage = _load.NodeUsage(name);
        if (!_nodes.TryGetValue(name, out var series))
        {
            _nodes[name] = series = new Series(TimeSpan.Zero);
            series.Add(scrape, now, usage.CpuMilli, usage.MemoryBytes, Window);
            return;
        }

        Extend(series, scrape, now, usage.CpuMilli, usage.MemoryBytes);
    }

    /// <summary>Adds this scrape's reading to a live series, unless it is already there or would follow from the series anyway.</summary>
    private void Extend(Series series, long scrape, TimeSpan now, double cpuMilli, long memory)
    {
        if (series.Materialized == scrape || (series.RateMilli.Equals(cpuMilli) && series.Memory == memory))
        {
            return;
        }

        series.CatchUp(scrape - 1, _times, Window);
        series.Add(scrape, now, cpuMilli, memory, Window);
    }

    private MetricsServer RequireScraping() => Scraping
        ? this
        : throw new InvalidOperationException("the metrics server was told nothing reads metrics in this run (StopScraping)");

    private void Record(SortedDictionary<string, Series> all, string key, TimeSpan since, long scrape, TimeSpan now, double cpuMilli, long memory)
    {
        if (!all.TryGetValue(key, out var series))
        {
            all[key] = series = new Series(since);
        }

        series.Add(scrape, now, cpuMilli, memory, Window);
    }

    private bool Reachable(string nodeName) =>
        _kubelets.TryGetValue(nodeName, out var kubelet) && kubelet.State == Kubelet.KubeletState.Running;

    private bool Read(IReadOnlyDictionary<string, Series> all, string key, out UsageMetrics metrics)
    {
        if (all.TryGetValue(key, out var series) && series.CountAt(_scrapes) >= 2)
        {
            series.CatchUp(_scrapes, _times, Window);
            metrics = series.Metrics();
            return true;
        }

        metrics = default;
        return false;
    }

    /// <summary>
    /// Cumulative CPU readings (millicore-seconds) of one pod or node within the window, oldest first, as of
    /// scrape <see cref="Materialized"/>; the scrapes after it read the same rate and working set (fast paths).
    /// </summary>
    private sealed class Series(TimeSpan since)
    {
        private readonly List<(TimeSpan Time, double CpuMilliSeconds)> _readings = [];
        private double _rateMilli;
        private long _memory;

        /// <summary>The start of the containers this series measures.</summary>
        public TimeSpan Since { get; } = since;

        /// <summary>The rate read at the last reading, in millicores.</summary>
        public double RateMilli => _rateMilli;

        /// <summary>The working set read at the last reading.</summary>
        public long Memory => _memory;

        /// <summary>The number of the scrape of the last reading.</summary>
        public long Materialized { get; private set; }

        public int Count => _readings.Count;

        /// <summary>The number of the last scrape that reached this series (pruning mark, literal scrape).</summary>
        public long Scrape { get; set; }

        /// <summary>How many readings the series has once extended to scrape <paramref name="scrape"/>: pruning never leaves fewer than two.</summary>
        public long CountAt(long scrape) => _readings.Count + (scrape - Materialized);

        /// <summary>
        /// Adds the readings of scrapes <see cref="Materialized"/> + 1 to <paramref name="scrape"/>, which read the
        /// last reading's rate and working set. Each cumulative value is computed as the literal scrape computed it,
        /// from the one before, so the sums round alike; but only the readings that outlast the pruning are stored.
        /// A scrape's pruning drops old readings that the last scrape's pruning would drop too (its cut-off is
        /// earlier and it keeps two readings at least), so pruning once at the end leaves the same readings: those
        /// within the window of the last scrape, and the last two in any case. A series read after hours costs a
        /// float addition per missed scrape (`kubectl top` of idle pods), not a list operation.
        /// </summary>
        public void CatchUp(long scrape, List<TimeSpan> times, TimeSpan window)
        {
            if (scrape <= Materialized)
            {
                return;
            }

            var cutoff = times[(int)scrape] - window;
            bool any = _readings.Count > 0;
            var (lastTime, lastCumulative) = any ? _readings[^1] : (TimeSpan.Zero, 0.0);
            for (long s = Materialized + 1; s <= scrape; s++)
            {
                var now = times[(int)s];
                double cumulative = any ? lastCumulative + (_rateMilli * (now - lastTime).TotalSeconds) : 0;
                any = true;
                lastTime = now;
                lastCumulative = cumulative;
                if (now >= cutoff || s >= scrape - 1)
                {
                    _readings.Add((now, cumulative));
                }
            }

            Materialized = scrape;
            Prune(cutoff);
        }

        /// <summary>Scrape <paramref name="scrape"/> at <paramref name="now"/>: the previous rate has run since the last reading; <paramref name="cpuMilli"/> runs from now.</summary>
        public void Add(long scrape, TimeSpan now, double cpuMilli, long memory, TimeSpan window)
        {
            Materialized = scrape;
            double cumulative = 0;
            if (_readings.Count > 0)
            {
                var last = _readings[^1];
                cumulative = last.CpuMilliSeconds + (_rateMilli * (now - last.Time).TotalSeconds);
            }

            _readings.Add((now, cumulative));
            _rateMilli = cpuMilli;
            _memory = memory;
            Prune(now - window);
        }

        private void Prune(TimeSpan cutoff)
        {
            int stale = 0;
            // Keep two readings even when the window is shorter than the resolution: a rate needs two.
            while (stale < _readings.Count - 2 && _readings[stale].Time < cutoff)
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
