using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>A resource and its weight in a scoring strategy (config.ResourceSpec).</summary>
public sealed record ResourceSpec(string Name, long Weight);

/// <summary>NodeResourcesFit scoring strategies (config.ScoringStrategyType); RequestedToCapacityRatio is not ported.</summary>
public enum ScoringStrategyType
{
    LeastAllocated,
    MostAllocated,
}

/// <summary>
/// The shared scoring machinery of NodeResourcesFit and NodeResourcesBalancedAllocation. Port of
/// plugins/noderesources/resource_allocation.go (resourceAllocationScorer.score,
/// calculateResourceAllocatableRequest, calculatePodResourceRequest) for cpu, memory and ephemeral-storage.
/// </summary>
public sealed class ResourceAllocationScorer
{
    private readonly Func<long[], long[], long> _scorer;
    private readonly Strategy _strategy;

    // Per resource, in Resources order: which NodeInfo sums it reads and its weight (for ScoreNodes).
    private readonly ResourceKind[] _kinds;
    private readonly long[] _weights;

    /// <param name="useRequested">Use the pods' actual requests (BalancedAllocation) instead of the non-zero
    /// requests with 100m/200Mi defaults for containers that omit cpu/memory (NodeResourcesFit).</param>
    public ResourceAllocationScorer(IReadOnlyList<ResourceSpec> resources, bool useRequested, Func<long[], long[], long> scorer)
        : this(resources, useRequested, scorer, Strategy.Custom)
    {
    }

    /// <summary>
    /// The scorer of a built-in strategy: <see cref="ScoreNodes"/> computes it without the per-node arrays the
    /// delegate takes (least_allocated.go, most_allocated.go, balanced_allocation.go, same arithmetic).
    /// </summary>
    internal ResourceAllocationScorer(IReadOnlyList<ResourceSpec> resources, bool useRequested, Strategy strategy)
        : this(
            resources,
            useRequested,
            strategy switch
            {
                Strategy.LeastAllocated => LeastAllocated(resources),
                Strategy.MostAllocated => MostAllocated(resources),
                Strategy.Balanced => BalancedResourceScorer,
                _ => throw new ArgumentOutOfRangeException(nameof(strategy)),
            },
            strategy)
    {
    }

    private ResourceAllocationScorer(IReadOnlyList<ResourceSpec> resources, bool useRequested, Func<long[], long[], long> scorer, Strategy strategy)
    {
        foreach (var r in resources)
        {
            if (r.Name is not (ResourceNames.Cpu or ResourceNames.Memory or ResourceNames.EphemeralStorage))
            {
                throw new ArgumentException("scoring of resource " + r.Name + " is not modelled", nameof(resources));
            }

            // validation.ValidateNodeResourcesFitArgs: weights in [1, 100].
            if (r.Weight is < 1 or > 100)
            {
                throw new ArgumentException("resource weight of " + r.Name + " must be in the range [1, 100]", nameof(resources));
            }
        }

        Resources = resources;
        UseRequested = useRequested;
        _scorer = scorer;
        _strategy = strategy;
        _kinds = new ResourceKind[resources.Count];
        _weights = new long[resources.Count];
        for (int i = 0; i < resources.Count; i++)
        {
            _kinds[i] = resources[i].Name switch
            {
                ResourceNames.Cpu => ResourceKind.Cpu,
                ResourceNames.Memory => ResourceKind.Memory,
                _ => ResourceKind.EphemeralStorage,
            };
            _weights[i] = resources[i].Weight;
        }
    }

    /// <summary>The built-in scoring functions <see cref="ScoreNodes"/> evaluates directly; Custom calls the delegate.</summary>
    internal enum Strategy
    {
        Custom,
        LeastAllocated,
        MostAllocated,
        Balanced,
    }

    private enum ResourceKind
    {
        Cpu,
        Memory,
        EphemeralStorage,
    }

    /// <summary>The default resources: cpu and memory with weight 1 (config v1 defaults).</summary>
    public static IReadOnlyList<ResourceSpec> DefaultResources { get; } = [new(ResourceNames.Cpu, 1), new(ResourceNames.Memory, 1)];

    public IReadOnlyList<ResourceSpec> Resources { get; }

    public bool UseRequested { get; }

    /// <summary>resource_allocation.go calculatePodResourceRequestList.</summary>
    public long[] PodRequestList(Pod pod)
    {
        var req = PodRequests.Of(pod, nonMissingDefaults: !UseRequested);
        var list = new long[Resources.Count];
        for (int i = 0; i < list.Length; i++)
        {
            list[i] = Resources[i].Name switch
            {
                ResourceNames.Cpu => req.MilliCpu,
                ResourceNames.Memory => req.Memory,
                _ => req.EphemeralStorage,
            };
        }

        return list;
    }

    /// <summary>resource_allocation.go score: (allocatable, node requested + pod request) per resource, then the strategy.</summary>
    public long Score(NodeInfo nodeInfo, long[] podRequests)
    {
        var requested = new long[Resources.Count];
        var allocatable = new long[Resources.Count];
        for (int i = 0; i < Resources.Count; i++)
        {
            var (alloc, req) = AllocatableAndRequested(nodeInfo, Resources[i].Name, podRequests[i]);
            if (alloc == 0)
            {
                continue;
            }

            allocatable[i] = alloc;
            requested[i] = req;
        }

        return _scorer(requested, allocatable);
    }

    /// <summary>
    /// <see cref="Score"/> for every node of <paramref name="nodes"/> into <paramref name="scores"/>. A built-in
    /// strategy is computed in place (the same integer and float64 operations in the same order as the
    /// delegates), so scoring a node allocates nothing; a custom delegate is called as <see cref="Score"/> does.
    /// With <paramref name="cache"/>, a node of that cache keeps its last score in a memo: the score is a function
    /// of the node's allocatable and requested amounts (unchanged while its resource generation is) and of the
    /// pod's requests, so a node nothing was bound to since the previous pod of the same requests is not rescored.
    /// </summary>
    public void ScoreNodes(IReadOnlyList<NodeInfo> nodes, long[] podRequests, NodeScore[] scores, SchedulerCache? cache = null)
    {
        if (_strategy == Strategy.Custom)
        {
            for (int n = 0; n < nodes.Count; n++)
            {
                scores[n] = new NodeScore(nodes[n].Name, Score(nodes[n], podRequests));
            }

            return;
        }

        int count = _kinds.Length;
        Span<long> requested = count <= 8 ? stackalloc long[count] : new long[count];
        Span<long> allocatable = count <= 8 ? stackalloc long[count] : new long[count];
        Span<double> fractions = count <= 8 ? stackalloc double[count] : new double[count];
        var span = SchedulingFramework.AsSpan(nodes);
        bool memo = cache is not null && count is 1 or 2;
        int slot = memo ? cache!.ScoreMemoSlot(this) : -1;
        long request0 = count > 0 ? podRequests[0] : 0;
        long request1 = count > 1 ? podRequests[1] : 0;
        for (int n = 0; n < span.Length; n++)
        {
            var nodeInfo = span[n];
            bool memoized = memo && ReferenceEquals(nodeInfo.Owner, cache);
            if (memoized)
            {
                ref var m = ref nodeInfo.ScoreMemo(slot);
                if (m.Generation == nodeInfo.ResourceGeneration && m.Request0 == request0 && m.Request1 == request1)
                {
                    scores[n] = new NodeScore(nodeInfo.Name, m.Score);
                    continue;
                }
            }

            for (int i = 0; i < count; i++)
            {
                long alloc, req;
                switch (_kinds[i])
                {
                    case ResourceKind.Cpu:
                        alloc = nodeInfo.AllocatableMilliCpu;
                        req = (UseRequested ? nodeInfo.RequestedMilliCpu : nodeInfo.NonZeroRequestedMilliCpu) + podRequests[i];
                        break;
                    case ResourceKind.Memory:
                        alloc = nodeInfo.AllocatableMemory;
                        req = (UseRequested ? nodeInfo.RequestedMemory : nodeInfo.NonZeroRequestedMemory) + podRequests[i];
                        break;
                    default:
                        alloc = nodeInfo.AllocatableEphemeralStorage;
                        req = nodeInfo.RequestedEphemeralStorage + podRequests[i];
                        break;
                }

                // Only fill the entry when allocatable is non-zero (resource_allocation.go score).
                allocatable[i] = alloc;
                requested[i] = alloc == 0 ? 0 : req;
            }

            long score = _strategy switch
            {
                Strategy.LeastAllocated => WeightedMean(requested, allocatable, _weights, most: false),
                Strategy.MostAllocated => WeightedMean(requested, allocatable, _weights, most: true),
                _ => Balanced(requested, allocatable, fractions),
            };
            scores[n] = new NodeScore(nodeInfo.Name, score);
            if (memoized)
            {
                nodeInfo.ScoreMemo(slot) = new ResourceScoreMemo { Generation = nodeInfo.ResourceGeneration, Request0 = request0, Request1 = request1, Score = score };
            }
        }
    }

    /// <summary>leastResourceScorer / mostResourceScorer over spans (also what the delegates of <see cref="LeastAllocated"/> and <see cref="MostAllocated"/> run).</summary>
    private static long WeightedMean(ReadOnlySpan<long> requested, ReadOnlySpan<long> allocatable, long[] weights, bool most)
    {
        long nodeScore = 0, weightSum = 0;
        for (int i = 0; i < requested.Length; i++)
        {
            if (allocatable[i] == 0)
            {
                continue;
            }

            nodeScore += (most ? MostRequestedScore(requested[i], allocatable[i]) : LeastRequestedScore(requested[i], allocatable[i])) * weights[i];
            weightSum += weights[i];
        }

        return weightSum == 0 ? 0 : nodeScore / weightSum;
    }

    /// <summary>balancedResourceScorer over spans, <paramref name="fractions"/> as scratch (<see cref="BalancedResourceScorer"/> gives it a fresh array).</summary>
    private static long Balanced(ReadOnlySpan<long> requested, ReadOnlySpan<long> allocatable, Span<double> fractions)
    {
        int count = 0;
        double total = 0;
        for (int i = 0; i < requested.Length; i++)
        {
            if (allocatable[i] == 0)
            {
                continue;
            }

            double fraction = (double)requested[i] / allocatable[i];
            if (fraction > 1)
            {
                fraction = 1;
            }

            total += fraction;
            fractions[count++] = fraction;
        }

        double std = 0;
        if (count == 2)
        {
            std = Math.Abs((fractions[0] - fractions[1]) / 2);
        }
        else if (count > 2)
        {
            double mean = total / count;
            double sum = 0;
            for (int i = 0; i < count; i++)
            {
                sum += (fractions[i] - mean) * (fractions[i] - mean);
            }

            std = Math.Sqrt(sum / count);
        }

        return (long)((1 - std) * NodeScore.MaxNodeScore);
    }

    /// <summary>resource_allocation.go calculateResourceAllocatableRequest.</summary>
    private (long Allocatable, long Requested) AllocatableAndRequested(NodeInfo nodeInfo, string resource, long podRequest) => resource switch
    {
        ResourceNames.Cpu => (nodeInfo.AllocatableMilliCpu, (UseRequested ? nodeInfo.RequestedMilliCpu : nodeInfo.NonZeroRequestedMilliCpu) + podRequest),
        ResourceNames.Memory => (nodeInfo.AllocatableMemory, (UseRequested ? nodeInfo.RequestedMemory : nodeInfo.NonZeroRequestedMemory) + podRequest),
        _ => (nodeInfo.AllocatableEphemeralStorage, nodeInfo.RequestedEphemeralStorage + podRequest),
    };

    /// <summary>least_allocated.go leastResourceScorer: weighted mean of (allocatable - requested) * 100 / allocatable.</summary>
    public static Func<long[], long[], long> LeastAllocated(IReadOnlyList<ResourceSpec> resources)
    {
        long[] weights = [.. resources.Select(r => r.Weight)];
        return (requested, allocatable) => WeightedMean(requested, allocatable, weights, most: false);
    }

    /// <summary>most_allocated.go mostResourceScorer: weighted mean of requested * 100 / allocatable.</summary>
    public static Func<long[], long[], long> MostAllocated(IReadOnlyList<ResourceSpec> resources)
    {
        long[] weights = [.. resources.Select(r => r.Weight)];
        return (requested, allocatable) => WeightedMean(requested, allocatable, weights, most: true);
    }

    /// <summary>least_allocated.go leastRequestedScore.</summary>
    public static long LeastRequestedScore(long requested, long capacity)
    {
        if (capacity == 0 || requested > capacity)
        {
            return 0;
        }

        return (capacity - requested) * NodeScore.MaxNodeScore / capacity;
    }

    /// <summary>most_allocated.go mostRequestedScore (requests above capacity count as capacity).</summary>
    public static long MostRequestedScore(long requested, long capacity)
    {
        if (capacity == 0)
        {
            return 0;
        }

        if (requested > capacity)
        {
            requested = capacity;
        }

        return requested * NodeScore.MaxNodeScore / capacity;
    }

    /// <summary>
    /// balanced_allocation.go balancedResourceScorer: (1 - std) * 100 over the requested/allocatable fractions
    /// (each capped at 1); for two resources std = |f1 - f2| / 2. float64 arithmetic, truncated as Go's int64().
    /// </summary>
    public static long BalancedResourceScorer(long[] requested, long[] allocatable) => Balanced(requested, allocatable, new double[requested.Length]);
}
