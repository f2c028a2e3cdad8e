using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>
/// The label selector of a topology spread constraint: either the constraint's own labelSelector, or the
/// system-default selector built from the services, replication controller and replica set that own the pod
/// (a conjunction of an equality set and a replica set's selector). Equal selectors (same equality set, equal
/// <see cref="Selector"/>) match the same pods, which lets the scheduler cache key pod counts by selector.
/// </summary>
public sealed class SpreadSelector : IEquatable<SpreadSelector>
{
    // An array, not the dictionary it was built from: Matches runs for every pod event the scheduler cache
    // sees, and enumerating a SortedDictionary through an interface allocates a boxed enumerator each time.
    private readonly KeyValuePair<string, string>[] _labels;
    private readonly Selector? _selector;

    private SpreadSelector(KeyValuePair<string, string>[] labels, Selector? selector)
    {
        _labels = labels;
        _selector = selector;
    }

    /// <summary>True for a selector without requirements (labels.Selector.Empty): it matches everything but counts no pods.</summary>
    public bool Empty => _labels.Length == 0 && (_selector is null || _selector.Empty);

    /// <summary>metav1.LabelSelectorAsSelector: a nil selector matches nothing. Throws FormatException for an invalid one.</summary>
    public static SpreadSelector FromLabelSelector(LabelSelector? selector) => new([], Selector.FromLabelSelector(selector));

    /// <summary>Whether the labels satisfy the equality set and the selector. Allocates nothing for the equality set.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (k, v) in _labels)
        {
            if (!labels.TryGetValue(k, out var actual) || !string.Equals(actual, v, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return _selector is null || _selector.Matches(labels);
    }

    /// <summary>
    /// A label every matching pod must carry with exactly this value, if the selector requires one (the
    /// first of the equality set, else the selector's first exact-match requirement); false otherwise. The
    /// scheduler cache uses it to test a pod only against the selectors that could match it.
    /// </summary>
    internal bool TryGetRequiredLabel(out string key, out string value)
    {
        if (_labels.Length > 0)
        {
            (key, value) = _labels[0];
            return true;
        }

        if (_selector is { MatchesNothing: false } sel)
        {
            foreach (var r in sel.Requirements)
            {
                if (r.Operator is SelectorOperator.Equals or SelectorOperator.DoubleEquals || (r.Operator == SelectorOperator.In && r.Values.Count == 1))
                {
                    (key, value) = (r.Key, r.Values[0]);
                    return true;
                }
            }
        }

        (key, value) = (string.Empty, string.Empty);
        return false;
    }

    /// <summary>The same equality set (in key order) and an equal selector (or neither has one). O(requirements).</summary>
    public bool Equals(SpreadSelector? other)
    {
        if (other is null || other._labels.Length != _labels.Length || !Equals(_selector, other._selector))
        {
            return false;
        }

        for (int i = 0; i < _labels.Length; i++)
        {
            if (!string.Equals(_labels[i].Key, other._labels[i].Key, StringComparison.Ordinal)
                || !string.Equals(_labels[i].Value, other._labels[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc cref="Equals(SpreadSelector?)"/>
    public override bool Equals(object? obj) => Equals(obj as SpreadSelector);

    /// <summary>Hash code consistent with <see cref="Equals(SpreadSelector?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (k, v) in _labels)
        {
            hash.Add(k, StringComparer.Ordinal);
            hash.Add(v, StringComparer.Ordinal);
        }

        hash.Add(_selector);
        return hash.ToHashCode();
    }

    /// <summary>
    /// plugins/helper/spread.go DefaultSelector: the merged selectors of the services selecting the pod, then
    /// its controlling ReplicationController's selector or ReplicaSet's selector requirements (StatefulSets
    /// are not modelled).
    /// </summary>
    public static SpreadSelector DefaultSelector(Pod pod, ObjectStore? store) => DefaultSelector(pod, store, null);

    /// <summary>
    /// <see cref="DefaultSelector(Pod, ObjectStore?)"/>, reading the services selecting the pod from
    /// <paramref name="services"/> (an index of <paramref name="store"/>'s services) when given, instead of
    /// matching every service of the namespace.
    /// </summary>
    internal static SpreadSelector DefaultSelector(Pod pod, ObjectStore? store, ServiceSelectorIndex? services) => DefaultSelector(pod, store, services, null);

    /// <summary>
    /// <see cref="DefaultSelector(Pod, ObjectStore?, ServiceSelectorIndex?)"/>, taking the owning ReplicaSet's
    /// parsed selector from <paramref name="replicaSetSelectors"/> when given (an equal selector: the result is the same).
    /// </summary>
    internal static SpreadSelector DefaultSelector(Pod pod, ObjectStore? store, ServiceSelectorIndex? services, SelectorCache<ReplicaSet>? replicaSetSelectors)
    {
        var labelSet = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (store is null)
        {
            return new SpreadSelector([], null);
        }

        var podLabels = pod.Metadata.Labels;
        if (services is not null)
        {
            services.MergeSelecting(pod.Metadata.Namespace, podLabels, labelSet);
        }
        else
        {
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
                if (store.Get<ReplicaSet>(pod.Metadata.Namespace, owner.Name) is { Selector: not null } rs)
                {
                    rsSelector = replicaSetSelectors is not null ? replicaSetSelectors.Of(rs) : SelectorCache.ParseReplicaSetSelector(rs);
                }
            }
        }

        return new SpreadSelector([.. labelSet], rsSelector);
    }
}

