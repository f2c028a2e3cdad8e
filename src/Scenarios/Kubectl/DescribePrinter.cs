using System.Text;
using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.PrefixWriter;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// kubectl describe, after staging/src/k8s.io/kubectl/pkg/describe/describe.go: describePod, describeNode
/// (with the Non-terminated Pods and Allocated resources tables), describeReplicationController,
/// describeReplicaSet, describeDeployment, describeService, describeEndpoints, describeNamespace,
/// describeHorizontalPodAutoscalerV2, describePodDisruptionBudgetV1, ConfigMapDescriber, describePriorityClass,
/// describeSecret and describeServiceAccount, each (but describeSecret) ending with the
/// Events table built from <see cref="Sim.Store.EventRecorder.For"/>.
/// <para>
/// With a name, the object of that name is described, or else every object whose name starts with it
/// (kubectl's DescribeMatchingResources). Without a name, every object of the kind in the namespace is
/// described, separated by two blank lines.
/// </para>
/// </summary>
public static partial class DescribePrinter
{
    /// <summary>The kinds this printer serves.</summary>
    public static readonly IReadOnlyList<string> SupportedKinds =
        ["Pod", "Node", "ReplicationController", "ReplicaSet", "Deployment", "Service", "Endpoints", "Namespace", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ConfigMap", "PriorityClass", "Secret", "ServiceAccount"];

    private const int MaxAnnotationLen = 140;

    /// <summary>Runs `kubectl describe` against <paramref name="view"/>.</summary>
    /// <param name="kind">A canonical kind name.</param>
    /// <param name="name">An object name or name prefix, or null for all.</param>
    /// <param name="ns">The namespace; null is "default". Ignored for cluster-scoped kinds.</param>
    public static string Describe(ClusterView view, string kind, string? name, string? ns)
    {
        if (!SupportedKinds.Contains(kind, StringComparer.Ordinal))
        {
            throw new ArgumentException($"kubectl describe is not implemented for kind \"{kind}\"", nameof(kind));
        }

        var resource = ApiResources.ForKind(kind);
        var namespaceName = ns ?? "default";
        var objects = view.Store.List(kind, resource.Namespaced ? namespaceName : null).ToList();
        if (name is null)
        {
            if (objects.Count == 0)
            {
                return $"No resources found in {namespaceName} namespace.\n";
            }

            return string.Join("\n\n", objects.Select(o => DescribeObject(view, o)));
        }

        var exact = objects.Find(o => o.Metadata.Name == name);
        if (exact is not null)
        {
            return DescribeObject(view, exact);
        }

        var matching = objects.Where(o => o.Metadata.Name.StartsWith(name, StringComparison.Ordinal)).ToList();
        if (matching.Count == 0)
        {
            return KubectlFormat.NotFound(resource, name) + "\n";
        }

        var sb = new StringBuilder();
        foreach (var o in matching)
        {
            sb.Append(DescribeObject(view, o)).Append('\n');
        }

        return sb.ToString();
    }

    private static string DescribeObject(ClusterView view, KubeObject obj)
    {
        var w = new PrefixWriter();
        switch (obj)
        {
            case Pod pod:
                DescribePod(view, pod, w);
                break;
            case Node node:
                DescribeNode(view, node, w);
                break;
            case ReplicationController rc:
                DescribeReplicationController(view, rc, w);
                break;
            case ReplicaSet rs:
                DescribeReplicaSet(view, rs, w);
                break;
            case Deployment d:
                DescribeDeployment(view, d, w);
                break;
            case Service svc:
                DescribeService(view, svc, w);
                break;
            case Endpoints ep:
                DescribeEndpoints(view, ep, w);
                break;
            case Namespace ns:
                DescribeNamespace(ns, w);
                break;
            case HorizontalPodAutoscaler hpa:
                DescribeHorizontalPodAutoscaler(view, hpa, w);
                break;
            case PodDisruptionBudget pdb:
                DescribePodDisruptionBudget(view, pdb, w);
                break;
            case ConfigMap cm:
                DescribeConfigMap(view, cm, w);
                break;
            case PriorityClass pc:
                DescribePriorityClass(view, pc, w);
                break;
            case KeptObject { Kind: "Secret" } secret:
                DescribeSecret(secret, w);
                break;
            case KeptObject { Kind: "ServiceAccount" } sa:
                DescribeServiceAccount(view, sa, w);
                break;
        }

        return w.ToString();
    }

    private static void PrintLabelsMultiline(PrefixWriter w, string title, IReadOnlyDictionary<string, string> labels)
    {
        w.Write(Level0, $"{title}:\t");
        if (labels.Count == 0)
        {
            w.WriteLine("<none>");
            return;
        }

        int i = 0;
        foreach (var (key, value) in labels.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (i++ != 0)
            {
                w.Write(Level0, "\t");
            }

            w.Write(Level0, $"{key}={value}\n");
        }
    }

    private static void PrintAnnotationsMultiline(PrefixWriter w, string title, IReadOnlyDictionary<string, string> annotations)
    {
        w.Write(Level0, $"{title}:\t");
        var keys = annotations.Keys
            .Where(k => k != "kubectl.kubernetes.io/last-applied-configuration")
            .OrderBy(k => k, StringComparer.Ordinal)
            .ToList();
        if (keys.Count == 0)
        {
            w.WriteLine("<none>");
            return;
        }

        for (int i = 0; i < keys.Count; i++)
        {
            if (i != 0)
            {
                w.Write(Level0, "\t");
            }

            var key = keys[i];
            var value = annotations[key];
            if (value.EndsWith('\n'))
            {
                value = value[..^1];
            }

            if (value.Length + key.Length + 2 > MaxAnnotationLen || value.Contains('\n', StringComparison.Ordinal))
            {
                w.Write(Level0, $"{key}:\n");
                foreach (var line in value.Split('\n'))
                {
                    var shortened = line.Length > MaxAnnotationLen - 2 ? line[..(MaxAnnotationLen - 2)] + "..." : line;
                    w.Write(Level0, $"\t  {shortened}\n");
                }
            }
            else
            {
                w.Write(Level0, $"{key}: {value}\n");
            }
        }
    }

    private static void PrintTolerationsMultiline(PrefixWriter w, string title, List<Toleration> tolerations)
    {
        w.Write(Level0, $"{title}:\t");
        if (tolerations.Count == 0)
        {
            w.WriteLine("<none>");
            return;
        }

        int i = 0;
        foreach (var t in tolerations.OrderBy(t => t.Key ?? "", StringComparer.Ordinal))
        {
            if (i++ != 0)
            {
                w.Write(Level0, "\t");
            }

            var text = new StringBuilder(t.Key ?? "");
            if (!string.IsNullOrEmpty(t.Value))
            {
                text.Append('=').Append(t.Value);
            }

            if (!string.IsNullOrEmpty(t.Effect))
            {
                text.Append(':').Append(t.Effect);
            }

            if (t.Operator == "Exists" && string.IsNullOrEmpty(t.Value))
            {
                text.Append(!string.IsNullOrEmpty(t.Key) || !string.IsNullOrEmpty(t.Effect) ? " op=Exists" : "op=Exists");
            }

            if (t.TolerationSeconds is { } seconds)
            {
                text.Append(" for ").Append(KubectlFormat.Int(seconds)).Append('s');
            }

            w.Write(Level0, text.Append('\n').ToString());
        }
    }

    private static string OrNone(string value) => value.Length == 0 ? "<none>" : value;
}
