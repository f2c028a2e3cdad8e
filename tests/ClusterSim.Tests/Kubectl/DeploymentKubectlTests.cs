using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Scenarios.Running;

using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Kubectl;

/// <summary>
/// kubectl verbs on Deployments through the executor: scale, set image, rollout status|history|undo|pause|resume,
/// apply, delete. The clock never advances, so no controller acts: ReplicaSets and statuses are set by hand.
/// </summary>
public sealed class DeploymentKubectlTests : IDisposable
{
    private readonly Sim.Cluster _cluster = new(7);
    private readonly KubectlExecutor _kubectl;

    public DeploymentKubectlTests() => _kubectl = new KubectlExecutor(_cluster, "/scenario");

    public void Dispose() => _cluster.Dispose();

    private (string Output, bool Failed) Run(string text, string? manifest = null)
    {
        Assert.True(KubectlCommandParser.TryParse(text, out var cmd, out var error), error?.Message);
        if (manifest is not null)
        {
            var decoded = ManifestDecoder.DecodeText(manifest, "/scenario/web.yaml");
            Assert.Empty(decoded.Diagnostics);
            cmd = cmd with { Objects = decoded.Objects };
        }

        var output = _kubectl.Execute(cmd, out bool failed);
        return (output, failed);
    }

    /// <summary>web at revision 2 (nginx:1.27), with its revision-1 ReplicaSet (nginx:1.26) scaled down.</summary>
    private Deployment WebAtRevision2()
    {
        var d = DeploymentObjects.Create(_cluster.Api, "web", "nginx:1.26");
        DeploymentObjects.AddReplicaSet(_cluster.Api, d, "6d8f7c9b5d", revision: 1, replicas: 0, changeCause: "first");
        d.Template.Spec.Containers[0].Image = "nginx:1.27";
        d.Metadata.Annotations[Deployment.RevisionAnnotation] = "2";
        d.Metadata.Annotations["team"] = "blue";
        _cluster.Api.Update(d, specChanged: true);
        DeploymentObjects.AddReplicaSet(_cluster.Api, d, "7b9c6d5f4c", revision: 2, replicas: 3, changeCause: "second");
        return d;
    }

    [Fact]
    public void ScaleDeployment()
    {
        var d = DeploymentObjects.Create(_cluster.Api, "web", "nginx:1.27");

        Assert.Equal(("deployment.apps/web scaled\n", false), Run("kubectl scale deployment web --replicas=5"));
        Assert.Equal((5, 2L), (d.Replicas, d.Metadata.Generation));
        Assert.Equal(("deployment.apps/web scaled\n", false), Run("kubectl scale deploy/web --replicas=5"));
        Assert.Equal(2L, d.Metadata.Generation);
        Assert.Equal(("Error from server (NotFound): deployments.apps \"nope\" not found\n", true), Run("kubectl scale deployment nope --replicas=1"));
    }

    [Fact]
    public void SetImage()
    {
        var d = DeploymentObjects.Create(_cluster.Api, "web", "nginx:1.26");

        Assert.Equal(("deployment.apps/web image updated\n", false), Run("kubectl set image deployment/web web=nginx:1.27"));
        Assert.Equal(("nginx:1.27", 2L), (d.Template.Spec.Containers[0].Image, d.Metadata.Generation));

        // Nothing to change: kubectl prints nothing.
        Assert.Equal(("", false), Run("kubectl set image deployment/web web=nginx:1.27"));
        Assert.Equal(("error: unable to find container named \"db\"\n", true), Run("kubectl set image deployment/web db=postgres:16"));

        d.Template.Spec.Containers.Add(new Container { Name = "sidecar", Image = "envoy:1" });
        Assert.Equal(("deployment.apps/web image updated\n", false), Run("kubectl set image deployment/web *=busybox:1.36"));
        Assert.All(d.Template.Spec.Containers, c => Assert.Equal("busybox:1.36", c.Image));
        Assert.Equal(("Error from server (NotFound): deployments.apps \"api\" not found\n", true), Run("kubectl set image deployment/api web=nginx"));
    }

    [Fact]
    public void SetImageOnReplicationController()
    {
        var rc = _cluster.Api.Create(new ReplicationController
        {
            Metadata = { Name = "web" },
            Selector = { ["app"] = "web" },
            Template = { Metadata = { Labels = { ["app"] = "web" } }, Spec = { Containers = [new Container { Name = "web", Image = "nginx:1.26" }] } },
        });

        Assert.Equal(("replicationcontroller/web image updated\n", false), Run("kubectl set image rc/web web=nginx:1.27"));
        Assert.Equal("nginx:1.27", rc.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public void RolloutStatusDoesNotWait()
    {
        var d = DeploymentObjects.Create(_cluster.Api, "web", "nginx:1.27");
        Assert.Equal(("Waiting for deployment spec update to be observed...\n", false), Run("kubectl rollout status deployment/web --watch=false"));

        DeploymentObjects.SetStatus(_cluster.Api, d, 3, 3, 3, 2);
        Assert.Equal(("Waiting for deployment \"web\" rollout to finish: 2 of 3 updated replicas are available...\n", false), Run("kubectl rollout status deployment web"));

        DeploymentObjects.SetStatus(_cluster.Api, d, 3, 3, 3, 3);
        Assert.Equal(("deployment \"web\" successfully rolled out\n", false), Run("kubectl rollout status deploy/web --timeout=5m"));

        DeploymentObjects.SetStatus(_cluster.Api, d, 3, 1, 3, 3, DeploymentObjects.Condition("Progressing", "False", "ProgressDeadlineExceeded", TimeSpan.Zero));
        Assert.Equal(("error: deployment \"web\" exceeded its progress deadline\n", true), Run("kubectl rollout status deployment/web"));
        Assert.Equal(("Error from server (NotFound): deployments.apps \"api\" not found\n", true), Run("kubectl rollout status deployment/api"));
    }

    [Fact]
    public void RolloutHistory()
    {
        WebAtRevision2();
        Assert.Equal(
            ("deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         first\n2         second\n\n", false),
            Run("kubectl rollout history deployment/web"));
    }

    [Fact]
    public void UndoToThePreviousRevision()
    {
        var d = WebAtRevision2();

        Assert.Equal(("deployment.apps/web rolled back\n", false), Run("kubectl rollout undo deployment/web"));

        Assert.Equal("nginx:1.26", d.Template.Spec.Containers[0].Image);
        Assert.False(d.Template.Metadata.Labels.ContainsKey("pod-template-hash"));
        Assert.Equal(3L, d.Metadata.Generation);

        // The Deployment keeps its revision; other annotations are replaced by the ReplicaSet's (less the controller's).
        Assert.Equal(
            [
                new("deployment.kubernetes.io/revision", "2"),
                new("kubernetes.io/change-cause", "first"),
            ],
            d.Metadata.Annotations.ToList());
    }

    [Fact]
    public void UndoToARevisionThatIsCurrent()
    {
        var d = WebAtRevision2();
        Assert.Equal(("deployment.apps/web skipped rollback (current template already matches revision 2)\n", false), Run("kubectl rollout undo deployment/web --to-revision=2"));
        Assert.Equal(2L, d.Metadata.Generation);
        Assert.Equal(("deployment.apps/web rolled back\n", false), Run("kubectl rollout undo deployment/web --to-revision=1"));
        Assert.Equal("nginx:1.26", d.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public void UndoErrors()
    {
        var d = DeploymentObjects.Create(_cluster.Api, "web", "nginx:1.26");
        Assert.Equal(("error: no rollout history found for deployment \"web\"\n", true), Run("kubectl rollout undo deployment/web"));

        DeploymentObjects.AddReplicaSet(_cluster.Api, d, "6d8f7c9b5d", revision: 1, replicas: 3);
        Assert.Equal(("error: no rollout history found for deployment \"web\"\n", true), Run("kubectl rollout undo deployment/web"));
        Assert.Equal(("error: unable to find specified revision 9 in history\n", true), Run("kubectl rollout undo deployment/web --to-revision=9"));

        d.Paused = true;
        Assert.Equal(
            ("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/web' and try again\n", true),
            Run("kubectl rollout undo deployment/web --to-revision=1"));
        Assert.Equal(("Error from server (NotFound): deployments.apps \"api\" not found\n", true), Run("kubectl rollout undo deployment/api"));
    }

    [Fact]
    public void PauseAndResume()
    {
        var d = DeploymentObjects.Create(_cluster.Api, "web", "nginx:1.27");

        Assert.Equal(("error: deployments.apps \"web\" is not paused\n", true), Run("kubectl rollout resume deployment/web"));
        Assert.Equal(("deployment.apps/web paused\n", false), Run("kubectl rollout pause deployment/web"));
        Assert.True(d.Paused);
        Assert.Equal(("error: deployments.apps \"web\" is already paused\n", true), Run("kubectl rollout pause deployment/web"));
        Assert.Equal(("deployment.apps/web resumed\n", false), Run("kubectl rollout resume deployment/web"));
        Assert.False(d.Paused);
        Assert.Equal(3L, d.Metadata.Generation);
    }

    private const string WebManifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: IMAGE}]}
        """;

    [Fact]
    public void CreateApplyGetDelete()
    {
        Assert.Equal(("deployment.apps/web created\n", false), Run("kubectl create -f web.yaml", WebManifest.Replace("IMAGE", "nginx:1.26", StringComparison.Ordinal)));
        Assert.Equal(("deployment.apps/web unchanged\n", false), Run("kubectl apply -f web.yaml", WebManifest.Replace("IMAGE", "nginx:1.26", StringComparison.Ordinal)));
        Assert.Equal(("deployment.apps/web configured\n", false), Run("kubectl apply -f web.yaml", WebManifest.Replace("IMAGE", "nginx:1.27", StringComparison.Ordinal)));

        var d = Assert.IsType<Deployment>(_cluster.Store.Get("Deployment", "default/web"));
        Assert.Equal(("nginx:1.27", "IfNotPresent", 2L), (d.Template.Spec.Containers[0].Image, d.Template.Spec.Containers[0].ImagePullPolicy, d.Metadata.Generation));

        Assert.Equal(
            ("NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    0/2     0            0           0s\n", false),
            Run("kubectl get deployments"));
        Assert.StartsWith("Name:                   web\n", Run("kubectl describe deploy web").Output, StringComparison.Ordinal);
        Assert.Equal(("deployment.apps \"web\" deleted\n", false), Run("kubectl delete deployment web"));
        Assert.Equal(("Error from server (NotFound): deployments.apps \"web\" not found\n", true), Run("kubectl delete deploy web"));
    }

    [Fact]
    public void GetAllServesEveryKindOfTheAllCategory()
    {
        var (output, failed) = Run("kubectl get all");
        Assert.False(failed);
        Assert.StartsWith("NAME                 TYPE        CLUSTER-IP", output, StringComparison.Ordinal);
    }
}
