using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// What kubectl reads of a Deployment's ReplicaSets (staging/src/k8s.io/kubectl/pkg/util/deployment): the
/// ReplicaSets it controls, which of them is the new one (its template equals the Deployment's, ignoring the
/// pod-template-hash label), and revision numbers from the deployment.kubernetes.io/revision annotation.
/// </summary>
internal static class DeploymentUtil
{
    /// <summary>The label the deployment controller adds to its ReplicaSets' selectors, templates and pods.</summary>
    public const string PodTemplateHashLabel = "pod-template-hash";

    /// <summary>deployment.kubernetes.io/revision-history.</summary>
    public const string RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";

    /// <summary>deployment.kubernetes.io/desired-replicas.</summary>
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";

    /// <summary>deployment.kubernetes.io/max-replicas.</summary>
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";

    /// <summary>The Progressing condition's reason once progressDeadlineSeconds has passed without progress.</summary>
    public const string TimedOutReason = "ProgressDeadlineExceeded";

    /// <summary>
    /// GetAllReplicaSets: the ReplicaSets in the Deployment's namespace whose labels its selector matches and whose
    /// controller is the Deployment, oldest first (by the stored, whole-second creation time; name breaks ties); the new one is the oldest whose template
    /// equals the Deployment's. Old ones with replicas, all old ones, and the new one (or null).
    /// </summary>
    public static (List<ReplicaSet> Old, List<ReplicaSet> AllOld, ReplicaSet? New) GetAllReplicaSets(ObjectStore store, Deployment d)
    {
        var selector = Selector.FromLabelSelector(d.Selector);
        var owned = store.List<ReplicaSet>(d.Metadata.Namespace)
            .Where(rs => selector.Matches(rs.Metadata.Labels) && rs.Metadata.ControllerRef?.Uid == d.Metadata.Uid && d.Metadata.Uid.Length > 0)
            .OrderBy(rs => rs.Metadata.CreationTimestamp.Ticks / TimeSpan.TicksPerSecond) // metav1.Time: whole seconds
            .ThenBy(rs => rs.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        var newRs = owned.Find(rs => EqualIgnoreHash(rs.Template, d.Template));
        var allOld = owned.Where(rs => !ReferenceEquals(rs, newRs)).ToList();
        return (allOld.Where(rs => rs.Replicas != 0).ToList(), allOld, newRs);
    }

    /// <summary>equalIgnoreHash: the templates are equal once the pod-template-hash label is removed from both.</summary>
    public static bool EqualIgnoreHash(PodTemplateSpec a, PodTemplateSpec b) =>
        ObjectYaml.Template(WithoutHash(a)).Render() == ObjectYaml.Template(WithoutHash(b)).Render();

    /// <summary>A copy of <paramref name="template"/> without the pod-template-hash label.</summary>
    public static PodTemplateSpec WithoutHash(PodTemplateSpec template)
    {
        var copy = template.Clone();
        copy.Metadata.Labels.Remove(PodTemplateHashLabel);
        return copy;
    }

    /// <summary>
    /// Revision: the revision annotation's number, 0 when it is absent, null when it is not a number
    /// (strconv.ParseInt fails and the object is skipped).
    /// </summary>
    public static long? Revision(KubeObject obj)
    {
        if (!obj.Metadata.Annotations.TryGetValue(Deployment.RevisionAnnotation, out var text))
        {
            return 0;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : null;
    }

    /// <summary>The status condition of <paramref name="type"/>, or null.</summary>
    public static WorkloadCondition? GetCondition(Deployment d, string type) => d.Status.Conditions.Find(c => c.Type == type);
}
