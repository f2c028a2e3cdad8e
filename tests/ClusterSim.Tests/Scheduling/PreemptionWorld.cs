using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Engine;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Scheduling.Plugins;
using ClusterSim.Sim.Store;
using static ClusterSim.Tests.Scheduling.SchedTestUtil;

namespace ClusterSim.Tests.Scheduling;

/// <summary>
/// A scheduler with NodeResourcesFit and DefaultPreemption over an API server, as default_preemption_test.go builds
/// its framework: pods are created bound (with a start time) or pending, priorities through PriorityClasses.
/// </summary>
internal sealed class PreemptionWorld : IDisposable
{
    /// <param name="plugins">The plugins before DefaultPreemption (NodeResourcesFit when null).</param>
    public PreemptionWorld(IEnumerable<IPlugin>? plugins = null)
    {
        Kernel = new Kernel();
        Trace = new Trace();
        Api = new ApiServer(Kernel, Trace, 1, new ControlPlaneConfig());
        Api.Bootstrap("192.168.0.1");
        Events = new EventRecorder(Kernel, Trace);
        Preemption = new DefaultPreemption();
        Scheduler = new Scheduler(Kernel, Api, Events, new RandomStream(1, "scheduler"), new ControlPlaneConfig(), [.. plugins ?? [new NodeResourcesFit()], Preemption]);
    }

    public Kernel Kernel { get; }

    public Trace Trace { get; }

    public ApiServer Api { get; }

    public EventRecorder Events { get; }

    public DefaultPreemption Preemption { get; }

    public Scheduler Scheduler { get; }

    public IFrameworkHandle Handle => Scheduler;

    /// <summary>A node with <paramref name="milliCpu"/> and <paramref name="memory"/> allocatable (makeNode).</summary>
    public Node AddNode(string name, long milliCpu, long memory = 1000L * 1024 * 1024) =>
        Api.Create(Node(name, milliCpu, memory, pods: 100).WithLabels(("kubernetes.io/hostname", name)));

    /// <summary>A pod of <paramref name="priority"/> requesting <paramref name="milliCpu"/>, bound to <paramref name="node"/> ("" for pending), started at <paramref name="startSeconds"/>.</summary>
    public Pod AddPod(string name, long milliCpu, int priority, string node = "", long startSeconds = 0, params (string Key, string Value)[] labels) =>
        AddPod(p => p, name, milliCpu, priority, node, startSeconds, labels);

    /// <summary>As <see cref="AddPod(string, long, int, string, long, ValueTuple{string, string}[])"/>, the pod edited (its affinity) before it is created.</summary>
    public Pod AddPod(Func<Pod, Pod> edit, string name, long milliCpu, int priority, string node = "", long startSeconds = 0, params (string Key, string Value)[] labels)
    {
        var pod = Pod(name, node, Container(milliCpu, milliCpu, image: "registry.k8s.io/pause:3.10"));
        pod.Metadata.Uid = "";
        pod.Spec.PriorityClassName = ClassFor(priority);
        pod.WithLabels(labels);
        if (node.Length > 0)
        {
            pod.Status.Phase = "Running";
            pod.Status.StartTime = TimeSpan.FromSeconds(startSeconds);
        }

        return Api.Create(edit(pod));
    }

    /// <summary>A pod not created in the store (a preemptor only looked at), with its priority as admission would set it.</summary>
    public Pod Preemptor(string name, long milliCpu, int priority, string? preemptionPolicy = null)
    {
        var pod = AddPod(name, milliCpu, priority);
        if (preemptionPolicy is not null)
        {
            pod.Spec.PreemptionPolicy = preemptionPolicy;
        }

        return pod;
    }

    /// <summary>The cycle state after PreFilter and a diagnosis in which every node is Unschedulable (Insufficient cpu).</summary>
    public (CycleState State, Diagnosis Diagnosis) Failed(Pod pod)
    {
        var state = new CycleState(Scheduler.Cache, Api.Store);
        Scheduler.Framework.RunPreFilterPlugins(state, pod);
        var diagnosis = new Diagnosis();
        foreach (var n in Scheduler.Cache.Nodes)
        {
            diagnosis.SetNodeStatus(n.Name, Status.Unschedulable("Insufficient cpu"));
        }

        return (state, diagnosis);
    }

    /// <summary>FindCandidates then SelectCandidate (TestPickOneNodeForPreemption's DryRunPreemption + SelectCandidate).</summary>
    public PreemptionCandidate? Pick(Pod pod)
    {
        var (state, diagnosis) = Failed(pod);
        var (candidates, _) = Preemption.FindCandidates(Handle, state, pod, diagnosis);
        return candidates.Count == 0 ? null : DefaultPreemption.SelectCandidate(candidates, Kernel.Now);
    }

    public void Dispose() => Trace.Dispose();

    private string ClassFor(int priority)
    {
        var name = "p" + (priority < 0 ? "m" : "") + Math.Abs(priority).ToString(CultureInfo.InvariantCulture);
        if (Api.Store.Get("PriorityClass", name) is null)
        {
            Api.Create(new PriorityClass { Metadata = { Name = name }, Value = priority });
        }

        return name;
    }
}
