using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.NodeLifecycle;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>One node where the preemptor fits once <see cref="Victims"/> are gone (preemption.go candidate / extenderv1.Victims).</summary>
public sealed record PreemptionCandidate(string Name, IReadOnlyList<Pod> Victims, int NumPdbViolations);

/// <summary>
/// The PostFilter plugin that preempts (pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go
/// and pkg/scheduler/framework/preemption/preemption.go Evaluator, v1.33): when a pod fits no node, find nodes
/// where removing pods of lower priority makes it fit (the fewest, reprieving the most important first and
/// budget-violating ones before the others), pick one, delete the victims gracefully with the DisruptionTarget
/// condition and a `Preempted` event, and nominate the pod to the node. Its message becomes the FailedScheduling
/// message's `preemption: ...` part.
/// <para>
/// The API calls of 1.33's asynchronous preemption (SchedulerAsyncPreemption, beta and on) happen here within the
/// cycle, at the same virtual instant, which is what the synchronous prepareCandidate does; its PreEnqueue gate
/// has nothing to wait for then. Ties that Go leaves to map or goroutine order (the last pickOneNodeForPreemption
/// tie, equally important victims) go to the first in node order. When no counted pod has a lower priority than the
/// preemptor (every pod at the default 0) the answer, "No preemption victims found" on every node preemption might
/// help, is known without visiting a node or drawing the random offset.
/// </para>
/// </summary>
public sealed class DefaultPreemption : IPostFilterPlugin
{
    /// <summary>SelectVictimsOnNode's status when a node has no pod of lower priority.</summary>
    public const string NoVictimsReason = "No preemption victims found for incoming pod";

    /// <summary>Preempt's absent-node status in its FitError.</summary>
    public const string NotHelpfulReason = "Preemption is not helpful for scheduling";

    /// <summary>v1.PodReasonPreemptionByScheduler, the victims' DisruptionTarget reason.</summary>
    public const string PreemptionByScheduler = "PreemptionByScheduler";

    public DefaultPreemption(int minCandidateNodesPercentage = 10, int minCandidateNodesAbsolute = 100)
    {
        if (minCandidateNodesPercentage is < 0 or > 100 || minCandidateNodesAbsolute < 0 || (minCandidateNodesPercentage == 0 && minCandidateNodesAbsolute == 0))
        {
            throw new ArgumentException("DefaultPreemptionArgs: minCandidateNodesPercentage in [0, 100], minCandidateNodesAbsolute >= 0, not both 0");
        }

        MinCandidateNodesPercentage = minCandidateNodesPercentage;
        MinCandidateNodesAbsolute = minCandidateNodesAbsolute;
    }

    public string Name => "DefaultPreemption";

    /// <summary>DefaultPreemptionArgs.MinCandidateNodesPercentage (default 10).</summary>
    public int MinCandidateNodesPercentage { get; }

    /// <summary>DefaultPreemptionArgs.MinCandidateNodesAbsolute (default 100).</summary>
    public int MinCandidateNodesAbsolute { get; }

    /// <summary>default_preemption.go PostFilter: Preempt, its message prefixed with "preemption: ".</summary>
    public (PostFilterResult? Result, Status Status) PostFilter(IFrameworkHandle handle, CycleState state, Pod pod, Diagnosis diagnosis)
    {
        var (result, status) = Preempt(handle, state, pod, diagnosis);
        var msg = status.Message;
        return msg.Length > 0 ? (result, new Status(status.Code, ["preemption: " + msg])) : (result, status);
    }

    /// <summary>preemption.go Evaluator.Preempt.</summary>
    public (PostFilterResult? Result, Status Status) Preempt(IFrameworkHandle handle, CycleState state, Pod pod, Diagnosis diagnosis)
    {
        // 0) Fetch the latest version of <pod>.
        if (handle.Api.Store.Get("Pod", pod.Key) is not Pod latest)
        {
            return (null, Status.AsError($"pods \"{pod.Metadata.Name}\" not found"));
        }

        pod = latest;

        // 1) Ensure the preemptor is eligible to preempt other pods.
        var nominatedNodeStatus = diagnosis.StatusOf(pod.Status.NominatedNodeName);
        var notEligible = PodEligibleToPreemptOthers(handle, pod, nominatedNodeStatus);
        if (notEligible is not null)
        {
            return (null, Status.Unschedulable(notEligible));
        }

        // 2) Find all preemption candidates.
        var allNodes = handle.Cache.Nodes;
        if (allNodes.Count == 0)
        {
            return (null, Status.AsError("no nodes available"));
        }

        var (candidates, reasons) = FindCandidates(handle, state, pod, diagnosis);

        // Return a FitError only when there are no candidates that fit the pod; clear any nomination.
        if (candidates.Count == 0)
        {
            return (new PostFilterResult(""), Status.Unschedulable(FitError.Format(allNodes.Count, reasons)));
        }

        // 4) Find the best candidate (no extenders: step 3 has nothing to do).
        var best = SelectCandidate(candidates, handle.Now);

        // 5) Perform preparation work before nominating the selected candidate.
        PrepareCandidate(handle, best, pod);
        return (new PostFilterResult(best.Name), Status.Success);
    }

    /// <summary>
    /// default_preemption.go PodEligibleToPreemptOthers: null when <paramref name="pod"/> may preempt, else why not
    /// (preemptionPolicy Never; a pod of lower priority terminating by preemption on its nominated node, unless the
    /// filters found that node UnschedulableAndUnresolvable).
    /// </summary>
    public static string? PodEligibleToPreemptOthers(IFrameworkHandle handle, Pod pod, Status nominatedNodeStatus)
    {
        if (pod.Spec.PreemptionPolicy == PriorityClasses.PreemptNever)
        {
            return "not eligible due to preemptionPolicy=Never.";
        }

        var nomNodeName = pod.Status.NominatedNodeName;
        if (nomNodeName.Length > 0)
        {
            // If the pod's nominated node is considered as UnschedulableAndUnresolvable by the filters, then the
            // pod should be considered for preempting again.
            if (nominatedNodeStatus.Code == StatusCode.UnschedulableAndUnresolvable)
            {
                return null;
            }

            if (handle.Cache.GetNode(nomNodeName) is { } nodeInfo)
            {
                int podPriority = PriorityClasses.PodPriority(pod);
                foreach (var p in nodeInfo.Pods)
                {
                    if (PriorityClasses.PodPriority(p) < podPriority && PodTerminatingByPreemption(p))
                    {
                        // There is a terminating pod on the nominated node.
                        return "not eligible due to a terminating pod on the nominated node.";
                    }
                }
            }
        }

        return null;
    }

    /// <summary>default_preemption.go podTerminatingByPreemption: being deleted, with DisruptionTarget=True for PreemptionByScheduler.</summary>
    public static bool PodTerminatingByPreemption(Pod p)
    {
        if (p.Metadata.DeletionTimestamp is null)
        {
            return false;
        }

        var condition = p.Status.GetCondition("DisruptionTarget");
        return condition is not null && condition.Status == "True" && condition.Reason == PreemptionByScheduler;
    }

    /// <summary>
    /// preemption.go findCandidates and DryRunPreemption: the candidates (those violating no budget first) and, when
    /// there are none, the reason counts of the FitError Preempt returns (each node's dry-run status, "Preemption
    /// is not helpful for scheduling" for the nodes it did not try).
    /// </summary>
    public (List<PreemptionCandidate> Candidates, Dictionary<string, int> Reasons) FindCandidates(IFrameworkHandle handle, CycleState state, Pod pod, Diagnosis diagnosis)
    {
        var allNodes = handle.Cache.Nodes;
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);

        // No counted pod has a lower priority: every node preemption might help answers "no victims" (SelectVictimsOnNode's
        // first return), so the nodes need not be visited.
        if (handle.Cache.MinPodPriority >= PriorityClasses.PodPriority(pod))
        {
            int potential = diagnosis.CountUnschedulable(allNodes.Count);
            AddReason(reasons, NoVictimsReason, potential);
            AddReason(reasons, NotHelpfulReason, allNodes.Count - potential);
            return ([], reasons);
        }

        // Nodes with failed predicates (Unschedulable) that may be satisfied by removing pods, in node order.
        var potentialNodes = new List<NodeInfo>();
        foreach (var n in allNodes)
        {
            if (diagnosis.StatusOf(n.Name).Code == StatusCode.Unschedulable)
            {
                potentialNodes.Add(n);
            }
        }

        if (potentialNodes.Count == 0)
        {
            AddReason(reasons, NotHelpfulReason, allNodes.Count);
            return ([], reasons);
        }

        var pdbs = handle.Api.Store.List("PodDisruptionBudget").OfType<PodDisruptionBudget>().ToList();
        int offset = handle.Random.NextInt(potentialNodes.Count);
        int candidatesNum = CalculateNumCandidates(potentialNodes.Count);
        var (candidates, statuses) = DryRunPreemption(handle, state, pod, potentialNodes, pdbs, offset, candidatesNum);
        foreach (var status in statuses)
        {
            foreach (var reason in status.Reasons)
            {
                AddReason(reasons, reason, 1);
            }
        }

        AddReason(reasons, NotHelpfulReason, allNodes.Count - statuses.Count);
        return (candidates, reasons);
    }

    /// <summary>default_preemption.go calculateNumCandidates: minCandidateNodesPercentage of the nodes, at least minCandidateNodesAbsolute, at most all.</summary>
    public int CalculateNumCandidates(int numNodes)
    {
        int n = numNodes * MinCandidateNodesPercentage / 100;
        if (n < MinCandidateNodesAbsolute)
        {
            n = MinCandidateNodesAbsolute;
        }

        return Math.Min(n, numNodes);
    }

    /// <summary>
    /// preemption.go DryRunPreemption, sequentially: from <paramref name="offset"/> round the potential nodes, each
    /// on a copy of the node and the cycle state, until a candidate violating no budget is found and there are
    /// <paramref name="candidatesNum"/> (each list keeps at most that many). Returns the candidates, those violating
    /// no budget first, and the statuses of the nodes that gave none.
    /// </summary>
    public (List<PreemptionCandidate> Candidates, List<Status> Statuses) DryRunPreemption(
        IFrameworkHandle handle, CycleState state, Pod pod, IReadOnlyList<NodeInfo> potentialNodes, IReadOnlyList<PodDisruptionBudget> pdbs, int offset, int candidatesNum)
    {
        var nonViolating = new List<PreemptionCandidate>();
        var violating = new List<PreemptionCandidate>();
        var statuses = new List<Status>();
        for (int i = 0; i < potentialNodes.Count; i++)
        {
            var nodeInfoCopy = potentialNodes[(offset + i) % potentialNodes.Count].Snapshot();
            var stateCopy = state.Clone();
            var (pods, numPdbViolations, status) = SelectVictimsOnNode(handle, stateCopy, pod, nodeInfoCopy, pdbs);
            if (status.IsSuccess && pods.Count > 0)
            {
                var c = new PreemptionCandidate(nodeInfoCopy.Name, pods, numPdbViolations);
                var list = numPdbViolations == 0 ? nonViolating : violating;
                if (list.Count < candidatesNum)
                {
                    list.Add(c);
                }

                if (nonViolating.Count > 0 && nonViolating.Count + violating.Count >= candidatesNum)
                {
                    break;
                }

                continue;
            }

            if (status.IsSuccess)
            {
                status = Status.AsError($"expected at least one victim pod on node \"{nodeInfoCopy.Name}\"");
            }

            statuses.Add(status);
        }

        nonViolating.AddRange(violating);
        return (nonViolating, statuses);
    }

    /// <summary>
    /// default_preemption.go SelectVictimsOnNode: the fewest pods of lower priority to remove from
    /// <paramref name="nodeInfo"/> (a copy; <paramref name="state"/> too) for <paramref name="pod"/> to pass the
    /// filters: all of them out, then each put back, most important first and budget-violating ones before the
    /// others, unless the pod no longer fits. Returns the victims (most important first), how many of them violate a
    /// budget, and the status.
    /// </summary>
    public static (List<Pod> Victims, int NumPdbViolations, Status Status) SelectVictimsOnNode(
        IFrameworkHandle handle, CycleState state, Pod pod, NodeInfo nodeInfo, IReadOnlyList<PodDisruptionBudget> pdbs)
    {
        var fw = handle.Framework;
        int podPriority = PriorityClasses.PodPriority(pod);
        var potentialVictims = new List<Pod>();
        foreach (var p in nodeInfo.Pods)
        {
            if (PriorityClasses.PodPriority(p) < podPriority)
            {
                potentialVictims.Add(p);
            }
        }

        // No potential victims are found, and so we don't need to evaluate the node again since its state didn't change.
        if (potentialVictims.Count == 0)
        {
            return ([], 0, Status.UnschedulableAndUnresolvable(NoVictimsReason));
        }

        foreach (var p in potentialVictims)
        {
            nodeInfo.RemovePod(p);
            var s = fw.RunPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
            if (!s.IsSuccess)
            {
                return ([], 0, s);
            }
        }

        // If the new pod does not fit after removing all the lower priority pods, this node is not suitable.
        var fits = fw.RunFilterPluginsWithNominatedPods(state, pod, nodeInfo, handle.Nominator);
        if (!fits.IsSuccess)
        {
            return ([], 0, fits);
        }

        // Sort potentialVictims by descending importance, which ensures reprieve of higher importance pods first
        // (a stable sort: equally important pods keep the node's order).
        var now = handle.Now;
        var sorted = potentialVictims.Order(Comparer<Pod>.Create((a, b) => MoreImportantPod(a, b, now) ? -1 : MoreImportantPod(b, a, now) ? 1 : 0)).ToList();
        var (violatingVictims, nonViolatingVictims) = FilterPodsWithPdbViolation(sorted, pdbs);
        var victims = new List<Pod>();
        Status? error = null;
        bool Reprieve(Pod p)
        {
            nodeInfo.AddPod(p);
            var s = fw.RunPreFilterExtensionAddPod(state, pod, p, nodeInfo);
            if (!s.IsSuccess)
            {
                error = s;
                return false;
            }

            bool fit = fw.RunFilterPluginsWithNominatedPods(state, pod, nodeInfo, handle.Nominator).IsSuccess;
            if (!fit)
            {
                nodeInfo.RemovePod(p);
                s = fw.RunPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
                if (!s.IsSuccess)
                {
                    error = s;
                    return false;
                }

                victims.Add(p);
            }

            return fit;
        }

        int numViolatingVictim = 0;
        foreach (var p in violatingVictims)
        {
            if (!Reprieve(p))
            {
                if (error is not null)
                {
                    return ([], 0, error);
                }

                numViolatingVictim++;
            }
        }

        // Now we try to reprieve non-violating victims.
        foreach (var p in nonViolatingVictims)
        {
            Reprieve(p);
            if (error is not null)
            {
                return ([], 0, error);
            }
        }

        // Keep the victims sorted by importance from high to low.
        if (violatingVictims.Count != 0 && nonViolatingVictims.Count != 0)
        {
            victims = victims.Order(Comparer<Pod>.Create((a, b) => MoreImportantPod(a, b, now) ? -1 : MoreImportantPod(b, a, now) ? 1 : 0)).ToList();
        }

        return (victims, numViolatingVictim, Status.Success);
    }

    /// <summary>
    /// default_preemption.go filterPodsWithPDBViolation: the pods whose eviction would take some budget below zero
    /// (status.disruptionsAllowed, decremented per matching pod not already in disruptedPods; a budget with a null or
    /// empty selector matches nothing here), and the others, each in the given order.
    /// </summary>
    public static (List<Pod> Violating, List<Pod> NonViolating) FilterPodsWithPdbViolation(IReadOnlyList<Pod> pods, IReadOnlyList<PodDisruptionBudget> pdbs)
    {
        var pdbsAllowed = new int[pdbs.Count];
        var selectors = new Selector?[pdbs.Count];
        for (int i = 0; i < pdbs.Count; i++)
        {
            pdbsAllowed[i] = pdbs[i].Status.DisruptionsAllowed;
            try
            {
                selectors[i] = Selector.FromLabelSelector(pdbs[i].Spec.Selector);
            }
            catch (FormatException)
            {
                // This object has an invalid selector, it does not match the pod.
                selectors[i] = null;
            }
        }

        var violating = new List<Pod>();
        var nonViolating = new List<Pod>();
        foreach (var pod in pods)
        {
            bool violated = false;

            // A pod with no labels will not match any PDB. So, no need to check.
            if (pod.Metadata.Labels.Count != 0)
            {
                for (int i = 0; i < pdbs.Count; i++)
                {
                    var pdb = pdbs[i];
                    var selector = selectors[i];
                    if (pdb.Metadata.Namespace != pod.Metadata.Namespace || selector is null || selector.Empty || !selector.Matches(pod.Metadata.Labels))
                    {
                        continue;
                    }

                    // Existing in DisruptedPods means it has been processed in API server, we don't treat it as a violating case.
                    if (pdb.Status.DisruptedPods.ContainsKey(pod.Metadata.Name))
                    {
                        continue;
                    }

                    // Only decrement the matched pdb when it's not in its DisruptedPods; otherwise we may over-decrement the budget number.
                    pdbsAllowed[i]--;
                    if (pdbsAllowed[i] < 0)
                    {
                        violated = true;
                    }
                }
            }

            (violated ? violating : nonViolating).Add(pod);
        }

        return (violating, nonViolating);
    }

    /// <summary>
    /// preemption.go SelectCandidate and pickOneNodeForPreemption's criteria, in order: fewest budget violations,
    /// lowest highest-priority victim, smallest sum of priorities (each shifted by 2^31 so negatives count), fewest
    /// victims, latest start of the highest-priority victims; then the first.
    /// </summary>
    public static PreemptionCandidate SelectCandidate(IReadOnlyList<PreemptionCandidate> candidates, TimeSpan now)
    {
        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        var scoreFuncs = new Func<PreemptionCandidate, long>[]
        {
            c => -c.NumPdbViolations,
            c => -(long)PriorityClasses.PodPriority(c.Victims[0]),
            c => -c.Victims.Sum(p => (long)PriorityClasses.PodPriority(p) + ((long)int.MaxValue + 1)),
            c => -c.Victims.Count,
            c => EarliestPodStartTime(c.Victims, now).Ticks,
        };
        IReadOnlyList<PreemptionCandidate> all = candidates;
        foreach (var f in scoreFuncs)
        {
            var selected = new List<PreemptionCandidate>();
            long maxScore = long.MinValue;
            foreach (var c in all)
            {
                long score = f(c);
                if (score > maxScore)
                {
                    maxScore = score;
                    selected.Clear();
                }

                if (score == maxScore)
                {
                    selected.Add(c);
                }
            }

            if (selected.Count == 1)
            {
                return selected[0];
            }

            all = selected;
        }

        return all[0];
    }

    /// <summary>
    /// preemption.go prepareCandidate and PreemptPod: each victim gets DisruptionTarget=True (PreemptionByScheduler,
    /// "default-scheduler: preempting to accommodate a higher priority pod"), a graceful delete and a Normal
    /// `Preempted` event ("Preempted by pod UID on node NODE"); pods of lower priority nominated to the node lose
    /// their nomination.
    /// </summary>
    public static void PrepareCandidate(IFrameworkHandle handle, PreemptionCandidate c, Pod pod)
    {
        var api = handle.Api;
        foreach (var victim in c.Victims)
        {
            if (api.Store.Get("Pod", victim.Key) == victim)
            {
                PodConditionUtil.AddDisruptionTargetAndDelete(api, victim, PreemptionByScheduler, $"{pod.Spec.SchedulerName}: preempting to accommodate a higher priority pod", handle.Now);
            }

            handle.Events.Normal(victim, "Preempted", $"Preempted by pod {pod.Metadata.Uid} on node {c.Name}", Scheduler.DefaultSchedulerName);
        }

        // Lower priority pods nominated to run on this node may no longer fit on it: remove their nomination.
        int podPriority = PriorityClasses.PodPriority(pod);
        foreach (var p in handle.Nominator.NominatedPodsForNode(c.Name).ToList())
        {
            if (PriorityClasses.PodPriority(p) < podPriority)
            {
                handle.Nominator.DeleteNominatedPodIfExists(p);
                if (p.Status.NominatedNodeName.Length > 0 && api.Store.Get("Pod", p.Key) == p)
                {
                    p.Status.NominatedNodeName = "";
                    api.Update(p);
                }
            }
        }
    }

    /// <summary>pkg/scheduler/util MoreImportantPod: higher priority, then the earlier start time (now for a pod not started).</summary>
    public static bool MoreImportantPod(Pod pod1, Pod pod2, TimeSpan now)
    {
        int p1 = PriorityClasses.PodPriority(pod1), p2 = PriorityClasses.PodPriority(pod2);
        if (p1 != p2)
        {
            return p1 > p2;
        }

        return (pod1.Status.StartTime ?? now) < (pod2.Status.StartTime ?? now);
    }

    /// <summary>pkg/scheduler/util GetEarliestPodStartTime: the earliest start among the victims of the highest priority.</summary>
    private static TimeSpan EarliestPodStartTime(IReadOnlyList<Pod> victims, TimeSpan now)
    {
        var earliest = victims[0].Status.StartTime ?? now;
        int maxPriority = PriorityClasses.PodPriority(victims[0]);
        foreach (var pod in victims)
        {
            int priority = PriorityClasses.PodPriority(pod);
            var start = pod.Status.StartTime ?? now;
            if (priority == maxPriority)
            {
                if (start < earliest)
                {
                    earliest = start;
                }
            }
            else if (priority > maxPriority)
            {
                maxPriority = priority;
                earliest = start;
            }
        }

        return earliest;
    }

    private static void AddReason(Dictionary<string, int> reasons, string reason, int count)
    {
        if (count > 0)
        {
            reasons[reason] = reasons.GetValueOrDefault(reason) + count;
        }
    }
}
