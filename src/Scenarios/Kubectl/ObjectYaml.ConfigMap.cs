using ClusterSim.Sim.Api;
using static ClusterSim.Scenarios.Kubectl.YamlNode;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// A ConfigMap in v1 (k8s.io/api/core/v1 types.go ConfigMap): no spec or status; data, binaryData (base64, as a []byte
/// is served) and immutable, each omitted when empty or unset (omitempty), and no generation (the configmap registry
/// sets none).
/// </summary>
internal static partial class ObjectYaml
{
    private static void SetConfigMap(Map root, ConfigMap cm)
    {
        root.SetStrings("data", cm.Data).SetStrings("binaryData", cm.BinaryData);
        if (cm.Immutable is { } immutable)
        {
            root.Set("immutable", Bool(immutable));
        }
    }
}
