using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.PrefixWriter;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>describeNode, with its Non-terminated Pods and Allocated resources tables.</summary>
public static partial class DescribePrinter
{
    private static void DescribeNode(ClusterView view, Node node, PrefixWriter w)
    {
        w.Write(Level0, $"Name:\t{node.Metadata.Name}\n");
        var roles = KubectlFormat.NodeRoles(node);
        w.Write(Level0, $"Roles:\t{(roles.Count > 0 ? string.Join(",", roles) : "<none>")}\n");
        PrintLabelsMultiline(w, "Labels", node.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", node.Metadata.Annotations);
        w.Write(Level0, $"CreationTimestamp:\t{KubectlFormat.Rfc1123Z(view, node.Metadata.CreationTimestamp)}\n");
        PrintTaintsMultiline(w, "Taints", node.Spec.Taints);
        w.Write(Level0, $"Unschedulable:\t{(node.Spec.Unschedulable ? "true" : "false")}\n");

        // describe.go describeNode: the node's Lease in kube-node-lease, renewed by its kubelet.
        if (view.Store.Get<Lease>("kube-node-lease", node.Metadata.Name) is { } lease)
        {
            w.Write(Level0, "Lease:\n");
            w.Write(Level1, $"HolderIdentity:\t{(lease.HolderIdentity.Length > 0 ? lease.HolderIdentity : "<unset>")}\n");
            w.Write(Level1, $"AcquireTime:\t{(lease.AcquireTime is { } a ? KubectlFormat.Rfc1123Z(view, a) : "<unset>")}\n");
            w.Write(Level1, $"RenewTime:\t{(lease.RenewTime is { } r ? KubectlFormat.Rfc1123Z(view, r) : "<unset>")}\n");
        }
        else
        {
            w.Write(Level0, $"Lease:\tFailed to get lease: leases.coordination.k8s.io \"{node.Metadata.Name}\" not found\n");
        }

        if (node.Status.Conditions.Count > 0)
        {
            w.Write(Level0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
            w.Write(Level1, "----\t------\t-----------------\t------------------\t------\t-------\n");
            foreach (var c in node.Status.Conditions)
            {
                w.Write(Level1, $"{c.Type} \t{c.Status} \t{KubectlFormat.Rfc1123Z(view, c.LastHeartbeatTime)} \t{KubectlFormat.Rfc1123Z(view, c.LastTransitionTime)} \t{c.Reason} \t{c.Message}\n");
            }
        }

        w.Write(Level0, "Addresses:\n");
        foreach (var address in node.Status.Addresses)
        {
            w.Write(Level1, $"{address.Type}:\t{address.Address}\n");
        }

        if (node.Status.Capacity.Count > 0)
        {
            w.Write(Level0, "Capacity:\n");
            foreach (var (name, q) in node.Status.Capacity)
            {
                w.Write(Level0, $"  {name}:\t{ResourceMath.Format(q)}\n");
            }
        }

        if (node.Status.Allocatable.Count > 0)
        {
            w.Write(Level0, "Allocatable:\n");
            foreach (var (name, q) in node.Status.Allocatable)
            {
                w.Write(Level0, $"  {name}:\t{ResourceMath.Format(q)}\n");
            }
        }

        var info = node.Status.NodeInfo;
        w.Write(Level0, "System Info:\n");
        w.Write(Level0, $"  Machine ID:\t{info.MachineId}\n");
        w.Write(Level0, $"  System UUID:\t{info.SystemUuid}\n");
        w.Write(Level0, $"  Boot ID:\t{info.BootId}\n");
        w.Write(Level0, $"  Kernel Version:\t{info.KernelVersion}\n");
        w.Write(Level0, $"  OS Image:\t{info.OsImage}\n");
        w.Write(Level0, $"  Operating System:\t{info.OperatingSystem}\n");
        w.Write(Level0, $"  Architecture:\t{info.Architecture}\n");
        w.Write(Level0, $"  Container Runtime Version:\t{info.ContainerRuntimeVersion}\n");
        w.Write(Level0, $"  Kubelet Version:\t{info.KubeletVersion}\n");
        w.Write(Level0, $"  Kube-Proxy Version:\t{info.KubeProxyVersion}\n");
        if (node.Spec.PodCidr.Length > 0)
        {
            w.Write(Level0, $"PodCIDR:\t{node.Spec.PodCidr}\n");
            w.Write(Level0, $"PodCIDRs:\t{node.Spec.PodCidr}\n");
        }

        if (!string.IsNullOrEmpty(node.Spec.ProviderId))
        {
            w.Write(Level0, $"ProviderID:\t{node.Spec.ProviderId}\n");
        }

        DescribeNodeResource(view, node, w);
        var events = view.Events.For(node.Metadata.Uid);
        if (node.Metadata.Name != node.Metadata.Uid)
        {
            // The kubelet's events carry the node name as uid; describe merges both queries.
            events = events.Concat(view.Events.For(node.Metadata.Name)).ToList();
        }

        DescribeEvents(view, events, w);
    }

    private static void DescribeNodeResource(ClusterView view, Node node, PrefixWriter w)
    {
        var pods = view.Store.PodsOnNode(node.Metadata.Name).Where(p => p.Status.Phase is not ("Succeeded" or "Failed")).ToList();
        w.Write(Level0, $"Non-terminated Pods:\t({KubectlFormat.Int(pods.Count)} in total)\n");
        w.Write(Level1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
        w.Write(Level1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
        var allocatable = node.Status.Allocatable.Count > 0 ? node.Status.Allocatable : node.Status.Capacity;
        long allocCpu = allocatable.Get(ResourceNames.Cpu).MilliValue();
        long allocMemory = allocatable.Get(ResourceNames.Memory).Value();
        foreach (var pod in pods)
        {
            var (req, limit) = ResourceMath.PodRequestsAndLimits(pod);
            var cpuReq = req.Get(ResourceNames.Cpu);
            var cpuLimit = limit.Get(ResourceNames.Cpu);
            var memReq = req.Get(ResourceNames.Memory);
            var memLimit = limit.Get(ResourceNames.Memory);
            w.Write(Level1, $"{pod.Metadata.Namespace}\t{pod.Metadata.Name}\t\t"
                + $"{ResourceMath.Format(cpuReq)} ({Pct(cpuReq.MilliValue(), allocCpu)}%)\t{ResourceMath.Format(cpuLimit)} ({Pct(cpuLimit.MilliValue(), allocCpu)}%)\t"
                + $"{ResourceMath.Format(memReq)} ({Pct(memReq.Value(), allocMemory)}%)\t{ResourceMath.Format(memLimit)} ({Pct(memLimit.Value(), allocMemory)}%)\t"
                + $"{KubectlFormat.Age(view, pod.Metadata.CreationTimestamp)}\n");
        }

        w.Write(Level0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
        w.Write(Level1, "Resource\tRequests\tLimits\n");
        w.Write(Level1, "--------\t--------\t------\n");
        var requests = ResourceNames.NewList();
        var limits = ResourceNames.NewList();
        foreach (var pod in pods)
        {
            var (req, limit) = ResourceMath.PodRequestsAndLimits(pod);
            ResourceMath.AddInto(requests, req);
            ResourceMath.AddInto(limits, limit);
        }

        // Unlike the per-pod rows, the totals guard against a zero allocatable.
        string Total(string resource, bool milli)
        {
            var r = requests.Get(resource);
            var l = limits.Get(resource);
            long whole = milli ? allocatable.Get(resource).MilliValue() : allocatable.Get(resource).Value();
            long rp = whole == 0 ? 0 : ResourceMath.Percent(milli ? r.MilliValue() : r.Value(), whole);
            long lp = whole == 0 ? 0 : ResourceMath.Percent(milli ? l.MilliValue() : l.Value(), whole);
            return $"{resource}\t{ResourceMath.Format(r)} ({KubectlFormat.Int(rp)}%)\t{ResourceMath.Format(l)} ({KubectlFormat.Int(lp)}%)\n";
        }

        w.Write(Level1, Total(ResourceNames.Cpu, milli: true));
        w.Write(Level1, Total(ResourceNames.Memory, milli: false));
        w.Write(Level1, Total(ResourceNames.EphemeralStorage, milli: false));
        foreach (var name in allocatable.Keys.Where(k => k.StartsWith("hugepages-", StringComparison.Ordinal)))
        {
            w.Write(Level1, Total(name, milli: false));
        }

        foreach (var name in allocatable.Keys.Where(k => k is not (ResourceNames.Cpu or ResourceNames.Memory or ResourceNames.EphemeralStorage or ResourceNames.Pods)
                     && !k.StartsWith("hugepages-", StringComparison.Ordinal)))
        {
            w.Write(Level1, $"{name}\t{ResourceMath.Format(requests.Get(name))}\t{ResourceMath.Format(limits.Get(name))}\n");
        }

        static string Pct(long part, long whole) => KubectlFormat.Int(ResourceMath.Percent(part, whole));
    }

    private static void PrintTaintsMultiline(PrefixWriter w, string title, List<Taint> taints)
    {
        w.Write(Level0, $"{title}:\t");
        if (taints.Count == 0)
        {
            w.WriteLine("<none>");
            return;
        }

        int i = 0;
        foreach (var taint in taints.OrderBy(t => t.Effect + "," + t.Key, StringComparer.Ordinal))
        {
            if (i++ != 0)
            {
                w.Write(Level0, "\t");
            }

            w.Write(Level0, taint + "\n");
        }
    }
}
