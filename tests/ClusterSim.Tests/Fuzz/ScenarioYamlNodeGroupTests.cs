using ClusterSim.Fuzzing;
using ClusterSim.Scenarios;

namespace ClusterSim.Tests.Fuzz;

/// <summary>A node group and the Cluster Autoscaler's flags survive being written back (minimal-failure.yaml, plan failure files).</summary>
public class ScenarioYamlNodeGroupTests
{
    private const string Text = """
        apiVersion: clustersim.io/v1alpha1
        kind: Scenario
        metadata: {name: groups}
        spec:
          duration: 10m
          controlPlane:
            clusterAutoscaler: {scanInterval: 20s, expander: most-pods, scaleDownEnabled: false, scaleDownUtilizationThreshold: 0.6, maxNodesTotal: 9, enforceNodeGroupMinSize: true}
          nodes:
            - name: worker
              count: 2
              autoscaling: {min: 1, max: 5}
              provisioning: {delay: 2m, jitter: 15s}
              price: 0.25
              capacity: {cpu: "4", memory: 8Gi}
        """;

    [Fact]
    public void ANodeGroupAndTheAutoscalerFlagsRoundTrip()
    {
        var first = ScenarioLoader.LoadText(Text + "\n", "groups.yaml");
        Assert.Empty(first.Diagnostics);
        var written = ScenarioYaml.Write(first.Scenario!);
        var second = ScenarioLoader.LoadText(written, "groups.yaml");
        Assert.Empty(second.Diagnostics);

        var a = first.Scenario!.Nodes.Single();
        var b = second.Scenario!.Nodes.Single();
        Assert.Equal((a.Count, a.Autoscaling, a.Price), (b.Count, b.Autoscaling, b.Price));
        Assert.Equal(first.Scenario.ControlPlane.ClusterAutoscaler, second.Scenario.ControlPlane.ClusterAutoscaler);
    }
}
