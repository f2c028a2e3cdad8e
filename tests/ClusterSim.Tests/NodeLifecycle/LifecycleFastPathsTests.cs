using ClusterSim.Reports;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Running;
using ClusterSim.Tests.Running;

namespace ClusterSim.Tests.NodeLifecycle;

/// <summary>
/// The node heartbeat and health-check shortcuts (the kubelet's status loop sleeping until its report is due,
/// monitorNodeHealth visiting only the nodes it can act on) change nothing: each scenario below is run with
/// and without <see cref="Sim.Cluster.FastPaths"/> and every output is compared, byte for byte. The scenarios
/// crash and recover nodes, cut kubelets off and back, take whole zones down (all of them at once too), move
/// nodes between zones, exclude them from disruption checks, delete them, and shorten the grace period below
/// the lease interval so that running kubelets are marked Unknown and must post at once.
/// </summary>
public class LifecycleFastPathsTests
{
    private const string Web = """
          - inline: |
              apiVersion: v1
              kind: ReplicationController
              metadata:
                name: web
              spec:
                replicas: 12
                selector:
                  app: web
                template:
                  metadata:
                    labels:
                      app: web
                  spec:
                    containers:
                    - name: web
                      image: kubeguide/tomcat-app:v2
                      resources:
                        requests:
                          cpu: 200m
                          memory: 256Mi
        """;

    private const string Nodes = """
          nodes:
            - name: a
              count: 3
              zones: [zone-a]
              capacity: {cpu: "4", memory: 8Gi}
            - name: b
              count: 4
              zones: [zone-b]
              capacity: {cpu: "4", memory: 8Gi}
            - name: c
              count: 3
              zones: [zone-c]
              capacity: {cpu: "4", memory: 8Gi}
          images:
            kubeguide/tomcat-app:v2:
              pullTime: 10s
              startTime: 2s
              readyAfter: 5s
        """;

    public static TheoryData<string> ExampleScenarios => new() { "node-failure.yaml", "partition.yaml", "zone-outage.yaml", "frontend-peak-crashes.yaml", "drain.yaml" };

    [Theory]
    [MemberData(nameof(ExampleScenarios))]
    public void ExampleScenarioGivesTheSameOutputsWithoutFastPaths(string file)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(RepoPaths.Scenarios, file)).Scenario!;
        AssertSameOutputs(scenario);
    }

    [Fact]
    public void CrashesPartitionsRelabelsAndDeletionsGiveTheSameOutputs()
    {
        AssertSameOutputs(Load("mixed", $$"""
            apiVersion: clustersim.io/v1alpha1
            kind: Scenario
            metadata:
              name: lifecycle-mixed
            spec:
              seed: 3
              duration: 24m
              sampleEvery: 5s
            {{Nodes}}
              manifests:
            {{Web}}
              timeline:
                - at: 1m
                  fault: node-crash a-1
                - at: 1m30s
                  fault: kubelet-stop b-2
                - at: 2m
                  run: kubectl label node c-1 topology.kubernetes.io/zone=zone-b --overwrite
                - at: 2m10s
                  run: kubectl label node c-2 node.kubernetes.io/exclude-disruption=true
                - at: 2m20s
                  fault: node-crash c-2
                - at: 3m
                  fault: node-recover a-1
                - at: 4m
                  fault: kubelet-start b-2
                - at: 5m
                  fault: zone-outage zone-b
                - at: 6m
                  run: kubectl get nodes
                - at: 7m
                  run: kubectl delete node b-4
                - at: 7m5s
                  run: kubectl cordon a-2
                - at: 9m
                  fault: zone-recover zone-b
                - at: 10m
                  fault: node-recover c-2
                - at: 10m
                  run: kubectl uncordon a-2
                - at: 11m
                  fault: kubelet-stop a-3
                - at: 11m20s
                  fault: kubelet-start a-3
                - at: 12m
                  run: kubectl label node c-1 topology.kubernetes.io/zone=zone-c --overwrite
                - at: 13m
                  fault: node-crash a-3
                - at: 19m
                  fault: node-recover a-3
                - at: 23m
                  run: kubectl get nodes
                - at: 23m
                  run: kubectl describe node a-3
            """));
    }

    [Fact]
    public void EveryZoneDownAndBackGivesTheSameOutputs()
    {
        AssertSameOutputs(Load("all-zones", $$"""
            apiVersion: clustersim.io/v1alpha1
            kind: Scenario
            metadata:
              name: lifecycle-all-zones
            spec:
              seed: 11
              duration: 16m
              sampleEvery: 5s
            {{Nodes}}
              manifests:
            {{Web}}
              timeline:
                - at: 2m
                  fault: zone-outage zone-a
                - at: 2m
                  fault: zone-outage zone-b
                - at: 2m
                  fault: zone-outage zone-c
                - at: 4m
                  run: kubectl get nodes
                - at: 7m
                  fault: zone-recover zone-b
                - at: 9m
                  fault: zone-recover zone-a
                - at: 9m
                  fault: zone-recover zone-c
                - at: 15m
                  run: kubectl get nodes
            """));
    }

    [Fact]
    public void AGracePeriodShorterThanTheLeaseIntervalGivesTheSameOutputs()
    {
        // Running kubelets are marked Unknown between renewals: each must post on its next status tick.
        AssertSameOutputs(Load("short-grace", $$"""
            apiVersion: clustersim.io/v1alpha1
            kind: Scenario
            metadata:
              name: lifecycle-short-grace
            spec:
              seed: 5
              duration: 8m
              sampleEvery: 5s
              controlPlane:
                nodeMonitorGracePeriod: 12s
                nodeLeaseRenewInterval: 20s
                nodeStatusUpdateFrequency: 7s
            {{Nodes}}
              manifests:
            {{Web}}
              timeline:
                - at: 1m
                  fault: kubelet-stop c-3
                - at: 3m
                  fault: kubelet-start c-3
                - at: 4m
                  fault: node-crash b-1
                - at: 6m
                  fault: node-recover b-1
                - at: 7m
                  run: kubectl get nodes
            """));
    }

    private static ClusterSim.Scenarios.Model.Scenario Load(string name, string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), "clustersim-lifecycle-fastpaths");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".yaml");
        File.WriteAllText(path, text);
        var loaded = ScenarioLoader.Load(path);
        Assert.True(loaded.Scenario is not null, string.Join("\n", loaded.Diagnostics.Select(d => d.ToString())));
        return loaded.Scenario!;
    }

    private static void AssertSameOutputs(ClusterSim.Scenarios.Model.Scenario scenario)
    {
        var fast = ScenarioRunner.Run(scenario);
        var literal = ScenarioRunner.Run(scenario, new RunOptions { FastPaths = false });
        Assert.Equal(literal.TraceHash, fast.TraceHash);
        Assert.Equal(literal.Transcript, fast.Transcript);
        Assert.Equal(Csv(CsvWriters.WriteEvents, literal), Csv(CsvWriters.WriteEvents, fast));
        Assert.Equal(Csv(CsvWriters.WriteTimeSeries, literal), Csv(CsvWriters.WriteTimeSeries, fast));
        Assert.Equal(literal.Expectations, fast.Expectations);
        Assert.Equal(literal.Marks, fast.Marks);
        Assert.Equal(literal.Warnings, fast.Warnings);
        Assert.Equal(literal.EventCount, fast.EventCount);
        Assert.Equal(literal.InvariantViolations.Select(v => v.ToString()), fast.InvariantViolations.Select(v => v.ToString()));
        Assert.Equal(SummaryWriter.Render(literal), SummaryWriter.Render(fast));
    }

    private static string Csv(Action<TextWriter, RunResult> write, RunResult result)
    {
        using var w = new StringWriter { NewLine = "\n" };
        write(w, result);
        return w.ToString();
    }
}
