using ClusterSim.Sim.Api;
using ClusterSim.Sim.Kubelet;

namespace ClusterSim.Fuzzing;

/// <summary>
/// One generated workload before it becomes part of a scenario: its objects (the workload, its Service, maybe
/// an HPA) and the behaviours of its two images (v1 runs first, v2 is what `set image` rolls to).
/// </summary>
internal sealed record WorkloadDraft(string Kind, string Name, string Container, string ImageV1, string ImageV2, IReadOnlyList<KubeObject> Objects, ImageBehavior V1, ImageBehavior V2)
{
    /// <summary>kubectl's resource word for the workload (rc, rs, deployment).</summary>
    public string Resource => Kind switch
    {
        "ReplicationController" => "rc",
        "ReplicaSet" => "rs",
        _ => "deployment",
    };
}
