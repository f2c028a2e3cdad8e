using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Kubectl;

/// <summary>kubectl get deploy / rs, describe deployment, rollout status and rollout history, from objects set by hand.</summary>
public class DeploymentPrinterTests
{
    private static readonly TimeSpan Created = TimeSpan.FromSeconds(10);

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    /// <summary>The book's tomcat-deployment, rolled out: one ReplicaSet at revision 1 with its pod available.</summary>
    private static (KubectlFixture F, Deployment D, ReplicaSet Rs) Book()
    {
        var f = new KubectlFixture();
        f.At(Created);
        var d = DeploymentObjects.CreateBook(f.Api);
        var rs = DeploymentObjects.AddReplicaSet(f.Api, d, "5c7d9b8f6b", revision: 1, replicas: 1);
        d.Metadata.Annotations[Deployment.RevisionAnnotation] = "1";
        f.Api.Update(d);
        f.Events.Normal(d, "ScalingReplicaSet", "Scaled up replica set tomcat-deployment-5c7d9b8f6b to 1", "deployment-controller");
        f.At(TimeSpan.FromSeconds(13));
        DeploymentObjects.SetStatus(
            f.Api, d, replicas: 1, updated: 1, ready: 1, available: 1,
            DeploymentObjects.Condition("Available", "True", "MinimumReplicasAvailable", TimeSpan.FromSeconds(13)),
            DeploymentObjects.Condition("Progressing", "True", "NewReplicaSetAvailable", TimeSpan.FromSeconds(13)));
        return (f, d, rs);
    }

    [Fact]
    public void GetDeployments()
    {
        var (f, _, _) = Book();
        Assert.Equal(
            Lines(
                "NAME                READY   UP-TO-DATE   AVAILABLE   AGE",
                "tomcat-deployment   1/1     1            1           4s"),
            GetPrinter.Get(f.View(TimeSpan.FromSeconds(14)), ["Deployment"], null, null, false, "", null));
    }

    [Fact]
    public void GetDeploymentsWide()
    {
        var (f, _, _) = Book();
        Assert.Equal(
            Lines(
                "NAME                READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS    IMAGES   SELECTOR",
                "tomcat-deployment   1/1     1            1           4s    tomcat-dome   tomcat   tier=frontend,tier in (frontend)"),
            GetPrinter.Get(f.View(TimeSpan.FromSeconds(14)), ["Deployment"], null, null, false, "wide", null));
    }

    [Fact]
    public void GetReplicaSetsOfADeployment()
    {
        var (f, _, _) = Book();
        Assert.Equal(
            Lines(
                "NAME                           DESIRED   CURRENT   READY   AGE",
                "tomcat-deployment-5c7d9b8f6b   1         1         1       60s"),
            GetPrinter.Get(f.View(TimeSpan.FromSeconds(70)), ["ReplicaSet"], null, null, false, "", null));
        Assert.Equal(
            Lines(
                "NAME                           DESIRED   CURRENT   READY   AGE   CONTAINERS    IMAGES   SELECTOR",
                "tomcat-deployment-5c7d9b8f6b   1         1         1       60s   tomcat-dome   tomcat   pod-template-hash=5c7d9b8f6b,tier=frontend,tier in (frontend)"),
            GetPrinter.Get(f.View(TimeSpan.FromSeconds(70)), ["ReplicaSet"], null, null, false, "wide", null));
    }

    [Fact]
    public void GetDeploymentsAndReplicaSetsTogether()
    {
        var (f, _, _) = Book();
        Assert.Equal(
            Lines(
                "NAME                                READY   UP-TO-DATE   AVAILABLE   AGE",
                "deployment.apps/tomcat-deployment   1/1     1            1           60s",
                "",
                "NAME                                           DESIRED   CURRENT   READY   AGE",
                "replicaset.apps/tomcat-deployment-5c7d9b8f6b   1         1         1       60s"),
            GetPrinter.Get(f.View(TimeSpan.FromSeconds(70)), ["Deployment", "ReplicaSet"], null, null, false, "", null));
    }

    [Fact]
    public void GetMissingDeployment()
    {
        var f = new KubectlFixture();
        Assert.Equal(
            "Error from server (NotFound): deployments.apps \"web\" not found\n",
            GetPrinter.Get(f.View(Created), ["Deployment"], "web", null, false, "", null));
        Assert.Equal("No resources found in default namespace.\n", GetPrinter.Get(f.View(Created), ["Deployment"], null, null, false, "", null));
    }

    [Fact]
    public void DescribeTheBookDeployment()
    {
        var (f, _, _) = Book();
        Assert.Equal(
            Lines(
                "Name:                   tomcat-deployment",
                "Namespace:              default",
                "CreationTimestamp:      Mon, 06 Jan 2025 10:20:55 +0000",
                "Labels:                 app=app-demo",
                "                        tier=frontend",
                "Annotations:            deployment.kubernetes.io/revision: 1",
                "Selector:               tier=frontend,tier in (frontend)",
                "Replicas:               1 desired | 1 updated | 1 total | 1 available | 0 unavailable",
                "StrategyType:           RollingUpdate",
                "MinReadySeconds:        0",
                "RollingUpdateStrategy:  1 max unavailable, 1 max surge",
                "Pod Template:",
                "  Labels:  app=app-demo",
                "           tier=frontend",
                "  Containers:",
                "   tomcat-dome:",
                "    Image:         tomcat",
                "    Port:          8080/TCP",
                "    Host Port:     0/TCP",
                "    Environment:   <none>",
                "    Mounts:        <none>",
                "  Volumes:         <none>",
                "  Node-Selectors:  <none>",
                "  Tolerations:     <none>",
                "Conditions:",
                "  Type           Status  Reason",
                "  ----           ------  ------",
                "  Available      True    MinimumReplicasAvailable",
                "  Progressing    True    NewReplicaSetAvailable",
                "OldReplicaSets:  <none>",
                "NewReplicaSet:   tomcat-deployment-5c7d9b8f6b (1/1 replicas created)",
                "Events:",
                "  Type    Reason             Age   From                   Message",
                "  ----    ------             ----  ----                   -------",
                "  Normal  ScalingReplicaSet  60s   deployment-controller  Scaled up replica set tomcat-deployment-5c7d9b8f6b to 1"),
            DescribePrinter.Describe(f.View(TimeSpan.FromSeconds(70)), "Deployment", "tomcat-deployment", null));
    }

    [Fact]
    public void DescribeDeploymentsDuringARollout()
    {
        var f = new KubectlFixture();
        f.At(Created);
        var d = DeploymentObjects.Create(f.Api, "web", "nginx:1.26");
        DeploymentObjects.AddReplicaSet(f.Api, d, "6d8f7c9b5d", revision: 1, replicas: 2);
        d.Template.Spec.Containers[0].Image = "nginx:1.27";
        f.Api.Update(d, specChanged: true);
        DeploymentObjects.AddReplicaSet(f.Api, d, "7b9c6d5f4c", revision: 2, replicas: 2);
        DeploymentObjects.SetStatus(
            f.Api, d, replicas: 4, updated: 2, ready: 3, available: 3,
            DeploymentObjects.Condition("Available", "True", "MinimumReplicasAvailable", Created),
            DeploymentObjects.Condition("Progressing", "True", "ReplicaSetUpdated", Created));
        var other = DeploymentObjects.Create(f.Api, "api", "busybox:1.36", replicas: 1);
        other.Strategy = new DeploymentStrategy { Type = "Recreate" };

        var text = DescribePrinter.Describe(f.View(TimeSpan.FromMinutes(1)), "Deployment", null, null);

        // Both, in name order, separated by two blank lines; Recreate has no RollingUpdateStrategy line; without
        // ReplicaSets there are no ReplicaSet lines.
        Assert.StartsWith("Name:               api\n", text, StringComparison.Ordinal);
        Assert.Contains("StrategyType:       Recreate\nMinReadySeconds:    0\nPod Template:\n", text, StringComparison.Ordinal);
        Assert.Contains("  Tolerations:     <none>\nEvents:            <none>\n\n\nName:                   web\n", text, StringComparison.Ordinal);
        Assert.Contains("Replicas:               3 desired | 2 updated | 4 total | 3 available | 0 unavailable\n", text, StringComparison.Ordinal);
        Assert.Contains("RollingUpdateStrategy:  25% max unavailable, 25% max surge\n", text, StringComparison.Ordinal);
        Assert.Contains(
            "OldReplicaSets:  web-6d8f7c9b5d (2/2 replicas created)\nNewReplicaSet:   web-7b9c6d5f4c (2/2 replicas created)\nEvents:          <none>\n",
            text,
            StringComparison.Ordinal);
        Assert.Equal(1, text.Split("OldReplicaSets:").Length - 1);
    }

    [Fact]
    public void DescribeUndefaultedDeploymentShowsItsVersionsDefaults()
    {
        var f = new KubectlFixture();
        var d = new Deployment
        {
            ApiVersion = "extensions/v1beta1",
            Metadata = { Name = "old" },
            Selector = new LabelSelector { MatchLabels = { ["app"] = "old" } },
            Template = { Metadata = { Labels = { ["app"] = "old" } }, Spec = { Containers = [new Container { Name = "c", Image = "nginx" }] } },
        };
        f.Api.Create(d);
        Assert.Contains("RollingUpdateStrategy:  1 max unavailable, 1 max surge\n", DescribePrinter.Describe(f.View(Created), "Deployment", "old", null), StringComparison.Ordinal);
    }

    [Fact]
    public void RolloutStatusForEachState()
    {
        var f = new KubectlFixture();
        var d = DeploymentObjects.Create(f.Api, "web", "nginx:1.27");

        // Generation 1, nothing observed yet.
        Assert.Equal(new RolloutResult("Waiting for deployment spec update to be observed...\n", null), RolloutPrinter.Status(d));

        DeploymentObjects.SetStatus(f.Api, d, replicas: 1, updated: 1, ready: 0, available: 0);
        Assert.Equal("Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...\n", RolloutPrinter.Status(d).Output);

        DeploymentObjects.SetStatus(f.Api, d, replicas: 4, updated: 3, ready: 3, available: 2);
        Assert.Equal("Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending termination...\n", RolloutPrinter.Status(d).Output);

        DeploymentObjects.SetStatus(f.Api, d, replicas: 3, updated: 3, ready: 3, available: 1);
        Assert.Equal("Waiting for deployment \"web\" rollout to finish: 1 of 3 updated replicas are available...\n", RolloutPrinter.Status(d).Output);

        DeploymentObjects.SetStatus(f.Api, d, replicas: 3, updated: 3, ready: 3, available: 3);
        Assert.Equal(new RolloutResult("deployment \"web\" successfully rolled out\n", null), RolloutPrinter.Status(d));

        DeploymentObjects.SetStatus(f.Api, d, replicas: 3, updated: 1, ready: 3, available: 3, DeploymentObjects.Condition("Progressing", "False", "ProgressDeadlineExceeded", Created));
        var timedOut = RolloutPrinter.Status(d);
        Assert.Equal(new RolloutResult("", "error: deployment \"web\" exceeded its progress deadline"), timedOut);
        Assert.Equal("error: deployment \"web\" exceeded its progress deadline\n", timedOut.ToString());

        // A spec change not yet observed hides everything else.
        d.Replicas = 5;
        f.Api.Update(d, specChanged: true);
        Assert.Equal("Waiting for deployment spec update to be observed...\n", RolloutPrinter.Status(d).Output);
    }

    [Fact]
    public void RolloutHistoryTable()
    {
        var f = new KubectlFixture();
        var d = DeploymentObjects.Create(f.Api, "nginx-deployment", "nginx:1.14.2");
        var v1 = d.Template.Clone();
        DeploymentObjects.AddReplicaSet(f.Api, d, "2035384211", revision: 1, replicas: 0, template: v1);
        d.Template.Spec.Containers[0].Image = "nginx:1.16.1";
        DeploymentObjects.AddReplicaSet(f.Api, d, "1564180365", revision: 2, replicas: 0, changeCause: "kubectl set image deployment/nginx-deployment web=nginx:1.16.1");
        d.Template.Spec.Containers[0].Image = "nginx:1.161";
        DeploymentObjects.AddReplicaSet(f.Api, d, "3066724191", revision: 10, replicas: 3, changeCause: "kubectl set image deployment/nginx-deployment web=nginx:1.161");

        Assert.Equal(
            Lines(
                "deployment.apps/nginx-deployment ",
                "REVISION  CHANGE-CAUSE",
                "1         <none>",
                "2         kubectl set image deployment/nginx-deployment web=nginx:1.16.1",
                "10        kubectl set image deployment/nginx-deployment web=nginx:1.161",
                ""),
            RolloutPrinter.History(f.View(Created), d));
    }

    [Fact]
    public void RolloutHistoryWithoutReplicaSets()
    {
        var f = new KubectlFixture();
        var d = DeploymentObjects.Create(f.Api, "web", "nginx:1.27");
        Assert.Equal("deployment.apps/web \nNo rollout history found.\n", RolloutPrinter.History(f.View(Created), d));
    }

    [Fact]
    public void HistoryIgnoresReplicaSetsOfOtherOwners()
    {
        var f = new KubectlFixture();
        var d = DeploymentObjects.Create(f.Api, "web", "nginx:1.27");
        var stranger = DeploymentObjects.Create(f.Api, "web2", "nginx:1.27");
        var rs = DeploymentObjects.AddReplicaSet(f.Api, stranger, "abc", revision: 1, replicas: 1);
        rs.Metadata.Labels["app"] = "web"; // matches web's selector, but web2 controls it
        f.Api.Update(rs);
        Assert.Equal("deployment.apps/web \nNo rollout history found.\n", RolloutPrinter.History(f.View(Created), d));
    }

    [Fact]
    public void DeploymentAsYaml()
    {
        var (f, _, _) = Book();
        var yaml = GetPrinter.Get(f.View(TimeSpan.FromSeconds(14)), ["Deployment"], "tomcat-deployment", null, false, "yaml", null);
        Assert.StartsWith("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n", yaml, StringComparison.Ordinal);
        Assert.Contains(
            "  strategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 1\n    type: RollingUpdate\n",
            yaml,
            StringComparison.Ordinal);
        Assert.Contains("status:\n  availableReplicas: 1\n  conditions:\n", yaml, StringComparison.Ordinal);
        Assert.Contains("  updatedReplicas: 1\n", yaml, StringComparison.Ordinal);
    }
}
