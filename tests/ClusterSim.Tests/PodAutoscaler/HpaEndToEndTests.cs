using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.PodAutoscaler;

/// <summary>
/// The HPA inside whole runs: the book's manifest as written, pods without CPU requests, the first sync one
/// period after the HPA appears, and scaling that follows a load step.
/// </summary>
public class HpaEndToEndTests
{
    private const string Deployment = """
            - inline: |
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: php-apache}
                spec:
                  selector: {matchLabels: {run: php-apache}}
                  template:
                    metadata: {labels: {run: php-apache}}
                    spec:
                      containers:
                      - name: php-apache
                        image: hpa-example
                        resources: {requests: {cpu: 200m}, limits: {cpu: 500m}}
            - inline: |
                apiVersion: v1
                kind: Service
                metadata: {name: php-apache}
                spec: {ports: [{port: 80}], selector: {run: php-apache}}

        """;

    private static RunResult Run(string manifests, string load = "[]", string duration = "10m", string timeline = "[]")
    {
        var text = "apiVersion: clustersim.io/v1alpha1\nkind: Scenario\nmetadata: {name: hpa-e2e}\nspec:\n" +
            "  duration: " + duration + "\n" +
            "  nodes: [{name: node, count: 2, capacity: {cpu: \"4\", memory: 8Gi}}]\n" +
            "  images: {hpa-example: {pullTime: 5s, startTime: 1s, cpu: {idle: 1m, perRequest: 100ms}}}\n" +
            "  manifests:\n" + manifests +
            "  load: " + load + "\n" +
            "  timeline: " + timeline + "\n";
        var loaded = ScenarioLoader.LoadText(text, "/tmp/hpa-e2e.yaml");
        Assert.True(loaded.Scenario is not null, string.Join("\n", loaded.Diagnostics));
        return ScenarioRunner.Run(loaded.Scenario!);
    }

    /// <summary>An inline HPA named php-apache targeting the php-apache Deployment, with these further spec lines.</summary>
    private static string Hpa(string apiVersion, params string[] spec) =>
        "    - inline: |\n" +
        "        apiVersion: " + apiVersion + "\n" +
        "        kind: HorizontalPodAutoscaler\n" +
        "        metadata: {name: php-apache}\n" +
        "        spec:\n" +
        "          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: php-apache}\n" +
        string.Concat(spec.Select(line => "          " + line + "\n"));

    private static IEnumerable<KubeEvent> HpaEvents(RunResult r) => r.Events.Select(e => e.Event).Where(e => e.InvolvedKind == "HorizontalPodAutoscaler");

    [Fact]
    public void TheBooksManifestWithoutApiVersionFailsToGetTheScaleAsKubernetesDoes()
    {
        // php-apache.yaml from the notes: scaleTargetRef has kind and name only.
        var hpa = """
                - inline: |
                    apiVersion: autoscaling/v1
                    kind: HorizontalPodAutoscaler
                    metadata:
                      name: php-apache
                      namespace: default
                    spec:
                      maxReplicas: 10
                      minReplicas: 1
                      scaleTargetRef:
                        kind: Deployment
                        name: php-apache
                      targetCPUUtilizationPercentage: 90

            """;
        var r = Run(Deployment + hpa, duration: "1m", timeline: "[{at: 50s, run: kubectl describe hpa php-apache}]");

        var e = Assert.Single(HpaEvents(r).DistinctBy(e => e.Reason));
        Assert.Equal(("Warning", "FailedGetScale", "no matches for kind \"Deployment\" in group \"\""), (e.Type, e.Reason, e.Message));
        Assert.Matches(@"AbleToScale\s+False\s+FailedGetScale\s+the HPA controller was unable to get the target's current scale: no matches for kind ""Deployment"" in group """"", r.Transcript);
    }

    [Fact]
    public void PodsWithoutCpuRequestsGiveFailedGetResourceMetricNotACrash()
    {
        var noRequests = Deployment.Replace("resources: {requests: {cpu: 200m}, limits: {cpu: 500m}}", "resources: {}", StringComparison.Ordinal);
        var hpa = Hpa("autoscaling/v1", "maxReplicas: 10", "targetCPUUtilizationPercentage: 50");
        var r = Run(noRequests + hpa, load: "[{target: service/php-apache, rps: [{constant: 5}]}]", duration: "3m", timeline: "[{at: 2m, run: kubectl describe hpa php-apache}]");

        var failed = HpaEvents(r).Where(e => e.Reason == "FailedGetResourceMetric").ToList();
        Assert.NotEmpty(failed);
        Assert.StartsWith("failed to get cpu utilization: missing request for cpu in container php-apache of Pod php-apache-", failed[^1].Message, StringComparison.Ordinal);
        Assert.Contains(HpaEvents(r), e => e.Reason == "FailedComputeMetricsReplicas");
        Assert.Matches(@"ScalingActive\s+False\s+FailedGetResourceMetric\s+the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu", r.Transcript);
        Assert.DoesNotContain(HpaEvents(r), e => e.Reason == "SuccessfulRescale");
    }

    [Fact]
    public void ANewHpaIsFirstEvaluatedOneSyncPeriodAfterItAppears()
    {
        var hpa = Hpa("autoscaling/v2", "minReplicas: 3", "maxReplicas: 10");
        var r = Run(Deployment + hpa, duration: "1m");

        // The Deployment has 1 replica, below minReplicas: the first sync (at 15s, not 0s) raises it at once.
        var first = r.Events.First(e => e.Event.InvolvedKind == "HorizontalPodAutoscaler");
        Assert.Equal(TimeSpan.FromSeconds(15), first.Time);
        Assert.Equal("New size: 3; reason: Current number of replicas below Spec.MinReplicas", first.Event.Message);
    }

    [Fact]
    public void ScalesUpWithALoadStepAndReportsTheReaction()
    {
        var hpa = Hpa("autoscaling/v1", "maxReplicas: 10", "targetCPUUtilizationPercentage: 50");
        var r = Run(Deployment + hpa, load: "[{target: service/php-apache, rps: [{constant: 1}, {steps: [{at: 2m, rps: 5}]}]}]");

        // 6 rps x 100ms = 600m of CPU at a 100m-per-pod target (50% of 200m): 6 pods, reached within the max(2x, 4) limit.
        var rescales = HpaEvents(r).Where(e => e.Reason == "SuccessfulRescale").Select(e => e.Message).ToList();
        Assert.EndsWith("reason: cpu resource utilization (percentage of request) above target", rescales[0], StringComparison.Ordinal);
        var final = r.Samples.Last(x => x.Kind == "Deployment" && x.Metric == "spec.replicas").Value;
        Assert.InRange(final, 6, 7);
        var outcome = Assert.Single(r.Autoscalers);
        var reaction = Assert.Single(outcome.Reactions);
        Assert.Equal(TimeSpan.FromMinutes(2), reaction.ChangeAt);
        Assert.True(reaction.ReactionTime > TimeSpan.Zero && reaction.ReactionTime <= TimeSpan.FromMinutes(2), $"reaction {reaction.ReactionTime}");
        Assert.InRange(reaction.SettledSize ?? 0, 6, 10);
    }
}
