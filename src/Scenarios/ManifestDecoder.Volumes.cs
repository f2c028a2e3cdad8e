using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Scenarios;

/// <summary>Volumes and volume mounts.</summary>
public static partial class ManifestDecoder
{
    /// <summary>Volume sources (core/v1 VolumeSource); the simulator keeps only which one a volume uses.</summary>
    private static readonly HashSet<string> VolumeSources = new(StringComparer.Ordinal)
    {
        "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs",
        "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
        "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
        "ephemeral", "image",
    };

    private static VolumeMount DecodeVolumeMount(Context c, YamlItem item)
    {
        var r = c.R;
        string name = "", mountPath = "";
        bool readOnly = false;
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            switch (f.Key)
            {
                case "name":
                    name = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "mountPath":
                    mountPath = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "readOnly":
                    r.Bool(f.Value, f.Path, out readOnly);
                    break;
                case "subPath" or "subPathExpr" or "mountPropagation" or "recursiveReadOnly":
                    c.Ignore(f);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return new VolumeMount(name, mountPath, readOnly);
    }

    private static Volume DecodeVolume(Context c, YamlItem item)
    {
        var r = c.R;
        string name = "";
        var types = new List<string>();
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            if (f.Key == "name")
            {
                name = r.OptionalString(f.Value, f.Path) ?? "";
            }
            else if (VolumeSources.Contains(f.Key))
            {
                types.Add(f.Key);
                c.Ignore(f);
            }
            else
            {
                c.Unknown(f);
            }
        }

        if (name.Length == 0)
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".name", "Required value"));
        }

        if (types.Count > 1)
        {
            c.FieldErrors.Add(new FieldError(item.Path + "." + types[1], "Forbidden: may not specify more than 1 volume type"));
        }

        // SetDefaults_Volume: a volume without a source is an emptyDir.
        return new Volume(name, types.Count > 0 ? types[0] : "emptyDir");
    }
}
