using ClusterSim.Planning.Configuring;
using ClusterSim.Planning.Model;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Faults;
using ClusterSim.Scenarios.Model;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Planning;

/// <summary>Settings applied to a scenario: each kind of key, the checks a file would get, and the originals left alone.</summary>
public class ScenarioConfiguratorTests
{
    private const string Text = """
        apiVersion: clustersim.io/v1alpha1
        kind: Scenario
        metadata: {name: cfg}
        spec:
          duration: 10m
          nodes:
            - name: worker
              count: 3
              capacity: {cpu: "4", memory: 8Gi, pods: 110}
          manifests:
            - inline: |
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                        - name: web
                          image: nginx
                          resources: {requests: {cpu: 100m}}
            - inline: |
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: web}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  minReplicas: 2
                  maxReplicas: 6
                  metrics:
                    - type: Resource
                      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
            - inline: |
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec: {ports: [{port: 80}], selector: {app: web}}
          load:
            - target: service/web
              rps:
                - constant: 10
                - ramp: {from: 0, to: 100, start: 1m, end: 5m}
          timeline:
            - at: 2m
              fault: node-crash worker-3
            - at: 1m
              fault: "random-node-crash {mtbf: 6h, mttr: 20m}"
        """;

    private static Scenario Base() => ScenarioLoader.LoadText(Text, "cfg.yaml").Scenario!;

    private static Scenario Apply(Scenario s, params string[] settings)
    {
        var configured = ScenarioConfigurator.Apply(s, settings.Select(Parse).ToList(), out var errors);
        Assert.True(configured is not null, string.Join("\n", errors));
        return configured!;
    }

    private static string Error(Scenario s, params string[] settings)
    {
        Assert.Null(ScenarioConfigurator.Apply(s, settings.Select(Parse).ToList(), out var errors));
        return Assert.Single(errors);
    }

    private static Setting Parse(string s) => new(s[..s.IndexOf('=')], s[(s.IndexOf('=') + 1)..]);

    [Fact]
    public void NodeCountAndCapacityChangeACopyOfThePool()
    {
        var s = Base();
        var c = Apply(s, "nodes.worker.count=5", "nodes.worker.capacity.cpu=8", "nodes.worker.capacity.memory=16Gi");
        Assert.Equal(5, c.Nodes[0].Count);
        Assert.Equal("8", c.Nodes[0].Cpu.ToString());
        Assert.Equal("16Gi", c.Nodes[0].Memory.ToString());
        Assert.Equal(3, s.Nodes[0].Count);
        Assert.Equal("4", s.Nodes[0].Cpu.ToString());
        Assert.Equal(5, c.CreateNodes().Count);
    }

    [Fact]
    public void ControlPlaneSettingsAreCheckedAsInAFile()
    {
        var s = Base();
        Assert.Equal(0.2, Apply(s, "controlPlane.hpaTolerance=0.2").ControlPlane.HpaTolerance);
        Assert.Equal(TimeSpan.FromSeconds(20), Apply(s, "controlPlane.nodeMonitorGracePeriod=20s").ControlPlane.NodeMonitorGracePeriod);
        Assert.Equal(0.1, s.ControlPlane.HpaTolerance);
        Assert.Contains("unknown field \"hpaTolerence\"", Error(s, "controlPlane.hpaTolerence=0.2"), StringComparison.Ordinal);
        Assert.Contains("nodeMonitorGracePeriod", Error(s, "controlPlane.nodeMonitorGracePeriod=soon"), StringComparison.Ordinal);
    }

    [Fact]
    public void ManifestFieldsAreSetAndTheManifestDecodedAgain()
    {
        var s = Base();
        var c = Apply(s, "hpa/web.spec.maxReplicas=12", "horizontalpodautoscaler/web.spec.metrics[0].resource.target.averageUtilization=50", "deployment/web.spec.replicas=4", "deploy/web.spec.template.spec.containers[web].resources.requests.cpu=250m");
        var hpa = (HorizontalPodAutoscaler)c.Manifests[1].CreateFresh();
        Assert.Equal(12, hpa.Spec.MaxReplicas);
        Assert.Equal(50, hpa.Spec.Metrics[0].Resource!.Target.AverageUtilization);
        var web = (Deployment)c.Manifests[0].CreateFresh();
        Assert.Equal(4, web.Replicas);
        Assert.Equal("250m", web.Template.Spec.Containers[0].Resources.Requests["cpu"].ToString());
        // The originals are untouched.
        Assert.Equal(6, ((HorizontalPodAutoscaler)s.Manifests[1].CreateFresh()).Spec.MaxReplicas);
        Assert.Equal("100m", ((Deployment)s.Manifests[0].CreateFresh()).Template.Spec.Containers[0].Resources.Requests["cpu"].ToString());
        Assert.Equal("12", ScenarioConfigurator.Current(c, "hpa/web.spec.maxReplicas"));
    }

    [Fact]
    public void AManifestValueTheApiServerRefusesIsAnError()
    {
        var e = Error(Base(), "hpa/web.spec.minReplicas=9");
        Assert.StartsWith("hpa/web.spec.minReplicas=9: ", e, StringComparison.Ordinal);
        Assert.Contains("maxReplicas", e, StringComparison.Ordinal);
    }

    [Fact]
    public void AFieldTheSimulatorDoesNotKnowIsAnError() =>
        Assert.Contains("not a field ClusterSim simulates", Error(Base(), "deployment/web.spec.replicaz=3"), StringComparison.Ordinal);

    [Fact]
    public void MissingObjectsPoolsAndListItemsAreErrors()
    {
        var s = Base();
        Assert.Contains("spec.manifests has no Deployment \"api\"", Error(s, "deployment/api.spec.replicas=3"), StringComparison.Ordinal);
        Assert.Contains("no node pool named \"gpu\" (pools: worker)", Error(s, "nodes.gpu.count=3"), StringComparison.Ordinal);
        Assert.Contains("list has no item named db", Error(s, "deployment/web.spec.template.spec.containers[db].image=x"), StringComparison.Ordinal);
        Assert.Contains("unknown kind \"widget\"", Error(s, "widget/web.spec.replicas=3"), StringComparison.Ordinal);
        Assert.Contains("expected a node count", Error(s, "nodes.worker.count=-1"), StringComparison.Ordinal);
        Assert.Contains("expected a quantity", Error(s, "nodes.worker.capacity.cpu=lots"), StringComparison.Ordinal);
    }

    [Fact]
    public void AConfigurationWithoutANodeTheTimelineNamesIsAnError()
    {
        var e = Error(Base(), "nodes.worker.count=2");
        Assert.Contains("cfg.yaml:46:7: the timeline names node \"worker-3\", which this configuration does not have", e, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadScaleMultipliesEveryRateComponent()
    {
        var s = Base();
        var c = Apply(s, "load.service/web.scale=2");
        Assert.Equal(2 * s.Load[0].BaseRpsAt(TimeSpan.FromMinutes(3)), c.Load[0].BaseRpsAt(TimeSpan.FromMinutes(3)), 9);
        Assert.Equal(2 * s.Load[0].BaseRpsAt(TimeSpan.FromMinutes(8)), Apply(s, "load.scale=2").Load[0].BaseRpsAt(TimeSpan.FromMinutes(8)), 9);
        Assert.Contains("no load targets service/api", Error(s, "load.service/api.scale=2"), StringComparison.Ordinal);
    }

    [Fact]
    public void RandomNodeCrashParametersAreDurations()
    {
        var c = Apply(Base(), "faults.random-node-crash.mtbf=2h", "faults.random-node-crash.mttr=5m");
        var fault = c.Timeline.Single(e => e.Fault?.Type == FaultType.RandomNodeCrash).Fault!;
        Assert.Equal(TimeSpan.FromHours(2), fault.Mtbf);
        Assert.Equal(TimeSpan.FromMinutes(5), fault.Mttr);
        Assert.Contains("positive duration", Error(Base(), "faults.random-node-crash.mtbf=0s"), StringComparison.Ordinal);
    }

    [Fact]
    public void AnObjectCreatedByTheTimelineIsNamedInTheError()
    {
        int from = Text.IndexOf("    - inline: |\n        apiVersion: autoscaling/v2", StringComparison.Ordinal);
        int to = Text.IndexOf("    - inline: |\n        apiVersion: v1", StringComparison.Ordinal);
        var text = (Text[..from] + Text[to..]).Replace("  fault: node-crash worker-3", "  run: kubectl autoscale deployment web --cpu-percent=50 --min=1 --max=4", StringComparison.Ordinal);
        var loaded = ScenarioLoader.LoadText(text, "cfg.yaml");
        Assert.True(loaded.Scenario is not null, string.Join("\n", loaded.Errors));
        Assert.Contains("is created by the timeline (cfg.yaml:", Error(loaded.Scenario!, "hpa/web.spec.maxReplicas=8"), StringComparison.Ordinal);
    }
}
