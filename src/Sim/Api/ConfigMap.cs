namespace ClusterSim.Sim.Api;

/// <summary>
/// A core/v1 ConfigMap (k8s.io/api/core/v1 types.go ConfigMap): string data and binary data by key. The simulator
/// stores and serves it (kubectl get, describe, -o yaml, apply, delete) and the Cluster Autoscaler writes its status
/// into one (kube-system/cluster-autoscaler-status); no simulated container reads one.
/// </summary>
public sealed class ConfigMap : KubeObject
{
    public override string Kind => "ConfigMap";

    /// <summary>data: UTF-8 strings by key, in key order.</summary>
    public SortedDictionary<string, string> Data { get; set; } = new(StringComparer.Ordinal);

    /// <summary>binaryData: bytes by key, held as the base64 text the API serves them in, in key order.</summary>
    public SortedDictionary<string, string> BinaryData { get; set; } = new(StringComparer.Ordinal);

    /// <summary>immutable: when true, data and binaryData can no longer change (nor immutable be unset).</summary>
    public bool? Immutable { get; set; }

    /// <summary>The byte length of a binaryData value (its decoded size).</summary>
    public static int DecodedLength(string base64) => Convert.FromBase64String(base64).Length;
}
