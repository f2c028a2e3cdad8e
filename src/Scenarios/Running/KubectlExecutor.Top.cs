using System.Globalization;
using System.Text;
using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Metrics;

namespace ClusterSim.Scenarios.Running;

/// <summary>
/// kubectl top pod|node (kubectl pkg/cmd/top, pkg/metricsutil/metrics_printer.go) over the simulated
/// metrics server. Every cell is printed tab-terminated, the last one included, as metrics_printer's
/// printValue does, so every column (the last too) is padded by the tabwriter.
/// </summary>
public sealed partial class KubectlExecutor
{
    /// <summary>top_pod.go metricsCreationDelay: a pod older than this without metrics is reported by name.</summary>
    private static readonly TimeSpan MetricsCreationDelay = TimeSpan.FromMinutes(2);

    private bool Top(KubectlCommand cmd, StringBuilder output) =>
        cmd.Subcommand == "node" ? TopNodes(cmd, output) : TopPods(cmd, output);

    private bool TopPods(KubectlCommand cmd, StringBuilder output)
    {
        var metrics = cluster.Metrics;
        var ns = cmd.Namespace ?? "default";
        var rows = new List<(Pod Pod, UsageMetrics Metrics)>();
        if (cmd.Name is { } name)
        {
            if (!metrics.TryGetPodMetrics(ns, name, out var m) || Store.Get<Pod>(ns, name) is not { } pod)
            {
                output.Append(CultureInfo.InvariantCulture, $"Error from server (NotFound): podmetrics.metrics.k8s.io \"{ns}/{name}\" not found\n");
                return false;
            }

            rows.Add((pod, m));
        }
        else
        {
            var selector = cmd.LabelSelector is null ? Selector.Everything : Selector.Parse(cmd.LabelSelector);
            foreach (Pod pod in Store.List("Pod", cmd.AllNamespaces ? null : ns))
            {
                if (selector.Matches(pod.Metadata.Labels) && metrics.TryGetPodMetrics(pod.Metadata.Namespace, pod.Metadata.Name, out var m))
                {
                    rows.Add((pod, m));
                }
            }

            if (rows.Count == 0)
            {
                // top_pod.go verifyEmptyMetrics: why is there nothing?
                foreach (Pod pod in Store.List("Pod", ns))
                {
                    if (!selector.Matches(pod.Metadata.Labels))
                    {
                        continue;
                    }

                    var created = TimeSpan.FromSeconds(Math.Floor(pod.Metadata.CreationTimestamp.TotalSeconds));
                    var age = cluster.Now - created;
                    if (age > MetricsCreationDelay)
                    {
                        output.Append(CultureInfo.InvariantCulture, $"error: Metrics not available for pod {pod.Metadata.Namespace}/{pod.Metadata.Name}, age: {GoDuration.Format(age)}\n");
                        return false;
                    }

                    output.Append("error: metrics not available yet\n");
                    return false;
                }

                output.Append(cmd.AllNamespaces ? "No resources found\n" : $"No resources found in {ns} namespace.\n");
                return true;
            }
        }

        // metrics_printer.go PodMetricsSorter: by namespace (with -A), then name.
        rows.Sort((a, b) =>
        {
            int c = cmd.AllNamespaces ? string.CompareOrdinal(a.Pod.Metadata.Namespace, b.Pod.Metadata.Namespace) : 0;
            return c != 0 ? c : string.CompareOrdinal(a.Pod.Metadata.Name, b.Pod.Metadata.Name);
        });
        var text = new StringBuilder();
        if (cmd.AllNamespaces)
        {
            text.Append("NAMESPACE\t");
        }

        text.Append("NAME\tCPU(cores)\tMEMORY(bytes)\t\n");
        foreach (var (pod, m) in rows)
        {
            if (cmd.AllNamespaces)
            {
                text.Append(pod.Metadata.Namespace).Append('\t');
            }

            text.Append(pod.Metadata.Name).Append('\t').Append(Cpu(m)).Append('\t').Append(Memory(m)).Append("\t\n");
        }

        output.Append(TabWriter.ForTables().Format(text.ToString()));
        return true;
    }

    private bool TopNodes(KubectlCommand cmd, StringBuilder output)
    {
        var metrics = cluster.Metrics;
        var nodes = new List<Node>();
        if (cmd.Name is { } name)
        {
            if (!metrics.TryGetNodeMetrics(name, out _) || Store.Get("Node", name) is not Node node)
            {
                output.Append(CultureInfo.InvariantCulture, $"Error from server (NotFound): nodemetrics.metrics.k8s.io \"{name}\" not found\n");
                return false;
            }

            nodes.Add(node);
        }
        else
        {
            var selector = cmd.LabelSelector is null ? Selector.Everything : Selector.Parse(cmd.LabelSelector);
            nodes.AddRange(Store.List<Node>().Where(n => selector.Matches(n.Metadata.Labels)));
        }

        var withMetrics = new List<(Node Node, UsageMetrics Metrics)>();
        var missing = new List<Node>();
        foreach (var node in nodes)
        {
            if (metrics.TryGetNodeMetrics(node.Metadata.Name, out var m))
            {
                withMetrics.Add((node, m));
            }
            else
            {
                missing.Add(node);
            }
        }

        if (withMetrics.Count == 0)
        {
            output.Append("error: metrics not available yet\n");
            return false;
        }

        // Nodes with metrics by name, then (top_node.go) a line of <unknown> for each node without.
        var text = new StringBuilder("NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n");
        foreach (var (node, m) in withMetrics)
        {
            var allocatable = node.Status.Allocatable;
            text.Append(node.Metadata.Name).Append('\t')
                .Append(Cpu(m)).Append('\t').Append(Percent(m.CpuMilli, allocatable.Get(ResourceNames.Cpu).MilliValue())).Append('\t')
                .Append(Memory(m)).Append('\t').Append(Percent(m.MemoryBytes * 1000, allocatable.Get(ResourceNames.Memory).MilliValue())).Append("\t\n");
        }

        foreach (var node in missing)
        {
            text.Append(node.Metadata.Name).Append("\t<unknown>\t<unknown>\t<unknown>\t<unknown>\t\n");
        }

        output.Append(TabWriter.ForTables().Format(text.ToString()));
        return true;
    }

    /// <summary>printSingleResourceUsage for cpu: the milli-value and "m".</summary>
    private static string Cpu(UsageMetrics m) => m.CpuMilli.ToString(CultureInfo.InvariantCulture) + "m";

    /// <summary>printSingleResourceUsage for memory: whole mebibytes (rounded down) and "Mi".</summary>
    private static string Memory(UsageMetrics m) => (m.MemoryBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + "Mi";

    /// <summary>printAllResourceUsages: int64(used milli / available milli x 100), truncated, and "%".</summary>
    private static string Percent(long usedMilli, long availableMilli) =>
        (availableMilli == 0 ? 0 : (long)((double)usedMilli / availableMilli * 100)).ToString(CultureInfo.InvariantCulture) + "%";
}
