using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.ServiceEndpoints;

/// <summary>
/// The endpoints controller (pkg/controller/endpoint/endpoints_controller.go): for each Service with a
/// selector, an Endpoints object of the same name listing the IP and target port of each matching pod
/// that has an IP and is not being deleted, ready pods under addresses and the rest under
/// notReadyAddresses, grouped into subsets by port set (RepackSubsets). Keys are "namespace/name".
/// </summary>
public sealed class EndpointsController : IStoreWatcher
{
    private readonly SelectorCache<Service> _selectors = SelectorCache.ForServices();
    private readonly ApiServer _api;
    private readonly WorkQueue _queue;

    public EndpointsController(Kernel kernel, ApiServer api, TimeSpan resyncPeriod)
    {
        _api = api;
        _queue = new WorkQueue(kernel, Reconcile);
        api.Store.Watch("Service", this);
        api.Store.Watch("Pod", this);
        _ = new PeriodicResync(kernel, resyncPeriod, () =>
        {
            foreach (var svc in api.Store.List("Service"))
            {
                _queue.Add(svc.Key);
            }
        });
    }

    /// <summary>A Service change enqueues it; a pod change enqueues every Service in its namespace that selects it (getPodServiceMemberships).</summary>
    public void OnChange(WatchEventType type, KubeObject obj)
    {
        if (obj is Service svc)
        {
            _queue.Add(svc.Key);
            return;
        }

        if (obj is Pod pod)
        {
            foreach (Service s in _api.Store.List("Service", pod.Metadata.Namespace))
            {
                if (_selectors.Of(s) is { } selector && selector.Matches(pod.Metadata.Labels))
                {
                    _queue.Add(s.Key);
                }
            }
        }
    }

    /// <summary>endpoints_controller.go syncService.</summary>
    public void Reconcile(string key)
    {
        var store = _api.Store;
        var existing = store.Get("Endpoints", key) as Endpoints;
        if (store.Get("Service", key) is not Service svc)
        {
            if (existing is not null)
            {
                _api.Delete(existing);
            }

            return;
        }

        if (svc.Spec.Selector is not { Count: > 0 } selectorMap)
        {
            // A Service without a selector has endpoints managed by the user.
            return;
        }

        var selector = Selector.FromMap(selectorMap);
        var subsets = new Dictionary<string, EndpointSubset>(StringComparer.Ordinal);
        var order = new List<string>();
        // endpoints_controller.go syncService: podLister.Pods(service.Namespace).List(selector), from the label index
        // (the same pods in the same key order as a pass over the namespace, without visiting the others).
        foreach (Pod pod in store.PodsMatching(svc.Metadata.Namespace, selector))
        {
            if (!selector.Matches(pod.Metadata.Labels) || !ShouldPodBeInEndpoints(pod))
            {
                continue;
            }

            var ports = new List<EndpointPort>();
            foreach (var sp in svc.Spec.Ports)
            {
                int? port = FindPort(pod, sp);
                if (port is not null)
                {
                    ports.Add(new EndpointPort(sp.Name, port.Value, sp.Protocol));
                }
            }

            if (ports.Count == 0)
            {
                continue;
            }

            var portKey = string.Join(",", ports.Select(p => p.Name + ":" + p.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + p.Protocol));
            if (!subsets.TryGetValue(portKey, out var subset))
            {
                subsets[portKey] = subset = new EndpointSubset { Ports = ports };
                order.Add(portKey);
            }

            var address = new EndpointAddress(pod.Status.PodIP, pod.Spec.NodeName, pod.Metadata.Name);
            (PodUtil.IsReady(pod) ? subset.Addresses : subset.NotReadyAddresses).Add(address);
        }

        // endpoints.RepackSubsets sorts addresses by IP and subsets by their first address.
        var newSubsets = order.Select(k => subsets[k]).ToList();
        foreach (var s in newSubsets)
        {
            s.Addresses.Sort((a, b) => CompareIp(a.Ip, b.Ip));
            s.NotReadyAddresses.Sort((a, b) => CompareIp(a.Ip, b.Ip));
        }

        if (existing is null)
        {
            _api.Create(new Endpoints
            {
                Metadata = { Name = svc.Metadata.Name, Namespace = svc.Metadata.Namespace, Labels = new SortedDictionary<string, string>(svc.Metadata.Labels, StringComparer.Ordinal) },
                Subsets = newSubsets,
            });
            return;
        }

        if (!SameSubsets(existing.Subsets, newSubsets))
        {
            existing.Subsets = newSubsets;
            _api.Update(existing);
        }
    }

    /// <summary>endpointutil.ShouldPodBeInEndpoints: has an IP, not terminal, not being deleted.</summary>
    private static bool ShouldPodBeInEndpoints(Pod pod) =>
        pod.Status.PodIP.Length > 0 && !PodUtil.IsTerminal(pod) && pod.Metadata.DeletionTimestamp is null;

    /// <summary>podutil.FindPort: a numeric targetPort is used as is; a name is looked up among the containers' ports.</summary>
    private static int? FindPort(Pod pod, ServicePort sp)
    {
        if (!sp.TargetPort.IsString)
        {
            return sp.TargetPort.IntValue;
        }

        foreach (var c in pod.Spec.Containers)
        {
            foreach (var p in c.Ports)
            {
                if (p.Name == sp.TargetPort.StringValue && p.Protocol == sp.Protocol)
                {
                    return p.Port;
                }
            }
        }

        return null;
    }

    private static int CompareIp(string a, string b)
    {
        var pa = a.Split('.');
        var pb = b.Split('.');
        for (int i = 0; i < Math.Min(pa.Length, pb.Length); i++)
        {
            int c = int.Parse(pa[i], System.Globalization.CultureInfo.InvariantCulture).CompareTo(int.Parse(pb[i], System.Globalization.CultureInfo.InvariantCulture));
            if (c != 0)
            {
                return c;
            }
        }

        return string.CompareOrdinal(a, b);
    }

    private static bool SameSubsets(List<EndpointSubset> a, List<EndpointSubset> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (!a[i].Addresses.SequenceEqual(b[i].Addresses) || !a[i].NotReadyAddresses.SequenceEqual(b[i].NotReadyAddresses) || !a[i].Ports.SequenceEqual(b[i].Ports))
            {
                return false;
            }
        }

        return true;
    }
}
