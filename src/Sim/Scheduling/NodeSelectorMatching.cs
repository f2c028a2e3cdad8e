using System.Globalization;
using System.Text.RegularExpressions;
using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Scheduling;

/// <summary>
/// A pod's required node selection: spec.nodeSelector ANDed with the required node affinity terms (ORed).
/// Port of k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go GetRequiredNodeAffinity /
/// RequiredNodeAffinity.Match, with LazyErrorNodeSelector semantics: a term that fails to parse matches nothing.
/// </summary>
public sealed class RequiredNodeAffinity
{
    private readonly IReadOnlyDictionary<string, string>? _labelSelector;
    private readonly List<NodeSelectorTermMatcher>? _terms;

    private RequiredNodeAffinity(IReadOnlyDictionary<string, string>? labelSelector, List<NodeSelectorTermMatcher>? terms)
    {
        _labelSelector = labelSelector;
        _terms = terms;
    }

    /// <summary>nodeaffinity.GetRequiredNodeAffinity.</summary>
    public static RequiredNodeAffinity Of(Pod pod)
    {
        IReadOnlyDictionary<string, string>? selector = pod.Spec.NodeSelector.Count > 0 ? pod.Spec.NodeSelector : null;
        List<NodeSelectorTermMatcher>? terms = null;
        var required = pod.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        if (required is not null)
        {
            terms = [];
            foreach (var term in required.NodeSelectorTerms)
            {
                // nil or empty term selects no objects
                if (NodeSelectorTermMatcher.IsEmpty(term))
                {
                    continue;
                }

                terms.Add(NodeSelectorTermMatcher.Parse(term, out _));
            }
        }

        return new RequiredNodeAffinity(selector, terms);
    }

    /// <summary>True when the pod has neither a nodeSelector nor required node affinity: every node matches.</summary>
    public bool MatchesAll => _labelSelector is null && _terms is null;

    /// <summary>RequiredNodeAffinity.Match (parse errors ignored, as the scheduler does).</summary>
    public bool Match(string nodeName, IReadOnlyDictionary<string, string> nodeLabels)
    {
        if (_labelSelector is not null)
        {
            foreach (var (k, v) in _labelSelector)
            {
                if (!nodeLabels.TryGetValue(k, out var actual) || !string.Equals(actual, v, StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }

        if (_terms is not null)
        {
            foreach (var term in _terms)
            {
                if (term.Match(nodeName, nodeLabels))
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }

    public bool Match(NodeState node) => Match(node.Name, node.Labels);
}

/// <summary>
/// A pod's preferred node affinity terms with their weights (nodeaffinity.go NewPreferredSchedulingTerms /
/// PreferredSchedulingTerms.Score). Terms with weight 0 or an empty preference are ignored.
/// </summary>
public sealed class PreferredSchedulingTerms
{
    private readonly List<(NodeSelectorTermMatcher Term, int Weight)> _terms;

    private PreferredSchedulingTerms(List<(NodeSelectorTermMatcher, int)> terms)
    {
        _terms = terms;
    }

    /// <summary>Parses the terms; returns null and an error message when any term is invalid.</summary>
    public static PreferredSchedulingTerms? Parse(IReadOnlyList<PreferredSchedulingTerm> terms, out string? error)
    {
        var parsed = new List<(NodeSelectorTermMatcher, int)>();
        var errors = new List<string>();
        for (int i = 0; i < terms.Count; i++)
        {
            var term = terms[i];
            if (term.Weight == 0 || NodeSelectorTermMatcher.IsEmpty(term.Preference))
            {
                continue;
            }

            var matcher = NodeSelectorTermMatcher.Parse(term.Preference, out var termErrors, string.Create(CultureInfo.InvariantCulture, $"[{i}]"));
            if (termErrors.Count > 0)
            {
                errors.AddRange(termErrors);
                continue;
            }

            parsed.Add((matcher, term.Weight));
        }

        if (errors.Count > 0)
        {
            error = errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]";
            return null;
        }

        error = null;
        return new PreferredSchedulingTerms(parsed);
    }

    /// <summary>The sum of the weights of the terms the node matches.</summary>
    public long Score(string nodeName, IReadOnlyDictionary<string, string> nodeLabels)
    {
        long score = 0;
        foreach (var (term, weight) in _terms)
        {
            if (term.Match(nodeName, nodeLabels))
            {
                score += weight;
            }
        }

        return score;
    }
}

/// <summary>
/// One parsed node selector term: matchExpressions over labels (labels.Requirement semantics, operators In,
/// NotIn, Exists, DoesNotExist, Gt, Lt) ANDed with matchFields over metadata.name (In/NotIn, one value).
/// Port of nodeaffinity.go newNodeSelectorTerm / nodeSelectorTerm.match.
/// </summary>
public sealed partial class NodeSelectorTermMatcher
{
    /// <summary>metav1.ObjectNameField.</summary>
    public const string ObjectNameField = "metadata.name";

    private readonly List<NodeSelectorRequirement> _labels;
    private readonly List<NodeSelectorRequirement> _fields;
    private readonly bool _invalid;

    private NodeSelectorTermMatcher(List<NodeSelectorRequirement> labels, List<NodeSelectorRequirement> fields, bool invalid)
    {
        _labels = labels;
        _fields = fields;
        _invalid = invalid;
    }

    /// <summary>nodeaffinity.go isEmptyNodeSelectorTerm.</summary>
    public static bool IsEmpty(NodeSelectorTerm term) => term.MatchExpressions.Count == 0 && term.MatchFields.Count == 0;

    /// <summary>Parses and validates a term (labels.NewRequirement, nodeSelectorRequirementsAsFieldSelector).</summary>
    public static NodeSelectorTermMatcher Parse(NodeSelectorTerm term, out List<string> errors, string path = "")
    {
        errors = [];
        for (int i = 0; i < term.MatchExpressions.Count; i++)
        {
            ValidateLabelRequirement(term.MatchExpressions[i], string.Create(CultureInfo.InvariantCulture, $"{path}.matchExpressions[{i}]"), errors);
        }

        for (int i = 0; i < term.MatchFields.Count; i++)
        {
            var r = term.MatchFields[i];
            var p = string.Create(CultureInfo.InvariantCulture, $"{path}.matchFields[{i}]");
            if (r.Operator is not ("In" or "NotIn"))
            {
                errors.Add($"{p}.operator: Unsupported value: \"{r.Operator}\": supported values: \"In\", \"NotIn\"");
            }
            else if (r.Values.Count != 1)
            {
                errors.Add($"{p}.values: Invalid value: must have one element");
            }
        }

        return new NodeSelectorTermMatcher(term.MatchExpressions.ToList(), term.MatchFields.ToList(), errors.Count > 0);
    }

    /// <summary>nodeSelectorTerm.match: false for an invalid term.</summary>
    public bool Match(string nodeName, IReadOnlyDictionary<string, string> nodeLabels)
    {
        if (_invalid)
        {
            return false;
        }

        foreach (var r in _labels)
        {
            if (!RequirementMatches(r, nodeLabels))
            {
                return false;
            }
        }

        // extractNodeFields: only metadata.name, and only when the node has a name.
        if (_fields.Count > 0 && nodeName.Length > 0)
        {
            foreach (var r in _fields)
            {
                var actual = r.Key == ObjectNameField ? nodeName : "";
                bool equal = string.Equals(actual, r.Values[0], StringComparison.Ordinal);
                if (r.Operator == "In" ? !equal : equal)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>apimachinery labels.Requirement.Matches.</summary>
    private static bool RequirementMatches(NodeSelectorRequirement r, IReadOnlyDictionary<string, string> labels)
    {
        bool has = labels.TryGetValue(r.Key, out var value);
        switch (r.Operator)
        {
            case "In":
                return has && r.Values.Contains(value!, StringComparer.Ordinal);
            case "NotIn":
                return !has || !r.Values.Contains(value!, StringComparer.Ordinal);
            case "Exists":
                return has;
            case "DoesNotExist":
                return !has;
            case "Gt":
            case "Lt":
                if (!has || !TryParseInt64(value!, out var actual) || r.Values.Count != 1 || !TryParseInt64(r.Values[0], out var bound))
                {
                    return false;
                }

                return r.Operator == "Gt" ? actual > bound : actual < bound;
            default:
                return false;
        }
    }

    /// <summary>labels.NewRequirement's validation of key, operator and values.</summary>
    private static void ValidateLabelRequirement(NodeSelectorRequirement r, string path, List<string> errors)
    {
        if (!IsQualifiedName(r.Key))
        {
            errors.Add($"{path}.key: Invalid value: \"{r.Key}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
        }

        switch (r.Operator)
        {
            case "In":
            case "NotIn":
                if (r.Values.Count == 0)
                {
                    errors.Add($"{path}.values: Invalid value: for 'in', 'notin' operators, values set can't be empty");
                }

                break;
            case "Exists":
            case "DoesNotExist":
                if (r.Values.Count != 0)
                {
                    errors.Add($"{path}.values: Invalid value: values set must be empty for exists and does not exist");
                }

                break;
            case "Gt":
            case "Lt":
                if (r.Values.Count != 1)
                {
                    errors.Add($"{path}.values: Invalid value: for 'Gt', 'Lt' operators, exactly one value is required");
                }

                foreach (var v in r.Values)
                {
                    if (!TryParseInt64(v, out _))
                    {
                        errors.Add($"{path}.values: Invalid value: \"{v}\": for 'Gt', 'Lt' operators, the value must be an integer");
                    }
                }

                break;
            default:
                errors.Add($"{path}.operator: Unsupported value: \"{r.Operator}\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\", \"Gt\", \"Lt\"");
                break;
        }

        foreach (var v in r.Values)
        {
            if (!IsValidLabelValue(v))
            {
                errors.Add($"{path}.values: Invalid value: \"{v}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
            }
        }
    }

    /// <summary>Go strconv.ParseInt(s, 10, 64): optional sign, decimal digits, no spaces.</summary>
    internal static bool TryParseInt64(string s, out long value) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>apimachinery validation.IsQualifiedName.</summary>
    internal static bool IsQualifiedName(string value)
    {
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                if (parts[0].Length == 0 || parts[0].Length > 253 || !Dns1123Subdomain().IsMatch(parts[0]))
                {
                    return false;
                }

                name = parts[1];
                break;
            default:
                return false;
        }

        return name.Length is > 0 and <= 63 && QualifiedName().IsMatch(name);
    }

    /// <summary>apimachinery validation.IsValidLabelValue.</summary>
    internal static bool IsValidLabelValue(string value) => value.Length <= 63 && LabelValue().IsMatch(value);

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValue();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Subdomain();
}
