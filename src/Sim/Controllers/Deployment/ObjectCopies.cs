using System.Diagnostics.CodeAnalysis;
using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.Deployment;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>
/// Deep copies of the objects the deployment controller works on, and status equality. The controller
/// works on copies, as Kubernetes' controller works on DeepCopy()s of its informer cache: a change it makes
/// reaches the stored object only through an API write, and a copy taken before a write is stale after it.
/// </summary>
public static class ObjectCopies
{
    /// <summary>A deep copy of a Deployment (spec, metadata and status).</summary>
    public static Deployment Clone(Deployment d) => Clone(d, d.Template.Clone());

    /// <summary>
    /// A copy of a Deployment that shares its pod template with <paramref name="d"/>: the copy a sync works on.
    /// The sync reads the template (hash, comparisons, the new ReplicaSet's template is a deep copy of it) and
    /// only ever replaces it (a rollback assigns a copy of the old set's template), never changes it in place.
    /// </summary>
    public static Deployment CloneSharingTemplate(Deployment d) => Clone(d, d.Template);

    private static Deployment Clone(Deployment d, PodTemplateSpec template) => new()
    {
        ApiVersion = d.ApiVersion,
        Metadata = d.Metadata.Clone(),
        Replicas = d.Replicas,
        Selector = Clone(d.Selector),
        Template = template,
        Strategy = Clone(d.Strategy),
        MinReadySeconds = d.MinReadySeconds,
        RevisionHistoryLimit = d.RevisionHistoryLimit,
        Paused = d.Paused,
        ProgressDeadlineSeconds = d.ProgressDeadlineSeconds,
        Status = Clone(d.Status),
    };

    /// <summary>A deep copy of a ReplicaSet.</summary>
    public static ReplicaSet Clone(ReplicaSet rs) => Clone(rs, rs.Template.Clone());

    /// <summary>
    /// A copy of a ReplicaSet that shares its pod template with <paramref name="rs"/>: for the sets the
    /// deployment controller lists on every sync, which it reads but never changes (it writes a set's replicas,
    /// minReadySeconds and annotations; a rollback copies the template before changing it). Deep-copying the
    /// template of every set on every sync was a third of the controller's allocation.
    /// </summary>
    public static ReplicaSet CloneSharingTemplate(ReplicaSet rs) => Clone(rs, rs.Template);

    private static ReplicaSet Clone(ReplicaSet rs, PodTemplateSpec template) => new()
    {
        ApiVersion = rs.ApiVersion,
        Metadata = rs.Metadata.Clone(),
        Replicas = rs.Replicas,
        MinReadySeconds = rs.MinReadySeconds,
        Selector = Clone(rs.Selector),
        Template = template,
        Status = new ReplicaSetStatus
        {
            Replicas = rs.Status.Replicas,
            FullyLabeledReplicas = rs.Status.FullyLabeledReplicas,
            ReadyReplicas = rs.Status.ReadyReplicas,
            AvailableReplicas = rs.Status.AvailableReplicas,
            ObservedGeneration = rs.Status.ObservedGeneration,
            Conditions = rs.Status.Conditions.Select(DeploymentConditions.Clone).ToList(),
        },
    };

    /// <summary>A deep copy of a label selector (null stays null).</summary>
    [return: NotNullIfNotNull(nameof(selector))]
    public static LabelSelector? Clone(LabelSelector? selector) => selector is null
        ? null
        : new LabelSelector
        {
            MatchLabels = new SortedDictionary<string, string>(selector.MatchLabels, StringComparer.Ordinal),
            MatchExpressions = selector.MatchExpressions.Select(e => e with { Values = e.Values.ToList() }).ToList(),
        };

    /// <summary>A deep copy of a strategy.</summary>
    public static DeploymentStrategy Clone(DeploymentStrategy s) => new()
    {
        Type = s.Type,
        RollingUpdate = s.RollingUpdate is null ? null : new RollingUpdateDeployment { MaxSurge = s.RollingUpdate.MaxSurge, MaxUnavailable = s.RollingUpdate.MaxUnavailable },
    };

    /// <summary>A deep copy of a Deployment's status.</summary>
    public static DeploymentStatus Clone(DeploymentStatus s) => new()
    {
        ObservedGeneration = s.ObservedGeneration,
        Replicas = s.Replicas,
        UpdatedReplicas = s.UpdatedReplicas,
        ReadyReplicas = s.ReadyReplicas,
        AvailableReplicas = s.AvailableReplicas,
        UnavailableReplicas = s.UnavailableReplicas,
        Conditions = s.Conditions.Select(DeploymentConditions.Clone).ToList(),
        CollisionCount = s.CollisionCount,
    };

    /// <summary>reflect.DeepEqual of two Deployment statuses (conditions compared in order).</summary>
    public static bool StatusEqual(DeploymentStatus a, DeploymentStatus b) =>
        a.ObservedGeneration == b.ObservedGeneration
        && a.Replicas == b.Replicas
        && a.UpdatedReplicas == b.UpdatedReplicas
        && a.ReadyReplicas == b.ReadyReplicas
        && a.AvailableReplicas == b.AvailableReplicas
        && a.UnavailableReplicas == b.UnavailableReplicas
        && a.CollisionCount == b.CollisionCount
        && a.Conditions.Count == b.Conditions.Count
        && a.Conditions.Zip(b.Conditions).All(p => DeploymentConditions.Equal(p.First, p.Second));
}
