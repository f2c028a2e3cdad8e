using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Kubectl;

public class PodSummaryTests
{
    private static readonly TimeSpan Now = TimeSpan.FromMinutes(10);

    private static (string Ready, string Status, string Restarts) Summarize(Pod pod, params ContainerStatus[] initStatuses)
    {
        var f = new KubectlFixture();
        return PodSummary.Compute(f.View(Now), pod, initStatuses);
    }

    private static Pod PodWith(string phase, params ContainerState[] states)
    {
        var pod = new Pod { Metadata = { Name = "p" }, Status = { Phase = phase } };
        for (int i = 0; i < states.Length; i++)
        {
            pod.Spec.Containers.Add(new Container { Name = "c" + i, Image = "busybox" });
            pod.Status.ContainerStatuses.Add(new ContainerStatus { Name = "c" + i, State = states[i], Ready = states[i].IsRunning });
        }

        return pod;
    }

    [Fact]
    public void UnscheduledPodIsPending() =>
        Assert.Equal(("0/1", "Pending", "0"), Summarize(new Pod { Spec = { Containers = [new Container { Name = "c" }] } }));

    [Fact]
    public void CompletedContainer() =>
        Assert.Equal(("0/1", "Completed", "0"), Summarize(PodWith("Succeeded", ContainerState.Terminated("Completed", 0, TimeSpan.Zero, TimeSpan.FromMinutes(1)))));

    [Fact]
    public void OomKilledContainerWithRestarts()
    {
        var pod = PodWith("Running", ContainerState.Terminated("OOMKilled", 137, TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(9)));
        pod.Status.ContainerStatuses[0].RestartCount = 3;
        pod.Status.ContainerStatuses[0].LastTerminationState = ContainerState.Terminated("OOMKilled", 137, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(330));
        Assert.Equal(("0/1", "OOMKilled", "3 (4m30s ago)"), Summarize(pod));
    }

    [Fact]
    public void TerminatedWithoutReasonShowsTheExitCode() =>
        Assert.Equal(("0/1", "ExitCode:2", "0"), Summarize(PodWith("Failed", ContainerState.Terminated("", 2, TimeSpan.Zero, TimeSpan.FromMinutes(1)))));

    [Fact]
    public void FirstContainerWithAReasonWins() =>
        Assert.Equal(("1/3", "ImagePullBackOff", "0"), Summarize(PodWith(
            "Pending",
            ContainerState.Waiting("ImagePullBackOff"),
            ContainerState.Running(TimeSpan.Zero),
            ContainerState.Waiting("ContainerCreating"))));

    [Fact]
    public void CompletedSidecarOfARunningPodIsRunningOrNotReady()
    {
        var pod = PodWith("Running", ContainerState.Terminated("Completed", 0, TimeSpan.Zero, TimeSpan.FromMinutes(1)), ContainerState.Running(TimeSpan.Zero));
        Assert.Equal(("1/2", "NotReady", "0"), Summarize(pod));
        pod.Status.SetCondition("Ready", "True", TimeSpan.Zero);
        Assert.Equal(("1/2", "Running", "0"), Summarize(pod));
    }

    [Fact]
    public void InitContainersShowProgressAndFailures()
    {
        var pod = PodWith("Pending", ContainerState.Waiting("PodInitializing"));
        pod.Spec.InitContainers.Add(new Container { Name = "init-a", Image = "busybox" });
        pod.Spec.InitContainers.Add(new Container { Name = "init-b", Image = "busybox" });
        var done = new ContainerStatus { Name = "init-a", State = ContainerState.Terminated("Completed", 0, TimeSpan.Zero, TimeSpan.FromMinutes(1)) };
        var running = new ContainerStatus { Name = "init-b", State = ContainerState.Running(TimeSpan.FromMinutes(1)) };
        Assert.Equal(("0/1", "Init:1/2", "0"), Summarize(pod, done, running));

        var crashing = new ContainerStatus
        {
            Name = "init-b",
            RestartCount = 4,
            State = ContainerState.Waiting("CrashLoopBackOff"),
            LastTerminationState = ContainerState.Terminated("Error", 1, TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(9)),
        };
        Assert.Equal(("0/1", "Init:CrashLoopBackOff", "4 (60s ago)"), Summarize(pod, done, crashing));

        var failed = new ContainerStatus { Name = "init-b", State = ContainerState.Terminated("", 3, TimeSpan.Zero, TimeSpan.FromMinutes(2)) };
        Assert.Equal(("0/1", "Init:ExitCode:3", "0"), Summarize(pod, done, failed));
    }

    [Fact]
    public void DeletionShowsTerminatingOrUnknownForLostNodes()
    {
        var pod = PodWith("Running", ContainerState.Running(TimeSpan.Zero));
        pod.Metadata.DeletionTimestamp = TimeSpan.FromMinutes(9);
        Assert.Equal(("1/1", "Terminating", "0"), Summarize(pod));
        pod.Status.Reason = "NodeLost";
        Assert.Equal(("1/1", "Unknown", "0"), Summarize(pod));
    }

    [Fact]
    public void FinishedPodsBeingDeletedKeepTheirStatus()
    {
        var pod = PodWith("Succeeded", ContainerState.Terminated("Completed", 0, TimeSpan.Zero, TimeSpan.FromMinutes(1)));
        pod.Metadata.DeletionTimestamp = TimeSpan.FromMinutes(9);
        Assert.Equal(("0/1", "Completed", "0"), Summarize(pod));
    }

    [Fact]
    public void SchedulingGatedPod()
    {
        var pod = new Pod { Spec = { Containers = [new Container { Name = "c" }] } };
        pod.Status.SetCondition("PodScheduled", "False", TimeSpan.Zero, "SchedulingGated");
        Assert.Equal(("0/1", "SchedulingGated", "0"), Summarize(pod));
    }
}
