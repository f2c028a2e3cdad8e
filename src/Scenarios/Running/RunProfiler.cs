using System.Diagnostics;
using ClusterSim.Sim.Engine;

namespace ClusterSim.Scenarios.Running;

/// <summary>
/// `clustersim run --profile`: the wall time and event count of each part of the control plane (scheduler, node
/// lifecycle, kubelets, metrics, HPA, ...), from the namespace of the code that owns each kernel event. Work a
/// store watcher does synchronously inside an event counts for that event's owner. Only the display uses the
/// wall clock; the run's results are the same with or without it.
/// </summary>
public sealed class RunProfiler : IEventProfiler
{
    private const string ObserversName = "observers (invariants, expectations, samples)";

    private readonly Dictionary<string, (long Events, long Ticks)> _parts = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _names = [];

    /// <summary>Each part's events and seconds, the most expensive first (ties by name).</summary>
    public IReadOnlyList<ProfileEntry> Entries() =>
        _parts.Select(p => new ProfileEntry(p.Key, p.Value.Events, (double)p.Value.Ticks / Stopwatch.Frequency))
            .OrderByDescending(e => e.Seconds).ThenBy(e => e.Part, StringComparer.Ordinal).ToList();

    public void Event(object owner, Action run)
    {
        long start = Stopwatch.GetTimestamp();
        run();
        // A delegate's target (the controller, or a closure nested in it) names its owner as well as its method does,
        // and Delegate.Method is a reflection lookup that cost the profiled run several percent.
        Add(NameOf(owner is Delegate d ? d.Target?.GetType() ?? d.Method.DeclaringType : owner.GetType()), Stopwatch.GetTimestamp() - start);
    }

    public void Observers(Action run)
    {
        long start = Stopwatch.GetTimestamp();
        run();
        Add(ObserversName, Stopwatch.GetTimestamp() - start);
    }

    private void Add(string part, long ticks)
    {
        var (events, total) = _parts.GetValueOrDefault(part);
        _parts[part] = (events + 1, total + ticks);
    }

    private string NameOf(Type? type)
    {
        if (type is null)
        {
            return "other";
        }

        if (!_names.TryGetValue(type, out var name))
        {
            var outer = type;
            while (outer.DeclaringType is { } d)
            {
                outer = d;
            }

            name = Part(outer.Namespace ?? "", outer.Name);
            _names[type] = name;
        }

        return name;
    }

    /// <summary>The part of the control plane a namespace holds.</summary>
    private static string Part(string ns, string type) => ns switch
    {
        "ClusterSim.Sim.Scheduling" or "ClusterSim.Sim.Scheduling.Plugins" => "scheduler",
        "ClusterSim.Sim.Controllers.NodeLifecycle" => "node lifecycle controller",
        "ClusterSim.Sim.Controllers.TaintEviction" => "taint eviction controller",
        "ClusterSim.Sim.Controllers.PodAutoscaler" => "horizontal pod autoscaler",
        "ClusterSim.Sim.Controllers.Replication" => "replication controllers / replica sets",
        "ClusterSim.Sim.Controllers.Deployment" => "deployment controller",
        "ClusterSim.Sim.Controllers.PodGarbageCollection" => "pod garbage collector",
        "ClusterSim.Sim.Controllers.ServiceEndpoints" => "endpoints controller",
        "ClusterSim.Sim.Controllers.GarbageCollection" => "garbage collector",
        "ClusterSim.Sim.Controllers" => "controller machinery",
        "ClusterSim.Sim.Kubelet" => "kubelets",
        "ClusterSim.Sim.Metrics" => "metrics server",
        "ClusterSim.Sim.Load" => "load model",
        "ClusterSim.Sim.Store" => "API server and store",
        "ClusterSim.Sim.Faults" => "faults",
        "ClusterSim.Sim.Instruments" or "ClusterSim.Sim.Instruments.Invariants" => "instruments",
        _ when ns.StartsWith("ClusterSim.Sim.Controllers.", StringComparison.Ordinal) => ns["ClusterSim.Sim.Controllers.".Length..].ToLowerInvariant() + " controller",
        _ when ns.StartsWith("ClusterSim.Scenarios", StringComparison.Ordinal) => "timeline (kubectl commands, faults)",
        _ => type,
    };
}

/// <summary>One part of the profile: how many kernel events it owned and the wall seconds they took.</summary>
public sealed record ProfileEntry(string Part, long Events, double Seconds);
