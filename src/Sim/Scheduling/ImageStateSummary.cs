namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// An image's size and the number of nodes that have it (framework ImageStateSummary). One instance per
/// image name is shared by every node holding it, so <see cref="NumNodes"/> is always current.
/// </summary>
public sealed class ImageStateSummary
{
    internal ImageStateSummary(long size)
    {
        Size = size;
    }

    /// <summary>Size in bytes, as first reported (cache.go addNodeImageStates keeps the first size).</summary>
    public long Size { get; }

    /// <summary>Number of nodes reporting the image.</summary>
    public int NumNodes { get; internal set; }
}
