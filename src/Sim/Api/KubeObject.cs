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

    // The last key built and the two strings it was built from: every watcher, index and event asks for the key of
    // the object it was handed, and building "namespace/name" anew each time was a measurable share of all
    // allocation. A changed namespace or name (a different string instance) builds it again.
    private string? _key;
    private string? _keyNamespace;
    private string? _keyName;

    /// <summary>"namespace/name" or "name" for cluster-scoped objects: the store key within a kind.</summary>
    public string Key
    {
        get
        {
            var meta = Metadata;
            if (!Namespaced)
            {
                return meta.Name;
            }

            string ns = meta.Namespace, name = meta.Name;
            if (_key is null || !ReferenceEquals(ns, _keyNamespace) || !ReferenceEquals(name, _keyName))
            {
                _key = ns + "/" + name;
                _keyNamespace = ns;
                _keyName = name;
            }

            return _key;
        }
    }

    /// <summary>Namespace-qualified display name used in traces.</summary>
    public override string ToString() => Kind + "/" + Key;
}
