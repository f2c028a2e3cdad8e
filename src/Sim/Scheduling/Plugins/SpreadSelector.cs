using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>
/// The label selector of a topology spread constraint: either the constraint's own labelSelector, or the
/// system-default selector built from the services, replication controller and replica set that own the pod
/// (a conjunction of an equality set and a replica set's selector).
/// </summary>
public sealed class SpreadSelector
{
    private readonly IReadOnlyDictionary<string, string>? _labels;
    private readonly Selector? _selector;

    private SpreadSelector(IReadOnlyDictionary<string, string>? labels, Selector? selector)
    {
        _labels = labels;
        _selector = selector;
    }

    /// <summary>True for a selector without requirements (labels.Selector.Empty): it matches everything but counts no pods.</summary>
    public bool Empty => (_labels is null || _labels.Count == 0) && (_selector is null || _selector.Empty);

    /// <summary>metav1.LabelSelectorAsSelector: a nil selector matches nothing. Throws FormatException for an invalid one.</summary>
    public static SpreadSelector FromLabelSelector(LabelSelector? selector) => new(null, Selector.FromLabelSelector(selector));

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        if (_labels is not null)
        {
            foreach (var (k, v) in _labels)
            {
                if (!labels.TryGetValue(k, out var actual) || !string.Equals(actual, v, StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }

        return _selector is null || _selector.Matches(labels);
    }

    /// <summary>
    /// plugins/helper/spread.go DefaultSelector: the merged selectors of the services selecting the pod, then
    /// its controlling ReplicationController's selector or ReplicaSet's selector requirements (StatefulSets
    /// are not modelled).
    /// </summary>
    public static SpreadSelector DefaultSelector(Pod pod, ObjectStore? store)
    {
        var labelSet = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (store is null)
        {
            return new SpreadSelector(labelSet, null);
        }

        var podLabels = pod.Metadata.Labels;
        foreach (var svc in store.List<Service>(pod.Metadata.Namespace))
        {
            // services with nil selectors match nothing, not everything.
            var sel = svc.Spec.Selector;
            if (sel is null || !sel.All(kv => podLabels.TryGetValue(kv.Key, out var v) && v == kv.Value))
            {
                continue;
            }

            foreach (var (k, v) in sel)
            {
                labelSet[k] = v;
            }
        }

        Selector? rsSelector = null;
        var owner = pod.Metadata.ControllerRef;
        if (owner is not null)
        {
            if (owner.ApiVersion == "v1" && owner.Kind == "ReplicationController")
            {
                if (store.Get<ReplicationController>(pod.Metadata.Namespace, owner.Name) is { } rc)
                {
                    foreach (var (k, v) in rc.Selector)
                    {
                        labelSet[k] = v;
                    }
                }
            }
            else if (owner.ApiVersion == "apps/v1" && owner.Kind == "ReplicaSet")
            {
                if (store.Get<ReplicaSet>(pod.Metadata.Namespace, owner.Name) is { Selector: { } ls })
                {
                    try
                    {
                        rsSelector = Selector.FromLabelSelector(ls);
                    }
                    catch (FormatException)
                    {
                        rsSelector = null;
                    }
                }
            }
        }

        return new SpreadSelector(labelSet, rsSelector);
    }
}
