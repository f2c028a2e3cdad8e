using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;

namespace ClusterSim.Tests.Scheduling;

/// <summary>NodeState's change checks, which run on every Node write (heartbeats included).</summary>
public sealed class NodeStateTests
{
    private static Node NewNode() => new()
    {
        Metadata = { Name = "n1", Labels = { ["kubernetes.io/hostname"] = "n1", ["topology.kubernetes.io/zone"] = "z1" } },
    };

    [Fact]
    public void SameLabelsFollowsEveryLabelChange()
    {
        var node = NewNode();
        var state = NodeState.From(node);
        Assert.True(state.SameLabels(node));

        node.Metadata.Labels["topology.kubernetes.io/zone"] = "z2";
        Assert.False(state.SameLabels(node));
        node.Metadata.Labels["topology.kubernetes.io/zone"] = "z1";
        Assert.True(state.SameLabels(node));

        node.Metadata.Labels["extra"] = "";
        Assert.False(state.SameLabels(node));
        node.Metadata.Labels.Remove("extra");
        node.Metadata.Labels.Remove("kubernetes.io/hostname");
        Assert.False(state.SameLabels(node));
        node.Metadata.Labels["other"] = "n1";
        Assert.False(state.SameLabels(node));

        // Keys differing only by case are different labels.
        var cased = NewNode();
        cased.Metadata.Labels.Remove("kubernetes.io/hostname");
        cased.Metadata.Labels["Kubernetes.io/hostname"] = "n1";
        Assert.False(state.SameLabels(cased));
    }

    [Fact]
    public void SameLabelsWithEmptyLabels()
    {
        var node = new Node { Metadata = { Name = "n1" } };
        var state = NodeState.From(node);
        Assert.True(state.SameLabels(node));
        node.Metadata.Labels["a"] = "b";
        Assert.False(state.SameLabels(node));
    }
}
