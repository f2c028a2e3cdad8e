using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.PrefixWriter;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>describeService, with the endpoints column taken from EndpointSlices, and describeEndpoints.</summary>
public static partial class DescribePrinter
{
    private static void DescribeService(ClusterView view, Service svc, PrefixWriter w)
    {
        var spec = svc.Spec;
        bool externalName = spec.Type == "ExternalName";
        w.Write(Level0, $"Name:\t{svc.Metadata.Name}\n");
        w.Write(Level0, $"Namespace:\t{svc.Metadata.Namespace}\n");
        PrintLabelsMultiline(w, "Labels", svc.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", svc.Metadata.Annotations);
        w.Write(Level0, $"Selector:\t{KubectlFormat.FormatLabels(spec.Selector)}\n");
        w.Write(Level0, $"Type:\t{spec.Type}\n");

        // The API server defaults single-stack IPv4 and the Cluster traffic policies; they are not stored.
        if (!externalName)
        {
            w.Write(Level0, "IP Family Policy:\tSingleStack\n");
            w.Write(Level0, "IP Families:\tIPv4\n");
        }
        else
        {
            w.Write(Level0, "IP Families:\t<none>\n");
        }

        w.Write(Level0, $"IP:\t{spec.ClusterIP}\n");
        w.Write(Level0, spec.ClusterIP.Length > 0 ? $"IPs:\t{spec.ClusterIP}\n" : "IPs:\t<none>\n");
        if (spec.ExternalIPs.Count > 0)
        {
            w.Write(Level0, $"External IPs:\t{string.Join(",", spec.ExternalIPs)}\n");
        }

        if (!string.IsNullOrEmpty(spec.ExternalName))
        {
            w.Write(Level0, $"External Name:\t{spec.ExternalName}\n");
        }

        var slices = EndpointSlices(view.Store.Get<Endpoints>(svc.Metadata.Namespace, svc.Metadata.Name));
        foreach (var port in spec.Ports)
        {
            var name = string.IsNullOrEmpty(port.Name) ? "<unset>" : port.Name;
            w.Write(Level0, $"Port:\t{name}\t{KubectlFormat.Int(port.Port)}/{port.Protocol}\n");
            w.Write(Level0, port.TargetPort.IsString
                ? $"TargetPort:\t{port.TargetPort.StringValue}/{port.Protocol}\n"
                : $"TargetPort:\t{KubectlFormat.Int(port.TargetPort.IntValue)}/{port.Protocol}\n");
            if (port.NodePort != 0)
            {
                w.Write(Level0, $"NodePort:\t{name}\t{KubectlFormat.Int(port.NodePort)}/{port.Protocol}\n");
            }

            w.Write(Level0, $"Endpoints:\t{FormatEndpointSlices(slices, port.Name ?? "")}\n");
        }

        w.Write(Level0, $"Session Affinity:\t{spec.SessionAffinity}\n");
        if (spec.Type is "NodePort" or "LoadBalancer")
        {
            w.Write(Level0, "External Traffic Policy:\tCluster\n");
        }

        if (!externalName)
        {
            w.Write(Level0, "Internal Traffic Policy:\tCluster\n");
        }

        DescribeEvents(view, view.Events.For(svc.Metadata.Uid), w);
    }

    private sealed record EndpointSlice(List<(string Name, int Port)> Ports, List<(string Address, bool Ready)> Endpoints);

    /// <summary>
    /// The EndpointSlices kube-controller-manager would derive from a service's Endpoints: one per subset
    /// (ready and not-ready addresses), a single empty one when there are no subsets, none without Endpoints.
    /// </summary>
    private static List<EndpointSlice> EndpointSlices(Endpoints? endpoints)
    {
        if (endpoints is null)
        {
            return [];
        }

        if (endpoints.Subsets.Count == 0)
        {
            return [new EndpointSlice([], [])];
        }

        return endpoints.Subsets.Select(s => new EndpointSlice(
            s.Ports.Select(p => (p.Name ?? "", p.Port)).ToList(),
            s.Addresses.Select(a => (a.Ip, true)).Concat(s.NotReadyAddresses.Select(a => (a.Ip, false))).ToList())).ToList();
    }

    /// <summary>formatEndpointSlices, quirks included (an unready endpoint past the third can still add "+ 0 more...").</summary>
    private static string FormatEndpointSlices(List<EndpointSlice> slices, string portName)
    {
        if (slices.Count == 0)
        {
            return "<none>";
        }

        const int max = 3;
        var list = new List<string>();
        bool more = false;
        int count = 0;
        foreach (var slice in slices)
        {
            if (slice.Ports.Count == 0)
            {
                foreach (var (address, ready) in slice.Endpoints)
                {
                    if (list.Count == max)
                    {
                        more = true;
                    }

                    if (!ready)
                    {
                        continue;
                    }

                    if (!more)
                    {
                        list.Add(address);
                    }

                    count++;
                }

                continue;
            }

            foreach (var (name, port) in slice.Ports)
            {
                if (name != portName)
                {
                    continue;
                }

                foreach (var (address, ready) in slice.Endpoints)
                {
                    if (list.Count == max)
                    {
                        more = true;
                    }

                    if (!ready)
                    {
                        continue;
                    }

                    if (!more)
                    {
                        list.Add(GetPrinter.JoinHostPort(address, port));
                    }

                    count++;
                }
            }
        }

        var joined = string.Join(",", list);
        return more ? $"{joined} + {KubectlFormat.Int(count - max)} more..." : joined;
    }

    private static void DescribeEndpoints(ClusterView view, Endpoints ep, PrefixWriter w)
    {
        w.Write(Level0, $"Name:\t{ep.Metadata.Name}\n");
        w.Write(Level0, $"Namespace:\t{ep.Metadata.Namespace}\n");
        PrintLabelsMultiline(w, "Labels", ep.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", ep.Metadata.Annotations);
        w.Write(Level0, "Subsets:\n");
        foreach (var subset in ep.Subsets)
        {
            var addresses = string.Join(",", subset.Addresses.Select(a => a.Ip));
            w.Write(Level1, $"Addresses:\t{OrNone(addresses)}\n");
            var notReady = string.Join(",", subset.NotReadyAddresses.Select(a => a.Ip));
            w.Write(Level1, $"NotReadyAddresses:\t{OrNone(notReady)}\n");
            if (subset.Ports.Count > 0)
            {
                w.Write(Level1, "Ports:\n");
                w.Write(Level2, "Name\tPort\tProtocol\n");
                w.Write(Level2, "----\t----\t--------\n");
                foreach (var port in subset.Ports)
                {
                    w.Write(Level2, $"{(string.IsNullOrEmpty(port.Name) ? "<unset>" : port.Name)}\t{KubectlFormat.Int(port.Port)}\t{port.Protocol}\n");
                }
            }

            w.Write(Level0, "\n");
        }

        DescribeEvents(view, view.Events.For(ep.Metadata.Uid), w);
    }
}
