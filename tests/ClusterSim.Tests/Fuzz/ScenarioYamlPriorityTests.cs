using ClusterSim.Fuzzing;
using ClusterSim.Scenarios;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Fuzz;

/// <summary>A PriorityClass, a template naming it with a preemptionPolicy, and the expendable cutoff survive being written back (minimal-failure.yaml).</summary>
public class ScenarioYamlPriorityTests
{
    private const string Text = """
        apiVersion: clustersim.io/v1alpha1
        kind: Scenario
        metadata: {name: prio}
        spec:
          duration: 10m
          controlPlane:
            clusterAutoscaler: {expendablePodsPriorityCutoff: -50}
          nodes:
            - name: worker
              count: 1
              capacity: {cpu: "4", memory: 8Gi}
          manifests:
            - inline: |
                apiVersion: scheduling.k8s.io/v1
                kind: PriorityClass
                metadata: {name: high}
                value: 1000
                globalDefault: true
                preemptionPolicy: Never
                description: "Important."
            - inline: |
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      priorityClassName: high
                      preemptionPolicy: Never
                      containers: [{name: web, image: nginx}]
        """;

    [Fact]
    public void PriorityClassesAndPoliciesRoundTrip()
    {
        var first = ScenarioLoader.LoadText(Text + "\n", "prio.yaml");
        Assert.Empty(first.Diagnostics);
        var second = ScenarioLoader.LoadText(ScenarioYaml.Write(first.Scenario!), "prio.yaml");
        Assert.Empty(second.Diagnostics);

        var pc = Assert.IsType<PriorityClass>(second.Scenario!.Manifests[0].Object);
        Assert.Equal((1000, true, "Never", "Important."), (pc.Value, pc.GlobalDefault, pc.PreemptionPolicy, pc.Description));
        var d = Assert.IsType<Deployment>(second.Scenario.Manifests[1].Object);
        Assert.Equal(("high", "Never"), (d.Template.Spec.PriorityClassName, d.Template.Spec.PreemptionPolicy));
        Assert.Equal(-50, second.Scenario.ControlPlane.ClusterAutoscaler.ExpendablePodsPriorityCutoff);
    }
}
