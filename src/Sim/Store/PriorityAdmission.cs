using System.Globalization;
using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Store;

/// <summary>
/// The Priority admission plugin (plugin/pkg/admission/priority/admission.go): on pod create it resolves
/// spec.priority and spec.preemptionPolicy from spec.priorityClassName, or from the global default class (0 and
/// PreemptLowerPriority without one), and refuses an unknown class; on PriorityClass create or update it keeps the
/// global default unique. Every pod goes through it, those controllers create from templates included.
/// </summary>
public static class PriorityAdmission
{
    /// <summary>The qualified resource of PriorityClasses in the API server's messages.</summary>
    public const string PriorityClassResource = "priorityclasses.scheduling.k8s.io";

    /// <summary>admission.go admitPod for a create: fills priority (and preemptionPolicy) or throws Forbidden.</summary>
    public static void AdmitPod(ObjectStore store, Pod pod)
    {
        int priority;
        string? preemptionPolicy;
        var className = pod.Spec.PriorityClassName;
        if (string.IsNullOrEmpty(className))
        {
            // getDefaultPriority
            if (DefaultPriorityClass(store) is { } dpc)
            {
                pod.Spec.PriorityClassName = dpc.Metadata.Name;
                priority = dpc.Value;
                preemptionPolicy = dpc.PreemptionPolicy;
            }
            else
            {
                priority = PriorityClasses.DefaultPriorityWhenNoDefaultClassExists;
                preemptionPolicy = PriorityClasses.PreemptLowerPriority;
            }
        }
        else
        {
            if (store.Get("PriorityClass", className) is not PriorityClass pc)
            {
                throw Forbidden(pod, $"no PriorityClass with name {className} was found");
            }

            priority = pc.Value;
            preemptionPolicy = pc.PreemptionPolicy;
        }

        // if the pod contained a priority that differs from the one computed from the priority class, error
        if (pod.Spec.Priority is { } given && given != priority)
        {
            throw Forbidden(pod, string.Create(CultureInfo.InvariantCulture, $"the integer value of priority ({given}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name"));
        }

        pod.Spec.Priority = priority;
        if (preemptionPolicy is not null)
        {
            if (pod.Spec.PreemptionPolicy is { } policy && policy != preemptionPolicy)
            {
                throw Forbidden(pod, $"the string value of PreemptionPolicy ({policy}) must not be provided in pod spec; priority admission controller computed {preemptionPolicy} from the given PriorityClass name");
            }

            pod.Spec.PreemptionPolicy = preemptionPolicy;
        }
    }

    /// <summary>
    /// admission.go getDefaultPriorityClass: the class marked globalDefault, the lowest value if a race made
    /// several (ties: the first in name order, as the lister lists them here), or null.
    /// </summary>
    public static PriorityClass? DefaultPriorityClass(ObjectStore store)
    {
        PriorityClass? result = null;
        foreach (var obj in store.List("PriorityClass", null))
        {
            if (obj is PriorityClass { GlobalDefault: true } pc && (result is null || result.Value > pc.Value))
            {
                result = pc;
            }
        }

        return result;
    }

    /// <summary>
    /// admission.go validatePriorityClass: a class marked globalDefault is refused while another one is the default
    /// (on create always, on update when the default is another class).
    /// </summary>
    public static void ValidatePriorityClass(ObjectStore store, PriorityClass pc, bool update)
    {
        if (!pc.GlobalDefault || DefaultPriorityClass(store) is not { } dpc)
        {
            return;
        }

        if (!update || dpc.Metadata.Name != pc.Metadata.Name)
        {
            throw ApiException.Forbidden(PriorityClassResource, pc.Metadata.Name, $"PriorityClass {dpc.Metadata.Name} is already marked as default. Only one default can exist");
        }
    }

    /// <summary>admission.NewForbidden for a pod: named by its name, or its generateName before the name is generated (extractResourceName).</summary>
    private static ApiException Forbidden(Pod pod, string reason)
    {
        var meta = pod.Metadata;
        var name = meta.Name.Length > 0 ? meta.Name : !string.IsNullOrEmpty(meta.GenerateName) ? meta.GenerateName : "Unknown";
        return ApiException.Forbidden("pods", name, reason);
    }
}
