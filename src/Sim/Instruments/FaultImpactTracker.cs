using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Faults;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Instruments;

/// <summary>
/// Watches a run for what faults cost: node Ready transitions, taint-based evictions (with the node the
/// pod was on), and the total shortfall of ready replicas over all ReplicaSets and RCs, as a step
/// function of time. Updates are O(1) per store change; <see cref="Analyze"/> reads the recordings.
/// </summary>
public sealed class FaultImpactTracker : IStoreWatcher
{
    private readonly Kernel _kernel;
    private readonly ObjectStore _store;
    private readonly Dictionary<string, string> _nodeReady = new(StringComparer.Ordinal);
    private readonly List<(TimeSpan Time, string Node, string Status)> _readyTransitions = [];
    private readonly List<(TimeSpan Time, string Node)> _evictions = [];
    private readonly Dictionary<string, int> _deficits = new(StringComparer.Ordinal);
    private readonly List<(TimeSpan Time, int Total)> _deficitSteps = [(TimeSpan.Zero, 0)];
    private int _total;

    public FaultImpactTracker(Kernel kernel, ObjectStore store, EventRecorder events)
    {
        _kernel = kernel;
        _store = store;
        store.Watch("Node", this);
        store.Watch("ReplicationController", this);
        store.Watch("ReplicaSet", this);
        var previous = events.Observer;
        events.Observer = (time, e) =>
        {
            previous?.Invoke(time, e);
            if (e.Reason == "TaintManagerEviction" && e.InvolvedKind == "Pod" && e.Message.StartsWith("Marking", StringComparison.Ordinal)
                && _store.Get<Pod>(e.InvolvedNamespace, e.InvolvedName) is { } pod)
            {
                _evictions.Add((time, pod.Spec.NodeName));
            }
        };
    }

    public void OnChange(WatchEventType type, KubeObject obj)
    {
        var now = _kernel.Now;
        if (obj is Node node)
        {
            var status = type == WatchEventType.Deleted ? "Deleted" : node.Status.GetCondition("Ready")?.Status ?? "Unknown";
            if (!_nodeReady.TryGetValue(node.Metadata.Name, out var old) || old != status)
            {
                _nodeReady[node.Metadata.Name] = status;
                _readyTransitions.Add((now, node.Metadata.Name, status));
            }

            return;
        }

        if (obj is ReplicatedSet set)
        {
            var key = set.Kind + "/" + set.Key;
            int deficit = type == WatchEventType.Deleted ? 0 : Math.Max(0, set.Replicas - set.Status.ReadyReplicas);
            int old = _deficits.GetValueOrDefault(key);
            if (old == deficit)
            {
                return;
            }

            _deficits[key] = deficit;
            _total += deficit - old;
            if (_deficitSteps[^1].Time == now)
            {
                _deficitSteps[^1] = (now, _total);
            }
            else
            {
                _deficitSteps.Add((now, _total));
            }
        }
    }

    /// <summary>The impact of each fault that took nodes down, measured up to <paramref name="end"/>.</summary>
    public IReadOnlyList<FaultImpact> Analyze(IReadOnlyList<FaultRecord> faults, TimeSpan end)
    {
        var result = new List<FaultImpact>();
        foreach (var f in faults.Where(f => f.TakesNodesDown))
        {
            var nodes = new HashSet<string>(f.Nodes, StringComparer.Ordinal);
            TimeSpan? notReady = _readyTransitions.Where(t => t.Time >= f.Time && nodes.Contains(t.Node) && t.Status != "True")
                .Select(t => (TimeSpan?)(t.Time - f.Time)).FirstOrDefault();
            TimeSpan? eviction = _evictions.Where(e => e.Time >= f.Time && nodes.Contains(e.Node))
                .Select(e => (TimeSpan?)(e.Time - f.Time)).FirstOrDefault();

            // The shortfall after the fault: from the first step that raises it above zero until it is zero again.
            TimeSpan? allReady = null;
            double lost = 0;
            int peak = 0;
            bool short_ = false;
            for (int i = 0; i < _deficitSteps.Count; i++)
            {
                var (t, total) = _deficitSteps[i];
                var next = i + 1 < _deficitSteps.Count ? _deficitSteps[i + 1].Time : end;
                if (next <= f.Time)
                {
                    continue;
                }

                var from = t < f.Time ? f.Time : t;
                if (total > 0)
                {
                    short_ = true;
                    peak = Math.Max(peak, total);
                    lost += total * (Min(next, end) - from).TotalSeconds;
                }
                else if (short_ && t >= f.Time)
                {
                    allReady = t - f.Time;
                    break;
                }
            }

            result.Add(new FaultImpact(f, notReady, eviction, allReady, lost, peak));
        }

        return result;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
