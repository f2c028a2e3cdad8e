namespace ClusterSim.Sim.Scheduling;

/// <summary>A node's score from one plugin (framework NodeScore).</summary>
public struct NodeScore
{
    /// <summary>framework.MaxNodeScore.</summary>
    public const long MaxNodeScore = 100;

    /// <summary>framework.MinNodeScore.</summary>
    public const long MinNodeScore = 0;

    public NodeScore(string name, long score)
    {
        Name = name;
        Score = score;
    }

    public string Name { get; set; }

    public long Score { get; set; }

    public override readonly string ToString() => Name + "=" + Score.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
