using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>
/// Objects' selectors parsed once per version of the object (by uid and resourceVersion), for the code that tests
/// them over and over: the endpoints controller and invariant against every changed pod, the scheduler's default
/// spread selector in PreFilter, PreScore and every queueing hint. Every write bumps the resourceVersion, so an
/// object changed since is parsed again; selectors compare by value, so the shared instance behaves as a fresh parse.
/// </summary>
public sealed class SelectorCache<T>(Func<T, Selector?> parse)
    where T : KubeObject
{
    private readonly Dictionary<string, (long ResourceVersion, Selector? Selector)> _byUid = new(StringComparer.Ordinal);

    /// <summary>The object's selector as <c>parse</c> gives it (null: none, or invalid).</summary>
    public Selector? Of(T obj)
    {
        var uid = obj.Metadata.Uid;
        long rv = obj.Metadata.ResourceVersion;
        if (_byUid.TryGetValue(uid, out var cached) && cached.ResourceVersion == rv)
        {
            return cached.Selector;
        }

        var selector = parse(obj);
        _byUid[uid] = (rv, selector);
        return selector;
    }
}

/// <summary>The selector caches of the kinds that have one.</summary>
public static class SelectorCache
{
    /// <summary>Services' selectors; null for a Service without one (its endpoints are managed by hand).</summary>
    public static SelectorCache<Service> ForServices() => new(svc => svc.Spec.Selector is { Count: > 0 } map ? Selector.FromMap(map) : null);

    /// <summary>ReplicaSets' selectors (metav1.LabelSelectorAsSelector); null when it does not parse.</summary>
    public static SelectorCache<ReplicaSet> ForReplicaSets() => new(ParseReplicaSetSelector);

    /// <summary>A ReplicaSet's selector, or null when it has none or it does not parse.</summary>
    public static Selector? ParseReplicaSetSelector(ReplicaSet rs)
    {
        if (rs.Selector is not { } ls)
        {
            return null;
        }

        try
        {
            return Selector.FromLabelSelector(ls);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
