using ClusterSim.Scenarios.Kubectl;

namespace ClusterSim.Tests.Scenarios;

/// <summary>Every command of contract section 6, kubectl's spellings and short names, and kubectl's error texts.</summary>
public class KubectlCommandParserTests
{
    private static KubectlCommand Parse(string text)
    {
        Assert.True(KubectlCommandParser.TryParse(text, out var command, out var error), error?.Message);
        return command;
    }

    private static void Fails(string text, int offset, string message)
    {
        Assert.False(KubectlCommandParser.TryParse(text, out _, out var error));
        Assert.Equal(message, error.Message);
        Assert.Equal(offset, error.Offset);
    }

    [Theory]
    [InlineData("create")]
    [InlineData("apply")]
    public void CreateAndApplyTakeFiles(string verb)
    {
        var c = Parse($"kubectl {verb} -f manifests/myweb-rc.yaml --filename=b.yaml -f 'with space.yaml'");

        Assert.Equal(verb, c.Verb);
        Assert.Equal(["manifests/myweb-rc.yaml", "b.yaml", "with space.yaml"], c.Files);
    }

    [Fact]
    public void DeleteByNameByFileAndBySelector()
    {
        var byName = Parse("kubectl delete rc myweb");
        Assert.Equal(["ReplicationController"], byName.Kinds);
        Assert.Equal("myweb", byName.Name);

        var byFile = Parse("kubectl delete -f manifests/myweb-rc.yaml");
        Assert.Equal(["manifests/myweb-rc.yaml"], byFile.Files);

        var bySelector = Parse("kubectl delete pods -l app=myweb --grace-period=0 --force");
        Assert.Equal(["Pod"], bySelector.Kinds);
        Assert.Equal(("app=myweb", 0, true), (bySelector.LabelSelector!, bySelector.GracePeriod!.Value, bySelector.Force));

        Assert.True(Parse("kubectl delete po --all -n development").All);
        Assert.Equal("web", Parse("kubectl delete deploy/web").Name);
    }

    [Fact]
    public void Get()
    {
        var c = Parse("kubectl get rc,pods");
        Assert.Equal(["ReplicationController", "Pod"], c.Kinds);
        Assert.Empty(c.Names);
        Assert.Null(c.Namespace);

        var named = Parse("kubectl get svc tomcat-service -o yaml");
        Assert.Equal(["Service"], named.Kinds);
        Assert.Equal(("tomcat-service", "yaml"), (named.Name!, named.Output!));

        Assert.Equal("development", Parse("kubectl get pod --namespace=development").Namespace);
        Assert.Equal("development", Parse("kubectl get pod --namespace development").Namespace);
        Assert.Equal("development", Parse("kubectl get pod -n development").Namespace);
        Assert.Equal("development", Parse("kubectl -n development get pod").Namespace);
        Assert.Equal("development", Parse("kubectl get pod -ndevelopment").Namespace);
        Assert.True(Parse("kubectl get pods -A").AllNamespaces);
        Assert.True(Parse("kubectl get pods --all-namespaces").AllNamespaces);
        Assert.Equal("wide", Parse("kubectl get nodes -o wide").Output);
        Assert.Equal("wide", Parse("kubectl get nodes -owide").Output);
        Assert.Equal("tier=frontend", Parse("kubectl get pods -l tier=frontend").LabelSelector);
        Assert.Equal("app in (a, b)", Parse("kubectl get pods -l 'app in (a, b)'").LabelSelector);
        Assert.Equal("app=x", Parse("kubectl get pods --selector=\"app=x\"").LabelSelector);
        Assert.Equal(["Endpoints"], Parse("kubectl get endpoints").Kinds);
        Assert.Equal(["Namespace"], Parse("kubectl get namespace").Kinds);
        Assert.Equal(["Deployment"], Parse("kubectl get deployments").Kinds);
        Assert.Equal(["ReplicaSet"], Parse("kubectl get rs").Kinds);
        Assert.Equal(["Pod", "Service", "ReplicationController", "Deployment", "ReplicaSet", "HorizontalPodAutoscaler"], Parse("kubectl get all").Kinds);
    }

    [Theory]
    [InlineData("po", "Pod")]
    [InlineData("rc", "ReplicationController")]
    [InlineData("rs", "ReplicaSet")]
    [InlineData("deploy", "Deployment")]
    [InlineData("svc", "Service")]
    [InlineData("ep", "Endpoints")]
    [InlineData("no", "Node")]
    [InlineData("ns", "Namespace")]
    [InlineData("hpa", "HorizontalPodAutoscaler")]
    [InlineData("replicationcontrollers", "ReplicationController")]
    [InlineData("Pods", "Pod")]
    public void ShortNamesAndPlurals(string name, string kind) => Assert.Equal([kind], Parse("kubectl get " + name).Kinds);

    [Fact]
    public void Describe()
    {
        var c = Parse("kubectl describe node 127.0.0.1");
        Assert.Equal(["Node"], c.Kinds);
        Assert.Equal("127.0.0.1", c.Name);
        Assert.Equal("mysql-bwnlk", Parse("kubectl describe po  mysql-bwnlk").Name);
        Assert.Empty(Parse("kubectl describe deployments").Names);
    }

    [Fact]
    public void Scale()
    {
        var c = Parse("kubectl scale rc myweb --replicas=3");
        Assert.Equal(["ReplicationController"], c.Kinds);
        Assert.Equal(("myweb", 3), (c.Name!, c.Replicas!.Value));
        Assert.Equal(0, Parse("kubectl scale deployment/frontend --replicas 0").Replicas);
    }

    [Fact]
    public void Autoscale()
    {
        var c = Parse("kubectl autoscale deployment frontend --cpu-percent=90 --min=1 --max=10");
        Assert.Equal(["Deployment"], c.Kinds);
        Assert.Equal(("frontend", 90, 1, 10), (c.Name!, c.CpuPercent!.Value, c.Min!.Value, c.Max!.Value));

        var defaults = Parse("kubectl autoscale rc myweb --max=5");
        Assert.Equal((null, null, 5, null), (defaults.CpuPercent, defaults.Min, defaults.Max!.Value, defaults.AutoscalerName));

        // kubectl leaves --min <= 0 unset and treats a negative --cpu-percent as none; 0 goes to the server.
        var lenient = Parse("kubectl autoscale rs/web --min=0 --cpu-percent=-1 --max=3 --name=web-hpa");
        Assert.Equal((null, null, "web-hpa"), (lenient.Min, lenient.CpuPercent, lenient.AutoscalerName));
        Assert.Equal(0, Parse("kubectl autoscale rs/web --cpu-percent=0 --max=3").CpuPercent);
    }

    [Fact]
    public void SetImage()
    {
        var c = Parse("kubectl set image deployment/frontend tomcat-demo=tomcat:9");
        Assert.Equal(("set", "image", "frontend"), (c.Verb, c.Subcommand!, c.Name!));
        Assert.Equal(new ImageUpdate("tomcat-demo", "tomcat:9"), Assert.Single(c.Images));

        var two = Parse("kubectl set image rc myweb a=x:1 b=y:2");
        Assert.Equal([new ImageUpdate("a", "x:1"), new ImageUpdate("b", "y:2")], two.Images);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("history")]
    [InlineData("undo")]
    [InlineData("pause")]
    [InlineData("resume")]
    public void Rollout(string sub)
    {
        var c = Parse($"kubectl rollout {sub} deployment/frontend");
        Assert.Equal(("rollout", sub, "Deployment", "frontend"), (c.Verb, c.Subcommand!, c.Kinds[0], c.Name!));
    }

    [Fact]
    public void RolloutUndoToRevision() => Assert.Equal(2, Parse("kubectl rollout undo deploy frontend --to-revision=2").ToRevision);

    [Fact]
    public void RolloutStatusTakesWatchAndTimeout()
    {
        Assert.Equal("frontend", Parse("kubectl rollout status deployment/frontend --watch=false --timeout=2m").Name);
        Assert.Equal("frontend", Parse("kubectl rollout status -w deployment/frontend").Name);
        Fails("kubectl rollout status deployment/frontend --timeout=soon", 53, "invalid argument \"soon\" for \"--timeout\" flag: time: invalid duration \"soon\"");
        Fails("kubectl rollout history deployment/frontend --watch", 44, "unknown flag: --watch");
    }

    [Fact]
    public void SetImageWildcardTakesNoOtherPairs() =>
        Fails("kubectl set image deployment/web *=nginx web=nginx:1", 33, "all containers are already specified by *, but saw more than one container_name=container_image pairs");

    [Fact]
    public void NodeCommands()
    {
        Assert.Equal(("cordon", "worker-1"), (Parse("kubectl cordon worker-1").Verb, Parse("kubectl cordon worker-1").Node!));
        Assert.Equal("worker-1", Parse("kubectl uncordon worker-1").Node);

        var drain = Parse("kubectl drain worker-2 --ignore-daemonsets --delete-emptydir-data --force --grace-period=10");
        Assert.Equal(("worker-2", true, true, true, 10), (drain.Node!, drain.IgnoreDaemonSets, drain.DeleteEmptyDirData, drain.Force, drain.GracePeriod!.Value));
        Assert.True(Parse("kubectl drain worker-2 --delete-local-data").DeleteEmptyDirData);
        Assert.False(Parse("kubectl drain worker-2 --force=false").Force);
        Assert.Equal("worker-3", Parse("kubectl drain node/worker-3").Node);
    }

    [Fact]
    public void LabelAndAnnotate()
    {
        var label = Parse("kubectl label pods busybox env=prod tier- --overwrite");
        Assert.Equal(["Pod"], label.Kinds);
        Assert.Equal(("busybox", true), (label.Name!, label.Overwrite));
        Assert.Equal([new MetadataUpdate("env", "prod"), new MetadataUpdate("tier", null)], label.Updates);
        Assert.True(label.Updates[1].Remove);

        var annotate = Parse("kubectl annotate rc/myweb description=\"the web tier\"");
        Assert.Equal(new MetadataUpdate("description", "the web tier"), Assert.Single(annotate.Updates));
    }

    [Fact]
    public void ShellQuoting()
    {
        // Quoting is a shell's: the selector text arrives unquoted (and is then checked by Selector.Parse).
        Assert.Equal("app in (a, b)", Parse("kubectl get pods -l \"app in (a, b)\"").LabelSelector);
        Assert.Equal("app=it", Parse("kubectl get pods -l 'app'=\"it\"").LabelSelector);
        Assert.Equal("tier notin (x,y)", Parse("kubectl get pods -l tier\\ notin\\ '(x,y)'").LabelSelector);
    }

    [Theory]
    [InlineData("kubectl foo rc", 8, "unknown command \"foo\" for \"kubectl\"")]
    [InlineData("kubectl", 7, "missing command: expected one of annotate, apply, autoscale, cordon, create, delete, describe, drain, get, label, rollout, scale, set, top, uncordon")]
    [InlineData("helm install x", 0, "only kubectl commands can be run, got \"helm\"")]
    [InlineData("kubectl get", 11, "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.")]
    [InlineData("kubectl get foo", 12, "the server doesn't have a resource type \"foo\"")]
    [InlineData("kubectl get rc,foo", 15, "the server doesn't have a resource type \"foo\"")]
    [InlineData("kubectl get pods -o json", 20, "unable to match a printer suitable for the output format \"json\", allowed formats are: wide,yaml")]
    [InlineData("kubectl get pods --watch", 17, "unknown flag: --watch")]
    [InlineData("kubectl get pods -x", 18, "unknown shorthand flag: 'x' in -x")]
    [InlineData("kubectl get pods -n", 17, "flag needs an argument: 'n' in -n")]
    [InlineData("kubectl create", 14, "must specify one of -f and -k")]
    [InlineData("kubectl create -f", 15, "flag needs an argument: 'f' in -f")]
    [InlineData("kubectl delete rc", 15, "resource(s) were provided, but no name was specified")]
    [InlineData("kubectl delete", 14, "You must provide one or more resources by argument or filename.")]
    [InlineData("kubectl scale rc myweb", 22, "required flag(s) \"replicas\" not set")]
    [InlineData("kubectl scale rc myweb --replicas=abc", 34, "invalid argument \"abc\" for \"--replicas\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax")]
    [InlineData("kubectl scale rc myweb --replicas=-1", 34, "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")]
    [InlineData("kubectl scale svc myweb --replicas=1", 14, "kubectl scale does not support services (supported: deployments, replicasets, replicationcontrollers)")]
    [InlineData("kubectl autoscale rc myweb --min=1", 34, "required flag(s) \"max\" not set")]
    [InlineData("kubectl autoscale rc myweb --max=0", 33, "--max=MAXPODS is required and must be at least 1, max: 0")]
    [InlineData("kubectl autoscale rc myweb --min=5 --max=2", 41, "--max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 5")]
    [InlineData("kubectl set image deployment/frontend", 37, "at least one image update is required")]
    [InlineData("kubectl set env deployment/frontend A=B", 12, "unknown command \"env\" for \"kubectl set\"")]
    [InlineData("kubectl rollout restart deployment/frontend", 16, "unknown command \"restart\" for \"kubectl rollout\"")]
    [InlineData("kubectl rollout status deployment/frontend --to-revision=1", 43, "unknown flag: --to-revision")]
    [InlineData("kubectl rollout undo rc/myweb", 21, "kubectl rollout undo does not support replicationcontrollers (supported: deployments)")]
    [InlineData("kubectl cordon", 14, "kubectl cordon: a node name is required (kubectl cordon NODE)")]
    [InlineData("kubectl label pods busybox", 26, "at least one label update is required")]
    [InlineData("kubectl get rc rc/myweb", 15, "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'")]
    [InlineData("kubectl get pods -l 'app=x", 20, "unterminated quoted string")]
    [InlineData("kubectl drain worker-1 --force=maybe", 31, "invalid argument \"maybe\" for \"--force\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax")]
    public void Errors(string text, int offset, string message) => Fails(text, offset, message);
}
