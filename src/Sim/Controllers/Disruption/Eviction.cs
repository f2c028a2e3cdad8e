using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.NodeLifecycle;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Controllers.Disruption;

/// <summary>What the eviction subresource answered: the HTTP code and, for a refusal, the status message and its cause.</summary>
/// <param name="Code">200 when the pod is being deleted; 429 while a budget allows no disruption; 404 for a missing pod; 500 for a pod under several budgets.</param>
/// <param name="Message">The Status message (what kubectl prints), empty on success.</param>
/// <param name="Cause">The DisruptionBudget cause of a 429, or null.</param>
public sealed record EvictionResult(int Code, string Message, string? Cause = null)
{
    public bool Succeeded => Code == 200;

    public bool TooManyRequests => Code == 429;

    public bool NotFound => Code == 404;
}

/// <summary>
/// The pods/eviction subresource of the API server (pkg/registry/core/pod/storage/eviction.go EvictionREST.Create):
/// a pod that is terminal, Pending or already being deleted is deleted without looking at budgets; a pod under
/// more than one budget is refused (500); under one budget it is deleted only if checkAndDecrement succeeds, which
/// takes one disruption from the budget's status and notes the pod in disruptedPods (a status write), or if it is
/// not Ready and the budget can spare it (unhealthyPodEvictionPolicy). Deleting sets the pod's DisruptionTarget
/// condition (EvictionByEvictionAPI), then deletes it gracefully. The API server has no retries to model: one
/// request is one decision at one instant.
/// </summary>
public sealed class Eviction(Kernel kernel, ApiServer api, DisruptionController disruption)
{
    /// <summary>eviction.go MaxDisruptedPodSize: more unconfirmed evictions than this refuse further ones.</summary>
    public const int MaxDisruptedPodSize = 2000;

    /// <summary>The 429 message of an eviction a budget refuses.</summary>
    public const string ViolatesBudgetMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

    /// <summary>
    /// Evicts <paramref name="pod"/> (looked up again by namespace and name, as the request names it), with the
    /// delete's grace period when given (the pod's terminationGracePeriodSeconds otherwise).
    /// </summary>
    public EvictionResult Evict(string ns, string name, long? gracePeriodSeconds = null)
    {
        if (api.Store.Get("Pod", ns + "/" + name) is not Pod pod)
        {
            return new EvictionResult(404, $"pods \"{name}\" not found");
        }

        if (CanIgnorePdb(pod))
        {
            api.Delete(pod, gracePeriodSeconds);
            return new EvictionResult(200, "");
        }

        var pdbs = disruption.BudgetsFor(pod);
        if (pdbs.Count > 1)
        {
            return new EvictionResult(500, "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        }

        if (pdbs.Count == 1)
        {
            var pdb = pdbs[0];
            bool spareUnhealthy = !PodUtil.IsReady(pod)
                && (pdb.Spec.UnhealthyPodEvictionPolicy == PodDisruptionBudgetConstants.AlwaysAllow
                    || (pdb.Status.CurrentHealthy >= pdb.Status.DesiredHealthy && pdb.Status.DesiredHealthy > 0));
            if (!spareUnhealthy && CheckAndDecrement(pod.Metadata.Name, pdb) is { } refused)
            {
                return refused;
            }
        }

        AddConditionAndDeletePod(pod, gracePeriodSeconds);
        return new EvictionResult(200, "");
    }

    /// <summary>eviction.go canIgnorePDB: terminal, Pending, or already being deleted.</summary>
    internal static bool CanIgnorePdb(Pod pod) =>
        pod.Status.Phase is "Succeeded" or "Failed" or "Pending" || pod.Metadata.DeletionTimestamp is not null;

    /// <summary>eviction.go checkAndDecrement: null when one disruption was taken (and the status written), else the refusal.</summary>
    private EvictionResult? CheckAndDecrement(string podName, PodDisruptionBudget pdb)
    {
        var status = pdb.Status;
        if (status.ObservedGeneration < pdb.Metadata.Generation)
        {
            return new EvictionResult(429, ViolatesBudgetMessage, $"The disruption budget {pdb.Metadata.Name} is still being processed by the server.");
        }

        if (status.DisruptionsAllowed < 0)
        {
            return new EvictionResult(403, $"poddisruptionbudgets.policy \"{pdb.Metadata.Name}\" is forbidden: pdb disruptions allowed is negative");
        }

        if (status.DisruptedPods.Count > MaxDisruptedPodSize)
        {
            return new EvictionResult(403, $"poddisruptionbudgets.policy \"{pdb.Metadata.Name}\" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller");
        }

        if (status.DisruptionsAllowed == 0)
        {
            return new EvictionResult(429, ViolatesBudgetMessage, $"The disruption budget {pdb.Metadata.Name} needs {status.DesiredHealthy} healthy pods and has {status.CurrentHealthy} currently");
        }

        status.DisruptionsAllowed--;
        if (status.DisruptionsAllowed == 0)
        {
            DisruptionConditions.UpdateDisruptionAllowed(pdb, kernel.Now);
        }

        status.DisruptedPods[podName] = kernel.Now;
        api.Update(pdb);
        return null;
    }

    /// <summary>eviction.go addConditionAndDeletePod: the DisruptionTarget condition (a status write when it changes), then the graceful delete.</summary>
    private void AddConditionAndDeletePod(Pod pod, long? gracePeriodSeconds) =>
        PodConditionUtil.AddDisruptionTargetAndDelete(api, pod, "EvictionByEvictionAPI", "Eviction API: evicting", kernel.Now, gracePeriodSeconds);
}
