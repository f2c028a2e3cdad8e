using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Expectations;
using ClusterSim.Scenarios.Faults;
using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Scenarios.Model;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Scenarios;

/// <summary>A full scenario over the book's manifests (Data/scenario/book-stack.yaml) loads into the model as written.</summary>
public class ScenarioLoaderTests
{
    private static readonly Lazy<LoadResult> Book = new(() => ScenarioLoader.Load(TestFiles.Data("scenario", "book-stack.yaml")));

    private static Scenario Scenario
    {
        get
        {
            Assert.Empty(Book.Value.Errors);
            return Book.Value.Scenario!;
        }
    }

    [Fact]
    public void LoadsWithOnlyTheWarningsOfFieldsNotSimulated()
    {
        // The book's containers set environment variables and a command, which do not change how they run here.
        Assert.Equal(
            [
                "mysql-rc.yaml:22:11: warning: spec.template.spec.containers[0].env is kept but not simulated (environment variables do not change how a container runs here)",
                "busybox-development.yaml:9:7: warning: spec.containers[0].command is kept but not simulated (containers are not run: what a container does comes from the scenario's images)",
                "myweb-rc.yaml:25:11: warning: spec.template.spec.containers[0].env is kept but not simulated (environment variables do not change how a container runs here)",
            ],
            Book.Value.Diagnostics.Select(d => Path.GetFileName(d.ToString())));
        Assert.True(Book.Value.Succeeded);
    }

    [Fact]
    public void Envelope()
    {
        var s = Scenario;
        Assert.Equal("book-mysql-myweb", s.Name);
        Assert.StartsWith("The book's mysql", s.Description, StringComparison.Ordinal);
        Assert.Equal(7, s.Seed);
        Assert.Equal(TimeSpan.FromMinutes(30), s.Duration);
        Assert.Equal(TimeSpan.FromSeconds(15), s.SampleEvery);
        Assert.EndsWith("book-stack.yaml", s.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public void ControlPlaneOverrides()
    {
        var cp = Scenario.ControlPlane;
        Assert.Equal("MostAllocated", cp.SchedulerScoring);
        Assert.Equal(TimeSpan.FromSeconds(40), cp.NodeMonitorGracePeriod);
        Assert.Equal(300, cp.DefaultTolerationSeconds);
        Assert.Equal(TimeSpan.FromMinutes(5), cp.HpaDownscaleStabilization);
        Assert.Equal(TimeSpan.FromSeconds(15), cp.HpaSyncPeriod); // untouched default
    }

    [Fact]
    public void NodePoolsAndManifestNodes()
    {
        var s = Scenario;
        Assert.Equal(["worker-1", "worker-2", "worker-3", "db-1", "127.0.0.1"], s.NodeNames());
        Assert.Equal(["zone-a", "zone-b", "zone-c"], s.Zones());

        var worker = s.Nodes[0];
        Assert.Equal(3, worker.Count);
        Assert.Equal(4000, worker.Cpu.MilliValue());
        Assert.Equal(110_000, worker.Pods.MilliValue());
        Assert.Equal(["zone-a", "zone-b", "zone-a"], Enumerable.Range(0, 3).Select(worker.ZoneOf));

        var db = s.Nodes[1];
        Assert.Equal(new Taint("dedicated", "db", "NoSchedule"), Assert.Single(db.Taints));
        Assert.Equal(110_000, db.Pods.MilliValue()); // pods default

        var nodes = s.CreateNodes();
        Assert.Equal(5, nodes.Count);
        Assert.Equal("zone-b", nodes[1].Metadata.Labels[NodePoolSpec.ZoneLabel]);
        Assert.Equal("ssd", nodes[1].Metadata.Labels["disk"]);
        Assert.Equal("worker-2", nodes[1].Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal(8L * 1024 * 1024 * 1024 * 1000, nodes[0].Status.Capacity[ResourceNames.Memory].MilliValue());
        Assert.Equal("127.0.0.1", nodes[4].Metadata.Name);
        Assert.Equal(1000, nodes[4].Status.Allocatable[ResourceNames.Cpu].MilliValue());
        Assert.NotSame(nodes[4], s.CreateNodes()[4]);
    }

    [Fact]
    public void Images()
    {
        var s = Scenario;
        var tomcat = s.Images["kubeguide/tomcat-app:v2"];
        Assert.Equal(TimeSpan.FromSeconds(20), tomcat.PullTime);
        Assert.Equal(TimeSpan.FromSeconds(2), tomcat.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(5), tomcat.ReadyAfter);
        Assert.Equal(5, tomcat.CpuIdle.MilliValue());
        Assert.Equal(2, tomcat.CpuPerRequest.MilliValue());
        Assert.Equal(200L * 1024 * 1024 * 1000, tomcat.Memory.MilliValue());
        Assert.Null(tomcat.CrashAfter);

        var mysql = s.Images["daocloud.io/library/mysql"];
        Assert.Equal(TimeSpan.FromSeconds(90), mysql.PullTime);
        Assert.Equal(TimeSpan.FromSeconds(40), mysql.CrashAfter);
        Assert.Equal(500L * 1024 * 1024, mysql.SizeBytes);

        Assert.Equal(["*", "daocloud.io/library/mysql", "kubeguide/tomcat-app:v2"], s.Images.Keys);
        Assert.Equal(TimeSpan.FromSeconds(5), s.ImageFor("busybox").PullTime);
    }

    [Fact]
    public void ManifestsInOrderWithLocations()
    {
        var m = Scenario.Manifests;
        Assert.Equal(["ReplicationController/default/mysql", "Service/default/mysql", "Namespace/development", "Pod/development/busybox", "Service/default/mysql-headless"],
            m.Select(o => o.Object.Kind + "/" + (o.Object.Namespaced ? (o.Object.Metadata.Namespace.Length == 0 ? "default" : o.Object.Metadata.Namespace) + "/" : "") + o.Object.Metadata.Name));

        // The inline manifest's location is inside the scenario file, below `inline: |`.
        Assert.Equal("book-stack.yaml", Path.GetFileName(m[4].Location.File));
        Assert.Equal((47, 9), (m[4].Location.Line, m[4].Location.Column));
        Assert.Equal("None", ((Service)m[4].Object).Spec.ClusterIP);
    }

    [Fact]
    public void Load()
    {
        var load = Assert.Single(Scenario.Load);
        Assert.Equal(new LoadTarget("default", "Service", "myweb"), load.Target);
        Assert.Equal(6, load.Rps.Count);
        Assert.Equal(new NoiseSpec("normal", 0.1, TimeSpan.FromSeconds(15), load.Noise!.Location), load.Noise);

        var csv = Assert.IsType<CsvRps>(load.Rps[5]);
        Assert.Equal([new CsvPoint(TimeSpan.Zero, 10), new CsvPoint(TimeSpan.FromMinutes(1), 20), new CsvPoint(TimeSpan.FromMinutes(2), 15.5)], csv.Points);
        Assert.Equal(15, csv.ValueAt(TimeSpan.FromSeconds(30)), 9);

        // constant 50 + ramp at 7m30s (200) + steps 0 + sine(7.5/60 of a period) + spike 0 + csv (held at 15.5)
        double expected = 50 + 200 + (100 * Math.Sin(2 * Math.PI * 7.5 / 60)) + 15.5;
        Assert.Equal(expected, load.BaseRpsAt(TimeSpan.FromMinutes(7.5)), 9);
        Assert.Equal(1000, load.Rps[4].ValueAt(TimeSpan.FromMinutes(26)));
        Assert.Equal(0, load.Rps[4].ValueAt(TimeSpan.FromMinutes(27)));
        Assert.Equal(-300, load.Rps[2].ValueAt(TimeSpan.FromMinutes(21)));
    }

    [Fact]
    public void Timeline()
    {
        var t = Scenario.Timeline;
        Assert.Equal(13, t.Count);

        var create = t[0].Command!;
        Assert.Equal("create", create.Verb);
        var rc = Assert.IsType<ReplicationController>(Assert.Single(create.Objects).Object);
        Assert.Equal("myweb", rc.Metadata.Name);
        Assert.EndsWith("myweb-rc.yaml", Assert.Single(create.Files), StringComparison.Ordinal);

        Assert.Equal(["ReplicationController", "Pod"], t[2].Command!.Kinds);
        Assert.Equal(3, t[3].Command!.Replicas);
        Assert.Equal((90, 1, 10), (t[4].Command!.CpuPercent, t[4].Command!.Min, t[4].Command!.Max));
        Assert.Equal(new ImageUpdate("myweb", "kubeguide/tomcat-app:v3"), Assert.Single(t[5].Command!.Images));

        Assert.Equal(new FaultSpec(FaultType.NodeCrash, "worker-2"), t[6].Fault);
        Assert.Equal(TimeSpan.FromMinutes(5), t[6].At);
        Assert.Equal(FaultParser.RandomNodeCrash(TimeSpan.FromHours(6), TimeSpan.FromMinutes(20)), t[7].Fault);
        Assert.Equal(new FaultSpec(FaultType.ZoneOutage, "zone-a"), t[8].Fault);
        Assert.Equal("development", t[9].Command!.Namespace);
        Assert.Equal("worker-3", t[11].Command!.Node);
        Assert.Equal(TimeSpan.FromMinutes(11), t[12].At);
    }

    [Fact]
    public void Expectations()
    {
        var e = Scenario.Expectations;
        Assert.Equal(5, e.Count);

        Assert.Equal(ExpectationMode.At, e[0].Mode);
        Assert.Equal((TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(6)), (e[0].Start, e[0].End!.Value));
        Assert.Equal(new Condition(new RefOperand("default", "ReplicationController", "myweb", ["status", "availableReplicas"]), ">=", new NumberOperand(3)), e[0].Condition);

        Assert.Equal(ExpectationMode.During, e[1].Mode);
        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)), (e[1].Start, e[1].End!.Value));

        Assert.Equal(ExpectationMode.By, e[2].Mode);
        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(12)), (e[2].Start, e[2].End!.Value));
        Assert.Equal(new CountOperand("app=myweb", "Running", false), e[2].Condition.Left);

        Assert.Equal(ExpectationMode.Always, e[3].Mode);
        Assert.Null(e[3].End);
        Assert.Equal(new RefOperand(null, "Node", "worker-1", ["status", "allocatable", "cpu"]), e[3].Condition.Right);

        Assert.Equal(new RefOperand(null, "Node", "127.0.0.1", ["status", "conditions", "[Ready]", "status"]), e[4].Condition.Left);
        Assert.Equal(new StringOperand("True"), e[4].Condition.Right);

        var lines = e.Select(x => x.Location.Line).ToList();
        Assert.Equal(lines.Order(), lines);
    }

    [Fact]
    public void MinimalScenarioGetsDefaults()
    {
        var result = ScenarioLoader.LoadText("apiVersion: clustersim.io/v1alpha1\nkind: Scenario\nmetadata: {name: minimal}\nspec: {duration: 1h}\n", "minimal.yaml");

        Assert.Empty(result.Diagnostics);
        var s = result.Scenario!;
        Assert.Equal(1, s.Seed);
        Assert.Equal(TimeSpan.FromSeconds(15), s.SampleEvery);
        Assert.Equal(TimeSpan.FromHours(1), s.Duration);
        Assert.Empty(s.Nodes);
        Assert.Same(ClusterSim.Sim.Kubelet.ImageBehavior.Default, s.ImageFor("nginx"));
    }

    [Fact]
    public void FaultsAndExpectationsInMappingForm()
    {
        string text = string.Join("\n",
            "apiVersion: clustersim.io/v1alpha1",
            "kind: Scenario",
            "metadata: {name: forms}",
            "spec:",
            "  duration: 1h",
            "  nodes: [{name: n, count: 2, capacity: {cpu: 2, memory: 4Gi}}]",
            "  timeline:",
            "    - at: 1m",
            "      fault:",
            "        random-node-crash: {mtbf: 6h, mttr: 20m}",
            "    - at: 2m",
            "      fault: {node-crash: n-2}",
            "    - at: 3m",
            "      fault: \"random-node-crash {mtbf: 1h, mttr: 5m}\"",
            "    - at: 4m",
            "      fault: pod-kill development/web-abc12",
            "  expect:",
            "    - always: true",
            "      after: 1m",
            "      that: count(pods, \"app in (web, api)\", ready) >= 1");

        var result = ScenarioLoader.LoadText(text, "forms.yaml");

        Assert.Empty(result.Diagnostics);
        var t = result.Scenario!.Timeline;
        Assert.Equal(FaultParser.RandomNodeCrash(TimeSpan.FromHours(6), TimeSpan.FromMinutes(20)), t[0].Fault);
        Assert.Equal(new FaultSpec(FaultType.NodeCrash, "n-2"), t[1].Fault);
        Assert.Equal(FaultParser.RandomNodeCrash(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)), t[2].Fault);
        Assert.Equal(new FaultSpec(FaultType.PodKill, "web-abc12", "development"), t[3].Fault);
        var always = Assert.Single(result.Scenario.Expectations);
        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)), (always.Start, always.After));
        Assert.Equal(new CountOperand("app in (web, api)", null, true), always.Condition.Left);
    }

    [Fact]
    public void WarningsDoNotStopTheScenario()
    {
        string text = string.Join("\n",
            "apiVersion: clustersim.io/v1alpha1",
            "kind: Scenario",
            "metadata: {name: warn}",
            "spec:",
            "  duration: 10m",
            "  timeline:",
            "    - at: 20m",
            "      run: kubectl get pods");

        var result = ScenarioLoader.LoadText(text, "warn.yaml");

        Assert.NotNull(result.Scenario);
        Assert.Collection(
            result.Diagnostics,
            d => TestFiles.AssertDiagnostic(d, Severity.Warning, "warn.yaml", 7, 7, "at 20m0s is after the end of the run (duration 10m0s); it never happens"));
        Assert.Equal("warn.yaml:7:7: warning: at 20m0s is after the end of the run (duration 10m0s); it never happens", result.Diagnostics[0].ToString());
    }
}
