using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.PrefixWriter;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>describeReplicationController and describeReplicaSet, with their pod templates and conditions.</summary>
public static partial class DescribePrinter
{
    private static void DescribeReplicationController(ClusterView view, ReplicationController rc, PrefixWriter w)
    {
        var (running, waiting, succeeded, failed) = PodStatusCounts(view, rc);
        w.Write(Level0, $"Name:\t{rc.Metadata.Name}\n");
        w.Write(Level0, $"Namespace:\t{rc.Metadata.Namespace}\n");
        w.Write(Level0, $"Selector:\t{KubectlFormat.FormatLabels(rc.Selector)}\n");
        PrintLabelsMultiline(w, "Labels", rc.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", rc.Metadata.Annotations);
        w.Write(Level0, $"Replicas:\t{KubectlFormat.Int(rc.Status.Replicas)} current / {KubectlFormat.Int(rc.Replicas)} desired\n");
        w.Write(Level0, $"Pods Status:\t{KubectlFormat.Int(running)} Running / {KubectlFormat.Int(waiting)} Waiting / {KubectlFormat.Int(succeeded)} Succeeded / {KubectlFormat.Int(failed)} Failed\n");
        DescribePodTemplate(view, rc.Template, w);
        DescribeWorkloadConditions(rc.Status.Conditions, w);
        DescribeEvents(view, view.Events.For(rc.Metadata.Uid), w);
    }

    private static void DescribeReplicaSet(ClusterView view, ReplicaSet rs, PrefixWriter w)
    {
        var (running, waiting, succeeded, failed) = PodStatusCounts(view, rs);
        w.Write(Level0, $"Name:\t{rs.Metadata.Name}\n");
        w.Write(Level0, $"Namespace:\t{rs.Metadata.Namespace}\n");
        w.Write(Level0, $"Selector:\t{KubectlFormat.FormatLabelSelector(rs.Selector)}\n");
        PrintLabelsMultiline(w, "Labels", rs.Metadata.Labels);
        PrintAnnotationsMultiline(w, "Annotations", rs.Metadata.Annotations);
        if (rs.Metadata.ControllerRef is { } owner)
        {
            w.Write(Level0, $"Controlled By:\t{owner.Kind}/{owner.Name}\n");
        }

        w.Write(Level0, $"Replicas:\t{KubectlFormat.Int(rs.Status.Replicas)} current / {KubectlFormat.Int(rs.Replicas)} desired\n");
        w.Write(Level0, "Pods Status:\t");
        w.Write(Level0, $"{KubectlFormat.Int(running)} Running / {KubectlFormat.Int(waiting)} Waiting / {KubectlFormat.Int(succeeded)} Succeeded / {KubectlFormat.Int(failed)} Failed\n");
        DescribePodTemplate(view, rs.Template, w);
        DescribeWorkloadConditions(rs.Status.Conditions, w);
        DescribeEvents(view, view.Events.For(rs.Metadata.Uid), w);
    }

    /// <summary>getPodStatusForController: pods the selector matches and the controller owns, by phase.</summary>
    private static (int Running, int Waiting, int Succeeded, int Failed) PodStatusCounts(ClusterView view, ReplicatedSet set)
    {
        var selector = set.GetSelector();
        int running = 0, waiting = 0, succeeded = 0, failed = 0;
        foreach (var pod in view.Store.List<Pod>(set.Metadata.Namespace))
        {
            if (!selector.Matches(pod.Metadata.Labels) || pod.Metadata.ControllerRef?.Uid != set.Metadata.Uid)
            {
                continue;
            }

            switch (pod.Status.Phase)
            {
                case "Running":
                    running++;
                    break;
                case "Pending":
                    waiting++;
                    break;
                case "Succeeded":
                    succeeded++;
                    break;
                case "Failed":
                    failed++;
                    break;
            }
        }

        return (running, waiting, succeeded, failed);
    }

    private static void DescribePodTemplate(ClusterView view, PodTemplateSpec template, PrefixWriter w)
    {
        w.Write(Level0, "Pod Template:\n");
        PrintLabelsMultiline(w, "  Labels", template.Metadata.Labels);
        if (template.Metadata.Annotations.Count > 0)
        {
            PrintAnnotationsMultiline(w, "  Annotations", template.Metadata.Annotations);
        }

        if (template.Spec.InitContainers.Count > 0)
        {
            DescribeContainers(view, "Init Containers", template.Spec.InitContainers, [], w, "  ");
        }

        DescribeContainers(view, "Containers", template.Spec.Containers, [], w, "  ");
        DescribeVolumes(template.Spec.Volumes, w, "  ");
        DescribeTopologySpreadConstraints(template.Spec.TopologySpreadConstraints, w, "  ");
        if (!string.IsNullOrEmpty(template.Spec.PriorityClassName))
        {
            w.Write(Level1, $"Priority Class Name:\t{template.Spec.PriorityClassName}\n");
        }

        PrintLabelsMultiline(w, "  Node-Selectors", template.Spec.NodeSelector);
        PrintTolerationsMultiline(w, "  Tolerations", template.Spec.Tolerations);
    }

    private static void DescribeWorkloadConditions(List<WorkloadCondition> conditions, PrefixWriter w)
    {
        if (conditions.Count == 0)
        {
            return;
        }

        w.Write(Level0, "Conditions:\n  Type\tStatus\tReason\n");
        w.Write(Level1, "----\t------\t------\n");
        foreach (var c in conditions)
        {
            w.Write(Level1, $"{c.Type} \t{c.Status}\t{c.Reason}\n");
        }
    }
}
