using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>
/// Each Service's selector parsed once per version of the Service (by key and resourceVersion), for the watchers
/// that test it against every changed pod: parsing it anew allocated a selector per pod write and Service.
/// </summary>
public sealed class ServiceSelectorCache
{
    private readonly Dictionary<string, (long ResourceVersion, Selector Selector)> _selectors = new(StringComparer.Ordinal);

    /// <summary>The Service's selector, or null when it has none (its endpoints are managed by hand).</summary>
    public Selector? Of(Service svc)
    {
        if (svc.Spec.Selector is not { Count: > 0 } map)
        {
            return null;
        }

        var key = svc.Key;
        if (_selectors.TryGetValue(key, out var cached) && cached.ResourceVersion == svc.Metadata.ResourceVersion)
        {
            return cached.Selector;
        }

        var selector = Selector.FromMap(map);
        _selectors[key] = (svc.Metadata.ResourceVersion, selector);
        return selector;
    }
}
