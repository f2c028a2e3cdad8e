using System.Globalization;
using System.Text;
using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Running;

/// <summary>
/// kubectl drain (staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go RunDrain, pkg/drain/drain.go and filters.go):
/// cordon, pick the node's pods through kubectl's filters, then evict each one through the eviction API (or delete
/// it, with --disable-eviction) and wait for it to be gone. kubectl runs one goroutine per pod: an eviction refused
/// with 429 (a PodDisruptionBudget allows no disruption) is retried every 5 s; an accepted one is followed by a poll
/// every second until the pod is gone. So a drain goes on after the instant it was typed: what it prints later
/// reaches the transcript through the callback given to <see cref="Execute"/>, at the instant it is printed.
/// </summary>
public sealed partial class KubectlExecutor
{
    private const string DaemonSetFatal = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
    private const string DaemonSetWarning = "ignoring DaemonSet-managed Pods";
    private const string LocalStorageFatal = "Pods with local storage (use --delete-emptydir-data to override)";
    private const string LocalStorageWarning = "deleting Pods with local storage";
    private const string UnmanagedFatal = "cannot delete Pods that declare no controller (use --force to override)";
    private const string UnmanagedWarning = "deleting Pods that declare no controller";

    /// <summary>drain.go: kubectl retries a refused eviction after this long.</summary>
    private static readonly TimeSpan EvictionRetry = TimeSpan.FromSeconds(5);

    /// <summary>drain.go waitForDelete: the poll interval.</summary>
    private static readonly TimeSpan DeletePoll = TimeSpan.FromSeconds(1);

    private Cluster Cluster => cluster;

    /// <summary>
    /// RunDrain for one node. True when the drain finished (or is still waiting) without an error so far; the rest of
    /// its output, and whether it failed in the end, goes to <paramref name="later"/>.
    /// </summary>
    private bool Drain(KubectlCommand cmd, StringBuilder output, Action<string, bool>? later)
    {
        if (!Cordon(cmd, output, cordon: true))
        {
            return false;
        }

        var name = cmd.Node ?? cmd.Name!;
        var (pods, warnings, errors) = PodsForDeletion(name, cmd);
        if (errors.Count > 0)
        {
            // deleteOrEvictPodsSimple returns the filters' errors; RunDrain reports the node as pending.
            output.Append(CultureInfo.InvariantCulture, $"error: unable to drain node \"{name}\" due to error: {Aggregate(errors)}, continuing command...\n");
            output.Append("There are pending nodes to be drained:\n ").Append(name).Append('\n');
            return false;
        }

        if (warnings.Length > 0)
        {
            output.Append("Warning: ").Append(warnings).Append('\n');
        }

        var run = new DrainRun(this, cmd, name, pods, later);
        run.Start(output);
        return !run.Failed;
    }

    /// <summary>
    /// drain.go GetPodsForDeletion: the node's pods (every namespace, in the API's order) through filters.go's
    /// filters in order (daemonSet, mirror, localStorage, unreplicated; the last warning wins), the pods to delete,
    /// the warnings by message, and the errors by message ("cannot delete ..." prefixed as filters.go does).
    /// </summary>
    private (List<Pod> Pods, string Warnings, List<string> Errors) PodsForDeletion(string node, KubectlCommand cmd)
    {
        var pods = new List<Pod>();
        var warnings = new List<(string Message, List<string> Pods)>();
        var errors = new List<(string Message, List<string> Pods)>();
        foreach (var pod in Store.PodsOnNode(node).ToList())
        {
            // The status is the last filter's: the first that does not delete stops the chain, and a warning of an
            // earlier filter is dropped by a later one (a gap filters.go itself notes).
            var status = (Delete: true, Warning: (string?)null, Error: (string?)null);
            foreach (var filter in new Func<Pod, KubectlCommand, (bool Delete, string? Warning, string? Error)>[] { DaemonSetFilter, MirrorPodFilter, LocalStorageFilter, UnreplicatedFilter })
            {
                status = filter(pod, cmd);
                if (!status.Delete)
                {
                    break;
                }
            }

            string qualified = pod.Metadata.Namespace + "/" + pod.Metadata.Name;
            if (status.Error is not null)
            {
                AddTo(errors, status.Error, qualified);
            }
            else if (status.Warning is not null)
            {
                AddTo(warnings, status.Warning, qualified);
            }

            if (status.Delete)
            {
                pods.Add(pod);
            }
        }

        var errorTexts = errors.Select(e => e.Message.StartsWith("cannot delete", StringComparison.OrdinalIgnoreCase)
            ? $"{e.Message}: {string.Join(", ", e.Pods)}"
            : $"cannot delete {e.Message}: {string.Join(", ", e.Pods)}").ToList();
        return (pods, string.Join("; ", warnings.Select(w => $"{w.Message}: {string.Join(", ", w.Pods)}")), errorTexts);

        static void AddTo(List<(string Message, List<string> Pods)> list, string message, string pod)
        {
            var entry = list.Find(x => x.Message == message);
            if (entry.Pods is null)
            {
                list.Add((message, [pod]));
            }
            else
            {
                entry.Pods.Add(pod);
            }
        }
    }

    /// <summary>filters.go daemonSetFilter: DaemonSet pods stay (an error without --ignore-daemonsets); a missing DaemonSet is deleted with --force.</summary>
    private (bool, string?, string?) DaemonSetFilter(Pod pod, KubectlCommand cmd)
    {
        var controllerRef = pod.Metadata.ControllerRef;
        if (controllerRef is null || controllerRef.Kind != "DaemonSet" || PodUtil.IsTerminal(pod))
        {
            return (true, null, null);
        }

        if (Store.Get("DaemonSet", pod.Metadata.Namespace + "/" + controllerRef.Name) is null)
        {
            string notFound = $"daemonsets.apps \"{controllerRef.Name}\" not found";
            return cmd.Force ? (true, notFound, null) : (false, null, notFound);
        }

        return cmd.IgnoreDaemonSets ? (false, DaemonSetWarning, null) : (false, null, DaemonSetFatal);
    }

    /// <summary>filters.go mirrorPodFilter: a kubelet's mirror pod is skipped.</summary>
    private static (bool, string?, string?) MirrorPodFilter(Pod pod, KubectlCommand cmd) =>
        pod.Metadata.Annotations.ContainsKey("kubernetes.io/config.mirror") ? (false, null, null) : (true, null, null);

    /// <summary>filters.go localStorageFilter: a running pod with an emptyDir needs --delete-emptydir-data.</summary>
    private static (bool, string?, string?) LocalStorageFilter(Pod pod, KubectlCommand cmd)
    {
        if (!pod.Spec.Volumes.Any(v => v.Type == "emptyDir") || PodUtil.IsTerminal(pod))
        {
            return (true, null, null);
        }

        return cmd.DeleteEmptyDirData ? (true, LocalStorageWarning, null) : (false, null, LocalStorageFatal);
    }

    /// <summary>filters.go unreplicatedFilter: a running pod without a controller needs --force.</summary>
    private static (bool, string?, string?) UnreplicatedFilter(Pod pod, KubectlCommand cmd)
    {
        if (PodUtil.IsTerminal(pod) || pod.Metadata.ControllerRef is not null)
        {
            return (true, null, null);
        }

        return cmd.Force ? (true, UnmanagedWarning, null) : (false, null, UnmanagedFatal);
    }

    /// <summary>utilerrors.NewAggregate(...).Error(): one message as it is, several (distinct) in brackets.</summary>
    private static string Aggregate(IReadOnlyList<string> errors)
    {
        var distinct = errors.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? distinct[0] : "[" + string.Join(", ", distinct) + "]";
    }

    /// <summary>
    /// One drain's evictions and waits (drain.go evictPods / deletePods): per pod, the next eviction attempt or the
    /// next poll of its deletion; all that falls due at one instant runs in one kernel event, in pod order, and what
    /// it prints forms one block of the transcript.
    /// </summary>
    private sealed class DrainRun(KubectlExecutor executor, KubectlCommand cmd, string node, List<Pod> pods, Action<string, bool>? later)
    {
        private readonly Cluster _cluster = executor.Cluster;
        private readonly TimeSpan _start = executor.Cluster.Now;
        private readonly List<PodWork> _work = pods.Select(p => new PodWork(p.Metadata.Namespace, p.Metadata.Name, p.Metadata.Uid)).ToList();
        private readonly List<string> _errors = [];

        public bool Failed { get; private set; }

        private bool UsingEviction => !cmd.DisableEviction;

        /// <summary>drain --timeout: 0 (the default) is forever.</summary>
        private TimeSpan? Deadline => cmd.Timeout is { } t && t > TimeSpan.Zero ? _start + t : null;

        private string TimeoutText => GoDuration.Format(cmd.Timeout ?? TimeSpan.Zero);

        public void Start(StringBuilder output)
        {
            var now = _cluster.Now;
            if (UsingEviction)
            {
                // Every goroutine prints "evicting pod" and evicts at once; the waits start with an immediate poll.
                foreach (var w in _work)
                {
                    Attempt(w, now, output);
                }
            }
            else
            {
                // deletePods: delete all, then one wait over all of them.
                foreach (var w in _work)
                {
                    if (executor.Store.Get("Pod", w.Namespace + "/" + w.Name) is Pod pod && pod.Metadata.Uid == w.Uid)
                    {
                        executor.Api.Delete(pod, cmd.GracePeriod is >= 0 ? cmd.GracePeriod : null);
                    }

                    w.PollAt = now;
                }
            }

            foreach (var w in _work)
            {
                if (w.PollAt == now)
                {
                    Poll(w, now, output);
                }
            }

            Finish(output);
        }

        private void Step()
        {
            var now = _cluster.Now;
            var output = new StringBuilder();
            foreach (var w in _work)
            {
                if (w.RetryAt == now)
                {
                    Attempt(w, now, output);
                }
            }

            foreach (var w in _work)
            {
                if (w.PollAt == now)
                {
                    Poll(w, now, output);
                }
            }

            Finish(output);
            if (output.Length > 0 || Done)
            {
                later?.Invoke(output.ToString(), Done && Failed);
            }
        }

        private bool Done => _work.All(w => w.Finished);

        /// <summary>One pass of evictPods' loop: print, check the global timeout, evict; 429 waits 5 s, success starts the wait.</summary>
        private void Attempt(PodWork w, TimeSpan now, StringBuilder output)
        {
            w.RetryAt = null;
            output.Append(CultureInfo.InvariantCulture, $"evicting pod {w.Namespace}/{w.Name}\n");
            if (Deadline is { } deadline && now >= deadline)
            {
                Fail(w, $"error when evicting pods/\"{w.Name}\" -n \"{w.Namespace}\": global timeout reached: {TimeoutText}");
                return;
            }

            var result = _cluster.Eviction.Evict(w.Namespace, w.Name, cmd.GracePeriod is >= 0 ? cmd.GracePeriod : null);
            if (result.Succeeded)
            {
                w.PollAt = now;
            }
            else if (result.NotFound)
            {
                w.Finished = true;
            }
            else if (result.TooManyRequests)
            {
                output.Append(CultureInfo.InvariantCulture, $"error when evicting pods/\"{w.Name}\" -n \"{w.Namespace}\" (will retry after 5s): {result.Message}\n");
                w.RetryAt = now + EvictionRetry;
            }
            else
            {
                Fail(w, $"error when evicting pods/\"{w.Name}\" -n \"{w.Namespace}\": {result.Message}");
            }
        }

        /// <summary>waitForDelete's condition: gone (or replaced by a pod of another uid) prints "evicted"/"deleted"; else poll again in 1 s, unless the timeout passed.</summary>
        private void Poll(PodWork w, TimeSpan now, StringBuilder output)
        {
            w.PollAt = null;
            var pod = executor.Store.Get("Pod", w.Namespace + "/" + w.Name);
            if (pod is null || pod.Metadata.Uid != w.Uid)
            {
                // OnPodDeletedOrEvicted prints through the "evicted"/"deleted" printer.
                output.Append(CultureInfo.InvariantCulture, $"pod/{w.Name} {(UsingEviction ? "evicted" : "deleted")}\n");
                w.Finished = true;
                return;
            }

            if (Deadline is { } deadline && now >= deadline)
            {
                Fail(w, UsingEviction
                    ? $"error when waiting for pod \"{w.Name}\" in namespace \"{w.Namespace}\" to terminate: global timeout reached: {TimeoutText}"
                    : $"global timeout reached: {TimeoutText}");
                return;
            }

            w.PollAt = now + DeletePoll;
        }

        private void Fail(PodWork w, string error)
        {
            w.Finished = true;
            _errors.Add(error);
        }

        /// <summary>When every pod is done: "drained", or deleteOrEvictPodsSimple's and RunDrain's error report. Otherwise the next wake-up.</summary>
        private void Finish(StringBuilder output)
        {
            if (!Done)
            {
                var next = _work.SelectMany(w => new[] { w.RetryAt, w.PollAt }).Where(t => t is not null).Min()!.Value;
                _cluster.Kernel.ScheduleAt(next, Step);
                return;
            }

            if (_errors.Count == 0)
            {
                output.Append(CultureInfo.InvariantCulture, $"node/{node} drained\n");
                return;
            }

            Failed = true;
            string error = Aggregate(_errors);
            var (pending, _, _) = executor.PodsForDeletion(node, cmd);
            if (pending.Count > 0)
            {
                output.Append(CultureInfo.InvariantCulture, $"There are pending pods in node \"{node}\" when an error occurred: {error}\n");
                foreach (var p in pending)
                {
                    output.Append("pod/").Append(p.Metadata.Name).Append('\n');
                }
            }

            output.Append(CultureInfo.InvariantCulture, $"error: unable to drain node \"{node}\" due to error: {error}, continuing command...\n");
            output.Append("There are pending nodes to be drained:\n ").Append(node).Append('\n');
        }

        private sealed class PodWork(string ns, string name, string uid)
        {
            public string Namespace { get; } = ns;

            public string Name { get; } = name;

            public string Uid { get; } = uid;

            public TimeSpan? RetryAt { get; set; }

            public TimeSpan? PollAt { get; set; }

            public bool Finished { get; set; }
        }
    }
}
