using ClusterSim.Sim.Api;

namespace ClusterSim.Planning.Configuring;

/// <summary>
/// What a varied key names. The grammar (README, "Capacity planning"):
/// <list type="bullet">
/// <item><c>nodes.POOL.count</c>, <c>nodes.POOL.capacity.RESOURCE</c> (cpu, memory, pods, ...): a node pool;</item>
/// <item><c>controlPlane.KEY</c>: any spec.controlPlane setting;</item>
/// <item><c>load.scale</c> or <c>load.KIND/NAME.scale</c>: a factor on every rps component of all loads or of one target;</item>
/// <item><c>faults.random-node-crash.mtbf</c>, <c>.mttr</c>: every random-node-crash of the timeline;</item>
/// <item><c>[NS/]KIND/NAME.FIELD.PATH</c>: a field of an object in spec.manifests, by the object's own field names
/// (<c>deployment/web.spec.replicas</c>, <c>hpa/web.spec.maxReplicas</c>, <c>spec.metrics[0]...</c>, <c>containers[web]...</c>).</item>
/// </list>
/// </summary>
public abstract record SettingKey(string Text)
{
    /// <summary>Parses <paramref name="key"/>; null and the reason when it fits none of the forms.</summary>
    public static SettingKey? Parse(string key, out string? error)
    {
        error = null;
        var parts = key.Split('.');
        switch (parts[0])
        {
            case "nodes":
                if (parts.Length == 3 && parts[2] == "count" && parts[1].Length > 0)
                {
                    return new NodeCountKey(key, parts[1]);
                }

                if (parts.Length == 4 && parts[2] == "capacity" && parts[1].Length > 0 && parts[3].Length > 0)
                {
                    return new NodeCapacityKey(key, parts[1], parts[3]);
                }

                error = $"\"{key}\": expected nodes.POOL.count or nodes.POOL.capacity.RESOURCE (cpu, memory, pods)";
                return null;
            case "controlPlane":
                if (parts.Length == 2 && parts[1].Length > 0)
                {
                    return new ControlPlaneKey(key, parts[1]);
                }

                error = $"\"{key}\": expected controlPlane.SETTING (e.g. controlPlane.hpaTolerance)";
                return null;
            case "load":
                if (key == "load.scale")
                {
                    return new LoadScaleKey(key, null);
                }

                if (key.EndsWith(".scale", StringComparison.Ordinal) && key.Length > "load..scale".Length)
                {
                    return new LoadScaleKey(key, key["load.".Length..^".scale".Length]);
                }

                error = $"\"{key}\": expected load.scale (every load) or load.KIND/NAME.scale (one target, as in its `target:`)";
                return null;
            case "faults":
                if (parts.Length == 3 && parts[1] == "random-node-crash" && parts[2] is "mtbf" or "mttr")
                {
                    return new RandomCrashKey(key, parts[2]);
                }

                error = $"\"{key}\": expected faults.random-node-crash.mtbf or faults.random-node-crash.mttr";
                return null;
        }

        return ManifestFieldKey.ParseReference(key, out error);
    }
}

/// <summary>nodes.POOL.count.</summary>
public sealed record NodeCountKey(string Text, string Pool) : SettingKey(Text);

/// <summary>nodes.POOL.capacity.RESOURCE.</summary>
public sealed record NodeCapacityKey(string Text, string Pool, string Resource) : SettingKey(Text);

/// <summary>controlPlane.KEY.</summary>
public sealed record ControlPlaneKey(string Text, string Setting) : SettingKey(Text);

/// <summary>load.scale (Target null: every load) or load.KIND/NAME.scale.</summary>
public sealed record LoadScaleKey(string Text, string? Target) : SettingKey(Text);

/// <summary>faults.random-node-crash.mtbf|mttr.</summary>
public sealed record RandomCrashKey(string Text, string Parameter) : SettingKey(Text);

/// <summary>[NS/]KIND/NAME.FIELD.PATH: a field of a manifest in spec.manifests.</summary>
public sealed record ManifestFieldKey(string Text, string Namespace, string Kind, string Name, string Path) : SettingKey(Text)
{
    internal static ManifestFieldKey? ParseReference(string key, out string? error)
    {
        error = null;
        int dot = key.IndexOf('.', Math.Max(0, key.LastIndexOf('/')));
        var reference = dot < 0 ? key : key[..dot];
        var parts = reference.Split('/');
        if (dot < 0 || dot == key.Length - 1 || parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
        {
            error = $"\"{key}\": expected nodes.POOL.count, nodes.POOL.capacity.RESOURCE, controlPlane.SETTING, load.scale, faults.random-node-crash.mtbf, or a manifest field KIND/NAME.FIELD.PATH (e.g. deployment/web.spec.replicas)";
            return null;
        }

        var kindText = parts[^2];
        if (ApiResources.Find(kindText) is not { } resource)
        {
            error = $"\"{key}\": unknown kind \"{kindText}\" (expected one of: {string.Join(", ", ApiResources.All.Select(r => r.Singular))})";
            return null;
        }

        return new ManifestFieldKey(key, parts.Length == 3 ? parts[0] : "default", resource.Kind, parts[^1], key[(dot + 1)..]);
    }
}
