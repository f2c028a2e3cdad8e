using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>Deployment (apps/v1, apps/v1beta2, extensions/v1beta1).</summary>
public static partial class ManifestDecoder
{
    private static KubeObject DecodeDeployment(Context c, YamlMappingNode root, string apiVersion)
    {
        var d = new Deployment();
        var r = c.R;
        DecodeTopLevel(c, root, d.Metadata, f =>
        {
            foreach (var s in r.Fields(f.Value, f.Path))
            {
                DeploymentSpecField(c, s, d, apiVersion);
            }
        });

        if (d.Selector is null && apiVersion == "extensions/v1beta1" && d.Template.Metadata.Labels.Count > 0)
        {
            // extensions/v1beta1 defaulted a missing selector to the template's labels (apps/v1 requires it).
            d.Selector = new LabelSelector { MatchLabels = new SortedDictionary<string, string>(d.Template.Metadata.Labels, StringComparer.Ordinal) };
        }

        return d;
    }

    private static void DeploymentSpecField(Context c, YamlField s, Deployment d, string apiVersion)
    {
        var r = c.R;
        switch (s.Key)
        {
            case "replicas":
                if (r.Int32(s.Value, s.Path, out int replicas))
                {
                    d.Replicas = replicas;
                }

                break;
            case "selector":
                d.Selector = YamlReader.IsNull(s.Value) ? null : DecodeLabelSelector(c, s.Value, s.Path);
                break;
            case "template":
                d.Template = DecodeTemplate(c, s.Value, s.Path);
                break;
            case "strategy":
                d.Strategy = DecodeDeploymentStrategy(c, s);
                break;
            case "minReadySeconds":
                if (r.Int32(s.Value, s.Path, out int mrs))
                {
                    d.MinReadySeconds = mrs;
                }

                break;
            case "revisionHistoryLimit":
                d.RevisionHistoryLimit = OptionalInt32(c, s);
                break;
            case "progressDeadlineSeconds":
                d.ProgressDeadlineSeconds = OptionalInt32(c, s);
                break;
            case "paused":
                if (r.Bool(s.Value, s.Path, out bool paused))
                {
                    d.Paused = paused;
                }

                break;
            case "rollbackTo" when apiVersion == "extensions/v1beta1":
                // Deprecated in-object rollback (extensions/v1beta1 and apps/v1beta1 only): accepted, not modelled.
                c.Ignore(s);
                break;
            default:
                c.Unknown(s);
                break;
        }
    }

    private static DeploymentStrategy DecodeDeploymentStrategy(Context c, YamlField field)
    {
        var r = c.R;
        var strategy = new DeploymentStrategy();
        foreach (var f in r.Fields(field.Value, field.Path))
        {
            switch (f.Key)
            {
                case "type":
                    strategy.Type = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "rollingUpdate":
                    if (YamlReader.IsNull(f.Value))
                    {
                        strategy.RollingUpdate = null;
                        break;
                    }

                    var ru = new RollingUpdateDeployment();
                    foreach (var u in r.Fields(f.Value, f.Path))
                    {
                        switch (u.Key)
                        {
                            case "maxSurge":
                                ru.MaxSurge = OptionalIntOrString(c, u);
                                break;
                            case "maxUnavailable":
                                ru.MaxUnavailable = OptionalIntOrString(c, u);
                                break;
                            default:
                                c.Unknown(u);
                                break;
                        }
                    }

                    strategy.RollingUpdate = ru;
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        if (strategy.Type.Length == 0)
        {
            // An empty or null type is defaulted to RollingUpdate.
            strategy.Type = "RollingUpdate";
        }

        return strategy;
    }

    /// <summary>An integer that may be null (unset, left to defaulting).</summary>
    private static int? OptionalInt32(Context c, YamlField f) =>
        !YamlReader.IsNull(f.Value) && c.R.Int32(f.Value, f.Path, out int v) ? v : null;

    /// <summary>A count or a percentage that may be null (unset, left to defaulting).</summary>
    private static IntOrString? OptionalIntOrString(Context c, YamlField f) =>
        !YamlReader.IsNull(f.Value) && c.R.IntOrString(f.Value, f.Path, out var v) ? v : null;
}
