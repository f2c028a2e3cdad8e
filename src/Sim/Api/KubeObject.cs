namespace ClusterSim.Sim.Api;

/// <summary>
/// Base of every object the store holds. Objects are mutable and owned by the store: a writer changes
/// the stored instance and calls the store's Update, which bumps the resourceVersion and tells watchers.
/// </summary>
public abstract class KubeObject
{
    /// <summary>The kind, e.g. "Pod".</summary>
    public abstract string Kind { get; }

    /// <summary>apiVersion as given in the manifest (e.g. "v1", "apps/v1", "extensions/v1beta1").</summary>
    public string ApiVersion { get; set; } = "v1";

    /// <summary>Metadata.</summary>
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>Whether objects of this kind live in a namespace.</summary>
    public virtual bool Namespaced => true;

    /// <summary>Fields of the manifest the simulator does not model, kept as given (path and raw text).</summary>
    public List<string> UnknownFields { get; } = [];

    /// <summary>"namespace/name" or "name" for cluster-scoped objects: the store key within a kind.</summary>
    public string Key => Namespaced ? Metadata.Namespace + "/" + Metadata.Name : Metadata.Name;

    /// <summary>Namespace-qualified display name used in traces.</summary>
    public override string ToString() => Kind + "/" + Key;
}
