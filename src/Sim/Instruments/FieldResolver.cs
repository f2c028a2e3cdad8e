using System.Reflection;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Instruments;

/// <summary>
/// Reads a field of a stored object by the path an expectation's REF uses (`status.readyReplicas`,
/// `status.conditions[Ready].status`, `spec.replicas`), plus the fields the simulator adds to
/// Kubernetes' own: a node's `status.requested.cpu|memory|pods`, `status.allocatable.cpu|memory|pods`
/// (cores and bytes) and `status.ready` (1 or 0), a load target's `load.offeredRps` and `load.servedRps`
/// (0 when no load is sent to it), and an HPA's autoscaling/v1 `status.currentCPUUtilizationPercentage`
/// (from its v2 currentMetrics). Numbers (and the integer form of an int-or-string) come back as double, quantities
/// as their value in base units (cores, bytes), everything else as a string; a missing field is null.
/// </summary>
public static class FieldResolver
{
    /// <summary>The value at <paramref name="path"/> of <paramref name="obj"/>, or null; <paramref name="load"/> answers `load.*`.</summary>
    public static object? Resolve(ObjectStore store, KubeObject obj, IReadOnlyList<string> path, Load.LoadModel? load = null)
    {
        if (load is not null && path.Count == 2 && path[0] == "load" && obj.Kind is "Service" or "Deployment" or "ReplicaSet" or "ReplicationController")
        {
            var target = load.TargetOf(new Load.LoadTargetRef(obj.Metadata.Namespace, obj.Kind, obj.Metadata.Name));
            return path[1] switch
            {
                "offeredRps" => target?.OfferedRps ?? 0.0,
                "servedRps" => target?.ServedRps ?? 0.0,
                _ => null,
            };
        }

        if (obj is Node node && path.Count >= 2 && path[0] == "status")
        {
            switch (path[1])
            {
                case "ready":
                    return node.Status.GetCondition("Ready")?.Status == "True" ? 1.0 : 0.0;
                case "requested" when path.Count == 3:
                    var usage = NodeUsage.Of(store, node.Metadata.Name);
                    return path[2] switch
                    {
                        "cpu" => usage.CpuMilli / 1000.0,
                        "memory" => (double)usage.MemoryBytes,
                        "pods" => (double)usage.Pods,
                        _ => null,
                    };
                case "pods" when path.Count == 2:
                    return (double)NodeUsage.Of(store, node.Metadata.Name).Pods;
            }
        }

        if (obj is HorizontalPodAutoscaler hpa && path is ["status", "currentCPUUtilizationPercentage"])
        {
            // The autoscaling/v1 field, computed from the v2 status the HPA holds; missing while unknown.
            return AutoscalingV1.CurrentCpuUtilizationPercentage(hpa.Status) is { } cpu ? (double)cpu : null;
        }

        object? current = obj;
        foreach (var segment in path)
        {
            if (current is null)
            {
                return null;
            }

            current = Step(current, segment);
        }

        return Normalize(current);
    }

    private static object? Step(object current, string segment)
    {
        // name[Type] selects the element of a condition-like list whose Type is Type.
        // A path element may be "[Type]" on its own (applied to the list reached so far).
        string? selector = null;
        int bracket = segment.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0 && segment.EndsWith(']'))
        {
            selector = segment[(bracket + 1)..^1];
            segment = segment[..bracket];
        }

        object? value;
        if (segment.Length == 0)
        {
            value = current;
        }
        else if (segment == "spec" && current is KubeObject && current.GetType().GetProperty("Spec") is null)
        {
            // Workloads keep their spec fields on the object itself (ReplicaSet.Replicas, Deployment.Paused).
            value = current;
        }
        else if (current is System.Collections.IDictionary dict)
        {
            value = dict.Contains(segment) ? dict[segment] : null;
        }
        else
        {
            var prop = current.GetType().GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            value = prop?.GetValue(current);
        }

        if (selector is null || value is null)
        {
            return value;
        }

        if (value is System.Collections.IEnumerable items)
        {
            foreach (var item in items)
            {
                if (item is null)
                {
                    continue;
                }

                var type = item.GetType().GetProperty("Type") ?? item.GetType().GetProperty("Name");
                if (type?.GetValue(item) as string == selector)
                {
                    return item;
                }
            }

            if (int.TryParse(selector, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && value is System.Collections.IList list && index < list.Count)
            {
                return list[index];
            }
        }

        return null;
    }

    private static object? Normalize(object? value) => value switch
    {
        null => null,
        int i => (double)i,
        long l => (double)l,
        double d => d,
        bool b => b ? 1.0 : 0.0,
        Quantity q => q.MilliValue() / 1000.0,
        TimeSpan t => t.TotalSeconds,

        // A count or a percentage (a PodDisruptionBudget's minAvailable, a rolling update's maxSurge): a number or "25%", as in JSON.
        IntOrString v => v.IsString ? v.StringValue : (double)v.IntValue,
        string s => s,
        _ => value.ToString(),
    };
}
