using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>PriorityClass in scheduling.k8s.io/v1 (k8s.io/api/scheduling/v1 types.go: value, globalDefault, description, preemptionPolicy).</summary>
public static partial class ManifestDecoder
{
    private static KubeObject DecodePriorityClass(Context c, YamlMappingNode root, string apiVersion)
    {
        var pc = new PriorityClass();
        var r = c.R;
        foreach (var f in r.Fields(root, ""))
        {
            if (CommonTopLevel(c, f, pc.Metadata))
            {
                continue;
            }

            switch (f.Key)
            {
                case "value":
                    if (r.Int32(f.Value, f.Path, out int value))
                    {
                        pc.Value = value;
                    }

                    break;
                case "globalDefault":
                    if (!YamlReader.IsNull(f.Value) && r.Bool(f.Value, f.Path, out bool globalDefault))
                    {
                        pc.GlobalDefault = globalDefault;
                    }

                    break;
                case "description":
                    pc.Description = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "preemptionPolicy":
                    pc.PreemptionPolicy = YamlReader.IsNull(f.Value) ? null : r.OptionalString(f.Value, f.Path);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return pc;
    }
}
