using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Deployment;
using static ClusterSim.Tests.Deployments.DeploymentHarness;

namespace ClusterSim.Tests.Deployments;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>
/// Ported from pkg/controller/deployment/progress_test.go (Kubernetes v1.32). The Go tests' wall-clock
/// times (2017-02-15 18:49:00 and nowFn) become offsets from the harness clock.
/// </summary>
public class ProgressTests
{
    private static Deployment CurrentDeployment(int? pds, int replicas, int statusReplicas, int updatedReplicas, int availableReplicas, List<WorkloadCondition>? conditions) => new()
    {
        Metadata = { Name = "progress-test", Namespace = "default", Uid = "progress-test" },
        ProgressDeadlineSeconds = pds,
        Replicas = replicas,
        Strategy = new DeploymentStrategy { Type = "Recreate" },
        Status = new DeploymentStatus { Replicas = statusReplicas, UpdatedReplicas = updatedReplicas, AvailableReplicas = availableReplicas, Conditions = conditions ?? [] },
    };

    private static DeploymentStatus NewDeploymentStatus(int replicas, int updatedReplicas, int availableReplicas) =>
        new() { Replicas = replicas, UpdatedReplicas = updatedReplicas, AvailableReplicas = availableReplicas };

    private static List<WorkloadCondition> Failed() => [new() { Type = DeploymentConditions.Progressing, Status = "False", Reason = DeploymentConditions.TimedOutReason }];

    /// <summary>A Progressing=True condition last updated <paramref name="ago"/> before now.</summary>
    private static List<WorkloadCondition> Stuck(TimeSpan ago) => [new() { Type = DeploymentConditions.Progressing, Status = "True", LastUpdateTime = T0 - ago }];

    public static TheoryData<string, Deployment, DeploymentStatus, TimeSpan> RequeueCases
    {
        get
        {
            const int pds = 60;
            var none = DeploymentController.NoRequeue;
            return new()
            {
                { "nil progressDeadlineSeconds specified", CurrentDeployment(null, 4, 3, 3, 2, null), NewDeploymentStatus(3, 3, 2), none },
                { "infinite progressDeadlineSeconds specified", CurrentDeployment(int.MaxValue, 4, 3, 3, 2, null), NewDeploymentStatus(3, 3, 2), none },
                { "no progressing condition found", CurrentDeployment(pds, 4, 3, 3, 2, null), NewDeploymentStatus(3, 3, 2), none },
                { "complete deployment does not need to be requeued", CurrentDeployment(pds, 3, 3, 3, 3, null), NewDeploymentStatus(3, 3, 3), none },
                { "already failed deployment does not need to be requeued", CurrentDeployment(pds, 3, 3, 3, 0, Failed()), NewDeploymentStatus(3, 3, 0), none },
                { "stuck deployment - 30s", CurrentDeployment(pds, 3, 3, 3, 1, Stuck(TimeSpan.FromSeconds(30))), NewDeploymentStatus(3, 3, 1), TimeSpan.FromSeconds(30) },
                { "stuck deployment - 1s", CurrentDeployment(pds, 3, 3, 3, 1, Stuck(TimeSpan.FromSeconds(59))), NewDeploymentStatus(3, 3, 1), TimeSpan.FromSeconds(1) },
                { "failed deployment - less than a second => now", CurrentDeployment(pds, 3, 3, 3, 1, Stuck(TimeSpan.FromSeconds(59) + TimeSpan.FromTicks(1))), NewDeploymentStatus(3, 3, 1), TimeSpan.Zero },
                { "failed deployment - now", CurrentDeployment(pds, 3, 3, 3, 1, Stuck(TimeSpan.FromSeconds(60))), NewDeploymentStatus(3, 3, 1), TimeSpan.Zero },
                { "failed deployment - 1s after deadline", CurrentDeployment(pds, 3, 3, 3, 1, Stuck(TimeSpan.FromSeconds(61))), NewDeploymentStatus(3, 3, 1), TimeSpan.Zero },
                { "failed deployment - 60s after deadline", CurrentDeployment(pds, 3, 3, 3, 1, Stuck(TimeSpan.FromSeconds(120))), NewDeploymentStatus(3, 3, 1), TimeSpan.Zero },
            };
        }
    }

    [Theory]
    [MemberData(nameof(RequeueCases))]
    public void RequeueStuckDeployment(string name, Deployment d, DeploymentStatus status, TimeSpan expected)
    {
        using var h = new DeploymentHarness();
        Assert.True(expected == h.Controller.RequeueStuckDeployment(d, status), $"{name}: got {h.Controller.RequeueStuckDeployment(d, status)}");
    }

    private static readonly TimeSpan TestTime = T0 - TimeSpan.FromHours(1);

    private static WorkloadCondition FailedTimedOut() => new() { Type = DeploymentConditions.Progressing, Status = "False", Reason = DeploymentConditions.TimedOutReason };

    private static WorkloadCondition NewRSAvailable() => new() { Type = DeploymentConditions.Progressing, Status = "True", Reason = DeploymentConditions.NewRSAvailableReason, LastUpdateTime = TestTime, LastTransitionTime = TestTime };

    private static WorkloadCondition ReplicaSetUpdated() => new() { Type = DeploymentConditions.Progressing, Status = "True", Reason = DeploymentConditions.ReplicaSetUpdatedReason, LastUpdateTime = TestTime, LastTransitionTime = TestTime };

    private static ReplicaSet NewRSWithAvailable(string name, int specReplicas, int statusReplicas, int availableReplicas) =>
        new() { Metadata = { Name = name, Namespace = "default", Uid = name }, Replicas = specReplicas, Status = { Replicas = statusReplicas, AvailableReplicas = availableReplicas } };

    public sealed record RolloutCase(string Name, int? Pds, (int Replicas, int Status, int Updated, int Available) D, WorkloadCondition[] Conditions, ReplicaSet[] AllRSs, ReplicaSet? NewRS, string? Status, string? Reason, bool KeepsLastUpdate, bool KeepsLastTransition)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<RolloutCase> RolloutCases => new()
    {
        new("General: remove Progressing condition and do not estimate progress if deployment has no Progress Deadline", null, (3, 2, 2, 2), [ReplicaSetUpdated()], [NewRSWithAvailable("bar", 0, 1, 1)], NewRSWithAvailable("foo", 3, 2, 2), null, null, false, false),
        new("General: do not estimate progress of deployment with only one active ReplicaSet", 60, (3, 3, 3, 3), [NewRSAvailable()], [NewRSWithAvailable("bar", 3, 3, 3)], null, "True", DeploymentConditions.NewRSAvailableReason, true, true),
        new("DeploymentProgressing: dont update lastTransitionTime if deployment already has Progressing=True", 60, (3, 2, 2, 2), [ReplicaSetUpdated()], [NewRSWithAvailable("bar", 0, 1, 1)], NewRSWithAvailable("foo", 3, 2, 2), "True", DeploymentConditions.ReplicaSetUpdatedReason, false, true),
        new("DeploymentProgressing: update everything if deployment has Progressing=False", 60, (3, 2, 2, 2), [FailedTimedOut()], [NewRSWithAvailable("bar", 0, 1, 1)], NewRSWithAvailable("foo", 3, 2, 2), "True", DeploymentConditions.ReplicaSetUpdatedReason, false, false),
        new("DeploymentProgressing: create Progressing condition if it does not exist", 60, (3, 2, 2, 2), [], [NewRSWithAvailable("bar", 0, 1, 1)], NewRSWithAvailable("foo", 3, 2, 2), "True", DeploymentConditions.ReplicaSetUpdatedReason, false, false),
        new("DeploymentComplete: dont update lastTransitionTime if deployment already has Progressing=True", 60, (3, 3, 3, 3), [ReplicaSetUpdated()], [], NewRSWithAvailable("foo", 3, 3, 3), "True", DeploymentConditions.NewRSAvailableReason, false, true),
        new("DeploymentComplete: update everything if deployment has Progressing=False", 60, (3, 3, 3, 3), [FailedTimedOut()], [], NewRSWithAvailable("foo", 3, 3, 3), "True", DeploymentConditions.NewRSAvailableReason, false, false),
        new("DeploymentComplete: create Progressing condition if it does not exist", 60, (3, 3, 3, 3), [], [], NewRSWithAvailable("foo", 3, 3, 3), "True", DeploymentConditions.NewRSAvailableReason, false, false),
        new("DeploymentComplete: defend against NPE when newRS=nil", 60, (0, 3, 3, 3), [ReplicaSetUpdated()], [NewRSWithAvailable("foo", 0, 0, 0)], null, "True", DeploymentConditions.NewRSAvailableReason, false, false),
        new("DeploymentTimedOut: update status if rollout exceeds Progress Deadline", 60, (3, 2, 2, 2), [ReplicaSetUpdated()], [], NewRSWithAvailable("foo", 3, 2, 2), "False", DeploymentConditions.TimedOutReason, false, false),
        new("DeploymentTimedOut: do not update status if deployment has existing timedOut condition", 60, (3, 2, 2, 2), [FailedTimedOut()], [], NewRSWithAvailable("foo", 3, 2, 2), "False", DeploymentConditions.TimedOutReason, false, false),
    };

    [Theory]
    [MemberData(nameof(RolloutCases))]
    public void SyncRolloutStatus(RolloutCase test)
    {
        using var h = new DeploymentHarness();
        var d = h.AddDeployment(DeploymentFixture.NewDeployment("progress-test", test.D.Replicas, strategy: "Recreate"), live =>
        {
            live.ProgressDeadlineSeconds = test.Pds;
            live.Status = new DeploymentStatus { Replicas = test.D.Status, UpdatedReplicas = test.D.Updated, AvailableReplicas = test.D.Available, Conditions = [.. test.Conditions] };
        });
        var allRSs = new List<ReplicaSet?>(test.AllRSs);
        if (test.NewRS is not null)
        {
            allRSs.Add(test.NewRS);
        }

        h.Controller.SyncRolloutStatus(allRSs, test.NewRS, d);

        var newCond = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        if (test.Status is null)
        {
            Assert.Null(newCond);
            return;
        }

        Assert.NotNull(newCond);
        Assert.Equal((test.Status, test.Reason), (newCond.Status, newCond.Reason));
        if (test.KeepsLastUpdate)
        {
            Assert.Equal(TestTime, newCond.LastUpdateTime);
        }

        if (test.KeepsLastTransition)
        {
            Assert.Equal(TestTime, newCond.LastTransitionTime);
        }
    }

    [Fact]
    public void AStuckRolloutIsRequeuedForTheDeadlineCheckAndTimesOut()
    {
        using var h = new DeploymentHarness();
        var lastProgress = T0 - TimeSpan.FromSeconds(20);
        var d = h.AddDeployment(DeploymentFixture.NewDeployment("stuck", 3), live =>
        {
            live.ProgressDeadlineSeconds = 60;
            live.Status = new DeploymentStatus { ObservedGeneration = 1, Replicas = 2, UpdatedReplicas = 2, AvailableReplicas = 2 };
            live.Status.Conditions = [new WorkloadCondition { Type = DeploymentConditions.Progressing, Status = "True", Reason = DeploymentConditions.ReplicaSetUpdatedReason, LastUpdateTime = lastProgress, LastTransitionTime = lastProgress }];
        });

        // Its new ReplicaSet has 2 of 3 pods available, and no ReplicaSet controller will change that.
        h.AddReplicaSet("stuck-1", 3, T0, statusReplicas: 2, available: 2, owner: d);

        // No progress, no write after the first syncs: the deadline check is queued for lastUpdate + 60s + 1s.
        h.Kernel.RunUntil(T0 + TimeSpan.FromSeconds(40.9));
        var cond = DeploymentConditions.Get(h.Api.Store.Get<Sim.Api.Deployment>("default", "stuck")!.Status, DeploymentConditions.Progressing)!;
        Assert.Equal(("True", DeploymentConditions.ReplicaSetUpdatedReason, lastProgress), (cond.Status, cond.Reason, cond.LastUpdateTime));

        h.Kernel.RunUntil(T0 + TimeSpan.FromSeconds(41));
        cond = DeploymentConditions.Get(h.Api.Store.Get<Sim.Api.Deployment>("default", "stuck")!.Status, DeploymentConditions.Progressing)!;
        Assert.Equal(("False", DeploymentConditions.TimedOutReason, "ReplicaSet \"stuck-1\" has timed out progressing.", T0 + TimeSpan.FromSeconds(41)), (cond.Status, cond.Reason, cond.Message, cond.LastUpdateTime));
    }
}
