using System.Globalization;
using System.Text;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// kubectl get: the server-side tables of pkg/printers/internalversion (printPod, printReplicationController,
/// printReplicaSet, printDeployment, printService, printEndpoints, printNode, printNamespace, printEvent,
/// printHorizontalPodAutoscaler, printPodDisruptionBudget, printConfigMap, printPriorityClass, and the kept kinds' in GetPrinter.Kept.cs) decorated and laid
/// out as kubectl's get command does, or -o yaml.
/// <para>
/// Each requested kind is one table, in request order, rows in the API server's list order (namespace,
/// then name). Tables are separated by a blank line; a table without rows prints nothing. When the
/// result spans more than one kind, names are prefixed "kind/" ("replicaset.apps/" outside the core
/// group). -A adds a NAMESPACE column to namespaced kinds; -o wide adds the priority-1 columns. What
/// kubectl writes to stderr ("No resources found ...", "Error from server (NotFound): ...") is appended
/// after the tables, as a terminal shows it.
/// </para>
/// </summary>
public static partial class GetPrinter
{
    /// <summary>The kinds this printer serves.</summary>
    public static readonly IReadOnlyList<string> SupportedKinds =
        ["Pod", "ReplicationController", "ReplicaSet", "Deployment", "Service", "Endpoints", "Node", "Namespace", "Event", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ConfigMap", "PriorityClass"];

    /// <summary>Runs `kubectl get` against <paramref name="view"/>.</summary>
    /// <param name="kinds">Canonical kind names, in the order given on the command line.</param>
    /// <param name="name">An object name, or null for a list.</param>
    /// <param name="ns">The namespace; null is "default". Ignored for cluster-scoped kinds.</param>
    /// <param name="allNamespaces">-A.</param>
    /// <param name="output">"" (table), "wide" or "yaml".</param>
    /// <param name="labelSelector">-l, or null.</param>
    public static string Get(ClusterView view, IReadOnlyList<string> kinds, string? name, string? ns, bool allNamespaces, string output, string? labelSelector)
    {
        if (output is not ("" or "wide" or "yaml"))
        {
            throw new ArgumentException($"unsupported output format \"{output}\"", nameof(output));
        }

        if (kinds.Count == 0)
        {
            throw new ArgumentException("at least one kind is required", nameof(kinds));
        }

        foreach (var kind in kinds)
        {
            if (!SupportedKinds.Contains(kind, StringComparer.Ordinal) && KeptColumns(kind) is null)
            {
                throw new ArgumentException($"kubectl get is not implemented for kind \"{kind}\"", nameof(kinds));
            }
        }

        if (name is not null && !string.IsNullOrEmpty(labelSelector))
        {
            return "error: name cannot be provided when a selector is specified\n";
        }

        if (name is not null && allNamespaces)
        {
            return "error: a resource cannot be retrieved by name across all namespaces\n";
        }

        var namespaceName = ns ?? "default";
        var selector = string.IsNullOrEmpty(labelSelector) ? Selector.Everything : Selector.Parse(labelSelector);
        var infos = new List<(ApiResource Resource, List<Item> Items)>();
        var errors = new List<string>();
        foreach (var kind in kinds)
        {
            var resource = view.Store.Resource(kind) ?? throw new ArgumentException($"the server doesn't have a resource type \"{ApiResources.CustomResource("", kind).Resource}\"", nameof(kinds));
            var items = List(view, resource, allNamespaces ? null : namespaceName)
                .Where(i => selector.Matches(i.Labels))
                .ToList();
            if (name is null)
            {
                infos.Add((resource, items));
                continue;
            }

            var found = items.Find(i => i.Name == name);
            if (found is null)
            {
                errors.Add(KubectlFormat.NotFound(resource, name));
            }
            else
            {
                infos.Add((resource, [found]));
            }
        }

        var sb = new StringBuilder();
        if (output == "yaml")
        {
            WriteYaml(view, sb, infos, singleItemImplied: name is not null && kinds.Count == 1);
        }
        else
        {
            bool withKind = infos.Select(i => i.Resource.Kind).Distinct(StringComparer.Ordinal).Count() > 1;
            foreach (var (resource, items) in infos)
            {
                var table = RenderTable(view, resource, items, output == "wide", allNamespaces && resource.Namespaced, withKind);
                if (table.Length == 0)
                {
                    continue;
                }

                if (sb.Length > 0)
                {
                    sb.Append('\n');
                }

                sb.Append(table);
            }

            if (sb.Length == 0 && errors.Count == 0)
            {
                bool allNamespaced = !allNamespaces && infos.All(i => i.Resource.Namespaced);
                sb.Append(allNamespaced ? $"No resources found in {namespaceName} namespace.\n" : "No resources found\n");
            }
        }

        foreach (var error in errors)
        {
            sb.Append(error).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>One listed object: a stored object or an event, with what listing and filtering need.</summary>
    private sealed record Item(string Namespace, string Name, IReadOnlyDictionary<string, string> Labels, KubeObject? Object, KubeEvent? Event);

    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>(StringComparer.Ordinal);

    private static IEnumerable<Item> List(ClusterView view, ApiResource resource, string? ns)
    {
        if (resource.Kind == "Event")
        {
            return view.Events.Events
                .Select(e => new Item(EventNamespace(e), EventName(view, e), NoLabels, null, e))
                .Where(i => ns is null || i.Namespace == ns)
                .OrderBy(i => i.Namespace, StringComparer.Ordinal)
                .ThenBy(i => i.Name, StringComparer.Ordinal);
        }

        return view.Store.List(resource.Kind, resource.Namespaced ? ns : null)
            .Select(o => new Item(o.Metadata.Namespace, o.Metadata.Name, o.Metadata.Labels, o, null));
    }

    /// <summary>Events about cluster-scoped objects (nodes) are recorded in "default", as client-go's recorder does.</summary>
    internal static string EventNamespace(KubeEvent e) => e.InvolvedNamespace.Length == 0 ? "default" : e.InvolvedNamespace;

    /// <summary>client-go's event name: the object's name, ".", and the first occurrence in Unix nanoseconds, hexadecimal.</summary>
    internal static string EventName(ClusterView view, KubeEvent e)
    {
        long unixNanos = (view.Epoch.UtcTicks - DateTime.UnixEpoch.Ticks + e.FirstTimestamp.Ticks) * 100;
        return e.InvolvedName + "." + unixNanos.ToString("x", CultureInfo.InvariantCulture);
    }

    private sealed record Column(string Name, bool Wide = false);

    private static string RenderTable(ClusterView view, ApiResource resource, List<Item> items, bool wide, bool withNamespace, bool withKind)
    {
        var (columns, nameColumn) = Columns(resource.Kind);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var item in items)
        {
            var cells = Cells(view, item);
            if (withKind)
            {
                cells[nameColumn] = KubectlFormat.KindPrefix(resource) + "/" + cells[nameColumn];
            }

            var visible = cells.Where((_, i) => wide || !columns[i].Wide).ToList();
            if (withNamespace)
            {
                visible.Insert(0, item.Namespace);
            }

            rows.Add(visible);
        }

        var headers = columns.Where(c => wide || !c.Wide).Select(c => c.Name).ToList();
        if (withNamespace)
        {
            headers.Insert(0, "Namespace");
        }

        return TablePrinter.Render(headers, rows);
    }

    /// <summary>The column definitions of printers.go's AddHandlers, and the index of the "name" column.</summary>
    private static (List<Column> Columns, int NameColumn) Columns(string kind) => kind switch
    {
        "Pod" => ([new("Name"), new("Ready"), new("Status"), new("Restarts"), new("Age"), new("IP", true), new("Node", true), new("Nominated Node", true), new("Readiness Gates", true)], 0),
        "ReplicationController" or "ReplicaSet" => ([new("Name"), new("Desired"), new("Current"), new("Ready"), new("Age"), new("Containers", true), new("Images", true), new("Selector", true)], 0),
        "Deployment" => ([new("Name"), new("Ready"), new("Up-to-date"), new("Available"), new("Age"), new("Containers", true), new("Images", true), new("Selector", true)], 0),
        "Service" => ([new("Name"), new("Type"), new("Cluster-IP"), new("External-IP"), new("Port(s)"), new("Age"), new("Selector", true)], 0),
        "Endpoints" => ([new("Name"), new("Endpoints"), new("Age")], 0),
        "Node" => ([new("Name"), new("Status"), new("Roles"), new("Age"), new("Version"), new("Internal-IP", true), new("External-IP", true), new("OS-Image", true), new("Kernel-Version", true), new("Container-Runtime", true)], 0),
        "Namespace" => ([new("Name"), new("Status"), new("Age")], 0),
        "HorizontalPodAutoscaler" => ([new("Name"), new("Reference"), new("Targets"), new("MinPods"), new("MaxPods"), new("Replicas"), new("Age")], 0),
        "PodDisruptionBudget" => ([new("Name"), new("Min Available"), new("Max Unavailable"), new("Allowed Disruptions"), new("Age")], 0),
        "ConfigMap" => ([new("Name"), new("Data"), new("Age")], 0),
        "PriorityClass" => ([new("Name"), new("Value"), new("Global-Default"), new("Age"), new("PreemptionPolicy")], 0),
        "Event" => ([new("Last Seen"), new("Type"), new("Reason"), new("Object"), new("Subobject", true), new("Source", true), new("Message"), new("First Seen", true), new("Count", true), new("Name", true)], 9),
        _ => KeptColumns(kind) ?? throw new ArgumentException("no table for kind " + kind, nameof(kind)),
    };

    /// <summary>Every cell of a row, wide ones included (they are dropped unless -o wide).</summary>
    private static List<string> Cells(ClusterView view, Item item)
    {
        if (item.Event is { } e)
        {
            return EventCells(view, e, item.Name);
        }

        return item.Object switch
        {
            Pod pod => PodCells(view, pod),
            ReplicatedSet set => ReplicatedSetCells(view, set),
            Deployment d => DeploymentCells(view, d),
            Service svc => ServiceCells(view, svc),
            Endpoints ep => [ep.Metadata.Name, FormatEndpoints(ep), KubectlFormat.Age(view, ep.Metadata.CreationTimestamp)],
            Node node => NodeCells(view, node),
            Namespace ns => [ns.Metadata.Name, ns.Phase, KubectlFormat.Age(view, ns.Metadata.CreationTimestamp)],
            HorizontalPodAutoscaler hpa => HorizontalPodAutoscalerCells(view, hpa),
            PodDisruptionBudget pdb => PodDisruptionBudgetCells(view, pdb),
            ConfigMap cm => ConfigMapCells(view, cm),
            PriorityClass pc => PriorityClassCells(view, pc),
            KeptObject kept => KeptCells(view, kept),
            _ => throw new InvalidOperationException("unexpected object " + item.Object),
        };
    }

    private static List<string> PodCells(ClusterView view, Pod pod)
    {
        var (ready, status, restarts) = PodSummary.Compute(view, pod, []);
        return
        [
            pod.Metadata.Name, ready, status, restarts, KubectlFormat.Age(view, pod.Metadata.CreationTimestamp),
            OrNone(pod.Status.PodIP), OrNone(pod.Spec.NodeName), OrNone(pod.Status.NominatedNodeName), "<none>",
        ];
    }

    private static List<string> ReplicatedSetCells(ClusterView view, ReplicatedSet set)
    {
        var (names, images) = KubectlFormat.ContainerCells(set.Template.Spec.Containers);
        var selector = set switch
        {
            ReplicationController rc => KubectlFormat.FormatLabels(rc.Selector),
            ReplicaSet rs => KubectlFormat.FormatLabelSelector(rs.Selector),
            _ => "",
        };
        return
        [
            set.Metadata.Name, KubectlFormat.Int(set.Replicas), KubectlFormat.Int(set.Status.Replicas), KubectlFormat.Int(set.Status.ReadyReplicas),
            KubectlFormat.Age(view, set.Metadata.CreationTimestamp), names, images, selector,
        ];
    }

    /// <summary>printDeployment: READY is readyReplicas/spec.replicas; the selector is the label selector's string form.</summary>
    private static List<string> DeploymentCells(ClusterView view, Deployment d)
    {
        var (names, images) = KubectlFormat.ContainerCells(d.Template.Spec.Containers);
        return
        [
            d.Metadata.Name, $"{KubectlFormat.Int(d.Status.ReadyReplicas)}/{KubectlFormat.Int(d.Replicas)}", KubectlFormat.Int(d.Status.UpdatedReplicas),
            KubectlFormat.Int(d.Status.AvailableReplicas), KubectlFormat.Age(view, d.Metadata.CreationTimestamp), names, images,
            Selector.FromLabelSelector(d.Selector).ToString(),
        ];
    }

    private static List<string> ServiceCells(ClusterView view, Service svc)
    {
        var ports = string.Join(",", svc.Spec.Ports.Select(p => p.NodePort > 0
            ? $"{KubectlFormat.Int(p.Port)}:{KubectlFormat.Int(p.NodePort)}/{p.Protocol}"
            : $"{KubectlFormat.Int(p.Port)}/{p.Protocol}"));
        return
        [
            svc.Metadata.Name, svc.Spec.Type, OrNone(svc.Spec.ClusterIP), ExternalIp(svc), ports.Length == 0 ? "<none>" : ports,
            KubectlFormat.Age(view, svc.Metadata.CreationTimestamp), KubectlFormat.FormatLabels(svc.Spec.Selector),
        ];
    }

    /// <summary>getServiceExternalIP. The simulator has no load-balancer status, so a LoadBalancer service stays &lt;pending&gt;.</summary>
    private static string ExternalIp(Service svc)
    {
        var external = string.Join(",", svc.Spec.ExternalIPs);
        return svc.Spec.Type switch
        {
            "ClusterIP" or "NodePort" => external.Length > 0 ? external : "<none>",
            "LoadBalancer" => external.Length > 0 ? external : "<pending>",
            "ExternalName" => svc.Spec.ExternalName ?? "",
            _ => "<unknown>",
        };
    }

    /// <summary>formatEndpoints: up to three "ip:port" (or bare ip for port-less subsets), then "+ N more...".</summary>
    internal static string FormatEndpoints(Endpoints endpoints)
    {
        if (endpoints.Subsets.Count == 0)
        {
            return "<none>";
        }

        const int max = 3;
        var list = new List<string>();
        bool more = false;
        int count = 0;
        foreach (var subset in endpoints.Subsets)
        {
            if (subset.Ports.Count == 0)
            {
                count += subset.Addresses.Count;
                foreach (var address in subset.Addresses)
                {
                    if (list.Count == max)
                    {
                        more = true;
                        break;
                    }

                    list.Add(address.Ip);
                }

                continue;
            }

            foreach (var port in subset.Ports)
            {
                count += subset.Addresses.Count;
                foreach (var address in subset.Addresses)
                {
                    if (list.Count == max)
                    {
                        more = true;
                        break;
                    }

                    list.Add(JoinHostPort(address.Ip, port.Port));
                }
            }
        }

        var joined = string.Join(",", list);
        return more ? $"{joined} + {KubectlFormat.Int(count - max)} more..." : joined;
    }

    /// <summary>net.JoinHostPort: IPv6 addresses are bracketed.</summary>
    internal static string JoinHostPort(string host, int port) =>
        (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + ":" + KubectlFormat.Int(port);

    private static List<string> NodeCells(ClusterView view, Node node)
    {
        var info = node.Status.NodeInfo;
        var roles = string.Join(",", KubectlFormat.NodeRoles(node));
        return
        [
            node.Metadata.Name, NodeStatus(node), roles.Length == 0 ? "<none>" : roles, KubectlFormat.Age(view, node.Metadata.CreationTimestamp), info.KubeletVersion,
            NodeAddress(node, "InternalIP"), NodeAddress(node, "ExternalIP"), OrUnknown(info.OsImage), OrUnknown(info.KernelVersion), OrUnknown(info.ContainerRuntimeVersion),
        ];
    }

    /// <summary>printNode's STATUS: Ready or NotReady from the Ready condition (Unknown without one), plus SchedulingDisabled when cordoned.</summary>
    internal static string NodeStatus(Node node)
    {
        var status = new List<string>();
        var ready = node.Status.GetCondition("Ready");
        if (ready is not null)
        {
            status.Add(ready.Status == "True" ? "Ready" : "NotReady");
        }

        if (status.Count == 0)
        {
            status.Add("Unknown");
        }

        if (node.Spec.Unschedulable)
        {
            status.Add("SchedulingDisabled");
        }

        return string.Join(",", status);
    }

    private static string NodeAddress(Node node, string type) =>
        node.Status.Addresses.Find(a => a.Type == type)?.Address ?? "<none>";

    private static List<string> EventCells(ClusterView view, KubeEvent e, string name)
    {
        var target = e.InvolvedName.Length > 0 ? e.InvolvedKind.ToLowerInvariant() + "/" + e.InvolvedName : e.InvolvedKind.ToLowerInvariant();
        var source = e.Host.Length > 0 ? e.Source + ", " + e.Host : e.Source;
        return
        [
            KubectlFormat.Age(view, e.LastTimestamp), e.Type, e.Reason, target, "", source, e.Message.Trim(),
            KubectlFormat.Age(view, e.FirstTimestamp), KubectlFormat.Int(Math.Max(e.Count, 1)), name,
        ];
    }

    private static void WriteYaml(ClusterView view, StringBuilder sb, List<(ApiResource Resource, List<Item> Items)> infos, bool singleItemImplied)
    {
        var documents = infos.SelectMany(i => i.Items).Select(item => item.Event is { } e
            ? ObjectYaml.Of(view, e, item.Name, item.Namespace)
            : ObjectYaml.Of(view, item.Object!)).ToList();
        if (singleItemImplied && documents.Count == 1)
        {
            sb.Append(documents[0].Render());
            return;
        }

        if (singleItemImplied)
        {
            return;
        }

        var list = new YamlNode.Map()
            .Set("apiVersion", YamlNode.Str("v1"))
            .Set("items", new YamlNode.Seq(documents))
            .Set("kind", YamlNode.Str("List"))
            .Set("metadata", new YamlNode.Map().Set("resourceVersion", YamlNode.Str("")));
        sb.Append(list.Render());
    }

    private static string OrNone(string? value) => string.IsNullOrEmpty(value) ? "<none>" : value;

    private static string OrUnknown(string value) => value.Length == 0 ? "<unknown>" : value;
}
