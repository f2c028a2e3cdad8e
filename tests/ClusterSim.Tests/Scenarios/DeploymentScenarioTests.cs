using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Expectations;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Tests.Scenarios;

/// <summary>
/// Deployments in whole scenarios: manifests, timeline kubectl commands and their failures as warnings, deployment
/// REFs, and images that never become ready, with the deployment controller running.
/// </summary>
public class DeploymentScenarioTests
{
    private const string Scenario = """
        apiVersion: clustersim.io/v1alpha1
        kind: Scenario
        metadata: {name: deploy}
        spec:
          duration: 2m
          nodes: [{name: n, count: 1, capacity: {cpu: "2", memory: 2Gi}}]
          images:
            stuck:1: {readyAfter: never}
          manifests:
            - inline: |
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: nginx:1.27}]}
            - inline: |
                apiVersion: v1
                kind: ReplicationController
                metadata: {name: stuck}
                spec:
                  replicas: 2
                  selector: {app: stuck}
                  template:
                    metadata: {labels: {app: stuck}}
                    spec: {containers: [{name: app, image: stuck:1}]}
          timeline:
            - {at: 10s, run: kubectl scale deploy web --replicas=3}
            - {at: 20s, run: kubectl set image deployment/web web=nginx:1.28}
            - {at: 30s, run: kubectl rollout undo deployment/web --to-revision=9}
            - {at: 40s, run: kubectl get deploy}
          expect:
            - {at: 15s, that: deploy/web.spec.replicas == 3}
            - {at: 15s, that: deployment/web.status.availableReplicas >= 2}
            - {at: 90s, that: 'count(pods, "app=stuck", Running) == 2'}
            - {at: 90s, that: 'count(pods, "app=stuck", Running, ready) == 0'}
            - {at: 90s, that: rc/stuck.status.readyReplicas == 0}
            - {at: 90s, that: 'count(pods, "app=web,pod-template-hash", Running, ready) == 3'}
        """;

    [Fact]
    public void TimelineCommandsOnADeployment()
    {
        var loaded = ScenarioLoader.LoadText(Scenario, "deploy.yaml");
        Assert.Empty(loaded.Diagnostics);
        Assert.Equal(TimeSpan.MaxValue, loaded.Scenario!.Images["stuck:1"].ReadyAfter);

        var result = ScenarioRunner.Run(loaded.Scenario);

        Assert.All(result.Expectations, e => Assert.True(e.Passed, $"{e.Location} {e.Text}: seen {e.Seen}"));
        Assert.Contains("[00:00:10] $ kubectl scale deploy web --replicas=3\ndeployment.apps/web scaled\n\n", result.Transcript, StringComparison.Ordinal);
        Assert.Contains("[00:00:20] $ kubectl set image deployment/web web=nginx:1.28\ndeployment.apps/web image updated\n\n", result.Transcript, StringComparison.Ordinal);
        Assert.Contains(
            "[00:00:30] $ kubectl rollout undo deployment/web --to-revision=9\nerror: unable to find specified revision 9 in history\n\n",
            result.Transcript,
            StringComparison.Ordinal);
        Assert.Contains("[00:00:40] $ kubectl get deploy\nNAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    ", result.Transcript, StringComparison.Ordinal);
        var warning = Assert.Single(result.Warnings);
        Assert.EndsWith("`kubectl rollout undo deployment/web --to-revision=9` failed: error: unable to find specified revision 9 in history", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void SameRunTwiceIsIdentical()
    {
        var a = ScenarioRunner.Run(ScenarioLoader.LoadText(Scenario, "deploy.yaml").Scenario!);
        var b = ScenarioRunner.Run(ScenarioLoader.LoadText(Scenario, "deploy.yaml").Scenario!);
        Assert.Equal(a.TraceHash, b.TraceHash);
        Assert.Equal(a.Transcript, b.Transcript);
    }

    [Theory]
    [InlineData("deploy/web.status.availableReplicas >= 3")]
    [InlineData("deployment/web.status.availableReplicas >= 3")]
    [InlineData("deployments/web.spec.replicas == 3")]
    [InlineData("shop/deploy/web.status.conditions[Available].status == \"True\"")]
    public void DeploymentRefs(string that)
    {
        Assert.True(ConditionParser.TryParse(that, out var condition, out var error), error?.Message);
        var left = Assert.IsType<RefOperand>(condition.Left);
        Assert.Equal(("Deployment", "web"), (left.Kind, left.Name));
    }

    [Theory]
    [InlineData("readyAfter: nevr", 8, 27, "spec.images[\"stuck:1\"].readyAfter: time: invalid duration \"nevr\"")]
    [InlineData("readyAfter: -1s", 8, 27, "spec.images[\"stuck:1\"].readyAfter: must not be negative, got -1s")]
    public void BadReadyAfter(string readyAfter, int line, int column, string messageStart)
    {
        var text = Scenario.Replace("readyAfter: never", readyAfter, StringComparison.Ordinal);
        var loaded = ScenarioLoader.LoadText(text, "deploy.yaml");
        var error = Assert.Single(loaded.Errors);
        Assert.StartsWith(messageStart, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Location.Line, error.Location.Column));
    }
}
