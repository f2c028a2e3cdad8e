using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.NodeLifecycle;

/// <summary>k8s.io/component-helpers/node/topology: the zone a node belongs to.</summary>
public static class NodeTopology
{
    public const string LabelTopologyZone = "topology.kubernetes.io/zone";
    public const string LabelTopologyRegion = "topology.kubernetes.io/region";
    public const string LabelFailureDomainBetaZone = "failure-domain.beta.kubernetes.io/zone";
    public const string LabelFailureDomainBetaRegion = "failure-domain.beta.kubernetes.io/region";

    /// <summary>
    /// topology.go GetZoneKey: "region:\0:zone" from the (beta, else stable) region and zone labels, or "" when
    /// the node has neither. A node labelled only topology.kubernetes.io/zone=a is in zone ":\0:a".
    /// </summary>
    public static string GetZoneKey(Node node)
    {
        var labels = node.Metadata.Labels;
        if (!labels.TryGetValue(LabelFailureDomainBetaZone, out var zone))
        {
            zone = labels.GetValueOrDefault(LabelTopologyZone, "");
        }

        if (!labels.TryGetValue(LabelFailureDomainBetaRegion, out var region))
        {
            region = labels.GetValueOrDefault(LabelTopologyRegion, "");
        }

        if (region.Length == 0 && zone.Length == 0)
        {
            return "";
        }

        return region + ":\0:" + zone;
    }

    /// <summary>The key <see cref="GetZoneKey"/> gives a node labelled with <paramref name="region"/> and <paramref name="zone"/> (testutil.CreateZoneID).</summary>
    public static string ZoneKey(string region, string zone) => region + ":\0:" + zone;
}
