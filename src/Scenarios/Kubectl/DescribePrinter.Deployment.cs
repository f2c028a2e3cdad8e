using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.PrefixWriter;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>describeDeployment (DeploymentDescriber), with its old and new ReplicaSets.</summary>
public static partial class DescribePrinter
{
    private static void DescribeDeployment(ClusterView view, Deployment d, PrefixWriter w)
    {
        var (_, oldRss, newRs) = DeploymentUtil.GetAllReplicaSets(view.Store, d);
        w.Write(Level0, $"Name:\t{d.Metadata.Name}\n");
        w.Write(Level0, $"Namespace:\t{d.Metadata.Namespace}\n");
        w.Write(Level0, $"CreationTimestamp:\t{KubectlFormat.Rfc1123Z(view, d.Metadata.CreationTimestamp)}\n");
        PrintLabelsMultiline(w, "Labels", d.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", d.Metadata.Annotations);
        w.Write(Level0, $"Selector:\t{Selector.FromLabelSelector(d.Selector)}\n");
        var s = d.Status;
        w.Write(Level0, $"Replicas:\t{KubectlFormat.Int(d.Replicas)} desired | {KubectlFormat.Int(s.UpdatedReplicas)} updated | {KubectlFormat.Int(s.Replicas)} total | {KubectlFormat.Int(s.AvailableReplicas)} available | {KubectlFormat.Int(s.UnavailableReplicas)} unavailable\n");
        w.Write(Level0, $"StrategyType:\t{d.Strategy.Type}\n");
        w.Write(Level0, $"MinReadySeconds:\t{KubectlFormat.Int(d.MinReadySeconds)}\n");
        if (d.Strategy.RollingUpdate is not null || d.Strategy.Type == "RollingUpdate")
        {
            // A RollingUpdate strategy always has both values once defaulted; until then, its version's defaults.
            w.Write(Level0, $"RollingUpdateStrategy:\t{DeploymentRules.MaxUnavailable(d)} max unavailable, {DeploymentRules.MaxSurge(d)} max surge\n");
        }

        DescribePodTemplate(view, d.Template, w);
        DescribeWorkloadConditions(d.Status.Conditions, w);
        if (oldRss.Count > 0 || newRs is not null)
        {
            w.Write(Level0, $"OldReplicaSets:\t{ReplicaSetsByLabels(oldRss)}\n");
            w.Write(Level0, $"NewReplicaSet:\t{ReplicaSetsByLabels(newRs is null ? [] : [newRs])}\n");
        }

        DescribeEvents(view, view.Events.For(d.Metadata.Uid), w);
    }

    /// <summary>printReplicaSetsByLabels: "name (current/desired replicas created)", comma-separated, or &lt;none&gt;.</summary>
    private static string ReplicaSetsByLabels(List<ReplicaSet> sets)
    {
        var list = string.Join(", ", sets.Select(rs => $"{rs.Metadata.Name} ({KubectlFormat.Int(rs.Status.Replicas)}/{KubectlFormat.Int(rs.Replicas)} replicas created)"));
        return list.Length == 0 ? "<none>" : list;
    }
}
