namespace ClusterSim.Scenarios.Expectations;

/// <summary>A parsed `that`: <see cref="Left"/> <see cref="Op"/> <see cref="Right"/>, Op one of == != &lt; &lt;= &gt; &gt;=.</summary>
public sealed record Condition(Operand Left, string Op, Operand Right)
{
    public override string ToString() => Left + " " + Op + " " + Right;
}
