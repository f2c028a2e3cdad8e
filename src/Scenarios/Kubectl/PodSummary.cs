using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// The READY, STATUS and RESTARTS cells of a pod row, computed as pkg/printers/internalversion printPod
/// does: the status is the phase (or status.reason), overridden by the first failing or waiting init
/// container ("Init:0/1", "Init:CrashLoopBackOff", "Init:ExitCode:1"), then by the waiting or terminated
/// reason of the first container that has one ("ContainerCreating", "CrashLoopBackOff", "OOMKilled",
/// "Completed", "ExitCode:1"), and finally by "Terminating" (or "Unknown" for a NodeLost pod) while a
/// deletion is pending.
/// </summary>
internal static class PodSummary
{
    /// <summary>The cells of <paramref name="pod"/>'s row.</summary>
    /// <param name="initStatuses">Init container statuses. PodStatus does not model them yet, so callers pass an empty list.</param>
    public static (string Ready, string Status, string Restarts) Compute(ClusterView view, Pod pod, IReadOnlyList<ContainerStatus> initStatuses)
    {
        int restarts = 0;
        int totalContainers = pod.Spec.Containers.Count;
        int readyContainers = 0;
        TimeSpan? lastRestartDate = null;

        var podPhase = pod.Status.Phase;
        var reason = podPhase;
        if (!string.IsNullOrEmpty(pod.Status.Reason))
        {
            reason = pod.Status.Reason;
        }

        foreach (var condition in pod.Status.Conditions)
        {
            if (condition.Type == "PodScheduled" && condition.Reason == "SchedulingGated")
            {
                reason = "SchedulingGated";
            }
        }

        // Init containers with restartPolicy Always (sidecars) are not modelled: none is restartable.
        bool initializing = false;
        for (int i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            restarts += container.RestartCount;
            if (container.LastTerminationState is { IsTerminated: true, FinishedAt: { } finished } && (lastRestartDate is null || lastRestartDate < finished))
            {
                lastRestartDate = finished;
            }

            var state = container.State;
            if (state.IsTerminated && state.ExitCode == 0)
            {
                continue;
            }

            if (state.IsTerminated)
            {
                reason = string.IsNullOrEmpty(state.Reason) ? "Init:ExitCode:" + KubectlFormat.Int(state.ExitCode) : "Init:" + state.Reason;
            }
            else if (state.IsWaiting && !string.IsNullOrEmpty(state.Reason) && state.Reason != "PodInitializing")
            {
                reason = "Init:" + state.Reason;
            }
            else
            {
                reason = "Init:" + KubectlFormat.Int(i) + "/" + KubectlFormat.Int(pod.Spec.InitContainers.Count);
            }

            initializing = true;
            break;
        }

        if (!initializing || IsConditionTrue(pod, "Initialized"))
        {
            // Restartable init container restarts would be carried over here; there are none.
            restarts = 0;
            lastRestartDate = null;
            bool hasRunning = false;
            for (int i = pod.Status.ContainerStatuses.Count - 1; i >= 0; i--)
            {
                var container = pod.Status.ContainerStatuses[i];
                restarts += container.RestartCount;
                if (container.LastTerminationState is { IsTerminated: true, FinishedAt: { } finished } && (lastRestartDate is null || lastRestartDate < finished))
                {
                    lastRestartDate = finished;
                }

                var state = container.State;
                if (state.IsWaiting && !string.IsNullOrEmpty(state.Reason))
                {
                    reason = state.Reason;
                }
                else if (state.IsTerminated && !string.IsNullOrEmpty(state.Reason))
                {
                    reason = state.Reason;
                }
                else if (state.IsTerminated)
                {
                    reason = "ExitCode:" + KubectlFormat.Int(state.ExitCode);
                }
                else if (container.Ready && state.IsRunning)
                {
                    hasRunning = true;
                    readyContainers++;
                }
            }

            // A pod whose other containers still run is Running (or NotReady), not Completed.
            if (reason == "Completed" && hasRunning)
            {
                reason = IsConditionTrue(pod, "Ready") ? "Running" : "NotReady";
            }
        }

        if (pod.Metadata.DeletionTimestamp is not null && pod.Status.Reason == KubectlFormat.NodeUnreachablePodReason)
        {
            reason = "Unknown";
        }
        else if (pod.Metadata.DeletionTimestamp is not null && podPhase is not ("Succeeded" or "Failed"))
        {
            reason = "Terminating";
        }

        var restartsText = KubectlFormat.Int(restarts);
        if (restarts != 0 && lastRestartDate is { } last)
        {
            restartsText += " (" + KubectlFormat.Age(view, last) + " ago)";
        }

        return (KubectlFormat.Int(readyContainers) + "/" + KubectlFormat.Int(totalContainers), reason, restartsText);
    }

    private static bool IsConditionTrue(Pod pod, string type)
    {
        foreach (var c in pod.Status.Conditions)
        {
            if (c.Type == type)
            {
                return c.Status == "True";
            }
        }

        return false;
    }
}
