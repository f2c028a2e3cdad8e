using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>Scheduling fields: tolerations, topology spread constraints, node affinity and inter-pod (anti-)affinity.</summary>
public static partial class ManifestDecoder
{
    private static Toleration DecodeToleration(Context c, YamlItem item)
    {
        var r = c.R;
        string? key = null, value = null, effect = null;
        string op = "Equal";
        long? seconds = null;
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            switch (f.Key)
            {
                case "key":
                    key = r.OptionalString(f.Value, f.Path);
                    break;
                case "operator":
                    op = r.OptionalString(f.Value, f.Path) ?? "Equal";
                    break;
                case "value":
                    value = r.OptionalString(f.Value, f.Path);
                    break;
                case "effect":
                    effect = r.OptionalString(f.Value, f.Path);
                    break;
                case "tolerationSeconds":
                    if (r.Int64(f.Value, f.Path, out long s))
                    {
                        seconds = s;
                    }

                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        if (op is not ("Equal" or "Exists"))
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".operator", $"Unsupported value: \"{op}\": supported values: \"Equal\", \"Exists\""));
        }
        else if (op == "Exists" && !string.IsNullOrEmpty(value))
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".operator", $"Invalid value: \"{value}\": value must be empty when `operator` is 'Exists'"));
        }

        if (effect is not (null or "" or "NoSchedule" or "PreferNoSchedule" or "NoExecute"))
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".effect", $"Unsupported value: \"{effect}\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""));
        }

        return new Toleration(key, op, value, effect, seconds);
    }

    private static TopologySpreadConstraint DecodeSpreadConstraint(Context c, YamlItem item)
    {
        var r = c.R;
        int maxSkew = 0;
        string topologyKey = "", when = "";
        LabelSelector? selector = null;
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            switch (f.Key)
            {
                case "maxSkew":
                    r.Int32(f.Value, f.Path, out maxSkew);
                    break;
                case "topologyKey":
                    topologyKey = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "whenUnsatisfiable":
                    when = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "labelSelector":
                    selector = YamlReader.IsNull(f.Value) ? null : DecodeLabelSelector(c, f.Value, f.Path);
                    break;
                case "minDomains" or "nodeAffinityPolicy" or "nodeTaintsPolicy" or "matchLabelKeys":
                    c.Ignore(f);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        if (maxSkew < 1)
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".maxSkew", $"Invalid value: {maxSkew}: must be greater than zero"));
        }

        if (topologyKey.Length == 0)
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".topologyKey", "Required value: can not be empty"));
        }

        if (when is not ("DoNotSchedule" or "ScheduleAnyway"))
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".whenUnsatisfiable", $"Unsupported value: \"{when}\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\""));
        }

        return new TopologySpreadConstraint(maxSkew, topologyKey, when, selector);
    }

    private static Affinity? DecodeAffinity(Context c, YamlField field)
    {
        var r = c.R;
        NodeAffinity? nodeAffinity = null;
        PodAffinity? podAffinity = null;
        PodAntiAffinity? podAntiAffinity = null;
        foreach (var f in r.Fields(field.Value, field.Path))
        {
            switch (f.Key)
            {
                case "nodeAffinity":
                    NodeSelector? required = null;
                    var preferred = new List<PreferredSchedulingTerm>();
                    foreach (var a in r.Fields(f.Value, f.Path))
                    {
                        switch (a.Key)
                        {
                            case "requiredDuringSchedulingIgnoredDuringExecution":
                                var terms = new List<NodeSelectorTerm>();
                                foreach (var t in r.Fields(a.Value, a.Path))
                                {
                                    if (t.Key != "nodeSelectorTerms")
                                    {
                                        c.Unknown(t);
                                        continue;
                                    }

                                    foreach (var item in r.Items(t.Value, t.Path))
                                    {
                                        terms.Add(DecodeNodeSelectorTerm(c, item.Node, item.Path));
                                    }
                                }

                                required = new NodeSelector(terms);
                                break;
                            case "preferredDuringSchedulingIgnoredDuringExecution":
                                foreach (var item in r.Items(a.Value, a.Path))
                                {
                                    int weight = 0;
                                    NodeSelectorTerm preference = new([], []);
                                    foreach (var pf in r.Fields(item.Node, item.Path))
                                    {
                                        switch (pf.Key)
                                        {
                                            case "weight":
                                                r.Int32(pf.Value, pf.Path, out weight);
                                                break;
                                            case "preference":
                                                preference = DecodeNodeSelectorTerm(c, pf.Value, pf.Path);
                                                break;
                                            default:
                                                c.Unknown(pf);
                                                break;
                                        }
                                    }

                                    if (weight is < 1 or > 100)
                                    {
                                        c.FieldErrors.Add(new FieldError(item.Path + ".weight", $"Invalid value: {weight}: must be in the range 1-100"));
                                    }

                                    preferred.Add(new PreferredSchedulingTerm(weight, preference));
                                }

                                break;
                            default:
                                c.Unknown(a);
                                break;
                        }
                    }

                    nodeAffinity = new NodeAffinity(required, preferred);
                    break;
                case "podAffinity":
                    var affinityTerms = DecodePodAffinity(c, f);
                    podAffinity = new PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = affinityTerms.Required, PreferredDuringSchedulingIgnoredDuringExecution = affinityTerms.Preferred };
                    break;
                case "podAntiAffinity":
                    var antiTerms = DecodePodAffinity(c, f);
                    podAntiAffinity = new PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = antiTerms.Required, PreferredDuringSchedulingIgnoredDuringExecution = antiTerms.Preferred };
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return new Affinity(nodeAffinity, podAffinity, podAntiAffinity);
    }

    /// <summary>
    /// The required and preferred terms of a podAffinity or podAntiAffinity (core/v1 PodAffinity, PodAntiAffinity);
    /// the API server's checks (weights, keys, selectors) are <see cref="Validation.ValidatePodAffinities"/>'.
    /// </summary>
    private static (List<PodAffinityTerm> Required, List<WeightedPodAffinityTerm> Preferred) DecodePodAffinity(Context c, YamlField field)
    {
        var r = c.R;
        var required = new List<PodAffinityTerm>();
        var preferred = new List<WeightedPodAffinityTerm>();
        foreach (var a in r.Fields(field.Value, field.Path))
        {
            switch (a.Key)
            {
                case "requiredDuringSchedulingIgnoredDuringExecution":
                    foreach (var item in r.Items(a.Value, a.Path))
                    {
                        required.Add(DecodePodAffinityTerm(c, item.Node, item.Path));
                    }

                    break;
                case "preferredDuringSchedulingIgnoredDuringExecution":
                    foreach (var item in r.Items(a.Value, a.Path))
                    {
                        int weight = 0;
                        var term = new PodAffinityTerm();
                        foreach (var pf in r.Fields(item.Node, item.Path))
                        {
                            switch (pf.Key)
                            {
                                case "weight":
                                    r.Int32(pf.Value, pf.Path, out weight);
                                    break;
                                case "podAffinityTerm":
                                    term = DecodePodAffinityTerm(c, pf.Value, pf.Path);
                                    break;
                                default:
                                    c.Unknown(pf);
                                    break;
                            }
                        }

                        preferred.Add(new WeightedPodAffinityTerm(weight, term));
                    }

                    break;
                default:
                    c.Unknown(a);
                    break;
            }
        }

        return (required, preferred);
    }

    /// <summary>One core/v1 PodAffinityTerm. A null selector stays null: it selects nothing (a namespace selector {} selects every namespace).</summary>
    private static PodAffinityTerm DecodePodAffinityTerm(Context c, YamlNode node, string path)
    {
        var r = c.R;
        var term = new PodAffinityTerm();
        foreach (var f in r.Fields(node, path))
        {
            switch (f.Key)
            {
                case "labelSelector":
                    term = term with { LabelSelector = DecodeTermSelector(c, f) };
                    break;
                case "namespaceSelector":
                    term = term with { NamespaceSelector = DecodeTermSelector(c, f) };
                    break;
                case "namespaces":
                    term = term with { Namespaces = r.StringList(f.Value, f.Path) };
                    break;
                case "topologyKey":
                    term = term with { TopologyKey = r.OptionalString(f.Value, f.Path) ?? "" };
                    break;
                case "matchLabelKeys":
                    term = term with { MatchLabelKeys = r.StringList(f.Value, f.Path) };
                    break;
                case "mismatchLabelKeys":
                    term = term with { MismatchLabelKeys = r.StringList(f.Value, f.Path) };
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return term;
    }

    /// <summary>A term's label or namespace selector; the API server checks it whole (ValidateLabelSelector), so the decoder's own operator errors are dropped.</summary>
    private static LabelSelector? DecodeTermSelector(Context c, YamlField f)
    {
        if (YamlReader.IsNull(f.Value))
        {
            return null;
        }

        int before = c.FieldErrors.Count;
        var selector = DecodeLabelSelector(c, f.Value, f.Path);
        c.FieldErrors.RemoveRange(before, c.FieldErrors.Count - before);
        return selector;
    }

    private static NodeSelectorTerm DecodeNodeSelectorTerm(Context c, YamlNode node, string path)
    {
        var r = c.R;
        var expressions = new List<NodeSelectorRequirement>();
        var fields = new List<NodeSelectorRequirement>();
        foreach (var f in r.Fields(node, path))
        {
            switch (f.Key)
            {
                case "matchExpressions" or "matchFields":
                    foreach (var item in r.Items(f.Value, f.Path))
                    {
                        var (key, op, values) = DecodeRequirement(c, item);
                        if (op is not ("In" or "NotIn" or "Exists" or "DoesNotExist" or "Gt" or "Lt"))
                        {
                            c.FieldErrors.Add(new FieldError(item.Path + ".operator", $"Invalid value: \"{op}\": not a valid selector operator"));
                        }

                        (f.Key == "matchExpressions" ? expressions : fields).Add(new NodeSelectorRequirement(key, op, values));
                    }

                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return new NodeSelectorTerm(expressions, fields);
    }
}
