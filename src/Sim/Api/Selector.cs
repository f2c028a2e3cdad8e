using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace ClusterSim.Sim.Api;

/// <summary>
/// The relationship between a label key and values in a <see cref="SelectorRequirement"/>
/// (k8s.io/apimachinery/pkg/selection.Operator).
/// </summary>
public enum SelectorOperator
{
    /// <summary>The key must not exist (<c>!</c>).</summary>
    DoesNotExist,

    /// <summary>The key must exist with the single value (<c>=</c>).</summary>
    Equals,

    /// <summary>The key must exist with the single value (<c>==</c>).</summary>
    DoubleEquals,

    /// <summary>The key must exist with one of the values (<c>in</c>).</summary>
    In,

    /// <summary>The key must be absent or have a different value (<c>!=</c>).</summary>
    NotEquals,

    /// <summary>The key must be absent or have none of the values (<c>notin</c>).</summary>
    NotIn,

    /// <summary>The key must exist (<c>exists</c>).</summary>
    Exists,

    /// <summary>The key's integer value must be greater than the single value (<c>gt</c>).</summary>
    GreaterThan,

    /// <summary>The key's integer value must be less than the single value (<c>lt</c>).</summary>
    LessThan,
}

/// <summary>
/// Thrown when a selector string, a <see cref="LabelSelector"/> or a requirement is invalid. The
/// <see cref="Exception.Message"/> is exactly the error text Kubernetes produces for the same input.
/// </summary>
public sealed class SelectorParseException : FormatException
{
    /// <summary>Creates the exception with Kubernetes' message and the offending character position.</summary>
    public SelectorParseException(string message, int position)
        : base(message)
    {
        Position = position;
    }

    /// <summary>
    /// Zero-based index into the parsed string of the token where the error was detected (the
    /// string's length for an unexpected end of input); -1 when the error did not come from
    /// parsing a string (<see cref="Selector.FromLabelSelector"/>, <see cref="SelectorRequirement.Create"/>).
    /// </summary>
    public int Position { get; }
}

/// <summary>
/// One requirement of a <see cref="Selector"/>: a key, an operator and values
/// (k8s.io/apimachinery/pkg/labels.Requirement). Immutable.
/// </summary>
public sealed class SelectorRequirement : IEquatable<SelectorRequirement>
{
    /// <summary>The binary operators in Kubernetes' order, as their selector-string spellings.</summary>
    internal static readonly string[] BinaryOperators = ["in", "notin", "=", "==", "!=", "gt", "lt"];

    private static readonly string[] ValidRequirementOperators = [.. BinaryOperators, "exists", "!"];

    private readonly string[] values;

    private SelectorRequirement(string key, SelectorOperator op, string[] values)
    {
        Key = key;
        Operator = op;
        this.values = values;
    }

    /// <summary>The label key.</summary>
    public string Key { get; }

    /// <summary>The operator relating the key to <see cref="Values"/>.</summary>
    public SelectorOperator Operator { get; }

    /// <summary>The values in the order given at construction (not sorted, as Kubernetes keeps them).</summary>
    public IReadOnlyList<string> Values => values;

    /// <summary>
    /// Validates and creates a requirement like labels.NewRequirement: the key must be a qualified
    /// name; In/NotIn need at least one value; Equals/DoubleEquals/NotEquals exactly one;
    /// Exists/DoesNotExist none; GreaterThan/LessThan exactly one integer; every value must be a valid
    /// label value. A null <paramref name="values"/> is treated as empty.
    /// </summary>
    /// <exception cref="SelectorParseException">With Kubernetes' aggregated error text and position -1.</exception>
    public static SelectorRequirement Create(string key, SelectorOperator op, IReadOnlyList<string>? values)
    {
        ArgumentNullException.ThrowIfNull(key);
        var errors = Validate(key, op, values);
        if (errors.Count > 0)
        {
            throw new SelectorParseException(GoFormat.Aggregate(errors), -1);
        }

        return new SelectorRequirement(key, op, values?.ToArray() ?? []);
    }

    // Port of apimachinery/pkg/labels/selector.go NewRequirement (returns the field errors, unaggregated).
    internal static List<string> Validate(string key, SelectorOperator op, IReadOnlyList<string>? values)
    {
        var errs = new List<string>();
        var keyErrs = LabelValidation.IsQualifiedName(key);
        if (keyErrs.Count != 0)
        {
            errs.Add(GoFormat.FieldInvalid("key", GoFormat.Quote(key), string.Join("; ", keyErrs)));
        }

        var count = values?.Count ?? 0;
        switch (op)
        {
            case SelectorOperator.In:
            case SelectorOperator.NotIn:
                if (count == 0)
                {
                    errs.Add(GoFormat.FieldInvalid("values", GoFormat.StringSlice(values),
                        "for 'in', 'notin' operators, values set can't be empty"));
                }

                break;
            case SelectorOperator.Equals:
            case SelectorOperator.DoubleEquals:
            case SelectorOperator.NotEquals:
                if (count != 1)
                {
                    errs.Add(GoFormat.FieldInvalid("values", GoFormat.StringSlice(values),
                        "exact-match compatibility requires one single value"));
                }

                break;
            case SelectorOperator.Exists:
            case SelectorOperator.DoesNotExist:
                if (count != 0)
                {
                    errs.Add(GoFormat.FieldInvalid("values", GoFormat.StringSlice(values),
                        "values set must be empty for exists and does not exist"));
                }

                break;
            case SelectorOperator.GreaterThan:
            case SelectorOperator.LessThan:
                if (count != 1)
                {
                    errs.Add(GoFormat.FieldInvalid("values", GoFormat.StringSlice(values),
                        "for 'Gt', 'Lt' operators, exactly one value is required"));
                }

                for (var i = 0; i < count; i++)
                {
                    if (!TryParseInt64(values![i], out _))
                    {
                        errs.Add(GoFormat.FieldInvalid(IndexPath("values", i), GoFormat.Quote(values[i]),
                            "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }

                break;
            default:
                errs.Add(GoFormat.FieldNotSupported("operator", GoFormat.Quote(OperatorString(op)), ValidRequirementOperators));
                break;
        }

        for (var i = 0; i < count; i++)
        {
            var valueErrs = LabelValidation.IsValidLabelValue(values![i]);
            if (valueErrs.Count != 0)
            {
                errs.Add(GoFormat.FieldInvalid(IndexPath("values", i) + "[" + key + "]", GoFormat.Quote(values[i]),
                    string.Join("; ", valueErrs)));
            }
        }

        return errs;
    }

    // Creates a requirement from already validated parts (used by the parser and FromMap).
    internal static SelectorRequirement CreateUnchecked(string key, SelectorOperator op, string[] values) =>
        new(key, op, values);

    /// <summary>
    /// Whether the labels satisfy this requirement (labels.Requirement.Matches): In/Equals need the
    /// key with one of the values; NotIn/NotEquals accept a missing key; Exists/DoesNotExist test
    /// presence; GreaterThan/LessThan compare 64-bit integers and fail on non-integers.
    /// </summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        // Port of apimachinery/pkg/labels/selector.go (*Requirement).Matches.
        ArgumentNullException.ThrowIfNull(labels);
        string? val;
        switch (Operator)
        {
            case SelectorOperator.In:
            case SelectorOperator.Equals:
            case SelectorOperator.DoubleEquals:
                return labels.TryGetValue(Key, out val) && HasValue(val);
            case SelectorOperator.NotIn:
            case SelectorOperator.NotEquals:
                return !labels.TryGetValue(Key, out val) || !HasValue(val);
            case SelectorOperator.Exists:
                return labels.ContainsKey(Key);
            case SelectorOperator.DoesNotExist:
                return !labels.ContainsKey(Key);
            case SelectorOperator.GreaterThan:
            case SelectorOperator.LessThan:
                if (!labels.TryGetValue(Key, out val) || !TryParseInt64(val, out var lsValue))
                {
                    return false;
                }

                if (values.Length != 1 || !TryParseInt64(values[0], out var rValue))
                {
                    return false;
                }

                return Operator == SelectorOperator.GreaterThan ? lsValue > rValue : lsValue < rValue;
            default:
                return false;
        }
    }

    /// <summary>
    /// Kubernetes' canonical text (labels.Requirement.String): <c>key=v</c>, <c>key==v</c>,
    /// <c>key!=v</c>, <c>key in (a,b)</c>, <c>key notin (a,b)</c>, <c>key&gt;n</c>, <c>key&lt;n</c>,
    /// <c>key</c>, <c>!key</c>; multiple values are printed sorted.
    /// </summary>
    public override string ToString()
    {
        // Port of apimachinery/pkg/labels/selector.go (*Requirement).String.
        var sb = new StringBuilder();
        if (Operator == SelectorOperator.DoesNotExist)
        {
            sb.Append('!');
        }

        sb.Append(Key);
        switch (Operator)
        {
            case SelectorOperator.Equals:
                sb.Append('=');
                break;
            case SelectorOperator.DoubleEquals:
                sb.Append("==");
                break;
            case SelectorOperator.NotEquals:
                sb.Append("!=");
                break;
            case SelectorOperator.In:
                sb.Append(" in ");
                break;
            case SelectorOperator.NotIn:
                sb.Append(" notin ");
                break;
            case SelectorOperator.GreaterThan:
                sb.Append('>');
                break;
            case SelectorOperator.LessThan:
                sb.Append('<');
                break;
            case SelectorOperator.Exists:
            case SelectorOperator.DoesNotExist:
                return sb.ToString();
        }

        var isSet = Operator is SelectorOperator.In or SelectorOperator.NotIn;
        if (isSet)
        {
            sb.Append('(');
        }

        if (values.Length == 1)
        {
            sb.Append(values[0]);
        }
        else
        {
            sb.AppendJoin(',', SafeSort(values));
        }

        if (isSet)
        {
            sb.Append(')');
        }

        return sb.ToString();
    }

    /// <summary>Equal key, operator and values (in order), like labels.Requirement.Equal.</summary>
    public bool Equals(SelectorRequirement? other) =>
        other is not null
        && string.Equals(Key, other.Key, StringComparison.Ordinal)
        && Operator == other.Operator
        && values.AsSpan().SequenceEqual(other.values);

    /// <inheritdoc cref="Equals(SelectorRequirement?)"/>
    public override bool Equals(object? obj) => Equals(obj as SelectorRequirement);

    /// <summary>Hash code consistent with <see cref="Equals(SelectorRequirement?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Key, StringComparer.Ordinal);
        hash.Add(Operator);
        foreach (var value in values)
        {
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    // Port of apimachinery/pkg/labels/selector.go safeSort: sorted copy unless already sorted.
    internal static IReadOnlyList<string> SafeSort(IReadOnlyList<string> input)
    {
        var sorted = true;
        for (var i = 1; i < input.Count; i++)
        {
            if (string.CompareOrdinal(input[i], input[i - 1]) < 0)
            {
                sorted = false;
                break;
            }
        }

        if (sorted)
        {
            return input;
        }

        var copy = input.ToArray();
        Array.Sort(copy, StringComparer.Ordinal);
        return copy;
    }

    // The selection.Operator string of an operator, as used in Kubernetes' messages.
    internal static string OperatorString(SelectorOperator op) => op switch
    {
        SelectorOperator.DoesNotExist => "!",
        SelectorOperator.Equals => "=",
        SelectorOperator.DoubleEquals => "==",
        SelectorOperator.In => "in",
        SelectorOperator.NotEquals => "!=",
        SelectorOperator.NotIn => "notin",
        SelectorOperator.Exists => "exists",
        SelectorOperator.GreaterThan => "gt",
        SelectorOperator.LessThan => "lt",
        _ => ((int)op).ToString(CultureInfo.InvariantCulture),
    };

    // Go strconv.ParseInt(s, 10, 64): optional sign, ASCII digits only, 64-bit range.
    internal static bool TryParseInt64(string s, out long value) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static string IndexPath(string field, int index) =>
        field + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    private bool HasValue(string value)
    {
        foreach (var v in values)
        {
            if (string.Equals(v, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// A label selector (k8s.io/apimachinery/pkg/labels.Selector): an AND of
/// <see cref="SelectorRequirement"/>s kept sorted by key, or the special <see cref="Nothing"/>
/// selector. Immutable.
/// </summary>
public sealed class Selector : IEquatable<Selector>
{
    /// <summary>Matches every label set; empty; prints as "" (labels.Everything).</summary>
    public static readonly Selector Everything = new([], matchesNothing: false);

    /// <summary>Matches no label set; not empty; prints as "" (labels.Nothing).</summary>
    public static readonly Selector Nothing = new([], matchesNothing: true);

    private readonly SelectorRequirement[] requirements;

    private Selector(SelectorRequirement[] requirements, bool matchesNothing)
    {
        this.requirements = requirements;
        MatchesNothing = matchesNothing;
    }

    /// <summary>The requirements, sorted by key (ordinal, stable). Empty for <see cref="Nothing"/>.</summary>
    public IReadOnlyList<SelectorRequirement> Requirements => requirements;

    /// <summary>True if this selector does not restrict the selection space (labels.Selector.Empty).</summary>
    public bool Empty => !MatchesNothing && requirements.Length == 0;

    /// <summary>True only for <see cref="Nothing"/> (labels.MatchesNothing).</summary>
    public bool MatchesNothing { get; }

    /// <summary>
    /// Parses Kubernetes' selector string syntax (labels.Parse): a comma-separated AND of
    /// <c>key</c>, <c>!key</c>, <c>key=v</c>, <c>key==v</c>, <c>key!=v</c>, <c>key in (a,b)</c>,
    /// <c>key notin (a,b)</c>, <c>key&gt;n</c>, <c>key&lt;n</c>. "" parses to an empty selector.
    /// </summary>
    /// <exception cref="SelectorParseException">With Kubernetes' error text and the position of the offending token.</exception>
    public static Selector Parse(string selector)
    {
        // Port of apimachinery/pkg/labels/selector.go Parse/parse (parser in SelectorParser.cs).
        ArgumentNullException.ThrowIfNull(selector);
        var parsed = new SelectorParser(selector).Parse();
        return new Selector(SortByKey(parsed), matchesNothing: false);
    }

    /// <summary>
    /// Converts the API type like metav1.LabelSelectorAsSelector: null gives <see cref="Nothing"/>,
    /// no labels and no expressions give <see cref="Everything"/>; otherwise each match label
    /// becomes <c>key=value</c> and each expression its In/NotIn/Exists/DoesNotExist requirement.
    /// </summary>
    /// <exception cref="SelectorParseException">For an unknown operator or an invalid requirement (position -1).</exception>
    public static Selector FromLabelSelector(LabelSelector? labelSelector)
    {
        // Port of apimachinery/pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector.
        if (labelSelector is null)
        {
            return Nothing;
        }

        var matchLabels = labelSelector.MatchLabels ?? new SortedDictionary<string, string>(StringComparer.Ordinal);
        var matchExpressions = labelSelector.MatchExpressions ?? [];
        if (matchLabels.Count + matchExpressions.Count == 0)
        {
            return Everything;
        }

        var reqs = new List<SelectorRequirement>(matchLabels.Count + matchExpressions.Count);
        foreach (var (key, value) in matchLabels.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            reqs.Add(SelectorRequirement.Create(key, SelectorOperator.Equals, [value]));
        }

        foreach (var expr in matchExpressions)
        {
            var op = expr.Operator switch
            {
                LabelSelectorOperator.In => SelectorOperator.In,
                LabelSelectorOperator.NotIn => SelectorOperator.NotIn,
                LabelSelectorOperator.Exists => SelectorOperator.Exists,
                LabelSelectorOperator.DoesNotExist => SelectorOperator.DoesNotExist,
                _ => throw new SelectorParseException(
                    GoFormat.Quote(expr.Operator ?? string.Empty) + " is not a valid pod selector operator", -1),
            };

            // Go copies with append([]string(nil), values...), which is nil for no values.
            var values = expr.Values is null || expr.Values.Count == 0 ? null : expr.Values.ToArray();
            reqs.Add(SelectorRequirement.Create(expr.Key, op, values));
        }

        return new Selector(SortByKey(reqs), matchesNothing: false);
    }

    /// <summary>
    /// A selector matching exactly the given labels (labels.SelectorFromSet): one <c>key=value</c>
    /// requirement per entry, without validation. Null or empty gives an empty selector
    /// (<see cref="Everything"/>).
    /// </summary>
    public static Selector FromMap(IReadOnlyDictionary<string, string>? labels)
    {
        // Port of apimachinery/pkg/labels/selector.go SelectorFromSet/SelectorFromValidatedSet.
        if (labels is null || labels.Count == 0)
        {
            return Everything;
        }

        var reqs = labels
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => SelectorRequirement.CreateUnchecked(kv.Key, SelectorOperator.Equals, [kv.Value]))
            .ToArray();
        return new Selector(reqs, matchesNothing: false);
    }

    /// <summary>True if every requirement matches the labels; always false for <see cref="Nothing"/>.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        // Port of apimachinery/pkg/labels/selector.go internalSelector.Matches / nothingSelector.Matches.
        ArgumentNullException.ThrowIfNull(labels);
        if (MatchesNothing)
        {
            return false;
        }

        foreach (var requirement in requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A new selector with the extra requirements, re-sorted by key (labels.Selector.Add).
    /// Adding to <see cref="Nothing"/> returns <see cref="Nothing"/>.
    /// </summary>
    public Selector Add(params SelectorRequirement[] extra)
    {
        // Port of apimachinery/pkg/labels/selector.go internalSelector.Add.
        ArgumentNullException.ThrowIfNull(extra);
        if (MatchesNothing)
        {
            return this;
        }

        return new Selector(SortByKey([.. requirements, .. extra]), matchesNothing: false);
    }

    /// <summary>
    /// If the first requirement on <paramref name="label"/> is Equals, DoubleEquals or an In with
    /// exactly one value, returns true and that value (labels.Selector.RequiresExactMatch).
    /// </summary>
    public bool RequiresExactMatch(string label, [NotNullWhen(true)] out string? value)
    {
        // Port of apimachinery/pkg/labels/selector.go internalSelector.RequiresExactMatch.
        foreach (var r in requirements)
        {
            if (!string.Equals(r.Key, label, StringComparison.Ordinal))
            {
                continue;
            }

            if (r.Operator is SelectorOperator.Equals or SelectorOperator.DoubleEquals or SelectorOperator.In
                && r.Values.Count == 1)
            {
                value = r.Values[0];
                return true;
            }

            break;
        }

        value = null;
        return false;
    }

    /// <summary>
    /// Kubernetes' canonical form (labels.Selector.String): the requirements' strings joined by ","
    /// in key order; "" for <see cref="Everything"/> and <see cref="Nothing"/>.
    /// </summary>
    public override string ToString() => string.Join(",", requirements.Select(r => r.ToString()));

    /// <summary>Same kind (Nothing or not) and equal requirements in the same order.</summary>
    public bool Equals(Selector? other) =>
        other is not null
        && MatchesNothing == other.MatchesNothing
        && requirements.AsSpan().SequenceEqual(other.requirements);

    /// <inheritdoc cref="Equals(Selector?)"/>
    public override bool Equals(object? obj) => Equals(obj as Selector);

    /// <summary>Hash code consistent with <see cref="Equals(Selector?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(MatchesNothing);
        foreach (var r in requirements)
        {
            hash.Add(r);
        }

        return hash.ToHashCode();
    }

    // Kubernetes sorts with sort.Sort(ByKey(...)); Go's sort is insertion sort (stable) up to 12
    // elements, so a stable ordinal sort reproduces its order for all realistic selectors.
    private static SelectorRequirement[] SortByKey(IEnumerable<SelectorRequirement> reqs) =>
        reqs.OrderBy(r => r.Key, StringComparer.Ordinal).ToArray();
}
