using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Deployment;
using ClusterSim.Sim.Kubelet;
using static ClusterSim.Tests.Deployments.DeploymentFixture;

namespace ClusterSim.Tests.Deployments;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>Deployments on a small simulated cluster: the controller with the ReplicaSet controller, scheduler and kubelets.</summary>
public class RolloutEndToEndTests
{
    private static readonly Dictionary<string, ImageBehavior> Images = new(StringComparer.Ordinal)
    {
        ["app:v1"] = new() { PullTime = TimeSpan.FromSeconds(1), ReadyAfter = TimeSpan.FromSeconds(2) },
        ["app:v2"] = new() { PullTime = TimeSpan.FromSeconds(1), ReadyAfter = TimeSpan.FromSeconds(3) },
        ["app:v3"] = new() { PullTime = TimeSpan.FromSeconds(1), ReadyAfter = TimeSpan.FromSeconds(1) },
        ["app:slow"] = new() { PullTime = TimeSpan.FromSeconds(1), ReadyAfter = TimeSpan.FromSeconds(60) },
        ["app:crash"] = new() { PullTime = TimeSpan.FromSeconds(1), ReadyAfter = TimeSpan.FromSeconds(5), CrashAfter = TimeSpan.FromSeconds(2) },
    };

    private static List<string> ScalingEvents(Sim.Cluster c, Deployment d) =>
        c.Events.Occurrences.Where(o => o.Event.InvolvedUid == d.Metadata.Uid && o.Event.Reason == "ScalingReplicaSet").Select(o => o.Event.Message).ToList();

    private static void AssertComplete(Sim.Cluster c, Deployment d, string image)
    {
        var pods = LivePods(c, d);
        Assert.Equal(d.Replicas, pods.Count);
        Assert.All(pods, p => Assert.Equal(image, p.Spec.Containers[0].Image));
        Assert.All(pods, p => Assert.True(PodUtil.IsAvailable(p, d.MinReadySeconds, c.Now)));
        Assert.Equal((d.Replicas, d.Replicas, d.Replicas, d.Replicas, 0), (d.Status.Replicas, d.Status.UpdatedReplicas, d.Status.ReadyReplicas, d.Status.AvailableReplicas, d.Status.UnavailableReplicas));
        Assert.Equal(d.Metadata.Generation, d.Status.ObservedGeneration);
        var progressing = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing)!;
        Assert.Equal(("True", DeploymentConditions.NewRSAvailableReason), (progressing.Status, progressing.Reason));
        var available = DeploymentConditions.Get(d.Status, DeploymentConditions.Available)!;
        Assert.Equal(("True", DeploymentConditions.MinimumReplicasAvailable), (available.Status, available.Reason));
        var sets = ReplicaSetsOf(c, d);
        Assert.All(sets.Where(rs => rs.Template.Spec.Containers[0].Image != image), rs => Assert.Equal(0, rs.Replicas));
    }

    [Fact]
    public void RollingUpdateOfTenReplicasStaysWithinMaxSurgeAndMaxUnavailable()
    {
        using var c = NewCluster(Images);
        var d = c.Api.Create(NewDeployment("web", 10));
        var monitor = new RolloutMonitor(c, d);
        c.RunUntil(TimeSpan.FromSeconds(30));
        AssertComplete(c, d, "app:v1");
        var oldRS = Assert.Single(ReplicaSetsOf(c, d));

        monitor.Enabled = true;
        SetImage(c, d, "app:v2");
        c.RunUntil(TimeSpan.FromMinutes(3));

        // 25% of 10: maxSurge rounds up to 3, maxUnavailable down to 2.
        Assert.True(monitor.MinAvailable >= 8, $"available fell to {monitor.MinAvailable}");
        Assert.True(monitor.MaxLive <= 13, $"{monitor.MaxLive} pods");
        Assert.Equal(8, monitor.MinAvailable);
        Assert.Equal(13, monitor.MaxLive);
        AssertComplete(c, d, "app:v2");

        var newRS = ReplicaSetsOf(c, d).Single(rs => rs.Metadata.Uid != oldRS.Metadata.Uid);
        string o = oldRS.Metadata.Name, n = newRS.Metadata.Name;
        Assert.Equal(
            [
                $"00:00:00 Scaled up replica set {o} from 0 to 10",
                $"00:00:30 Scaled up replica set {n} from 0 to 3",
                $"00:00:30 Scaled down replica set {o} from 10 to 8",
                $"00:00:30 Scaled up replica set {n} from 3 to 5",
                $"00:00:35 Scaled down replica set {o} from 8 to 5",
                $"00:00:35 Scaled up replica set {n} from 5 to 8",
                $"00:00:36 Scaled down replica set {o} from 5 to 3",
                $"00:00:36 Scaled up replica set {n} from 8 to 10",
                $"00:00:39 Scaled down replica set {o} from 3 to 0",
            ],
            c.Events.Occurrences.Where(x => x.Event.InvolvedUid == d.Metadata.Uid).Select(x => $"{x.Time:hh\\:mm\\:ss} {x.Event.Message}"));
        Assert.Equal(("2", "10", "13"), (newRS.Metadata.Annotations[DeploymentAnnotations.Revision], newRS.Metadata.Annotations[DeploymentAnnotations.DesiredReplicas], newRS.Metadata.Annotations[DeploymentAnnotations.MaxReplicas]));
        Assert.Equal("2", d.Metadata.Annotations[DeploymentAnnotations.Revision]);
        Assert.Equal($"ReplicaSet \"{n}\" has successfully progressed.", DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing)!.Message);
    }

    [Fact]
    public void RecreateStopsEveryOldPodBeforeStartingNewOnes()
    {
        using var c = NewCluster(Images);
        var d = c.Api.Create(NewDeployment("db", 4, strategy: "Recreate"));
        var monitor = new RolloutMonitor(c, d);
        c.RunUntil(TimeSpan.FromSeconds(30));
        AssertComplete(c, d, "app:v1");
        var oldRS = Assert.Single(ReplicaSetsOf(c, d));

        bool overlap = false;
        monitor.OnCheck = _ =>
        {
            var all = monitor.AllPods();
            overlap |= all.Any(x => x.Rs.Metadata.Uid == oldRS.Metadata.Uid) && all.Any(x => x.Rs.Metadata.Uid != oldRS.Metadata.Uid);
        };
        monitor.Enabled = true;
        SetImage(c, d, "app:v2");
        c.RunUntil(TimeSpan.FromMinutes(3));

        Assert.False(overlap, "a new pod existed while an old one (even terminating) did");
        Assert.Equal(0, monitor.MinAvailable);
        AssertComplete(c, d, "app:v2");
        var newRS = ReplicaSetsOf(c, d).Single(rs => rs.Metadata.Uid != oldRS.Metadata.Uid);
        Assert.Equal(
            [$"Scaled up replica set {oldRS.Metadata.Name} from 0 to 4", $"Scaled down replica set {oldRS.Metadata.Name} from 4 to 0", $"Scaled up replica set {newRS.Metadata.Name} from 0 to 4"],
            ScalingEvents(c, d));
    }

    [Fact]
    public void ScalingMidRolloutIsDistributedProportionally()
    {
        using var c = NewCluster(Images);
        var d = c.Api.Create(NewDeployment("web", 10));
        c.RunUntil(TimeSpan.FromSeconds(30));
        var oldRS = Assert.Single(ReplicaSetsOf(c, d));
        SetImage(c, d, "app:slow");
        c.RunUntil(TimeSpan.FromSeconds(40));
        var newRS = ReplicaSetsOf(c, d).Single(rs => rs.Metadata.Uid != oldRS.Metadata.Uid);
        Assert.Equal((8, 5), (oldRS.Replicas, newRS.Replicas));

        // 10 → 20 with 25%: 25 pods allowed, 12 more: the old set (8 of 13) takes round(8 x 25 / 13) - 8 = 7,
        // the new one (5 of 13) the remaining 5.
        Scale(c, d, 20);
        c.RunUntil(TimeSpan.FromSeconds(41));
        Assert.Equal((15, 10), (oldRS.Replicas, newRS.Replicas));
        Assert.Equal(
            [$"Scaled up replica set {oldRS.Metadata.Name} from 8 to 15", $"Scaled up replica set {newRS.Metadata.Name} from 5 to 10"],
            ScalingEvents(c, d).TakeLast(2));
        Assert.All(new[] { oldRS, newRS }, rs => Assert.Equal(("20", "25"), (rs.Metadata.Annotations[DeploymentAnnotations.DesiredReplicas], rs.Metadata.Annotations[DeploymentAnnotations.MaxReplicas])));

        c.RunUntil(TimeSpan.FromMinutes(8));
        AssertComplete(c, d, "app:slow");
    }

    [Fact]
    public void ACrashLoopingImageStallsTheRolloutWithinMaxUnavailableAndExceedsTheDeadline()
    {
        using var c = NewCluster(Images);
        var spec = NewDeployment("web", 10);
        spec.ProgressDeadlineSeconds = 60;
        var d = c.Api.Create(spec);
        var monitor = new RolloutMonitor(c, d);
        c.RunUntil(TimeSpan.FromSeconds(30));
        var oldRS = Assert.Single(ReplicaSetsOf(c, d));
        TimeSpan? timedOutAt = null;
        monitor.OnCheck = _ =>
        {
            if (timedOutAt is null && DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing)?.Reason == DeploymentConditions.TimedOutReason)
            {
                timedOutAt = c.Now;
            }
        };
        monitor.Enabled = true;
        SetImage(c, d, "app:crash");
        c.RunUntil(TimeSpan.FromMinutes(5));

        var newRS = ReplicaSetsOf(c, d).Single(rs => rs.Metadata.Uid != oldRS.Metadata.Uid);
        Assert.Equal((8, 5), (oldRS.Replicas, newRS.Replicas));
        Assert.Equal(8, monitor.MinAvailable);
        Assert.Equal(0, newRS.Status.AvailableReplicas);
        Assert.All(LivePods(c, d).Where(p => p.Spec.Containers[0].Image == "app:crash"), p => Assert.True(p.Status.ContainerStatuses[0].RestartCount > 0));

        // The last progress was the scale-up to 5 at 30s; the check is queued for 30s + 60s + 1s.
        var progressing = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing)!;
        Assert.Equal(("False", DeploymentConditions.TimedOutReason, $"ReplicaSet \"{newRS.Metadata.Name}\" has timed out progressing."), (progressing.Status, progressing.Reason, progressing.Message));
        Assert.Equal(TimeSpan.FromSeconds(91), timedOutAt);
        Assert.Equal(("True", DeploymentConditions.MinimumReplicasAvailable), (DeploymentConditions.Get(d.Status, DeploymentConditions.Available)!.Status, DeploymentConditions.Get(d.Status, DeploymentConditions.Available)!.Reason));
        Assert.Equal((13, 5, 8, 5), (d.Status.Replicas, d.Status.UpdatedReplicas, d.Status.AvailableReplicas, d.Status.UnavailableReplicas));
    }

    [Fact]
    public void RevisionHistoryLimitCleansUpOldReplicaSets()
    {
        using var c = NewCluster(Images);
        var spec = NewDeployment("web", 2);
        spec.RevisionHistoryLimit = 1;
        var d = c.Api.Create(spec);
        c.RunUntil(TimeSpan.FromSeconds(30));
        var first = Assert.Single(ReplicaSetsOf(c, d));
        var time = TimeSpan.FromSeconds(30);
        var counts = new List<int>();
        foreach (var image in new[] { "app:v2", "app:v3", "app:v1" })
        {
            SetImage(c, d, image);
            time += TimeSpan.FromSeconds(60);
            c.RunUntil(time);
            AssertComplete(c, d, image);
            counts.Add(ReplicaSetsOf(c, d).Count);
        }

        // One old ReplicaSet is kept: revision 1 (app:v1) went when revision 3 completed, so going back to
        // app:v1 creates its set again, with the same name (same template, same hash) as revision 4.
        Assert.Equal([2, 2, 2], counts);
        var sets = ReplicaSetsOf(c, d);
        Assert.Equal(["app:v3=3", "app:v1=4"], sets.Select(rs => rs.Template.Spec.Containers[0].Image + "=" + rs.Metadata.Annotations[DeploymentAnnotations.Revision]));
        var again = sets.Single(rs => rs.Template.Spec.Containers[0].Image == "app:v1");
        Assert.Equal(first.Metadata.Name, again.Metadata.Name);
        Assert.NotEqual(first.Metadata.Uid, again.Metadata.Uid);
        Assert.Equal("4", d.Metadata.Annotations[DeploymentAnnotations.Revision]);
    }

    [Fact]
    public void ExtensionsV1beta1KeepsEveryOldReplicaSet()
    {
        using var c = NewCluster(Images);
        var spec = NewDeployment("web", 2);
        spec.ApiVersion = "extensions/v1beta1";
        var d = c.Api.Create(spec);
        c.RunUntil(TimeSpan.FromSeconds(30));
        SetImage(c, d, "app:v2");
        c.RunUntil(TimeSpan.FromSeconds(90));
        SetImage(c, d, "app:v3");
        c.RunUntil(TimeSpan.FromSeconds(150));
        Assert.Equal(3, ReplicaSetsOf(c, d).Count);
        Assert.Null(DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing)); // no progress deadline
    }

    [Fact]
    public void PauseStopsTheRolloutAndResumeContinuesIt()
    {
        using var c = NewCluster(Images);
        var d = c.Api.Create(NewDeployment("web", 4));
        c.RunUntil(TimeSpan.FromSeconds(30));
        var oldRS = Assert.Single(ReplicaSetsOf(c, d));

        d.Paused = true;
        c.Api.Update(d, specChanged: true);
        SetImage(c, d, "app:v2");
        c.RunUntil(TimeSpan.FromMinutes(2));
        Assert.Single(ReplicaSetsOf(c, d)); // no new ReplicaSet while paused
        Assert.Equal(4, oldRS.Replicas);
        var progressing = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing)!;
        Assert.Equal(("Unknown", DeploymentConditions.PausedDeployReason, "Deployment is paused"), (progressing.Status, progressing.Reason, progressing.Message));

        // Scaling while paused resizes the current set.
        Scale(c, d, 6);
        c.RunUntil(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        Assert.Equal(6, oldRS.Replicas);

        d.Paused = false;
        c.Api.Update(d, specChanged: true);
        c.RunUntil(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(2));
        Assert.Contains(c.Events.Occurrences, o => o.Event.InvolvedUid == d.Metadata.Uid && o.Event.Message.StartsWith("Scaled up replica set web-", StringComparison.Ordinal) && o.Event.Message.EndsWith("from 0 to 2", StringComparison.Ordinal));
        c.RunUntil(TimeSpan.FromMinutes(4));
        AssertComplete(c, d, "app:v2");
    }

    [Fact]
    public void RollingBackCopiesTheOldTemplateAndRaisesItsRevision()
    {
        using var c = NewCluster(Images);
        var d = c.Api.Create(NewDeployment("web", 3));
        d.Metadata.Annotations[Sim.Api.Deployment.ChangeCauseAnnotation] = "create";
        c.Api.Update(d, specChanged: true);
        c.RunUntil(TimeSpan.FromSeconds(30));
        d.Metadata.Annotations[Sim.Api.Deployment.ChangeCauseAnnotation] = "set image";
        SetImage(c, d, "app:v2");
        c.RunUntil(TimeSpan.FromSeconds(90));
        AssertComplete(c, d, "app:v2");

        // What `kubectl rollout undo` does: the template (without pod-template-hash) and annotations of
        // revision 1 go back into the Deployment, in one update.
        var revision1 = ReplicaSetsOf(c, d).Single(rs => rs.Metadata.Annotations[DeploymentAnnotations.Revision] == "1");
        DeploymentUtil.SetFromReplicaSetTemplate(d, revision1.Template);
        DeploymentAnnotations.SetDeploymentAnnotationsTo(d, revision1);
        c.Api.Update(d, specChanged: true);
        c.RunUntil(TimeSpan.FromSeconds(150));

        AssertComplete(c, d, "app:v1");
        Assert.False(d.Template.Metadata.Labels.ContainsKey(PodTemplateHash.LabelKey));
        Assert.Equal(2, ReplicaSetsOf(c, d).Count); // the old set is the new one again
        Assert.Equal(("3", "1", "create"), (revision1.Metadata.Annotations[DeploymentAnnotations.Revision], revision1.Metadata.Annotations[DeploymentAnnotations.RevisionHistory], revision1.Metadata.Annotations[Sim.Api.Deployment.ChangeCauseAnnotation]));
        Assert.Equal(("3", "create"), (d.Metadata.Annotations[DeploymentAnnotations.Revision], d.Metadata.Annotations[Sim.Api.Deployment.ChangeCauseAnnotation]));
    }

    [Fact]
    public void DeletingTheDeploymentDeletesItsReplicaSetsAndPods()
    {
        using var c = NewCluster(Images);
        var d = c.Api.Create(NewDeployment("web", 3));
        c.RunUntil(TimeSpan.FromSeconds(30));
        c.Api.Delete(d);
        c.RunUntil(TimeSpan.FromSeconds(90));
        Assert.Empty(c.Store.List<ReplicaSet>("default"));
        Assert.Empty(c.Store.List<Pod>("default"));
    }

    [Fact]
    public void SameSeedSameTrace()
    {
        string Run()
        {
            using var c = NewCluster(Images, seed: 7);
            var d = c.Api.Create(NewDeployment("web", 10));
            c.RunUntil(TimeSpan.FromSeconds(30));
            SetImage(c, d, "app:v2");
            c.RunUntil(TimeSpan.FromMinutes(2));
            return c.Trace.HashHex();
        }

        Assert.Equal(Run(), Run());
    }
}
