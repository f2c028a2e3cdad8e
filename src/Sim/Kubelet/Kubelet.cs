using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Store;

namespace ClusterSim.Sim.Kubelet;

/// <summary>
/// One node's kubelet: runs the pods bound to its node through simulated containers. It pulls images
/// (serialized per node, as kubelet's default serializeImagePulls), creates and starts containers,
/// marks them ready (readinessProbe timing, or the image's readyAfter), crashes and OOM-kills them as the
/// image behaviour says, restarts them with CrashLoopBackOff, and stops them when the pod is deleted,
/// then removes the pod from the API server. Pod phase, conditions and container states follow the
/// kubelet's status generation (pkg/kubelet/kubelet_pods.go getPhase, generateAPIPodStatus).
/// </summary>
public sealed partial class Kubelet
{
    /// <summary>How long after start a container whose working set exceeds its memory limit is OOM-killed (a simulator choice; documented in the README).</summary>
    public static readonly TimeSpan OomDelay = TimeSpan.FromSeconds(1);

    /// <summary>How long a pull of an image already on the node takes under imagePullPolicy Always (a registry manifest check).</summary>
    public static readonly TimeSpan RegistryCheckTime = TimeSpan.FromSeconds(1);

    /// <summary>How long simulated containers take to exit on SIGTERM, capped by the grace period.</summary>
    public static readonly TimeSpan StopTime = TimeSpan.FromSeconds(1);

    private readonly Kernel _kernel;
    private readonly ApiServer _api;
    private readonly EventRecorder _events;
    private readonly ImageCatalog _images;
    private readonly string _podCidrPrefix;
    private readonly ControlPlaneConfig _config;
    private readonly HeartbeatGrids? _grids;
    private readonly RandomStream _random;
    private readonly SortedDictionary<string, PodRuntime> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _imagePresentSince = new(StringComparer.Ordinal);

    // Image digest references by image, as the runtime reports them (see CachedImageId).
    private readonly Dictionary<string, string> _imageIds = new(StringComparer.Ordinal);

    private readonly HashSet<int> _usedIps = [];
    private TimeSpan _pullerBusyUntil;
    private int _nextIp = 2;

    /// <summary>
    /// A kubelet for <paramref name="nodeName"/>. It does not watch the store itself: the cluster routes
    /// each pod change to the kubelet of the pod's node (<see cref="OnPodChange"/>), so a pod write costs
    /// O(1) kubelets, not O(nodes).
    /// </summary>
    /// <param name="fastPaths">False keeps the literal node status loop (a kernel event every nodeStatusUpdateFrequency); see <see cref="Cluster.FastPaths"/>.</param>
    /// <param name="grids">The phases of the cluster's heartbeat loops, shared by its kubelets (fast paths only; see <see cref="HeartbeatGrids"/>).</param>
    public Kubelet(string nodeName, string nodeIp, string podCidrPrefix, Kernel kernel, ApiServer api, EventRecorder events, ImageCatalog images, ControlPlaneConfig config, RandomStream random, bool fastPaths = true, HeartbeatGrids? grids = null)
    {
        _fastPaths = fastPaths;
        _grids = grids;
        NodeName = nodeName;
        NodeIp = nodeIp;
        _podCidrPrefix = podCidrPrefix;
        _kernel = kernel;
        _api = api;
        _events = events;
        _images = images;
        _config = config;
        _random = random;
    }

    /// <summary>The node this kubelet runs.</summary>
    public string NodeName { get; }

    /// <summary>The node's InternalIP.</summary>
    public string NodeIp { get; }

    /// <summary>Number of pods this kubelet is running or stopping.</summary>
    public int PodCount => _pods.Count;

    /// <summary>Reacts to pods bound to this node: start new ones, stop ones being deleted, forget removed ones. Ignored while the kubelet is down or cut off.</summary>
    public void OnPodChange(WatchEventType type, Pod pod)
    {
        if (State != KubeletState.Running)
        {
            return;
        }

        var key = pod.Key;
        if (type == WatchEventType.Deleted)
        {
            if (_pods.Remove(key, out var gone))
            {
                gone.Generation++;
                ReleaseIp(pod.Status.PodIP);
            }

            return;
        }

        if (!_pods.TryGetValue(key, out var runtime))
        {
            if (pod.Metadata.DeletionTimestamp is null && !PodUtil.IsTerminal(pod))
            {
                runtime = new PodRuntime(pod);
                _pods[key] = runtime;
                // Watch handlers do not write: the pod worker starts the pod in its own event.
                _kernel.ScheduleIn(TimeSpan.Zero, () => StartPod(runtime));
            }
            else if (pod.Metadata.DeletionTimestamp is not null)
            {
                _kernel.ScheduleIn(TimeSpan.Zero, () => _api.Remove(pod));
            }

            return;
        }

        if (pod.Metadata.DeletionTimestamp is not null && !runtime.Killing)
        {
            runtime.Killing = true;
            _kernel.ScheduleIn(TimeSpan.Zero, () => KillPod(runtime));
        }
    }

    private void StartPod(PodRuntime runtime)
    {
        var pod = runtime.Pod;
        if (runtime.Killing || !_pods.ContainsKey(runtime.Key))
        {
            return;
        }

        var now = _kernel.Now;
        var status = runtime.Status;
        status.HostIP = NodeIp;
        status.PodIP = AllocateIp();
        status.StartTime = now;
        status.SetCondition("PodReadyToStartContainers", "True", now);
        status.SetCondition("Initialized", "True", now);
        status.ContainerStatuses.Clear();
        for (int i = 0; i < pod.Spec.Containers.Count; i++)
        {
            var c = pod.Spec.Containers[i];
            runtime.Containers.Add(new ContainerRuntime(i, c, _images.For(c.Image)));
            status.ContainerStatuses.Add(new ContainerStatus { Name = c.Name, Image = c.Image, State = ContainerState.Waiting("ContainerCreating") });
        }

        RefreshPodStatus(runtime);
        foreach (var container in runtime.Containers)
        {
            PullThenStart(runtime, container);
        }
    }

    private void PullThenStart(PodRuntime runtime, ContainerRuntime container)
    {
        var pod = runtime.Pod;
        var image = container.Spec.Image;
        var now = _kernel.Now;
        bool present = _imagePresentSince.TryGetValue(image, out var since) && since <= now;
        var policy = container.Spec.ImagePullPolicy;
        if (policy == "Never" && !present)
        {
            SetState(runtime, container, ContainerState.Waiting("ErrImageNeverPull", $"Container image \"{image}\" is not present with pull policy of Never"));
            _events.Warning(pod, "ErrImageNeverPull", $"Container image \"{image}\" is not present with pull policy of Never", "kubelet", NodeName);
            return;
        }

        if (present && policy != "Always")
        {
            _events.Normal(pod, "Pulled", $"Container image \"{image}\" already present on machine", "kubelet", NodeName);
            CreateContainer(runtime, container, runtime.Generation);
            return;
        }

        // Pulls are serialized on a node (serializeImagePulls=true): wait for the puller, then pull. A pull
        // queued behind another pull of the same image finds its layers already there: a registry check.
        bool arriving = _imagePresentSince.TryGetValue(image, out var arrival) && arrival > now;
        var pullTime = present || arriving ? RegistryCheckTime : container.Behavior.PullTime;
        var start = _pullerBusyUntil > now ? _pullerBusyUntil : now;
        var done = start + pullTime;
        _pullerBusyUntil = done;
        _imagePresentSince.TryAdd(image, done);
        int generation = runtime.Generation;
        _kernel.ScheduleAt(start, () =>
        {
            if (runtime.Generation == generation)
            {
                _events.Normal(pod, "Pulling", $"Pulling image \"{image}\"", "kubelet", NodeName);
            }
        });
        _kernel.ScheduleAt(done, () =>
        {
            // A crash meanwhile wiped the image cache (and this pull with it).
            if (_imagePresentSince.TryGetValue(image, out var since) && since == done)
            {
                RecordImageOnNode(image, container.Behavior.SizeBytes);
            }

            if (runtime.Generation != generation)
            {
                return;
            }

            var took = FormatGoDuration(pullTime);
            var waited = FormatGoDuration(done - now);
            _events.Normal(pod, "Pulled", string.Create(CultureInfo.InvariantCulture, $"Successfully pulled image \"{image}\" in {took} ({waited} including waiting). Image size: {container.Behavior.SizeBytes} bytes."), "kubelet", NodeName);
            CreateContainer(runtime, container, generation);
        });
    }

    private void CreateContainer(PodRuntime runtime, ContainerRuntime container, int generation)
    {
        if (runtime.Generation != generation)
        {
            return;
        }

        var pod = runtime.Pod;
        int incarnation = ++container.Incarnation;
        _events.Normal(pod, "Created", "Created container " + container.Spec.Name, "kubelet", NodeName);
        _kernel.ScheduleIn(container.Behavior.StartTime, () =>
        {
            if (runtime.Generation != generation || container.Incarnation != incarnation)
            {
                return;
            }

            var now = _kernel.Now;
            container.StartedAt = now;
            var cs = runtime.Status.ContainerStatuses[container.Index];
            cs.Started = true;
            cs.ContainerId = "containerd://" + Sha256Hex($"{pod.Metadata.Uid}/{container.Spec.Name}/{incarnation}");
            cs.ImageId = CachedImageId(container.Spec.Image);
            SetState(runtime, container, ContainerState.Running(now));
            _events.Normal(pod, "Started", "Started container " + container.Spec.Name, "kubelet", NodeName);
            ScheduleReadiness(runtime, container, generation, incarnation);
            ScheduleFailure(runtime, container, generation, incarnation);
        });
    }

    private void ScheduleReadiness(PodRuntime runtime, ContainerRuntime container, int generation, int incarnation)
    {
        var probe = container.Spec.ReadinessProbe;
        TimeSpan delay;
        if (probe is not null)
        {
            // prober worker: probes every periodSeconds from container start; results before initialDelaySeconds keep the initial Failure.
            long period = Math.Max(1, probe.PeriodSeconds);
            long ticks = (probe.InitialDelaySeconds + period - 1) / period;
            delay = TimeSpan.FromSeconds(ticks * period * Math.Max(1, probe.SuccessThreshold));
        }
        else
        {
            delay = container.Behavior.ReadyAfter;
        }

        if (delay == TimeSpan.MaxValue)
        {
            return; // images.*.readyAfter: never — the container runs but never becomes ready
        }

        _kernel.ScheduleIn(delay, () =>
        {
            if (runtime.Generation != generation || container.Incarnation != incarnation)
            {
                return;
            }

            runtime.Status.ContainerStatuses[container.Index].Ready = true;
            RefreshPodStatus(runtime);
        });
    }

    private void ScheduleFailure(PodRuntime runtime, ContainerRuntime container, int generation, int incarnation)
    {
        var behavior = container.Behavior;
        bool oom = container.Spec.Resources.Limits.TryGetValue(ResourceNames.Memory, out var limit)
            && behavior.Memory.CompareTo(limit) > 0;
        TimeSpan? when = oom ? OomDelay : behavior.CrashAfter;
        if (when is null)
        {
            return;
        }

        _kernel.ScheduleIn(when.Value, () =>
        {
            if (runtime.Generation != generation || container.Incarnation != incarnation)
            {
                return;
            }

            ContainerExited(runtime, container, oom ? "OOMKilled" : "Error", oom ? 137 : 1);
        });
    }

    private void ContainerExited(PodRuntime runtime, ContainerRuntime container, string reason, int exitCode)
    {
        var now = _kernel.Now;
        var pod = runtime.Pod;
        var cs = runtime.Status.ContainerStatuses[container.Index];
        container.Incarnation++;
        container.FinishedAt = now;
        cs.Ready = false;
        cs.Started = false;
        var terminated = ContainerState.Terminated(reason, exitCode, container.StartedAt, now);
        cs.State = terminated;
        RefreshPodStatus(runtime);

        bool restart = pod.Spec.RestartPolicy == "Always" || (pod.Spec.RestartPolicy == "OnFailure" && exitCode != 0);
        if (!restart)
        {
            return;
        }

        // The pod worker syncs again at once; kuberuntime_manager.go doBackOff decides whether to wait.
        int generation = runtime.Generation;
        _kernel.ScheduleIn(TimeSpan.Zero, () => TryRestart(runtime, container, generation));
    }

    private void TryRestart(PodRuntime runtime, ContainerRuntime container, int generation)
    {
        if (runtime.Generation != generation || runtime.Killing)
        {
            return;
        }

        var now = _kernel.Now;
        var pod = runtime.Pod;
        var cs = runtime.Status.ContainerStatuses[container.Index];
        var finished = container.FinishedAt ?? now;
        if (container.Backoff.IsInBackOffSince(finished, now))
        {
            var backoff = container.Backoff.Current!.Value;
            cs.LastTerminationState = cs.State.IsTerminated ? cs.State : cs.LastTerminationState;
            var message = string.Create(CultureInfo.InvariantCulture, $"back-off {FormatGoDuration(backoff)} restarting failed container={container.Spec.Name} pod={pod.Metadata.Name}_{pod.Metadata.Namespace}({pod.Metadata.Uid})");
            SetState(runtime, container, ContainerState.Waiting("CrashLoopBackOff", message));
            _events.Warning(pod, "BackOff", $"Back-off restarting failed container {container.Spec.Name} in pod {pod.Metadata.Name}_{pod.Metadata.Namespace}({pod.Metadata.Uid})", "kubelet", NodeName);
            _kernel.ScheduleAt(finished + backoff, () => TryRestart(runtime, container, generation));
            return;
        }

        container.Backoff.Next(now);
        if (cs.State.IsTerminated)
        {
            cs.LastTerminationState = cs.State;
        }

        cs.RestartCount++;
        SetState(runtime, container, ContainerState.Waiting("ContainerCreating"));
        PullThenStart(runtime, container);
    }

    private void KillPod(PodRuntime runtime)
    {
        var pod = runtime.Pod;
        if (!_pods.ContainsKey(pod.Key))
        {
            return;
        }

        runtime.Generation++;
        int generation = runtime.Generation;
        foreach (var c in runtime.Containers)
        {
            if (runtime.Status.ContainerStatuses[c.Index].State.IsRunning)
            {
                _events.Normal(pod, "Killing", "Stopping container " + c.Spec.Name, "kubelet", NodeName);
            }
        }

        var grace = TimeSpan.FromSeconds(pod.Metadata.DeletionGracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds);
        var stop = grace < StopTime ? grace : StopTime;
        _kernel.ScheduleIn(stop, () =>
        {
            if (runtime.Generation != generation || !_pods.ContainsKey(pod.Key) || State != KubeletState.Running)
            {
                // Cut off meanwhile: the kill is redone on reconnect (see Reconnect).
                return;
            }

            var now = _kernel.Now;
            foreach (var c in runtime.Containers)
            {
                var cs = runtime.Status.ContainerStatuses[c.Index];
                if (cs.State.IsRunning)
                {
                    cs.State = ContainerState.Terminated("Completed", 0, c.StartedAt, now);
                }

                cs.Ready = false;
                cs.Started = false;
            }

            // status_manager.go: once the containers are gone the kubelet deletes the pod with grace period 0.
            _api.Remove(pod);
        });
    }

    private void SetState(PodRuntime runtime, ContainerRuntime container, ContainerState state)
    {
        runtime.Status.ContainerStatuses[container.Index].State = state;
        RefreshPodStatus(runtime);
    }

    /// <summary>kubelet_pods.go getPhase and the Ready/ContainersReady conditions, then one status write.</summary>
    private void RefreshPodStatus(PodRuntime runtime)
    {
        var pod = runtime.Pod;
        // IsStored is Get("Pod", key) == pod, without building the key.
        if (!_pods.ContainsKey(runtime.Key) || !_api.Store.IsStored(pod))
        {
            return;
        }


        var now = _kernel.Now;
        var status = runtime.Status;
        int waiting = 0, running = 0, stopped = 0, succeeded = 0;
        foreach (var cs in status.ContainerStatuses)
        {
            if (cs.State.IsRunning)
            {
                running++;
            }
            else if (cs.State.IsTerminated)
            {
                stopped++;
                if (cs.State.ExitCode == 0)
                {
                    succeeded++;
                }
            }
            else if (cs.LastTerminationState is { IsTerminated: true })
            {
                stopped++;
            }
            else
            {
                waiting++;
            }
        }

        string phase;
        if (waiting > 0)
        {
            phase = "Pending";
        }
        else if (running > 0)
        {
            phase = "Running";
        }
        else if (stopped > 0)
        {
            phase = pod.Spec.RestartPolicy == "Always" ? "Running"
                : stopped == succeeded ? "Succeeded"
                : pod.Spec.RestartPolicy == "Never" ? "Failed"
                : "Running";
        }
        else
        {
            phase = "Pending";
        }

        status.Phase = phase;
        // The message lists the unready containers; it is only built when there are some.
        bool allReady = true;
        foreach (var cs in status.ContainerStatuses)
        {
            allReady &= cs.Ready;
        }

        if (allReady)
        {
            status.SetCondition("ContainersReady", "True", now);
            status.SetCondition("Ready", "True", now);
        }
        else
        {
            var unready = status.ContainerStatuses.Where(c => !c.Ready).Select(c => c.Name);
            string message = "containers with unready status: [" + string.Join(" ", unready) + "]";
            status.SetCondition("ContainersReady", "False", now, "ContainersNotReady", message);
            status.SetCondition("Ready", "False", now, "ContainersNotReady", message);
        }

        if (phase is "Succeeded" or "Failed")
        {
            status.SetCondition("Ready", "False", now, "PodCompleted");
            status.SetCondition("ContainersReady", "False", now, "PodCompleted");
        }

        // Cut off from the API server, the kubelet keeps its status to itself (the shadow) and writes it
        // when the connection comes back (see Reconnect).
        if (State == KubeletState.Running)
        {
            _api.Update(pod);
        }
    }

    private void RecordImageOnNode(string image, long size)
    {
        if (_api.Store.Get("Node", NodeName) is not Node node)
        {
            return;
        }

        if (!node.Status.Images.Any(i => i.Names.Contains(image)))
        {
            node.Status.Images.Add(new ContainerImage([image], size));
            _api.Update(node);
        }
    }

    private string AllocateIp()
    {
        // host-local IPAM: the next free address of the node's /24, wrapping around.
        for (int i = 0; i < 253; i++)
        {
            int candidate = _nextIp;
            _nextIp = _nextIp >= 254 ? 2 : _nextIp + 1;
            if (_usedIps.Add(candidate))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{_podCidrPrefix}.{candidate}");
            }
        }

        throw new InvalidOperationException("node " + NodeName + " has no pod IPs left");
    }

    private void ReleaseIp(string ip)
    {
        int dot = ip.LastIndexOf('.');
        if (dot > 0 && int.TryParse(ip.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last))
        {
            _usedIps.Remove(last);
        }
    }

    private static string FormatGoDuration(TimeSpan d) => GoDuration.Format(d);

    /// <summary><see cref="ImageId"/>, computed once per image on this node (a pure function of the reference; a SHA-256 per container start otherwise).</summary>
    private string CachedImageId(string image)
    {
        if (!_imageIds.TryGetValue(image, out var id))
        {
            _imageIds[image] = id = ImageId(image);
        }

        return id;
    }

    /// <summary>A repository digest reference as the runtime reports it (the digest is a hash of the reference: no registry is asked).</summary>
    private static string ImageId(string image)
    {
        int at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return image;
        }

        int slash = image.LastIndexOf('/');
        int colon = image.LastIndexOf(':');
        var repository = colon > slash ? image[..colon] : image;
        return repository + "@sha256:" + Sha256Hex(image);
    }

    private static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
