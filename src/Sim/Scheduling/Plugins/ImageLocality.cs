using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling.Plugins;

/// <summary>
/// Prefers nodes that already have the pod's container images, weighting each image by its size and by
/// the share of nodes holding it (to avoid piling pods onto the few nodes with an image).
/// Port of plugins/imagelocality/image_locality.go (v1.32: init containers count too).
/// </summary>
public sealed class ImageLocality : IScorePlugin
{
    private const long Mb = 1024 * 1024;

    /// <summary>minThreshold: images smaller than this in total score 0.</summary>
    public const long MinThreshold = 23 * Mb;

    /// <summary>maxContainerThreshold: the per-container size at which the score saturates.</summary>
    public const long MaxContainerThreshold = 1000 * Mb;

    public ImageLocality(int weight = 1)
    {
        Weight = weight;
    }

    public string Name => "ImageLocality";

    public int Weight { get; }

    /// <summary>image_locality.go Score.</summary>
    public long Score(CycleState state, Pod pod, NodeInfo nodeInfo)
    {
        int totalNumNodes = state.Cache.NodeCount;
        long sum = SumImageScores(nodeInfo, pod, totalNumNodes);
        return CalculatePriority(sum, pod.Spec.InitContainers.Count + pod.Spec.Containers.Count);
    }

    /// <summary>
    /// image_locality.go Score over every node. Each container's normalized image name, and its scaled score
    /// (the same for every node holding it: the cache shares one summary per image), are computed once per
    /// cycle. When even a node holding every image the cluster has for the pod would stay below minThreshold,
    /// every node of the cache scores 0 and none is looked at.
    /// </summary>
    public void ScoreNodes(CycleState state, Pod pod, IReadOnlyList<NodeInfo> nodes, NodeScore[] scores)
    {
        var cache = state.Cache;
        int totalNumNodes = cache.NodeCount;
        var init = pod.Spec.InitContainers;
        int numContainers = init.Count + pod.Spec.Containers.Count;
        var names = new string[numContainers];
        var shared = new ImageStateSummary?[numContainers];
        var scaled = new long[numContainers];
        long bound = 0;
        for (int i = 0; i < numContainers; i++)
        {
            // sumImageScores' order: init containers, then containers.
            var container = i < init.Count ? init[i] : pod.Spec.Containers[i - init.Count];
            names[i] = NormalizedImageName(container.Image);
            shared[i] = cache.ImageState(names[i]);
            if (shared[i] is { } summary)
            {
                scaled[i] = ScaledImageScore(summary, totalNumNodes);
                bound += scaled[i];
            }
        }

        bool allZero = bound < MinThreshold;
        var span = SchedulingFramework.AsSpan(nodes);
        for (int n = 0; n < span.Length; n++)
        {
            var nodeInfo = span[n];
            long score = 0;
            if (!ReferenceEquals(nodeInfo.Owner, cache))
            {
                score = CalculatePriority(SumImageScores(nodeInfo, pod, totalNumNodes), numContainers);
            }
            else if (!allZero)
            {
                // A node of the cache holds an image name exactly when its state is the cache's shared summary.
                long sum = 0;
                for (int i = 0; i < numContainers; i++)
                {
                    if (shared[i] is { } summary && nodeInfo.HoldsImage(names[i], summary))
                    {
                        sum += scaled[i];
                    }
                }

                score = CalculatePriority(sum, numContainers);
            }

            scores[n] = new NodeScore(nodeInfo.Name, score);
        }
    }

    /// <summary>image_locality.go calculatePriority.</summary>
    public static long CalculatePriority(long sumScores, int numContainers)
    {
        long maxThreshold = MaxContainerThreshold * numContainers;
        if (sumScores < MinThreshold)
        {
            sumScores = MinThreshold;
        }
        else if (sumScores > maxThreshold)
        {
            sumScores = maxThreshold;
        }

        return NodeScore.MaxNodeScore * (sumScores - MinThreshold) / (maxThreshold - MinThreshold);
    }

    /// <summary>image_locality.go sumImageScores: init containers and containers whose image is on the node.</summary>
    public static long SumImageScores(NodeInfo nodeInfo, Pod pod, int totalNumNodes)
    {
        long sum = 0;
        foreach (var c in pod.Spec.InitContainers)
        {
            if (nodeInfo.ImageStates.TryGetValue(NormalizedImageName(c.Image), out var imageState))
            {
                sum += ScaledImageScore(imageState, totalNumNodes);
            }
        }

        foreach (var c in pod.Spec.Containers)
        {
            if (nodeInfo.ImageStates.TryGetValue(NormalizedImageName(c.Image), out var imageState))
            {
                sum += ScaledImageScore(imageState, totalNumNodes);
            }
        }

        return sum;
    }

    /// <summary>image_locality.go scaledImageScore: size × (nodes with the image / all nodes), float64 then truncated.</summary>
    public static long ScaledImageScore(ImageStateSummary imageState, int totalNumNodes)
    {
        double spread = (double)imageState.NumNodes / totalNumNodes;
        return (long)(imageState.Size * spread);
    }

    /// <summary>image_locality.go normalizedImageName: append ":latest" to an untagged image.</summary>
    public static string NormalizedImageName(string name) =>
        name.LastIndexOf(':') <= name.LastIndexOf('/') ? name + ":latest" : name;
}
