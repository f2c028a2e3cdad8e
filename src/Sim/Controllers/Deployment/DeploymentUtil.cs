using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.Deployment;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>
/// The pure functions of pkg/controller/deployment/util/deployment_util.go (Kubernetes v1.32): the rollout
/// arithmetic (ResolveFenceposts, MaxSurge, MaxUnavailable, NewRSNewReplicas, GetProportion, IsSaturated),
/// the status predicates (DeploymentComplete, DeploymentProgressing, DeploymentTimedOut), and finding a
/// Deployment's new and old ReplicaSets (FindNewReplicaSet, FindOldReplicaSets, EqualIgnoreHash).
/// Functions that Go passes a slice to and sorts (FindNewReplicaSet, FindActiveOrLatest) sort the given list
/// in place too, as the callers may rely on that order.
/// </summary>
public static class DeploymentUtil
{
    /// <summary>apps.RollingUpdateDeploymentStrategyType.</summary>
    public const string RollingUpdateStrategy = "RollingUpdate";

    /// <summary>apps.RecreateDeploymentStrategyType.</summary>
    public const string RecreateStrategy = "Recreate";

    /// <summary>IsRollingUpdate.</summary>
    public static bool IsRollingUpdate(Deployment d) => d.Strategy.Type == RollingUpdateStrategy;

    /// <summary>
    /// ResolveFenceposts: maxSurge rounded up and maxUnavailable rounded down (both of
    /// <paramref name="desired"/> when percentages; unset counts as 0). When both come to 0, maxUnavailable
    /// is 1. False (Go's error) when either value is not a count or a percentage.
    /// </summary>
    public static bool ResolveFenceposts(IntOrString? maxSurge, IntOrString? maxUnavailable, int desired, out int surge, out int unavailable)
    {
        surge = 0;
        unavailable = 0;
        if (!IntOrPercent.TryGetScaledValue(IntOrPercent.ValueOrDefault(maxSurge, IntOrString.FromInt(0)), desired, true, out int s))
        {
            return false;
        }

        if (!IntOrPercent.TryGetScaledValue(IntOrPercent.ValueOrDefault(maxUnavailable, IntOrString.FromInt(0)), desired, false, out int u))
        {
            return false;
        }

        if (s == 0 && u == 0)
        {
            // Validation forbids both being 0, but rounding maxUnavailable down can make it 0: then allow 1,
            // on the theory that surge might not work due to quota.
            u = 1;
        }

        surge = s;
        unavailable = u;
        return true;
    }

    /// <summary>MaxUnavailable: 0 unless RollingUpdate with replicas; never more than replicas.</summary>
    public static int MaxUnavailable(Deployment d)
    {
        if (!IsRollingUpdate(d) || d.Replicas == 0)
        {
            return 0;
        }

        var ru = d.Strategy.RollingUpdate;
        ResolveFenceposts(ru?.MaxSurge, ru?.MaxUnavailable, d.Replicas, out _, out int maxUnavailable);
        return maxUnavailable > d.Replicas ? d.Replicas : maxUnavailable;
    }

    /// <summary>MinAvailable: replicas - maxUnavailable for RollingUpdate, else 0.</summary>
    public static int MinAvailable(Deployment d) => IsRollingUpdate(d) ? d.Replicas - MaxUnavailable(d) : 0;

    /// <summary>MaxSurge: 0 unless RollingUpdate.</summary>
    public static int MaxSurge(Deployment d)
    {
        if (!IsRollingUpdate(d))
        {
            return 0;
        }

        var ru = d.Strategy.RollingUpdate;
        ResolveFenceposts(ru?.MaxSurge, ru?.MaxUnavailable, d.Replicas, out int maxSurge, out _);
        return maxSurge;
    }

    /// <summary>
    /// GetProportion: how many of the <paramref name="toAdd"/> replicas (negative when scaling down) this
    /// ReplicaSet takes, never more than what is left after the <paramref name="added"/> already handed out.
    /// </summary>
    public static int GetProportion(ReplicaSet? rs, Deployment d, int toAdd, int added)
    {
        if (rs is null || rs.Replicas == 0 || toAdd == 0 || toAdd == added)
        {
            return 0;
        }

        int rsFraction = GetReplicaSetFraction(rs, d);
        int allowed = toAdd - added;
        // Scaling up: never more than allowed; scaling down: never remove more than allowed.
        return toAdd > 0 ? Math.Min(rsFraction, allowed) : Math.Max(rsFraction, allowed);
    }

    /// <summary>
    /// getReplicaSetFraction: the ReplicaSet's share of the new size, from its size and the max-replicas
    /// annotation recorded when it was last scaled (the Deployment's status.replicas when absent).
    /// <para>
    /// v1.32 divides by that base unchecked; when it is 0 (annotation removed or set to 0 by a third party and
    /// no pods), Go's float64 division gives ±Inf or NaN and the int32 conversion is implementation-defined.
    /// We return 0 there instead, as Kubernetes does from v1.33 (kubernetes/kubernetes#128535).
    /// </para>
    /// </summary>
    public static int GetReplicaSetFraction(ReplicaSet rs, Deployment d)
    {
        if (d.Replicas == 0)
        {
            return -rs.Replicas;
        }

        int deploymentReplicas = d.Replicas + MaxSurge(d);
        if (!DeploymentAnnotations.TryGetMaxReplicas(rs, out int annotatedReplicas))
        {
            // Fall back to the current size: not an accurate proportion if the sets were scaled at different
            // times, but GetProportion's min/max keep the total within limits.
            annotatedReplicas = d.Status.Replicas;
        }

        if (annotatedReplicas == 0)
        {
            return 0;
        }

        // float64(*(rs.Spec.Replicas) * deploymentReplicas): the product is an int32 in Go.
        double newRSsize = unchecked(rs.Replicas * deploymentReplicas) / (double)annotatedReplicas;
        return RoundToInt32(newRSsize) - rs.Replicas;
    }

    /// <summary>k8s.io/utils/integer RoundToInt32: half away from zero, then truncation.</summary>
    public static int RoundToInt32(double a) => a < 0 ? (int)(a - 0.5) : (int)(a + 0.5);

    /// <summary>GetReplicaCountForReplicaSets: the sum of spec.replicas.</summary>
    public static int GetReplicaCountForReplicaSets(IEnumerable<ReplicaSet?> sets) => sets.Sum(rs => rs?.Replicas ?? 0);

    /// <summary>GetActualReplicaCountForReplicaSets: the sum of status.replicas.</summary>
    public static int GetActualReplicaCountForReplicaSets(IEnumerable<ReplicaSet?> sets) => sets.Sum(rs => rs?.Status.Replicas ?? 0);

    /// <summary>GetReadyReplicaCountForReplicaSets: the sum of status.readyReplicas.</summary>
    public static int GetReadyReplicaCountForReplicaSets(IEnumerable<ReplicaSet?> sets) => sets.Sum(rs => rs?.Status.ReadyReplicas ?? 0);

    /// <summary>GetAvailableReplicaCountForReplicaSets: the sum of status.availableReplicas.</summary>
    public static int GetAvailableReplicaCountForReplicaSets(IEnumerable<ReplicaSet?> sets) => sets.Sum(rs => rs?.Status.AvailableReplicas ?? 0);

    /// <summary>DeploymentComplete: every desired replica updated and available, no old pods, status observed.</summary>
    public static bool DeploymentComplete(Deployment d, DeploymentStatus newStatus) =>
        newStatus.UpdatedReplicas == d.Replicas
        && newStatus.Replicas == d.Replicas
        && newStatus.AvailableReplicas == d.Replicas
        && newStatus.ObservedGeneration >= d.Metadata.Generation;

    /// <summary>
    /// DeploymentProgressing: compared with the Deployment's current status, more updated pods, fewer old
    /// pods, more ready pods or more available pods.
    /// </summary>
    public static bool DeploymentProgressing(Deployment d, DeploymentStatus newStatus)
    {
        var oldStatus = d.Status;
        int oldStatusOldReplicas = oldStatus.Replicas - oldStatus.UpdatedReplicas;
        int newStatusOldReplicas = newStatus.Replicas - newStatus.UpdatedReplicas;
        return newStatus.UpdatedReplicas > oldStatus.UpdatedReplicas
            || newStatusOldReplicas < oldStatusOldReplicas
            || newStatus.ReadyReplicas > d.Status.ReadyReplicas
            || newStatus.AvailableReplicas > d.Status.AvailableReplicas;
    }

    /// <summary>
    /// DeploymentTimedOut: the Progressing condition's lastUpdateTime is more than progressDeadlineSeconds
    /// before <paramref name="now"/>, or it already says ProgressDeadlineExceeded; never after
    /// NewReplicaSetAvailable or without a deadline.
    /// </summary>
    public static bool DeploymentTimedOut(Deployment d, DeploymentStatus newStatus, TimeSpan now)
    {
        if (!HasProgressDeadline(d))
        {
            return false;
        }

        var condition = DeploymentConditions.Get(newStatus, DeploymentConditions.Progressing);
        if (condition is null)
        {
            return false;
        }

        if (condition.Reason == DeploymentConditions.NewRSAvailableReason)
        {
            return false;
        }

        if (condition.Reason == DeploymentConditions.TimedOutReason)
        {
            return true;
        }

        var delta = TimeSpan.FromSeconds(d.ProgressDeadlineSeconds!.Value);
        return condition.LastUpdateTime + delta < now;
    }

    /// <summary>
    /// NewRSNewReplicas: the size the new ReplicaSet may grow to now. RollingUpdate: up to replicas + maxSurge
    /// pods in total, never above replicas; Recreate: replicas.
    /// </summary>
    public static int NewRSNewReplicas(Deployment d, IReadOnlyList<ReplicaSet?> allRSs, ReplicaSet newRS)
    {
        switch (d.Strategy.Type)
        {
            case RollingUpdateStrategy:
                if (!IntOrPercent.TryGetScaledValue(d.Strategy.RollingUpdate?.MaxSurge, d.Replicas, true, out int maxSurge))
                {
                    throw new DeploymentSyncException("invalid value for IntOrString: " + (d.Strategy.RollingUpdate?.MaxSurge?.ToString() ?? "nil"));
                }

                int currentPodCount = GetReplicaCountForReplicaSets(allRSs);
                int maxTotalPods = d.Replicas + maxSurge;
                if (currentPodCount >= maxTotalPods)
                {
                    return newRS.Replicas;
                }

                int scaleUpCount = maxTotalPods - currentPodCount;
                scaleUpCount = Math.Min(scaleUpCount, d.Replicas - newRS.Replicas);
                return newRS.Replicas + scaleUpCount;
            case RecreateStrategy:
                return d.Replicas;
            default:
                throw new DeploymentSyncException($"deployment type {d.Strategy.Type} isn't supported");
        }
    }

    /// <summary>
    /// IsSaturated: the new ReplicaSet has all the desired replicas, believes so (desired-replicas
    /// annotation) and all of them are available.
    /// </summary>
    public static bool IsSaturated(Deployment d, ReplicaSet? rs)
    {
        if (rs is null)
        {
            return false;
        }

        if (!IntOrPercent.TryAtoi(rs.Metadata.Annotations.GetValueOrDefault(DeploymentAnnotations.DesiredReplicas, ""), out int desired))
        {
            return false;
        }

        return rs.Replicas == d.Replicas && desired == d.Replicas && rs.Status.AvailableReplicas == d.Replicas;
    }

    /// <summary>
    /// FindActiveOrLatest: the only active ReplicaSet, or the newest one when none is active; null when several
    /// are active (they are then scaled proportionally). Sorts <paramref name="oldRSs"/> newest first.
    /// </summary>
    public static ReplicaSet? FindActiveOrLatest(ReplicaSet? newRS, List<ReplicaSet> oldRSs)
    {
        if (newRS is null && oldRSs.Count == 0)
        {
            return null;
        }

        ReplicaSetOrdering.SortInPlace(oldRSs, (a, b) => ReplicaSetOrdering.ByCreationTimestamp(b, a));
        var allRSs = ReplicaSetOrdering.FilterActive(Append(oldRSs, newRS));
        return allRSs.Count switch
        {
            0 => newRS ?? oldRSs[0],
            1 => allRSs[0],
            _ => null,
        };
    }

    /// <summary>
    /// EqualIgnoreHash: the two templates are semantically equal ignoring the pod-template-hash label (its value
    /// changes with API changes, and a Deployment's template has none).
    /// </summary>
    public static bool EqualIgnoreHash(PodTemplateSpec template1, PodTemplateSpec template2) => EqualIgnoreHash(template1, template2, null);

    /// <summary><see cref="EqualIgnoreHash(PodTemplateSpec, PodTemplateSpec)"/>, reusing the printouts in <paramref name="prints"/> when given.</summary>
    public static bool EqualIgnoreHash(PodTemplateSpec template1, PodTemplateSpec template2, TemplatePrints? prints) =>
        PrintIgnoringHash(template1, prints) == PrintIgnoringHash(template2, prints);

    /// <summary>
    /// FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's (ignoring the hash
    /// label), or null. Sorts <paramref name="rsList"/> by creation timestamp.
    /// </summary>
    public static ReplicaSet? FindNewReplicaSet(Deployment d, List<ReplicaSet> rsList) => FindNewReplicaSet(d, rsList, null);

    /// <summary><see cref="FindNewReplicaSet(Deployment, List{ReplicaSet})"/>, reusing the printouts in <paramref name="prints"/> when given.</summary>
    public static ReplicaSet? FindNewReplicaSet(Deployment d, List<ReplicaSet> rsList, TemplatePrints? prints)
    {
        ReplicaSetOrdering.SortInPlace(rsList, ReplicaSetOrdering.ByCreationTimestamp);
        var wanted = PrintIgnoringHash(d.Template, prints);
        foreach (var rs in rsList)
        {
            // Several sets may match after an upgrade (kubernetes/kubernetes#40415): the oldest wins.
            if (PrintIgnoringHash(rs.Template, prints) == wanted)
            {
                return rs;
            }
        }

        return null;
    }

    /// <summary>
    /// FindOldReplicaSets: (old sets with pods, all old sets), in creation order; every set but the new one.
    /// </summary>
    public static (List<ReplicaSet> RequiredRSs, List<ReplicaSet> AllRSs) FindOldReplicaSets(Deployment d, List<ReplicaSet> rsList) => FindOldReplicaSets(d, rsList, null);

    /// <summary><see cref="FindOldReplicaSets(Deployment, List{ReplicaSet})"/>, reusing the printouts in <paramref name="prints"/> when given.</summary>
    public static (List<ReplicaSet> RequiredRSs, List<ReplicaSet> AllRSs) FindOldReplicaSets(Deployment d, List<ReplicaSet> rsList, TemplatePrints? prints)
    {
        var required = new List<ReplicaSet>();
        var all = new List<ReplicaSet>();
        var newRS = FindNewReplicaSet(d, rsList, prints);
        foreach (var rs in rsList)
        {
            if (newRS is not null && rs.Metadata.Uid == newRS.Metadata.Uid)
            {
                continue;
            }

            all.Add(rs);
            if (rs.Replicas != 0)
            {
                required.Add(rs);
            }
        }

        return (required, all);
    }

    /// <summary>
    /// SetFromReplicaSetTemplate: the Deployment's template becomes a copy of <paramref name="template"/>
    /// without its pod-template-hash label (what a rollback copies back).
    /// </summary>
    public static void SetFromReplicaSetTemplate(Deployment d, PodTemplateSpec template)
    {
        d.Template = template.Clone();
        d.Template.Metadata.Labels.Remove(PodTemplateHash.LabelKey);
    }

    /// <summary>HasProgressDeadline: progressDeadlineSeconds set and not MaxInt32.</summary>
    public static bool HasProgressDeadline(Deployment d) => d.ProgressDeadlineSeconds is { } p && p != int.MaxValue;

    /// <summary>HasRevisionHistoryLimit: revisionHistoryLimit set and not MaxInt32.</summary>
    public static bool HasRevisionHistoryLimit(Deployment d) => d.RevisionHistoryLimit is { } l && l != int.MaxValue;

    /// <summary>metav1.IsControlledBy.</summary>
    public static bool IsControlledBy(KubeObject obj, KubeObject owner) => obj.Metadata.ControllerRef?.Uid == owner.Metadata.Uid;

    /// <summary>
    /// ListReplicaSets: the ReplicaSets in the Deployment's namespace matching its selector and controlled by
    /// it, in key order (no adoption or release: only the controller does that).
    /// </summary>
    public static List<ReplicaSet> ListReplicaSets(ObjectStore store, Deployment d)
    {
        // The sets it controls come from the store's owner index: the same sets, in the same key order, as
        // filtering every ReplicaSet of the namespace by IsControlledBy.
        var selector = Selector.FromLabelSelector(d.Selector);
        var result = new List<ReplicaSet>();
        foreach (ReplicaSet rs in store.SetsOwnedBy("ReplicaSet", d.Metadata.Uid))
        {
            if (rs.Metadata.Namespace == d.Metadata.Namespace && selector.Matches(rs.Metadata.Labels))
            {
                result.Add(rs);
            }
        }

        return result;
    }

    /// <summary>
    /// The ReplicaSets of the Deployment's namespace that ClaimReplicaSets can act on: the ones it controls and
    /// the orphans, in key order. Every other set of the namespace has another controller and is skipped by
    /// the claim without being touched, so the claim sees the sets it would have found listing the whole
    /// namespace, in the same order, at the cost of the sets it finds (from the store's owner index).
    /// </summary>
    public static List<ReplicaSet> ClaimCandidates(ObjectStore store, Deployment d)
    {
        var ns = d.Metadata.Namespace;
        var owned = store.SetsOwnedBy("ReplicaSet", d.Metadata.Uid);
        var orphans = store.OrphanSetsIn("ReplicaSet", ns);
        var result = new List<ReplicaSet>(owned.Count + orphans.Count);
        using var o = orphans.GetEnumerator();
        bool moreOrphans = o.MoveNext();
        foreach (ReplicaSet rs in owned)
        {
            if (rs.Metadata.Namespace != ns)
            {
                continue;
            }

            // Both lists are in ordinal key order and disjoint (a set has a controller or has none): merge them.
            while (moreOrphans && string.CompareOrdinal(o.Current.Key, rs.Key) < 0)
            {
                result.Add((ReplicaSet)o.Current);
                moreOrphans = o.MoveNext();
            }

            result.Add(rs);
        }

        while (moreOrphans)
        {
            result.Add((ReplicaSet)o.Current);
            moreOrphans = o.MoveNext();
        }

        return result;
    }

    /// <summary>
    /// GetDeploymentsForReplicaSet: the Deployments whose (non-empty, valid) selector matches the
    /// ReplicaSet's labels, in key order; empty when none does or the set has no labels.
    /// </summary>
    public static List<Deployment> GetDeploymentsForReplicaSet(ObjectStore store, ReplicaSet rs)
    {
        var result = new List<Deployment>();
        if (rs.Metadata.Labels.Count == 0)
        {
            return result;
        }

        foreach (var d in store.List<Deployment>(rs.Metadata.Namespace))
        {
            Selector selector;
            try
            {
                selector = Selector.FromLabelSelector(d.Selector);
            }
            catch (FormatException)
            {
                continue;
            }

            if (selector.Empty || !selector.Matches(rs.Metadata.Labels))
            {
                continue;
            }

            result.Add(d);
        }

        return result;
    }

    /// <summary>labelsutil.CloneAndAddLabel.</summary>
    public static SortedDictionary<string, string> CloneAndAddLabel(IReadOnlyDictionary<string, string> labels, string key, string value)
    {
        var copy = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in labels)
        {
            copy[k] = v;
        }

        copy[key] = value;
        return copy;
    }

    /// <summary>labelsutil.CloneSelectorAndAddLabel: a copy of the selector with key=value added to matchLabels.</summary>
    public static LabelSelector CloneSelectorAndAddLabel(LabelSelector? selector, string key, string value)
    {
        var copy = ObjectCopies.Clone(selector) ?? new LabelSelector();
        copy.MatchLabels[key] = value;
        return copy;
    }

    /// <summary>Go's append(oldRSs, newRS): a new list, with the (possibly nil) new set last.</summary>
    public static List<ReplicaSet?> Append(IEnumerable<ReplicaSet> oldRSs, ReplicaSet? newRS)
    {
        var all = new List<ReplicaSet?>(oldRSs);
        all.Add(newRS);
        return all;
    }

    private static string PrintIgnoringHash(PodTemplateSpec template, TemplatePrints? prints)
    {
        if (prints is null)
        {
            return PrintIgnoringHash(template);
        }

        if (!prints.ByTemplate.TryGetValue(template, out var printed))
        {
            prints.ByTemplate[template] = printed = prints.StoredPrint(template) ?? PrintIgnoringHash(template);
        }

        return printed;
    }

    internal static string PrintIgnoringHashOf(PodTemplateSpec template) => PrintIgnoringHash(template);

    private static string PrintIgnoringHash(PodTemplateSpec template)
    {
        if (!template.Metadata.Labels.ContainsKey(PodTemplateHash.LabelKey))
        {
            return CanonicalPrinter.Print(template);
        }

        var copy = new PodTemplateSpec { Metadata = template.Metadata.Clone(), Spec = template.Spec };
        copy.Metadata.Labels.Remove(PodTemplateHash.LabelKey);
        return CanonicalPrinter.Print(copy);
    }
}

/// <summary>
/// The printouts EqualIgnoreHash compares, by template instance, for the span of one sync. A sync compares the
/// Deployment's template with each ReplicaSet's several times (FindNewReplicaSet from isScalingEvent, from
/// FindOldReplicaSets and from getNewReplicaSet, twice over): each template is printed once instead. Only
/// valid while none of the templates it has seen is changed in place: the deployment controller works on its
/// own copies, which it never edits in place once compared (a rollback replaces the Deployment's template with
/// a new instance), and it drops the memo at the end of each sync.
/// </summary>
public sealed class TemplatePrints
{
    // The stored objects the sync's templates were copied from (or are, when shared): owner uid, the stored
    // template instance and the owner's generation at the time.
    private readonly Dictionary<PodTemplateSpec, (string Uid, PodTemplateSpec Stored, long Generation)> _sources = new(ReferenceEqualityComparer.Instance);
    private readonly StoredTemplatePrints? _stored;

    /// <summary>Printouts for one sync.</summary>
    public TemplatePrints()
    {
    }

    /// <summary>Printouts for one sync that reuse, and add to, the printouts of stored templates kept across syncs.</summary>
    public TemplatePrints(StoredTemplatePrints stored)
    {
        _stored = stored;
    }

    internal Dictionary<PodTemplateSpec, string> ByTemplate { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Notes that <paramref name="template"/> is <paramref name="owner"/>'s stored template or a deep copy of it
    /// taken now, so it prints as the stored template does at the owner's current generation.
    /// </summary>
    public void NoteSource(PodTemplateSpec template, KubeObject owner, PodTemplateSpec stored)
    {
        if (_stored is not null)
        {
            _sources[template] = (owner.Metadata.Uid, stored, owner.Metadata.Generation);
        }
    }

    /// <summary>The printout of a template noted with <see cref="NoteSource"/>, from the stored printouts or printed and kept there; null for other templates.</summary>
    internal string? StoredPrint(PodTemplateSpec template)
    {
        if (_stored is null || !_sources.TryGetValue(template, out var source))
        {
            return null;
        }

        return _stored.Get(source.Uid, source.Stored, source.Generation, template);
    }
}

/// <summary>
/// The EqualIgnoreHash printouts of stored templates (Deployments' and ReplicaSets'), kept across syncs: every
/// sync of a Deployment compares its template with each of its ReplicaSets', and printing them again on every
/// sync (a Deployment is synced about ten times while its pods are placed, on every status change of its sets)
/// was most of the controller's allocation. A printout is reused while the owner has the same uid, the same
/// stored template instance and the same metadata.generation: a template is spec, so the API server bumps the
/// generation when it changes, and a new template replaces the instance.
/// </summary>
public sealed class StoredTemplatePrints
{
    private readonly Dictionary<string, (PodTemplateSpec Stored, long Generation, string Print)> _byUid = new(StringComparer.Ordinal);

    /// <summary>Forgets a deleted owner's printout.</summary>
    public void Forget(string uid) => _byUid.Remove(uid);

    internal string Get(string uid, PodTemplateSpec stored, long generation, PodTemplateSpec template)
    {
        if (_byUid.TryGetValue(uid, out var kept) && ReferenceEquals(kept.Stored, stored) && kept.Generation == generation)
        {
            return kept.Print;
        }

        var printed = DeploymentUtil.PrintIgnoringHashOf(template);
        _byUid[uid] = (stored, generation, printed);
        return printed;
    }
}
