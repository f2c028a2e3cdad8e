using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;

namespace ClusterSim.Sim.Store;

/// <summary>
/// Records Kubernetes Events. Repeats of the same (object, type, reason, message, source, host) are
/// folded into one event with a count and a last timestamp, as client-go's event correlator does; every
/// occurrence is also kept in order for events.csv and traced.
/// </summary>
public sealed class EventRecorder(Kernel kernel, Trace trace)
{
    private readonly Dictionary<(string, string, string, string, string, string), KubeEvent> _aggregate = [];
    private readonly Dictionary<string, List<KubeEvent>> _byObjectUid = new(StringComparer.Ordinal);
    private readonly List<KubeEvent> _events = [];
    private readonly List<(TimeSpan Time, KubeEvent Event)> _occurrences = [];

    /// <summary>Aggregated events in order of first occurrence.</summary>
    public IReadOnlyList<KubeEvent> Events => _events;

    /// <summary>Every occurrence, in time order.</summary>
    public IReadOnlyList<(TimeSpan Time, KubeEvent Event)> Occurrences => _occurrences;

    /// <summary>Called for every occurrence (instruments); null costs nothing.</summary>
    public Action<TimeSpan, KubeEvent>? Observer { get; set; }

    /// <summary>Aggregated events about the object with <paramref name="uid"/>, oldest first.</summary>
    public IReadOnlyList<KubeEvent> For(string uid) => _byObjectUid.TryGetValue(uid, out var list) ? list : [];

    /// <summary>Records a Normal event.</summary>
    public void Normal(KubeObject obj, string reason, string message, string source, string host = "") =>
        Record(obj, "Normal", reason, message, source, host);

    /// <summary>Records a Warning event.</summary>
    public void Warning(KubeObject obj, string reason, string message, string source, string host = "") =>
        Record(obj, "Warning", reason, message, source, host);

    /// <summary>Records an event about <paramref name="obj"/>.</summary>
    public void Record(KubeObject obj, string type, string reason, string message, string source, string host = "")
    {
        var now = kernel.Now;
        var key = (obj.Metadata.Uid, type, reason, message, source, host);
        if (_aggregate.TryGetValue(key, out var existing))
        {
            existing.Count++;
            existing.LastTimestamp = now;
        }
        else
        {
            existing = new KubeEvent
            {
                InvolvedKind = obj.Kind,
                InvolvedNamespace = obj.Metadata.Namespace,
                InvolvedName = obj.Metadata.Name,
                InvolvedUid = obj.Metadata.Uid,
                Type = type,
                Reason = reason,
                Message = message,
                Source = source,
                Host = host,
                FirstTimestamp = now,
                LastTimestamp = now,
            };
            _aggregate[key] = existing;
            _events.Add(existing);
            if (!_byObjectUid.TryGetValue(obj.Metadata.Uid, out var list))
            {
                _byObjectUid[obj.Metadata.Uid] = list = [];
            }

            list.Add(existing);
        }

        _occurrences.Add((now, existing));
        trace.Record(kernel.NowTicks, "event", $"{obj.Kind}/{obj.Key} {type} {reason} {message}");
        Observer?.Invoke(now, existing);
    }
}
