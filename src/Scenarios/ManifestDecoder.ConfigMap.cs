using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>
/// ConfigMap in v1 (k8s.io/api/core/v1 types.go ConfigMap: immutable, data, binaryData). Data values are strings, as
/// the API server's JSON decoding requires; binaryData values are base64 as Go's encoding/base64 reads a []byte and are
/// kept re-encoded as the API server serves them. Keys, overlap and size are the API server's checks
/// (Validation.ValidateConfigMap), reported at the key's line as field.NewPath("data").Key(key) names it: data[KEY].
/// </summary>
public static partial class ManifestDecoder
{
    /// <summary>The warning a file with ConfigMaps gets once: they are stored and served, but nothing in the simulation reads them.</summary>
    internal const string ConfigMapNotSimulated = "kind ConfigMap is kept but not simulated (containers do not read it)";

    private static KubeObject DecodeConfigMap(Context c, YamlMappingNode root, string apiVersion)
    {
        var cm = new ConfigMap();
        var r = c.R;
        foreach (var f in r.Fields(root, ""))
        {
            if (CommonTopLevel(c, f, cm.Metadata))
            {
                continue;
            }

            switch (f.Key)
            {
                case "data":
                    cm.Data = DecodeConfigMapEntries(c, f, binary: false);
                    break;
                case "binaryData":
                    cm.BinaryData = DecodeConfigMapEntries(c, f, binary: true);
                    break;
                case "immutable":
                    cm.Immutable = YamlReader.IsNull(f.Value) ? null : r.Bool(f.Value, f.Path, out var immutable) ? immutable : null;
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return cm;
    }

    /// <summary>data or binaryData: a mapping of strings (null reads as ""); each key's location is recorded under KEY[name] for the API server's field paths.</summary>
    private static SortedDictionary<string, string> DecodeConfigMapEntries(Context c, YamlField field, bool binary)
    {
        var r = c.R;
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in r.Fields(field.Value, field.Path))
        {
            r.FieldLocations.TryAdd(field.Key + "[" + e.Key + "]", r.Location(e.KeyNode));
            string value = "";
            if (!YamlReader.IsNull(e.Value) && !r.String(e.Value, e.Path, out value))
            {
                continue;
            }

            if (binary)
            {
                if (!GoBase64.TryDecode(value, out var bytes, out var error))
                {
                    r.Error(e.Value, $"{e.Path}: {error}");
                    continue;
                }

                value = Convert.ToBase64String(bytes);
            }

            result[e.Key] = value;
        }

        return result;
    }
}
