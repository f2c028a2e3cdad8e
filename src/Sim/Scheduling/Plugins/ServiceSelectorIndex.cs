using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>
/// The Services of each namespace filed under one pair of their selector (its first key in ordinal order, with
/// its value), kept current from the store's Service watch as the scheduler's Service informer is. The default
/// spreading selector (plugins/helper/spread.go DefaultSelector via GetPodServices) then looks only at the
/// services filed under one of the pod's own labels instead of matching every Service of the namespace in
/// every scheduling cycle. A service whose selector is null selects nothing, and one whose selector is empty
/// selects every pod but adds no label to the merged selector: neither is filed.
/// </summary>
internal sealed class ServiceSelectorIndex : IStoreWatcher
{
    private readonly Dictionary<(string Namespace, string Key, string Value), List<Service>> _byPair = [];
    private readonly Dictionary<Service, (string Namespace, string Key, string Value)> _filed = new(ReferenceEqualityComparer.Instance);

    public ServiceSelectorIndex(ObjectStore store)
    {
        foreach (var svc in store.List<Service>())
        {
            File(svc);
        }

        store.Watch("Service", this);
    }

    public void OnChange(WatchEventType type, KubeObject obj)
    {
        if (obj is not Service svc)
        {
            return;
        }

        Unfile(svc);
        if (type != WatchEventType.Deleted)
        {
            File(svc);
        }
    }

    /// <summary>
    /// Adds the selector of every service in <paramref name="ns"/> that selects <paramref name="podLabels"/> to
    /// <paramref name="labelSet"/>. The services visited depend on the pod's labels only; the merged set does not
    /// depend on their order, as every service that selects the pod maps each of its keys to the pod's value.
    /// </summary>
    public void MergeSelecting(string ns, IReadOnlyDictionary<string, string> podLabels, SortedDictionary<string, string> labelSet)
    {
        if (_byPair.Count == 0)
        {
            return;
        }

        foreach (var (key, value) in podLabels)
        {
            if (_byPair.TryGetValue((ns, key, value), out var filed))
            {
                foreach (var svc in filed)
                {
                    Merge(svc.Spec.Selector!, podLabels, labelSet);
                }
            }
        }
    }

    private static void Merge(SortedDictionary<string, string> selector, IReadOnlyDictionary<string, string> podLabels, SortedDictionary<string, string> labelSet)
    {
        foreach (var (k, v) in selector)
        {
            if (!podLabels.TryGetValue(k, out var actual) || actual != v)
            {
                return;
            }
        }

        foreach (var (k, v) in selector)
        {
            labelSet[k] = v;
        }
    }

    private void File(Service svc)
    {
        var selector = svc.Spec.Selector;
        if (selector is null)
        {
            return;
        }

        var ns = svc.Metadata.Namespace;
        foreach (var (key, value) in selector)
        {
            var pair = (ns, key, value);
            if (!_byPair.TryGetValue(pair, out var list))
            {
                _byPair[pair] = list = [];
            }

            list.Add(svc);
            _filed[svc] = pair;
            return;
        }
    }

    private void Unfile(Service svc)
    {
        if (!_filed.Remove(svc, out var pair))
        {
            return;
        }

        if (_byPair.TryGetValue(pair, out var list) && list.Remove(svc) && list.Count == 0)
        {
            _byPair.Remove(pair);
        }
    }
}
