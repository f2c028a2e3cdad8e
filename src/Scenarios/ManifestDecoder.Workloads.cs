using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>ReplicationController, ReplicaSet, pod templates and label selectors.</summary>
public static partial class ManifestDecoder
{
    private static KubeObject DecodeReplicationController(Context c, YamlMappingNode root, string apiVersion)
    {
        var rc = new ReplicationController();
        var r = c.R;
        DecodeTopLevel(c, root, rc.Metadata, f =>
        {
            foreach (var s in r.Fields(f.Value, f.Path))
            {
                if (!ReplicatedSetField(c, s, rc))
                {
                    if (s.Key == "selector")
                    {
                        rc.Selector = r.StringMap(s.Value, s.Path);
                    }
                    else
                    {
                        c.Unknown(s);
                    }
                }
            }
        });

        return rc;
    }

    private static KubeObject DecodeReplicaSet(Context c, YamlMappingNode root, string apiVersion)
    {
        var rs = new ReplicaSet();
        var r = c.R;
        DecodeTopLevel(c, root, rs.Metadata, f =>
        {
            foreach (var s in r.Fields(f.Value, f.Path))
            {
                if (!ReplicatedSetField(c, s, rs))
                {
                    if (s.Key == "selector")
                    {
                        rs.Selector = YamlReader.IsNull(s.Value) ? null : DecodeLabelSelector(c, s.Value, s.Path);
                    }
                    else
                    {
                        c.Unknown(s);
                    }
                }
            }
        });

        if (rs.Selector is null && apiVersion == "extensions/v1beta1" && rs.Template.Metadata.Labels.Count > 0)
        {
            // extensions/v1beta1 defaulted a missing selector to the template's labels (apps/v1 requires it).
            rs.Selector = new LabelSelector { MatchLabels = new SortedDictionary<string, string>(rs.Template.Metadata.Labels, StringComparer.Ordinal) };
        }

        return rs;
    }

    /// <summary>replicas (absent or null: 1), minReadySeconds, template; false for other keys.</summary>
    private static bool ReplicatedSetField(Context c, YamlField s, ReplicatedSet set)
    {
        var r = c.R;
        switch (s.Key)
        {
            case "replicas":
                if (r.Int32(s.Value, s.Path, out int replicas))
                {
                    set.Replicas = replicas;
                }

                return true;
            case "minReadySeconds":
                if (r.Int32(s.Value, s.Path, out int mrs))
                {
                    set.MinReadySeconds = mrs;
                    if (mrs < 0)
                    {
                        c.FieldErrors.Add(new FieldError(s.Path, $"Invalid value: {mrs}: must be greater than or equal to 0"));
                    }
                }

                return true;
            case "template":
                set.Template = DecodeTemplate(c, s.Value, s.Path);
                return true;
            default:
                return false;
        }
    }

    private static PodTemplateSpec DecodeTemplate(Context c, YamlNode node, string path)
    {
        var template = new PodTemplateSpec();
        foreach (var f in c.R.Fields(node, path))
        {
            switch (f.Key)
            {
                case "metadata":
                    DecodeMeta(c, f.Value, f.Path, template.Metadata);
                    break;
                case "spec":
                    DecodePodSpec(c, f.Value, f.Path, template.Spec);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return template;
    }

    private static LabelSelector DecodeLabelSelector(Context c, YamlNode node, string path)
    {
        var r = c.R;
        var selector = new LabelSelector();
        foreach (var f in r.Fields(node, path))
        {
            switch (f.Key)
            {
                case "matchLabels":
                    foreach (var (k, v) in r.StringMap(f.Value, f.Path))
                    {
                        selector.MatchLabels[k] = v;
                    }

                    break;
                case "matchExpressions":
                    foreach (var item in r.Items(f.Value, f.Path))
                    {
                        var (key, op, values) = DecodeRequirement(c, item);
                        if (op is not ("In" or "NotIn" or "Exists" or "DoesNotExist"))
                        {
                            c.FieldErrors.Add(new FieldError(item.Path + ".operator", $"Invalid value: \"{op}\": not a valid selector operator"));
                        }

                        selector.MatchExpressions.Add(new LabelSelectorRequirement(key, op, values));
                    }

                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return selector;
    }

    /// <summary>{key, operator, values} of a label or node selector requirement.</summary>
    private static (string Key, string Operator, List<string> Values) DecodeRequirement(Context c, YamlItem item)
    {
        var r = c.R;
        string key = "", op = "";
        var values = new List<string>();
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            switch (f.Key)
            {
                case "key":
                    key = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "operator":
                    op = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "values":
                    values = r.StringList(f.Value, f.Path);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        if (key.Length == 0)
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".key", "Required value"));
        }

        return (key, op, values);
    }
}
