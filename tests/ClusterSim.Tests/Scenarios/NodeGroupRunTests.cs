using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Faults;
using ClusterSim.Scenarios.Model;
using ClusterSim.Scenarios.Running;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Faults;

namespace ClusterSim.Tests.Scenarios;

/// <summary>
/// Node groups wired into a run: an autoscaled pool's nodes at t=0 are the nodes a fixed pool of the same count would
/// have, its NodeGroupSpec reaches the cloud, and the provision-failure and provision-slow faults change what the
/// cloud does with a request for more nodes (seen as nodes that register, or not, in `kubectl get nodes`).
/// </summary>
public class NodeGroupRunTests
{
    private static string Scenario(string pool, params string[] timeline) => ScenarioWith(pool, "", timeline);

    private static string ScenarioWith(string pool, string controlPlane, params string[] timeline) =>
        string.Join("\n",
        [
            "apiVersion: clustersim.io/v1alpha1",
            "kind: Scenario",
            "metadata: {name: node-group}",
            "spec:",
            "  duration: 9m30s",
            controlPlane,
            "  nodes:",
            "    - name: worker",
            pool,
            "      capacity: {cpu: \"4\", memory: 8Gi}",
            "      labels: {tier: web}",
            "      taints: [{key: dedicated, value: web, effect: NoSchedule}]",
            "      zones: [zone-a, zone-b]",
            "    - name: db",
            "      capacity: {cpu: \"8\", memory: 32Gi}",
            "  timeline:",
            .. timeline,
        ]) + "\n";

    private static Scenario Load(string text)
    {
        var loaded = ScenarioLoader.LoadText(text, "node-group.yaml");
        Assert.Empty(loaded.Diagnostics);
        return loaded.Scenario!;
    }

    private const string Group = "      count: 2\n      autoscaling: {min: 1, max: 3}\n      provisioning: {delay: 1m}";

    [Fact]
    public void AnAutoscaledPoolStartsWithTheNodesAFixedPoolWouldHave()
    {
        // Scale-down off: the autoscaler would soft-taint the idle nodes (DeletionCandidateOfClusterAutoscaler) at its
        // first loop, and this compares the nodes the pool starts with.
        string[] timeline = ["    - at: 30s", "      run: kubectl describe nodes", "    - at: 31s", "      run: kubectl get nodes"];
        var grouped = Load(ScenarioWith(Group, "  controlPlane:\n    clusterAutoscaler: {scaleDownEnabled: false}", timeline));
        var fixedPool = Load(Scenario("      count: 2", timeline));

        var a = ScenarioRunner.Run(grouped);
        var b = ScenarioRunner.Run(fixedPool);

        Assert.Equal(b.Transcript, a.Transcript);
        Assert.Contains("db-1       Ready    <none>   31s   v1.32.0\nworker-1   Ready    <none>   31s   v1.32.0\nworker-2   Ready    <none>   31s   v1.32.0\n", a.Transcript, StringComparison.Ordinal);
        Assert.Contains("tier=web", a.Transcript, StringComparison.Ordinal);
        Assert.Contains("topology.kubernetes.io/zone=zone-b", a.Transcript, StringComparison.Ordinal);
        Assert.Contains("dedicated=web:NoSchedule", a.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void NodesOfAGroupAndOfAFixedPoolAreTheSameObjects()
    {
        var grouped = Load(Scenario(Group, "    - at: 1s", "      run: kubectl get nodes")).Nodes[0];
        var fixedPool = Load(Scenario("      count: 2", "    - at: 1s", "      run: kubectl get nodes")).Nodes[0];

        var fromGroup = grouped.CreateNodeGroup();
        var fixedNodes = fixedPool.CreateNodes();

        Assert.Equal(2, fromGroup.InitialSize);
        for (int i = 0; i < 2; i++)
        {
            var n = fromGroup.NewNode(i);
            Assert.Equal(fixedNodes[i].Metadata.Name, n.Metadata.Name);
            Assert.Equal(fixedNodes[i].Metadata.Labels, n.Metadata.Labels);
            Assert.Equal(fixedNodes[i].Spec.Taints, n.Spec.Taints);
            Assert.Equal(fixedNodes[i].Status.Capacity, n.Status.Capacity);
        }

        Assert.Equal(grouped.CreateNodes().Select(n => n.Metadata.Name), fixedNodes.Select(n => n.Metadata.Name));
    }

    [Fact]
    public void TheGroupReachesTheCloud()
    {
        var scenario = Load(Scenario(Group + "\n      price: 0.25", "    - at: 1m", "      fault: provision-slow worker 2m"));
        (int Target, int Nodes, double? Price, TimeSpan Delay)? seen = null;

        ScenarioRunner.Run(scenario, new RunOptions
        {
            ResolveFault = (fault, cluster) =>
            {
                var cloud = cluster.Cloud!;
                var spec = cloud.Spec("worker");
                seen = (cloud.TargetSize("worker"), cloud.Nodes("worker").Count, spec.Price, spec.ProvisioningDelay);
                Assert.Equal(["worker"], cloud.Groups.Select(g => g.Name));
                Assert.Null(cloud.GroupOf("db-1"));
                return fault;
            },
        });

        Assert.Equal((2, 2, (double?)0.25, TimeSpan.FromMinutes(1)), seen);
    }

    [Fact]
    public void APlanCountOfANodeGroupStaysWithinItsBounds()
    {
        var scenario = Load(Scenario(Group, "    - at: 1m", "      fault: provision-failure worker"));

        var three = global::ClusterSim.Planning.Configuring.ScenarioConfigurator.Apply(scenario, [new global::ClusterSim.Planning.Model.Setting("nodes.worker.count", "3")], out var none);
        Assert.Empty(none);
        Assert.Equal(3, three!.Nodes[0].Count);
        Assert.Equal(new PoolAutoscaling(1, 3) { ProvisioningDelay = TimeSpan.FromMinutes(1) }, three.Nodes[0].Autoscaling);

        Assert.Null(global::ClusterSim.Planning.Configuring.ScenarioConfigurator.Apply(scenario, [new global::ClusterSim.Planning.Model.Setting("nodes.worker.count", "4")], out var errors));
        Assert.Equal("nodes.worker.count=4: count 4 is above the node group's size range: expected at most autoscaling max 3", Assert.Single(errors));
    }

    /// <summary>A run whose faults each ask the cloud for one more worker a second after they are injected.</summary>
    private static RunResult RunAskingForANodeAfterEachFault(Scenario scenario) =>
        ScenarioRunner.Run(scenario, new RunOptions
        {
            ResolveFault = (fault, cluster) =>
            {
                cluster.Kernel.ScheduleIn(TimeSpan.FromSeconds(1), () => cluster.Cloud!.IncreaseSize("worker", 1));
                return fault;
            },
        });

    [Fact]
    public void ProvisionFailureLeavesRequestedNodesUnregisteredUntilItEnds()
    {
        var scenario = Load(Scenario(
            "      count: 1\n      autoscaling: {min: 1, max: 3}\n      provisioning: {delay: 1m}",
            "    - at: 1m",
            "      fault: provision-failure worker for 5m",
            "    - at: 4m",
            "      run: kubectl get nodes",
            "    - at: 7m",
            "      fault: provision-slow worker 1m",
            "    - at: 9m",
            "      run: kubectl get nodes"));
        Assert.Equal(new FaultSpec(FaultType.ProvisionFailure, "worker", Duration: TimeSpan.FromMinutes(5)), scenario.Timeline[0].Fault);

        var result = RunAskingForANodeAfterEachFault(scenario);

        Assert.Contains("[00:01:00] fault: provision-failure worker for 5m0s\n", result.Transcript, StringComparison.Ordinal);
        Assert.Contains("[00:07:00] fault: provision-slow worker 1m0s\n", result.Transcript, StringComparison.Ordinal);
        var gets = result.Transcript.Split("$ kubectl get nodes\n")[1..].Select(Names).ToList();

        // worker-2 was asked for during the stock-out and never comes; worker-3, asked for after it, registers a minute later.
        Assert.Equal([["db-1", "worker-1"], ["db-1", "worker-1", "worker-3"]], gets);
        Assert.Empty(result.Warnings);
        Assert.Contains(result.Marks, m => m.IsFault && m.Label == "provision-failure worker for 5m0s");
    }

    [Fact]
    public void ProvisionSlowDelaysTheNodesRequestedAfterIt()
    {
        var scenario = Load(Scenario(
            "      count: 1\n      autoscaling: {min: 1, max: 3}\n      provisioning: {delay: 1m}",
            "    - at: 1m",
            "      fault: provision-slow worker 5m",
            "    - at: 5m",
            "      run: kubectl get nodes",
            "    - at: 6m2s",
            "      run: kubectl get nodes"));

        var result = RunAskingForANodeAfterEachFault(scenario);

        var gets = result.Transcript.Split("$ kubectl get nodes\n")[1..].Select(Names).ToList();
        Assert.Equal([["db-1", "worker-1"], ["db-1", "worker-1", "worker-2"]], gets);
    }

    [Fact]
    public void TheFaultsInjectedStraightIntoACluster()
    {
        var pool = Load(Scenario(Group, "    - at: 1s", "      run: kubectl get nodes")).Nodes[0];
        using var cluster = new global::ClusterSim.Sim.Cluster(1);
        var faults = new FaultInjector(cluster);
        Assert.Equal("provision-failure: node group \"worker\" does not exist", faults.ProvisionFailure("worker", null));

        cluster.AddNodeGroup(pool.CreateNodeGroup());
        var cloud = cluster.Cloud!;
        Assert.Equal(["worker-1", "worker-2"], cloud.Nodes("worker"));

        Assert.Null(faults.ProvisionFailure("worker", null));
        cloud.IncreaseSize("worker", 1);
        cluster.RunUntil(TimeSpan.FromMinutes(5));
        Assert.Equal(2, cloud.Nodes("worker").Count);
        Assert.Equal(1, cloud.Upcoming("worker"));
        Assert.Equal(2, cluster.Store.List<Node>().Count(n => n.Metadata.Name.StartsWith("worker-", StringComparison.Ordinal)));

        Assert.Null(faults.ProvisionSlow("worker", TimeSpan.FromMinutes(7)));
        Assert.Equal(["provision-failure worker", "provision-slow worker 7m0s"], faults.Records.Select(r => r.Description));
        Assert.All(faults.Records, r => Assert.False(r.TakesNodesDown));
        Assert.Equal("provision-slow: node group \"big\" does not exist", faults.ProvisionSlow("big", TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void AFixedPoolOnlyScenarioRunsNoAutoscaler()
    {
        var scenario = Load(Scenario("      count: 2", "    - at: 1m", "      run: kubectl get nodes"));
        bool? hasCloud = null;

        // A fault is the seam that shows the cluster; a node-crash of db-1 is harmless here.
        scenario.Timeline.Add(new TimelineEntry(TimeSpan.FromMinutes(2), scenario.Timeline[0].Location, null, new FaultSpec(FaultType.NodeCrash, "db-1")));
        ScenarioRunner.Run(scenario, new RunOptions { ResolveFault = (fault, cluster) => { hasCloud = cluster.Cloud is not null || cluster.Autoscaler is not null; return fault; } });

        Assert.False(hasCloud);
    }

    /// <summary>The NAME column of a `kubectl get nodes` block.</summary>
    private static List<string> Names(string block) =>
        block.Split('\n').Skip(1).TakeWhile(l => l.Length > 0).Select(l => l.Split(' ')[0]).ToList();
}
