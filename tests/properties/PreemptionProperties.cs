using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Scheduling.Plugins;
using ClusterSim.Sim.Store;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterSim.Properties;

/// <summary>One node with pods of mixed priorities (that fit on it) and a preemptor of some priority and size.</summary>
public sealed record PreemptionCase(int NodeCpuMilli, IReadOnlyList<(int CpuMilli, int Priority)> Pods, int PreemptorCpuMilli, int PreemptorPriority)
{
    private static readonly int[] Priorities = [-10, 0, 10, 100];

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"node={NodeCpuMilli}m pods=[{string.Join(" ", Pods.Select(p => $"{p.CpuMilli}m@{p.Priority}"))}] preemptor={PreemptorCpuMilli}m@{PreemptorPriority}");

    public static Gen<PreemptionCase> Any =>
        from nodeCpu in Gen.Elements(1000, 2000, 4000)
        from pods in Gen.ListOf(
            from cpu in Gen.Elements(100, 200, 300, 500, 800)
            from priority in Gen.Elements(Priorities)
            select (cpu, priority), 10)
        from preemptorCpu in Gen.Elements(100, 300, 600, 1000, 1500)
        from preemptorPriority in Gen.Elements(Priorities)
        select new PreemptionCase(nodeCpu, Fitting(pods, nodeCpu), preemptorCpu, preemptorPriority);

    /// <summary>The pods in order while they fit on the node.</summary>
    private static List<(int, int)> Fitting(IEnumerable<(int Cpu, int Priority)> pods, int nodeCpu)
    {
        var result = new List<(int, int)>();
        int used = 0;
        foreach (var p in pods)
        {
            if (used + p.Cpu <= nodeCpu)
            {
                used += p.Cpu;
                result.Add(p);
            }
        }

        return result;
    }
}

/// <summary>
/// Preemption's victims (DefaultPreemption.SelectVictimsOnNode, the dry run on one node): a preemptor never evicts a
/// pod of equal or higher priority, and without budgets the victim set is minimal: putting any one victim back makes
/// the preemptor not fit. A companion shows the minimality check catches a selector that evicts every lower-priority pod.
/// </summary>
public class PreemptionProperties
{
    [Fact]
    public void VictimsHaveLowerPriorityAndAreMinimal()
    {
        Check.One(PropertyRuns.Config(200), Prop.ForAll(PreemptionCase.Any.ToArbitrary(), c => Holds(c, DefaultPreemption.SelectVictimsOnNode)));
    }

    [Fact]
    public void MinimalityCheckCatchesASelectorThatEvictsEveryLowerPriorityPod()
    {
        static (List<Pod>, int, Status) All(IFrameworkHandle handle, CycleState state, Pod pod, NodeInfo nodeInfo, IReadOnlyList<PodDisruptionBudget> pdbs)
        {
            var (victims, n, status) = DefaultPreemption.SelectVictimsOnNode(handle, state, pod, nodeInfo, pdbs);
            var all = nodeInfo.Pods.Concat(victims).Where(p => (p.Spec.Priority ?? 0) < (pod.Spec.Priority ?? 0)).Distinct().ToList();
            return (status.IsSuccess ? all : victims, n, status);
        }

        Assert.ThrowsAny<Exception>(() => Check.One(PropertyRuns.Config(200), Prop.ForAll(PreemptionCase.Any.ToArbitrary(), c => Holds(c, All))));
    }

    private delegate (List<Pod> Victims, int NumPdbViolations, Status Status) VictimSelector(
        IFrameworkHandle handle, CycleState state, Pod pod, NodeInfo nodeInfo, IReadOnlyList<PodDisruptionBudget> pdbs);

    private static bool Holds(PreemptionCase c, VictimSelector select)
    {
        using var trace = new Trace();
        var kernel = new Kernel();
        var api = new ApiServer(kernel, trace, 1, new ControlPlaneConfig());
        api.Bootstrap("192.168.0.1");
        var scheduler = new Scheduler(kernel, api, new EventRecorder(kernel, trace), new RandomStream(1, "scheduler"), new ControlPlaneConfig(), [new NodeResourcesFit(), new DefaultPreemption()]);
        var node = new Node { Metadata = { Name = "node1" } };
        node.Status.Allocatable[ResourceNames.Cpu] = Quantity.FromMilli(c.NodeCpuMilli);
        node.Status.Allocatable[ResourceNames.Memory] = Quantity.Parse("64Gi");
        node.Status.Allocatable[ResourceNames.Pods] = Quantity.Parse("110");
        api.Create(node);
        for (int i = 0; i < c.Pods.Count; i++)
        {
            api.Create(PodOf(api, "p" + i.ToString(CultureInfo.InvariantCulture), c.Pods[i].CpuMilli, c.Pods[i].Priority, "node1", i));
        }

        var preemptor = api.Create(PodOf(api, "preemptor", c.PreemptorCpuMilli, c.PreemptorPriority, "", 0));
        var state = new CycleState(scheduler.Cache, api.Store);
        scheduler.Framework.RunPreFilterPlugins(state, preemptor);
        var nodeInfo = scheduler.Cache.GetNode("node1")!;
        var (victims, _, status) = select(scheduler, state.Clone(), preemptor, nodeInfo.Snapshot(), []);
        if (!status.IsSuccess)
        {
            return true;
        }

        // Never a pod of equal or higher priority.
        if (victims.Any(v => (v.Spec.Priority ?? 0) >= (preemptor.Spec.Priority ?? 0)))
        {
            return false;
        }

        // The preemptor fits without the victims, and no longer fits with any one of them back.
        var fit = new NodeResourcesFit();
        bool Fits(IEnumerable<Pod> removed)
        {
            var copy = nodeInfo.Snapshot();
            foreach (var p in removed)
            {
                copy.RemovePod(p);
            }

            return fit.Filter(state, preemptor, copy).IsSuccess;
        }

        return Fits(victims) && victims.All(v => !Fits(victims.Where(o => !ReferenceEquals(o, v))));
    }

    private static Pod PodOf(ApiServer api, string name, int cpuMilli, int priority, string node, int startSeconds)
    {
        var className = "c" + (priority < 0 ? "m" : "") + Math.Abs(priority).ToString(CultureInfo.InvariantCulture);
        if (api.Store.Get("PriorityClass", className) is null)
        {
            api.Create(new PriorityClass { Metadata = { Name = className }, Value = priority });
        }

        var pod = new Pod { Metadata = { Name = name, Namespace = "default" } };
        var container = new Container { Name = "c", Image = "app" };
        container.Resources.Requests[ResourceNames.Cpu] = Quantity.FromMilli(cpuMilli);
        pod.Spec.Containers.Add(container);
        pod.Spec.PriorityClassName = className;
        pod.Spec.NodeName = node;
        if (node.Length > 0)
        {
            pod.Status.Phase = "Running";
            pod.Status.StartTime = TimeSpan.FromSeconds(startSeconds);
        }

        return pod;
    }
}
