using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Deployment;
using ClusterSim.Sim.Store;
using static ClusterSim.Tests.Deployments.DeploymentHarness;

namespace ClusterSim.Tests.Deployments;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>Ported from pkg/controller/deployment/deployment_controller_test.go (Kubernetes v1.32).</summary>
public class ControllerTests
{
    private static Pod PodFrom(ReplicaSet rs, string name)
    {
        var pod = new Pod { Metadata = { Name = name, Namespace = "default", Labels = new SortedDictionary<string, string>(rs.Template.Metadata.Labels, StringComparer.Ordinal) } };
        pod.Metadata.OwnerReferences.Add(new OwnerReference("apps/v1", "ReplicaSet", rs.Metadata.Name, rs.Metadata.Uid));
        pod.Spec.Containers.Add(new Container { Name = "c", Image = "foo/bar" });
        return pod;
    }

    [Fact]
    public void SyncDeploymentCreatesReplicaSet()
    {
        using var h = new DeploymentHarness();
        var d = h.Api.Create(DeploymentFixture.NewDeployment("foo", 1));
        h.AllWrites.Clear();

        // Create the ReplicaSet, write the revision and NewReplicaSetCreated; the Go test then expects a second
        // status write, which against a real API server carries the stale resourceVersion and conflicts: the
        // sync fails and is retried (in 5 ms, or at once for the watch event of the first write).
        h.Controller.Reconcile("default/foo");
        var rs = Assert.Single(h.Api.Store.List<ReplicaSet>("default"));
        Assert.Equal(["create " + rs, "status " + d], h.Writes);

        var hash = rs.Metadata.Labels[PodTemplateHash.LabelKey];
        Assert.Equal("foo-" + hash, rs.Metadata.Name);
        Assert.Equal(hash, rs.Selector!.MatchLabels[PodTemplateHash.LabelKey]);
        Assert.Equal(hash, rs.Template.Metadata.Labels[PodTemplateHash.LabelKey]);
        Assert.Equal(hash, PodTemplateHash.Compute(d.Template, null));
        Assert.Equal(new OwnerReference("apps/v1", "Deployment", "foo", d.Metadata.Uid), rs.Metadata.ControllerRef);
        Assert.Equal(1, rs.Replicas);
        Assert.Equal(["deployment.kubernetes.io/desired-replicas=1", "deployment.kubernetes.io/max-replicas=2", "deployment.kubernetes.io/revision=1"], rs.Metadata.Annotations.Select(kv => kv.Key + "=" + kv.Value));
        Assert.Equal("1", d.Metadata.Annotations[DeploymentAnnotations.Revision]);
        Assert.Contains(h.Events.Events, e => e.Reason == "ScalingReplicaSet" && e.Message == $"Scaled up replica set foo-{hash} from 0 to 1" && e.Source == "deployment-controller" && e.InvolvedName == "foo");
        var progressing = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing)!;
        Assert.Equal(("True", "NewReplicaSetCreated", $"Created new replica set \"foo-{hash}\""), (progressing.Status, progressing.Reason, progressing.Message));

        // The retries settle the status.
        h.Kernel.RunUntil(T0 + TimeSpan.FromSeconds(1));
        Assert.Equal((1L, 1L), (d.Metadata.Generation, d.Status.ObservedGeneration));
        var available = DeploymentConditions.Get(d.Status, DeploymentConditions.Available)!;
        Assert.Equal(("False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."), (available.Status, available.Reason, available.Message));
    }

    [Fact]
    public void DontSyncDeploymentsWithEmptyPodSelector()
    {
        using var h = new DeploymentHarness();
        var d = h.Api.Create(DeploymentFixture.NewDeployment("foo", 1));
        d.Selector = new LabelSelector();
        h.AllWrites.Clear();

        h.Controller.Reconcile("default/foo");
        Assert.Contains(h.Events.Events, e => e.Type == "Warning" && e.Reason == "SelectingAll" && e.Message == "This deployment is selecting all pods. A non-empty selector is required.");
        Assert.Equal(["status " + d], h.Writes); // only observedGeneration
        Assert.Equal(1, d.Status.ObservedGeneration);
        Assert.Empty(h.Api.Store.List<ReplicaSet>("default"));
    }

    [Fact]
    public void ReentrantRollback()
    {
        using var h = new DeploymentHarness();
        var d = h.Api.Create(DeploymentFixture.NewDeployment("foo", 1));
        d.ProgressDeadlineSeconds = null; // as newDeployment: no Progressing condition to write first
        d.Metadata.Annotations[DeploymentAnnotations.DeprecatedRollbackTo] = "0";
        d.Metadata.Annotations[DeploymentAnnotations.Revision] = "2";
        var oldTemplate = d.Template.Clone();
        oldTemplate.Spec.TerminationGracePeriodSeconds = 1;
        h.AddReplicaSet("deploymentrs-old", 0, T0 - TimeSpan.FromMinutes(2), owner: d, template: oldTemplate);
        h.Live("deploymentrs-old").Metadata.Annotations[DeploymentAnnotations.Revision] = "1";
        h.AddReplicaSet("deploymentrs-new", 1, T0 - TimeSpan.FromMinutes(1), owner: d);
        h.Live("deploymentrs-new").Metadata.Annotations[DeploymentAnnotations.Revision] = "2";
        h.AllWrites.Clear();

        // The rollback is done here: one Deployment update, no ReplicaSet update.
        h.Controller.Reconcile("default/foo");
        Assert.Equal(["update " + d], h.Writes);
        Assert.Equal(1, d.Template.Spec.TerminationGracePeriodSeconds);
        Assert.False(d.Metadata.Annotations.ContainsKey(DeploymentAnnotations.DeprecatedRollbackTo));
        Assert.Contains(h.Events.Events, e => e.Reason == "DeploymentRollback" && e.Message == "Rolled back deployment \"foo\" to revision 1");
    }

    private static (DeploymentHarness H, Deployment Foo, List<string> Enqueued) RecreateFixture()
    {
        var h = new DeploymentHarness();
        var foo = h.Api.Create(DeploymentFixture.NewDeployment("foo", 1, strategy: "Recreate"));
        var enqueued = new List<string>();
        h.Controller.EnqueueDeployment = d => enqueued.Add(d.Metadata.Name);
        return (h, foo, enqueued);
    }

    [Fact]
    public void PodDeletionEnqueuesRecreateDeployment()
    {
        var (h, foo, enqueued) = RecreateFixture();
        using (h)
        {
            var rs = h.AddReplicaSet("foo-1", 1, owner: foo);
            var pod = h.Api.Create(PodFrom(rs, "foo-1-pod"));
            enqueued.Clear();
            h.Api.Delete(pod);
            Assert.Equal(["foo"], enqueued);
        }
    }

    [Fact]
    public void PodDeletionDoesntEnqueueRecreateDeployment()
    {
        var (h, foo, enqueued) = RecreateFixture();
        using (h)
        {
            var rs = h.AddReplicaSet("foo-1", 1, owner: foo);
            var pod1 = h.Api.Create(PodFrom(rs, "pod1"));
            h.Api.Create(PodFrom(rs, "pod2"));
            enqueued.Clear();
            h.Api.Delete(pod1);
            Assert.Empty(enqueued);
        }
    }

    [Fact]
    public void PodDeletionPartialReplicaSetOwnershipEnqueueRecreateDeployment()
    {
        var (h, foo, enqueued) = RecreateFixture();
        using (h)
        {
            var rs1 = h.AddReplicaSet("foo-1", 1, owner: foo);
            h.AddReplicaSet("foo-2", 2, owner: foo);
            h.Live("foo-2").Metadata.OwnerReferences.Clear();
            var pod = h.Api.Create(PodFrom(rs1, "pod"));
            enqueued.Clear();
            h.Api.Delete(pod);
            Assert.Equal(["foo"], enqueued);
        }
    }

    [Fact]
    public void PodDeletionPartialReplicaSetOwnershipDoesntEnqueueRecreateDeployment()
    {
        var (h, foo, enqueued) = RecreateFixture();
        using (h)
        {
            var rs1 = h.AddReplicaSet("foo-1", 1, owner: foo);
            h.AddReplicaSet("foo-2", 2, owner: foo);
            h.Live("foo-2").Metadata.OwnerReferences.Clear();
            var pod = h.Api.Create(PodFrom(rs1, "pod"));
            h.Api.Create(PodFrom(rs1, "other-pod"));
            enqueued.Clear();
            h.Api.Delete(pod);
            Assert.Empty(enqueued);
        }
    }

    [Fact]
    public void GetReplicaSetsForDeploymentAdoptRelease()
    {
        using var h = new DeploymentHarness();
        var d = ObjectCopies.Clone(h.Api.Create(DeploymentFixture.NewDeployment("foo", 1)));

        // An orphan with matching labels: adopted and returned.
        h.AddReplicaSet("rs-adopt", 1, owner: d);
        h.Live("rs-adopt").Metadata.OwnerReferences.Clear();

        // Owned, but with labels that no longer match: released.
        h.AddReplicaSet("rs-release", 1, owner: d);
        h.Live("rs-release").Metadata.Labels["app"] = "notfoo";

        var claimed = h.Controller.GetReplicaSetsForDeployment(d);
        Assert.Equal(["rs-adopt"], claimed.Select(rs => rs.Metadata.Name));
        Assert.Equal(d.Metadata.Uid, h.Live("rs-adopt").Metadata.ControllerRef?.Uid);
        Assert.Null(h.Live("rs-release").Metadata.ControllerRef);
    }

    [Fact]
    public void GetPodMapForReplicaSets()
    {
        using var h = new DeploymentHarness();
        var d = ObjectCopies.Clone(h.Api.Create(DeploymentFixture.NewDeployment("foo", 1)));
        var rs1 = h.AddReplicaSet("rs1", 1, owner: d);
        var rs2 = h.AddReplicaSet("rs2", 1, owner: d);
        h.Api.Create(PodFrom(rs1, "rs1-pod"));
        h.Api.Create(PodFrom(rs2, "rs2-pod"));

        // Matching labels but no controllerRef: not in the map.
        var pod3 = PodFrom(rs1, "pod3");
        pod3.Metadata.OwnerReferences.Clear();
        h.Api.Create(pod3);

        // Matching labels and controllerRef, but inactive: in the map.
        var pod4 = h.Api.Create(PodFrom(rs1, "pod4"));
        pod4.Status.Phase = "Failed";

        var podMap = h.Controller.GetPodMapForDeployment(d, [rs1, rs2]);
        Assert.Equal(3, podMap.Values.Sum(p => p.Count));
        Assert.Equal(2, podMap.Count);
        Assert.Equal(["pod4", "rs1-pod"], podMap[rs1.Metadata.Uid].Select(p => p.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["rs2-pod"], podMap[rs2.Metadata.Uid].Select(p => p.Metadata.Name));
    }

    [Fact]
    public void AddReplicaSetOrphan()
    {
        using var h = new DeploymentHarness();
        h.Api.Create(DeploymentFixture.NewDeployment("d1", 1)).Selector = new LabelSelector { MatchLabels = { ["foo"] = "bar" } };
        h.Api.Create(DeploymentFixture.NewDeployment("d2", 1)).Selector = new LabelSelector { MatchLabels = { ["foo"] = "bar" } };
        h.Api.Create(DeploymentFixture.NewDeployment("d3", 1)).Selector = new LabelSelector { MatchLabels = { ["foo"] = "notbar" } };
        var enqueued = new List<string>();
        h.Controller.EnqueueDeployment = d => enqueued.Add(d.Metadata.Name);

        // An orphan: the Deployments that match it are queued (to adopt it).
        var rs = new ReplicaSet { ApiVersion = "apps/v1", Metadata = { Name = "rs1", Namespace = "default", Labels = { ["foo"] = "bar" } }, Selector = new LabelSelector { MatchLabels = { ["foo"] = "bar" } } };
        rs.Template.Metadata.Labels["foo"] = "bar";
        rs.Template.Spec.Containers.Add(new Container { Name = "c", Image = "foo/bar" });
        h.Api.Create(rs);
        Assert.Equal(["d1", "d2"], enqueued);
    }

    [Fact]
    public void UpdateReplicaSetChangeControllerRef()
    {
        using var h = new DeploymentHarness();
        var d1 = h.Api.Create(DeploymentFixture.NewDeployment("d1", 1));
        var d2 = h.Api.Create(DeploymentFixture.NewDeployment("d2", 1));
        h.AddReplicaSet("rs1", 1, owner: d2);
        var enqueued = new List<string>();
        h.Controller.EnqueueDeployment = d => enqueued.Add(d.Metadata.Name);

        // The controllerRef changes from d2 to d1: both are queued.
        var rs = h.Live("rs1");
        rs.Metadata.OwnerReferences = [new OwnerReference("apps/v1", "Deployment", "d1", d1.Metadata.Uid)];
        h.Api.Update(rs);
        Assert.Equal(["d2", "d1"], enqueued);
    }

    [Fact]
    public void WritesFromAStaleCopyConflict()
    {
        using var h = new DeploymentHarness();
        h.Api.Create(DeploymentFixture.NewDeployment("foo", 1));
        h.Kernel.RunUntil(T0 + TimeSpan.FromSeconds(1));
        var d = ObjectCopies.Clone(h.Api.Store.Get<Deployment>("default", "foo")!);
        var rs = Assert.Single(h.Api.Store.List<ReplicaSet>("default"));

        // A copy of the ReplicaSet read before another write cannot be written: Conflict, as from the API server.
        var stale = ObjectCopies.Clone(rs);
        h.Api.Update(rs);
        d.Replicas = 2;
        var e = Assert.Throws<ApiException>(() => h.Controller.Scale(d, stale, []));
        Assert.Equal("Conflict", e.Reason);
        Assert.Equal($"Operation cannot be fulfilled on replicasets.apps \"{rs.Metadata.Name}\": the object has been modified; please apply your changes to the latest version and try again", e.Message);
        Assert.Equal(1, rs.Replicas);
    }

    [Fact]
    public void FailedSyncsBackOffExponentially()
    {
        // workqueue.DefaultTypedControllerRateLimiter's per-item part: 5ms x 2^n up to 1000s, reset by Forget.
        var backoff = new FailureBackoff();
        Assert.Equal(
            [5, 10, 20, 40, 80],
            Enumerable.Range(0, 5).Select(_ => backoff.When("default/foo").TotalMilliseconds));
        Assert.Equal(5, backoff.NumRequeues("default/foo"));
        backoff.Forget("default/foo");
        Assert.Equal(TimeSpan.FromMilliseconds(5), backoff.When("default/foo"));
        for (int i = 0; i < 30; i++)
        {
            backoff.When("default/bar");
        }

        Assert.Equal(TimeSpan.FromSeconds(1000), backoff.When("default/bar"));
    }
}
