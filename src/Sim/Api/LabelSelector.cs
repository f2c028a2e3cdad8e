namespace ClusterSim.Sim.Api;

/// <summary>
/// The Kubernetes API label selector (metav1.LabelSelector): the result of <see cref="MatchLabels"/>
/// and <see cref="MatchExpressions"/> are ANDed. An empty selector matches everything; a null
/// selector matches nothing (see <see cref="Selector.FromLabelSelector"/>).
/// </summary>
public sealed class LabelSelector
{
    /// <summary>
    /// Exact-match labels; each entry becomes a <c>key=value</c> requirement. Keys are kept in
    /// ordinal order.
    /// </summary>
    public SortedDictionary<string, string> MatchLabels { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Set-based label requirements, ANDed together.</summary>
    public List<LabelSelectorRequirement> MatchExpressions { get; init; } = [];
}

/// <summary>
/// One set-based requirement of a <see cref="LabelSelector"/> (metav1.LabelSelectorRequirement).
/// </summary>
/// <param name="Key">The label key the requirement applies to.</param>
/// <param name="Operator">One of <see cref="LabelSelectorOperator"/>: In, NotIn, Exists, DoesNotExist.</param>
/// <param name="Values">Values for In/NotIn (must be non-empty); must be empty for Exists/DoesNotExist.</param>
public sealed record LabelSelectorRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    /// <summary>Value equality, comparing <see cref="Values"/> element by element (ordinal).</summary>
    public bool Equals(LabelSelectorRequirement? other) =>
        other is not null
        && string.Equals(Key, other.Key, StringComparison.Ordinal)
        && string.Equals(Operator, other.Operator, StringComparison.Ordinal)
        && Values.SequenceEqual(other.Values, StringComparer.Ordinal);

    /// <summary>Hash code consistent with <see cref="Equals(LabelSelectorRequirement?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Key, StringComparer.Ordinal);
        hash.Add(Operator, StringComparer.Ordinal);
        foreach (var value in Values)
        {
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}

/// <summary>The operator strings valid in a <see cref="LabelSelectorRequirement"/> (metav1.LabelSelectorOperator).</summary>
public static class LabelSelectorOperator
{
    /// <summary>The label's value must be one of the given values.</summary>
    public const string In = "In";

    /// <summary>The label must be absent or its value must not be one of the given values.</summary>
    public const string NotIn = "NotIn";

    /// <summary>The label must be present.</summary>
    public const string Exists = "Exists";

    /// <summary>The label must be absent.</summary>
    public const string DoesNotExist = "DoesNotExist";
}
