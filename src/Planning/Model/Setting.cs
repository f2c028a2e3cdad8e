namespace ClusterSim.Planning.Model;

/// <summary>One axis value in a configuration: <c>nodes.worker.count=5</c>. <see cref="Value"/> is the text as written (a number, a quantity such as 8Gi, or a duration such as 2h).</summary>
public sealed record Setting(string Key, string Value)
{
    public override string ToString() => Key + "=" + Value;
}
