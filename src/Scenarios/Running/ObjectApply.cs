using System.Text.Json.Nodes;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Scenarios.Running;

/// <summary>
/// `kubectl apply` of a changed manifest onto a live object: the fields a manifest sets replace the live
/// ones (a simplification of three-way strategic merge: fields absent from the manifest are kept).
/// Returns whether anything changed (`configured`) or not (`unchanged`).
/// </summary>
public static class ObjectApply
{
    /// <summary>Applies <paramref name="desired"/> onto <paramref name="live"/> and writes it if it changed.</summary>
    public static bool Apply(ApiServer api, KubeObject live, KubeObject desired)
    {
        // Checked before anything changes: an update the API server refuses leaves the live object as it was.
        var configMap = live is ConfigMap lc && desired is ConfigMap dc ? UpdatedConfigMap(lc, dc) : null;
        var keptChanges = live is KeptObject lk && desired is KeptObject dk ? KeptChanges(lk, dk) : [];
        bool metaChanged = MergeMap(live.Metadata.Labels, desired.Metadata.Labels) | MergeMap(live.Metadata.Annotations, desired.Metadata.Annotations);
        bool specChanged = false;
        switch (live, desired)
        {
            case (ReplicatedSet l, ReplicatedSet d):
                if (l.Replicas != d.Replicas)
                {
                    l.Replicas = d.Replicas;
                    specChanged = true;
                }

                if (l.MinReadySeconds != d.MinReadySeconds)
                {
                    l.MinReadySeconds = d.MinReadySeconds;
                    specChanged = true;
                }

                if (!SameTemplate(l.Template, d.Template))
                {
                    l.Template = d.Template.Clone();
                    Defaults.ApplyPodSpec(l.Template.Spec); // the API server defaults on update too
                    specChanged = true;
                }

                break;
            case (Deployment l, Deployment d):
                specChanged = ApplyDeployment(l, d);
                break;
            case (Service l, Service d):
                if (!SamePorts(l.Spec.Ports, d.Spec.Ports) || !SameMap(l.Spec.Selector, d.Spec.Selector) || l.Spec.Type != d.Spec.Type)
                {
                    l.Spec.Selector = d.Spec.Selector;
                    l.Spec.Type = d.Spec.Type;
                    specChanged = true;
                }

                break;
            case (PodDisruptionBudget l, PodDisruptionBudget d):
                // policy/v1 budgets' specs are mutable (since 1.15); the generation follows.
                if (l.Spec.MinAvailable != d.Spec.MinAvailable || l.Spec.MaxUnavailable != d.Spec.MaxUnavailable
                    || l.Spec.UnhealthyPodEvictionPolicy != d.Spec.UnhealthyPodEvictionPolicy || !SameSelector(l.Spec.Selector, d.Spec.Selector))
                {
                    l.Spec = new PodDisruptionBudgetSpec
                    {
                        MinAvailable = d.Spec.MinAvailable,
                        MaxUnavailable = d.Spec.MaxUnavailable,
                        UnhealthyPodEvictionPolicy = d.Spec.UnhealthyPodEvictionPolicy,
                        Selector = d.Spec.Selector,
                    };
                    specChanged = true;
                }

                break;
            case (ConfigMap l, ConfigMap) when configMap is not null:
                l.Data = configMap.Data;
                l.BinaryData = configMap.BinaryData;
                l.Immutable = configMap.Immutable;
                specChanged = true;
                break;
            case (PriorityClass l, PriorityClass d):
                specChanged = ApplyPriorityClass(api, l, d);
                break;
            case (KeptObject l, KeptObject) when keptChanges.Count > 0:
                foreach (var (key, value) in keptChanges)
                {
                    l.Content[key] = value;
                }

                specChanged = true;
                break;
            case (Node l, Node d):
                if (l.Spec.Unschedulable != d.Spec.Unschedulable || !l.Spec.Taints.SequenceEqual(d.Spec.Taints))
                {
                    l.Spec.Unschedulable = d.Spec.Unschedulable;
                    l.Spec.Taints = d.Spec.Taints.ToList();
                    specChanged = true;
                }

                break;
        }

        if (metaChanged || specChanged)
        {
            api.Update(live, specChanged);
            return true;
        }

        return false;
    }

    /// <summary>
    /// A PriorityClass update: value and preemptionPolicy are immutable (ValidatePriorityClassUpdate, Invalid);
    /// globalDefault may change unless another class is the default (the Priority admission plugin, Forbidden);
    /// description is free.
    /// </summary>
    private static bool ApplyPriorityClass(ApiServer api, PriorityClass l, PriorityClass d)
    {
        d.PreemptionPolicy ??= PriorityClasses.PreemptLowerPriority;
        var errors = Validation.ValidatePriorityClassUpdate(d, l);
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(l.Kind, l.Metadata.Name, string.Join(", ", errors));
        }

        if (l.GlobalDefault == d.GlobalDefault && l.Description == d.Description)
        {
            return false;
        }

        PriorityAdmission.ValidatePriorityClass(api.Store, d, update: true);
        l.GlobalDefault = d.GlobalDefault;
        l.Description = d.Description;
        return true;
    }

    /// <summary>
    /// The Deployment's spec fields the manifest sets; unset (null) fields keep the live value, and the selector,
    /// immutable in apps/v1, stays as it is.
    /// </summary>
    private static bool ApplyDeployment(Deployment l, Deployment d)
    {
        bool changed = false;
        if (l.Replicas != d.Replicas)
        {
            l.Replicas = d.Replicas;
            changed = true;
        }

        if (l.MinReadySeconds != d.MinReadySeconds)
        {
            l.MinReadySeconds = d.MinReadySeconds;
            changed = true;
        }

        if (l.Paused != d.Paused)
        {
            l.Paused = d.Paused;
            changed = true;
        }

        if (d.RevisionHistoryLimit is { } limit && l.RevisionHistoryLimit != limit)
        {
            l.RevisionHistoryLimit = limit;
            changed = true;
        }

        if (d.ProgressDeadlineSeconds is { } deadline && l.ProgressDeadlineSeconds != deadline)
        {
            l.ProgressDeadlineSeconds = deadline;
            changed = true;
        }

        if (l.Strategy.Type != d.Strategy.Type)
        {
            l.Strategy = new DeploymentStrategy { Type = d.Strategy.Type, RollingUpdate = d.Strategy.RollingUpdate };
            changed = true;
        }
        else if (d.Strategy.RollingUpdate is { } ru)
        {
            var live = l.Strategy.RollingUpdate ??= new RollingUpdateDeployment();
            if (ru.MaxSurge is { } surge && live.MaxSurge != surge)
            {
                live.MaxSurge = surge;
                changed = true;
            }

            if (ru.MaxUnavailable is { } unavailable && live.MaxUnavailable != unavailable)
            {
                live.MaxUnavailable = unavailable;
                changed = true;
            }
        }

        if (!SameTemplate(l.Template, d.Template))
        {
            l.Template = d.Template.Clone();
            Defaults.ApplyPodSpec(l.Template.Spec); // the API server defaults on update too
            changed = true;
        }

        return changed;
    }

    /// <summary>
    /// A ConfigMap's data and binaryData keys the manifest sets replace the live values (keys it leaves out stay, as for
    /// labels), and a given immutable replaces the live one: the updated copy, or null when nothing changes. It must pass
    /// ValidateConfigMapUpdate (an immutable ConfigMap refuses any change of its data), else the API server's Invalid error.
    /// </summary>
    private static ConfigMap? UpdatedConfigMap(ConfigMap l, ConfigMap d)
    {
        var updated = new ConfigMap
        {
            Metadata = l.Metadata,
            Data = new SortedDictionary<string, string>(l.Data, StringComparer.Ordinal),
            BinaryData = new SortedDictionary<string, string>(l.BinaryData, StringComparer.Ordinal),
            Immutable = d.Immutable ?? l.Immutable,
        };
        bool changed = MergeMap(updated.Data, d.Data) | MergeMap(updated.BinaryData, d.BinaryData) | updated.Immutable != l.Immutable;
        if (!changed)
        {
            return null;
        }

        var errors = Validation.ValidateConfigMapUpdate(updated, l);
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(l.Kind, l.Metadata.Name, string.Join(", ", errors));
        }

        return updated;
    }

    /// <summary>
    /// A kept object's top-level fields the manifest sets that differ from the live ones (they replace them whole). An
    /// immutable Secret refuses a change of its data or of immutable itself, as ValidateSecretUpdate does.
    /// </summary>
    private static List<(string Key, JsonNode? Value)> KeptChanges(KeptObject l, KeptObject d)
    {
        var changes = d.Content.Where(kv => !l.Content.TryGetPropertyValue(kv.Key, out var old) || !JsonNode.DeepEquals(old, kv.Value))
            .Select(kv => (kv.Key, kv.Value?.DeepClone())).ToList();
        if (l.Kind == "Secret" && l.NodeAt("immutable") is JsonValue v && v.TryGetValue<bool>(out bool immutable) && immutable)
        {
            var errors = changes.Where(c => c.Key is "data" or "immutable").Select(c => c.Key + ": Forbidden: field is immutable when `immutable` is set").ToList();
            if (errors.Count > 0)
            {
                throw ApiException.Invalid(l.Kind, l.Metadata.Name, string.Join(", ", errors));
            }
        }

        return changes;
    }

    private static bool MergeMap(SortedDictionary<string, string> live, SortedDictionary<string, string> desired)
    {
        bool changed = false;
        foreach (var (k, v) in desired)
        {
            if (!live.TryGetValue(k, out var old) || old != v)
            {
                live[k] = v;
                changed = true;
            }
        }

        return changed;
    }

    private static bool SameMap(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || b is null || a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value));

    private static bool SamePorts(List<ServicePort> a, List<ServicePort> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Port == p.Second.Port && p.First.Name == p.Second.Name
            && (p.Second.NodePort == 0 || p.First.NodePort == p.Second.NodePort));

    private static bool SameTemplate(PodTemplateSpec a, PodTemplateSpec b) =>
        SameMap(a.Metadata.Labels, b.Metadata.Labels)
        && a.Spec.Containers.Count == b.Spec.Containers.Count
        && a.Spec.Containers.Zip(b.Spec.Containers).All(c => c.First.Name == c.Second.Name && c.First.Image == c.Second.Image
            && SameResources(c.First.Resources.Requests, c.Second.Resources.Requests) && SameResources(c.First.Resources.Limits, c.Second.Resources.Limits));

    private static bool SameResources(SortedDictionary<string, Quantity> a, SortedDictionary<string, Quantity> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var q) && q.Equals(kv.Value));

    private static bool SameSelector(LabelSelector? a, LabelSelector? b) =>
        a is null || b is null
            ? a is null && b is null
            : SameMap(a.MatchLabels, b.MatchLabels) && a.MatchExpressions.SequenceEqual(b.MatchExpressions);
}
