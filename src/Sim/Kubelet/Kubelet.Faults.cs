using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Kubelet;

/// <summary>
/// What faults do to a kubelet. A crash stops the node: every container dies, heartbeats stop, the
/// kubelet forgets its pods and the node's image cache (it comes back as an empty machine). A
/// disconnection (`kubelet-stop`) is a partition: containers keep running, but nothing the kubelet does
/// reaches the API server and nothing the API server does reaches the kubelet, until it reconnects and
/// resynchronizes, as a kubelet does when its watch comes back.
/// </summary>
public sealed partial class Kubelet
{
    /// <summary>node-crash: the node and its containers stop. Returns false when it was already down.</summary>
    public bool Crash()
    {
        if (State == KubeletState.Crashed)
        {
            return false;
        }

        State = KubeletState.Crashed;
        StopRenewals();
        foreach (var runtime in _pods.Values)
        {
            runtime.Generation++;
        }

        _pods.Clear();
        _usedIps.Clear();
        _imagePresentSince.Clear();
        _pullerBusyUntil = _kernel.Now;
        return true;
    }

    /// <summary>The machine is gone for good (its cloud instance was deleted by the Cluster Autoscaler): it stays down.</summary>
    public bool Terminated { get; private set; }

    /// <summary>The cloud deletes the instance: the node stops as in a crash and never recovers.</summary>
    public void Terminate()
    {
        Crash();
        Terminated = true;
    }

    /// <summary>
    /// node-recover: the machine boots again, empty. The kubelet re-registers (posts Ready, renews its
    /// lease) and syncs the pods still bound to it: ones deleted meanwhile are confirmed gone, the rest
    /// are started again from scratch. Returns false when the node was not down.
    /// </summary>
    public bool Recover()
    {
        if (State != KubeletState.Crashed || Terminated)
        {
            return false;
        }

        State = KubeletState.Running;
        ReRegister();
        foreach (var pod in _api.Store.PodsOnNode(NodeName).ToList())
        {
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                _api.Remove(pod);
            }
            else if (!PodUtil.IsTerminal(pod))
            {
                // The containers died with the machine: each restarts, and counts a restart.
                foreach (var cs in pod.Status.ContainerStatuses)
                {
                    cs.RestartCount++;
                    cs.Ready = false;
                    cs.LastTerminationState = ContainerState.Terminated("Unknown", 255, cs.State.StartedAt, _kernel.Now, "The container could not be located when the pod was terminated");
                }

                var runtime = new PodRuntime(pod);
                _pods[pod.Key] = runtime;
                _kernel.ScheduleIn(TimeSpan.Zero, () => StartPod(runtime));
            }
        }

        return true;
    }

    /// <summary>kubelet-stop: cut the kubelet off from the API server. Returns false when it was not running.</summary>
    public bool Disconnect()
    {
        if (State != KubeletState.Running)
        {
            return false;
        }

        State = KubeletState.Disconnected;
        StopRenewals();
        foreach (var runtime in _pods.Values)
        {
            runtime.Shadow = CloneStatus(runtime.Pod.Status);
        }

        return true;
    }

    /// <summary>
    /// kubelet-start: the connection is back. The kubelet heartbeats at once, writes the status it kept,
    /// stops pods that were deleted meanwhile and starts pods bound to it meanwhile. Returns false when it
    /// was not cut off.
    /// </summary>
    public bool Reconnect()
    {
        if (State != KubeletState.Disconnected)
        {
            return false;
        }

        State = KubeletState.Running;
        ReRegister();
        foreach (var runtime in _pods.Values.ToList())
        {
            var stored = _api.Store.Get("Pod", runtime.Pod.Key);
            var shadow = runtime.Shadow;
            runtime.Shadow = null;
            if (stored != runtime.Pod)
            {
                // Removed (force-deleted) while cut off: stop the containers and forget the pod.
                runtime.Generation++;
                _pods.Remove(runtime.Pod.Key);
                ReleaseIp(runtime.Pod.Status.PodIP);
                continue;
            }

            if (shadow is not null)
            {
                CopyKubeletOwnedStatus(shadow, runtime.Pod.Status);
            }

            if (runtime.Pod.Metadata.DeletionTimestamp is not null)
            {
                runtime.Killing = true;
                _kernel.ScheduleIn(TimeSpan.Zero, () => KillPod(runtime));
            }
            else
            {
                RefreshPodStatus(runtime);
            }
        }

        foreach (var pod in _api.Store.PodsOnNode(NodeName).ToList())
        {
            if (!_pods.ContainsKey(pod.Key))
            {
                OnPodChange(WatchEventType.Added, pod);
            }
        }

        return true;
    }

    private void ReRegister()
    {
        RenewLease();
        ResumeRenewals();
        SyncNodeStatus(force: true);
        if (_fastPaths && !_statusLiteral)
        {
            // The status loop stopped while the kubelet was down or cut off (its ticks could not post); it goes on
            // from the next grid tick. The literal loop's tick at this very instant, if any, would post nothing:
            // whether it ran before or after this, the status was just posted.
            _statusGeneration++;
            ScheduleStatus(NextStatusTick(_kernel.NowTicks, inclusive: false));
        }
    }

    /// <summary>The fields of a pod's status the kubelet owns (phase, IPs, container states, kubelet conditions).</summary>
    private static void CopyKubeletOwnedStatus(PodStatus from, PodStatus to)
    {
        to.Phase = from.Phase;
        to.HostIP = from.HostIP;
        to.PodIP = from.PodIP;
        to.StartTime = from.StartTime;
        to.ContainerStatuses = from.ContainerStatuses;
        foreach (var c in from.Conditions.Where(c => c.Type != "PodScheduled"))
        {
            to.SetCondition(c.Type, c.Status, c.LastTransitionTime, c.Reason, c.Message);
        }
    }

    private static PodStatus CloneStatus(PodStatus s) => new()
    {
        Phase = s.Phase,
        Reason = s.Reason,
        Message = s.Message,
        HostIP = s.HostIP,
        PodIP = s.PodIP,
        StartTime = s.StartTime,
        QosClass = s.QosClass,
        Conditions = s.Conditions.Select(c => new PodCondition { Type = c.Type, Status = c.Status, LastTransitionTime = c.LastTransitionTime, LastProbeTime = c.LastProbeTime, Reason = c.Reason, Message = c.Message }).ToList(),
        ContainerStatuses = s.ContainerStatuses.Select(c => new ContainerStatus
        {
            Name = c.Name,
            Image = c.Image,
            ImageId = c.ImageId,
            ContainerId = c.ContainerId,
            Ready = c.Ready,
            Started = c.Started,
            RestartCount = c.RestartCount,
            State = c.State,
            LastTerminationState = c.LastTerminationState,
        }).ToList(),
    };
}
