using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Model;

/// <summary>
/// A Kubernetes object decoded from a manifest, with where its document starts. The API server stores and
/// mutates the objects it is given, so a run must not create <see cref="Object"/> itself: call
/// <see cref="CreateFresh"/> for an independent copy each time (it re-decodes the same YAML).
/// </summary>
public sealed class LoadedObject
{
    private readonly Func<KubeObject> _fresh;

    public LoadedObject(KubeObject obj, SourceLocation location, Func<KubeObject> fresh)
    {
        Object = obj;
        Location = location;
        _fresh = fresh;
    }

    /// <summary>The decoded object, for inspection (kind, name, namespace, fields).</summary>
    public KubeObject Object { get; }

    /// <summary>Where the object's document starts.</summary>
    public SourceLocation Location { get; }

    /// <summary>Where each field of the manifest is (`spec.scaleTargetRef.name`), for diagnostics about its values.</summary>
    public IReadOnlyDictionary<string, SourceLocation> FieldLocations { get; init; } = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);

    /// <summary>The YAML document the object was decoded from, for <see cref="ManifestFieldSetter"/> (null for objects built in code).</summary>
    internal YamlDotNet.RepresentationModel.YamlNode? Root { get; init; }

    /// <summary>The source <see cref="Root"/> was read from.</summary>
    internal Yaml.YamlSource? Source { get; init; }

    /// <summary>A new, independent instance of the same object.</summary>
    public KubeObject CreateFresh() => _fresh();

    public override string ToString() => Object + " (" + Location + ")";
}
