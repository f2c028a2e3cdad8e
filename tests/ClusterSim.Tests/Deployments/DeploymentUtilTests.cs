using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Deployment;

namespace ClusterSim.Tests.Deployments;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>
/// Ported from pkg/controller/deployment/util/deployment_util_test.go (Kubernetes v1.32), with the same
/// numbers. Go's time.Time values become virtual-clock offsets.
/// </summary>
public class DeploymentUtilTests
{
    private static int _uid;

    /// <summary>generateDeployment: one container named and tagged <paramref name="image"/>, labels name=image.</summary>
    internal static Deployment GenerateDeployment(string image)
    {
        var d = new Deployment
        {
            Metadata = { Name = image, Uid = "d-" + image },
            Replicas = 1,
            Selector = new LabelSelector { MatchLabels = { ["name"] = image } },
        };
        d.Template.Metadata.Labels["name"] = image;
        d.Template.Spec.Containers.Add(new Container { Name = image, Image = image, ImagePullPolicy = "Always" });
        return d;
    }

    /// <summary>generateRS: a ReplicaSet with the Deployment's template, 0 replicas, owned by it.</summary>
    internal static ReplicaSet GenerateRS(Deployment d)
    {
        var template = d.Template.Clone();
        var rs = new ReplicaSet
        {
            Metadata =
            {
                Uid = "rs-" + Interlocked.Increment(ref _uid).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Name = d.Metadata.Name + "-rs",
                Labels = new SortedDictionary<string, string>(template.Metadata.Labels, StringComparer.Ordinal),
                OwnerReferences = [new OwnerReference("apps/v1", "Deployment", d.Metadata.Name, d.Metadata.Uid)],
            },
            Replicas = 0,
            Template = template,
            Selector = new LabelSelector { MatchLabels = new SortedDictionary<string, string>(template.Metadata.Labels, StringComparer.Ordinal) },
        };
        return rs;
    }

    private static PodTemplateSpec GeneratePodTemplateSpec(string name, string nodeName, Dictionary<string, string> annotations, Dictionary<string, string> labels) => new()
    {
        Metadata =
        {
            Name = name,
            Annotations = new SortedDictionary<string, string>(annotations, StringComparer.Ordinal),
            Labels = new SortedDictionary<string, string>(labels, StringComparer.Ordinal),
        },
        Spec = { NodeName = nodeName },
    };

    private const string Hash = PodTemplateHash.LabelKey;

    public static TheoryData<string, PodTemplateSpec, PodTemplateSpec, bool> EqualIgnoreHashCases => new()
    {
        { "Same spec, same labels", GeneratePodTemplateSpec("foo", "foo-node", [], new() { [Hash] = "value-1", ["something"] = "else" }), GeneratePodTemplateSpec("foo", "foo-node", [], new() { [Hash] = "value-1", ["something"] = "else" }), true },
        { "Same spec, only pod-template-hash label value is different", GeneratePodTemplateSpec("foo", "foo-node", [], new() { [Hash] = "value-1", ["something"] = "else" }), GeneratePodTemplateSpec("foo", "foo-node", [], new() { [Hash] = "value-2", ["something"] = "else" }), true },
        { "Same spec, the former doesn't have pod-template-hash label", GeneratePodTemplateSpec("foo", "foo-node", [], new() { ["something"] = "else" }), GeneratePodTemplateSpec("foo", "foo-node", [], new() { [Hash] = "value-2", ["something"] = "else" }), true },
        { "Same spec, the label is different, the former doesn't have pod-template-hash label, same number of labels", GeneratePodTemplateSpec("foo", "foo-node", [], new() { ["something"] = "else" }), GeneratePodTemplateSpec("foo", "foo-node", [], new() { [Hash] = "value-2" }), false },
        { "Same spec, the label is different, the latter doesn't have pod-template-hash label, same number of labels", GeneratePodTemplateSpec("foo", "foo-node", [], new() { [Hash] = "value-1" }), GeneratePodTemplateSpec("foo", "foo-node", [], new() { ["something"] = "else" }), false },
        { "Same spec, the label is different, and the pod-template-hash label value is the same", GeneratePodTemplateSpec("foo", "foo-node", [], new() { [Hash] = "value-1" }), GeneratePodTemplateSpec("foo", "foo-node", [], new() { [Hash] = "value-1", ["something"] = "else" }), false },
        { "Different spec, same labels", GeneratePodTemplateSpec("foo", "foo-node", new() { ["former"] = "value" }, new() { [Hash] = "value-1", ["something"] = "else" }), GeneratePodTemplateSpec("foo", "foo-node", new() { ["latter"] = "value" }, new() { [Hash] = "value-1", ["something"] = "else" }), false },
        { "Different spec, different pod-template-hash label value", GeneratePodTemplateSpec("foo-1", "foo-node", [], new() { [Hash] = "value-1", ["something"] = "else" }), GeneratePodTemplateSpec("foo-2", "foo-node", [], new() { [Hash] = "value-2", ["something"] = "else" }), false },
        { "Different spec, the former doesn't have pod-template-hash label", GeneratePodTemplateSpec("foo-1", "foo-node-1", [], new() { ["something"] = "else" }), GeneratePodTemplateSpec("foo-2", "foo-node-2", [], new() { [Hash] = "value-2", ["something"] = "else" }), false },
        { "Different spec, different labels", GeneratePodTemplateSpec("foo", "foo-node-1", [], new() { ["something"] = "else" }), GeneratePodTemplateSpec("foo", "foo-node-2", [], new() { ["nothing"] = "else" }), false },
    };

    [Theory]
    [MemberData(nameof(EqualIgnoreHashCases))]
    public void EqualIgnoreHash(string name, PodTemplateSpec former, PodTemplateSpec latter, bool expected)
    {
        var formerLabels = string.Join(",", former.Metadata.Labels);
        Assert.True(expected == DeploymentUtil.EqualIgnoreHash(former, latter), name);
        Assert.True(expected == DeploymentUtil.EqualIgnoreHash(latter, former), name + " (reverse order)");
        Assert.Equal(formerLabels, string.Join(",", former.Metadata.Labels)); // the labels are not changed
    }

    [Fact]
    public void EqualIgnoreHashComparesQuantitiesSemantically()
    {
        var a = GenerateDeployment("nginx").Template;
        var b = a.Clone();
        a.Spec.Containers[0].Resources.Requests[ResourceNames.Cpu] = Quantity.Parse("500m");
        b.Spec.Containers[0].Resources.Requests[ResourceNames.Cpu] = Quantity.Parse("0.5");
        Assert.True(DeploymentUtil.EqualIgnoreHash(a, b));
        b.Spec.Containers[0].Resources.Requests[ResourceNames.Cpu] = Quantity.Parse("0.6");
        Assert.False(DeploymentUtil.EqualIgnoreHash(a, b));
    }

    [Fact]
    public void FindNewReplicaSet()
    {
        var now = TimeSpan.FromHours(1);
        var later = now + TimeSpan.FromMinutes(1);
        var deployment = GenerateDeployment("nginx");
        var newRS = GenerateRS(deployment);
        newRS.Metadata.Name = "nginx-new";
        newRS.Metadata.Labels[Hash] = "hash";
        newRS.Metadata.CreationTimestamp = later;
        var newRSDup = GenerateRS(deployment);
        newRSDup.Metadata.Name = "nginx-dup";
        newRSDup.Metadata.Labels[Hash] = "different-hash";
        newRSDup.Metadata.CreationTimestamp = now;
        var oldDeployment = GenerateDeployment("nginx");
        oldDeployment.Template.Spec.Containers[0].Name = "nginx-old-1";
        var oldRS = GenerateRS(oldDeployment);
        oldRS.Metadata.Name = "nginx-old";

        // Get new ReplicaSet with the same template as Deployment spec but different pod-template-hash value
        Assert.Same(newRS, DeploymentUtil.FindNewReplicaSet(deployment, [newRS, oldRS]));

        // Get the oldest new ReplicaSet when there are more than one ReplicaSet with the same template
        Assert.Same(newRSDup, DeploymentUtil.FindNewReplicaSet(deployment, [newRS, oldRS, newRSDup]));

        // Get nil new ReplicaSet
        Assert.Null(DeploymentUtil.FindNewReplicaSet(deployment, [oldRS]));
    }

    [Fact]
    public void FindOldReplicaSets()
    {
        var now = TimeSpan.FromHours(1);
        var later = now + TimeSpan.FromMinutes(1);
        var before = now - TimeSpan.FromMinutes(1);
        var deployment = GenerateDeployment("nginx");
        var newRS = GenerateRS(deployment);
        newRS.Metadata.Name = "nginx-new";
        newRS.Replicas = 1;
        newRS.Metadata.Labels[Hash] = "hash";
        newRS.Metadata.CreationTimestamp = later;
        var newRSDup = GenerateRS(deployment);
        newRSDup.Metadata.Name = "nginx-dup";
        newRSDup.Metadata.Labels[Hash] = "different-hash";
        newRSDup.Metadata.CreationTimestamp = now;
        var oldDeployment = GenerateDeployment("nginx");
        oldDeployment.Template.Spec.Containers[0].Name = "nginx-old-1";
        var oldRS = GenerateRS(oldDeployment);
        oldRS.Metadata.Name = "nginx-old";
        oldRS.Metadata.CreationTimestamp = before;

        // Get old ReplicaSets
        var (required, all) = DeploymentUtil.FindOldReplicaSets(deployment, [newRS, oldRS]);
        Assert.Equal([oldRS], all);
        Assert.Empty(required);

        // Get old ReplicaSets with no new ReplicaSet
        (required, all) = DeploymentUtil.FindOldReplicaSets(deployment, [oldRS]);
        Assert.Equal([oldRS], all);
        Assert.Empty(required);

        // Get old ReplicaSets with two new ReplicaSets, only the oldest new ReplicaSet is seen as new ReplicaSet
        (required, all) = DeploymentUtil.FindOldReplicaSets(deployment, [oldRS, newRS, newRSDup]);
        Assert.Equal([oldRS, newRS], all);
        Assert.Equal([newRS], required);

        // Get empty old ReplicaSets
        (required, all) = DeploymentUtil.FindOldReplicaSets(deployment, [newRS]);
        Assert.Empty(all);
        Assert.Empty(required);
    }

    [Fact]
    public void GetReplicaCountForReplicaSets()
    {
        var rs1 = GenerateRS(GenerateDeployment("foo-rs"));
        rs1.Replicas = 1;
        rs1.Status.Replicas = 2;
        var rs2 = GenerateRS(GenerateDeployment("bar-rs"));
        rs2.Replicas = 2;
        rs2.Status.Replicas = 3;
        var rs3 = GenerateRS(GenerateDeployment("unsynced-rs"));
        rs3.Replicas = 3;
        rs3.Status.Replicas = 0;
        var rs4 = GenerateRS(GenerateDeployment("dropped-rs"));
        rs4.Replicas = 1;
        rs4.Status.Replicas = 1;

        foreach (var (sets, count, actual) in new (ReplicaSet?[] Sets, int Count, int Actual)[]
        {
            ([rs1], 1, 2),
            ([rs1, rs2], 3, 5),
            ([rs3], 3, 0),
            ([rs1, rs2, rs3], 6, 5),
            ([rs4], 1, 1),
            ([rs1, rs2, rs3, rs4], 7, 6),
            ([rs1, null], 1, 2),
        })
        {
            Assert.Equal(count, DeploymentUtil.GetReplicaCountForReplicaSets(sets));
            Assert.Equal(actual, DeploymentUtil.GetActualReplicaCountForReplicaSets(sets));
        }
    }

    [Theory]
    [InlineData("0%", "0%", 0, 0, 1, false)]
    [InlineData("39%", "39%", 10, 4, 3, false)]
    [InlineData("oops", "39%", 10, 0, 0, true)]
    [InlineData("55%", "urg", 10, 0, 0, true)]
    [InlineData(null, "39%", 10, 0, 3, false)]
    [InlineData("39%", null, 10, 4, 0, false)]
    [InlineData(null, null, 10, 0, 1, false)]
    public void ResolveFenceposts(string? maxSurge, string? maxUnavailable, int desired, int expectSurge, int expectUnavailable, bool expectError)
    {
        bool ok = DeploymentUtil.ResolveFenceposts(
            maxSurge is null ? null : IntOrString.FromString(maxSurge),
            maxUnavailable is null ? null : IntOrString.FromString(maxUnavailable),
            desired,
            out int surge,
            out int unavailable);
        Assert.Equal(expectError, !ok);
        Assert.Equal((expectSurge, expectUnavailable), (surge, unavailable));
    }

    [Theory]
    [InlineData("can not scale up - to newRSReplicas", "RollingUpdate", 1, 5, 1, 5)]
    [InlineData("scale up - to depReplicas", "RollingUpdate", 6, 2, 10, 6)]
    [InlineData("recreate - to depReplicas", "Recreate", 3, 1, 1, 3)]
    public void NewRSNewReplicas(string name, string strategyType, int depReplicas, int newRSReplicas, int maxSurge, int expected)
    {
        var newDeployment = GenerateDeployment("nginx");
        var newRC = GenerateRS(newDeployment);
        var rs5 = GenerateRS(newDeployment);
        rs5.Replicas = 5;
        newDeployment.Replicas = depReplicas;
        newDeployment.Strategy = new DeploymentStrategy
        {
            Type = strategyType,
            RollingUpdate = new RollingUpdateDeployment { MaxUnavailable = IntOrString.FromInt(1), MaxSurge = IntOrString.FromInt(maxSurge) },
        };
        newRC.Replicas = newRSReplicas;
        Assert.True(expected == DeploymentUtil.NewRSNewReplicas(newDeployment, [rs5], newRC), name);
    }

    private static Deployment WithMaxUnavailable(int replicas, IntOrString maxUnavailable) => new()
    {
        Replicas = replicas,
        Strategy = new DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new RollingUpdateDeployment { MaxSurge = IntOrString.FromInt(1), MaxUnavailable = maxUnavailable } },
    };

    public static TheoryData<string, Deployment, int> MaxUnavailableCases => new()
    {
        { "maxUnavailable less than replicas", WithMaxUnavailable(10, IntOrString.FromInt(5)), 5 },
        { "maxUnavailable equal replicas", WithMaxUnavailable(10, IntOrString.FromInt(10)), 10 },
        { "maxUnavailable greater than replicas", WithMaxUnavailable(5, IntOrString.FromInt(10)), 5 },
        { "maxUnavailable with replicas is 0", WithMaxUnavailable(0, IntOrString.FromInt(10)), 0 },
        { "maxUnavailable with Recreate deployment strategy", new Deployment { Strategy = new DeploymentStrategy { Type = "Recreate" } }, 0 },
        { "maxUnavailable less than replicas with percents", WithMaxUnavailable(10, IntOrString.FromString("50%")), 5 },
        { "maxUnavailable equal replicas with percents", WithMaxUnavailable(10, IntOrString.FromString("100%")), 10 },
        { "maxUnavailable greater than replicas with percents", WithMaxUnavailable(5, IntOrString.FromString("100%")), 5 },
    };

    [Theory]
    [MemberData(nameof(MaxUnavailableCases))]
    public void MaxUnavailable(string name, Deployment deployment, int expected) =>
        Assert.True(expected == DeploymentUtil.MaxUnavailable(deployment), name);

    public static TheoryData<string, Deployment, int> MinAvailableCases => new()
    {
        { "replicas greater than maxUnavailable", WithMaxUnavailable(10, IntOrString.FromInt(5)), 5 },
        { "replicas equal maxUnavailable", WithMaxUnavailable(10, IntOrString.FromInt(10)), 0 },
        { "replicas less than maxUnavailable", WithMaxUnavailable(5, IntOrString.FromInt(10)), 0 },
        { "replicas is 0", WithMaxUnavailable(0, IntOrString.FromInt(10)), 0 },
        { "minAvailable with Recreate deployment strategy", new Deployment { Replicas = 10, Strategy = new DeploymentStrategy { Type = "Recreate" } }, 0 },
        { "replicas greater than maxUnavailable with percents", WithMaxUnavailable(10, IntOrString.FromString("60%")), 4 },
        { "replicas equal maxUnavailable with percents", WithMaxUnavailable(10, IntOrString.FromString("100%")), 0 },
        { "replicas less than maxUnavailable with percents", WithMaxUnavailable(5, IntOrString.FromString("100%")), 0 },
    };

    [Theory]
    [MemberData(nameof(MinAvailableCases))]
    public void MinAvailable(string name, Deployment deployment, int expected) =>
        Assert.True(expected == DeploymentUtil.MinAvailable(deployment), name);

    /// <summary>
    /// TestGetReplicaSetFraction (added upstream just after v1.32 with kubernetes/kubernetes#128535). Its cases
    /// hold for v1.32's arithmetic, except where v1.32 divides by a zero base: there we return 0 (see
    /// <see cref="DeploymentUtil.GetReplicaSetFraction"/>), which is what v1.33 returns for the missing
    /// annotation; v1.33 also reads a "0" annotation as missing (fraction 10 with 100 status replicas), v1.32
    /// takes it as the base 0.
    /// </summary>
    [Theory]
    [InlineData("empty deployment always scales to 0", 0, 0, 0, 10, null, -10)]
    [InlineData("unsynced deployment does not scale when max-replicas annotation is missing (removed by a 3rd party)", 10, 0, 0, 5, null, 0)]
    [InlineData("unsynced deployment does not scale when max-replicas annotation is incorrectly set to 0 (by a 3rd party)", 10, 0, 0, 5, "0", 0)]
    [InlineData("scale up by 1/5 should increase RS replicas by 1/5 when max-replicas annotation is missing (removed by a 3rd party)", 120, 100, 0, 50, null, 10)]
    [InlineData("v1.32: a max-replicas annotation of 0 is a zero base, whatever status.replicas", 120, 100, 0, 50, "0", 0)]
    [InlineData("scale up by 1/5 should increase RS replicas by 1/5", 120, 0, 0, 50, "100", 10)]
    [InlineData("scale up with maxSurge by 1/5 should increase RS replicas approximately by 1/5", 120, 0, 10, 50, "110", 9)]
    [InlineData("scale down by 1/6 should decrease RS replicas by 1/6", 10, 0, 0, 6, "12", -1)]
    [InlineData("scale down with maxSurge by 1/6 should decrease RS replicas approximately by 1/6", 100, 0, 10, 50, "130", -8)]
    public void GetReplicaSetFraction(string name, int deploymentReplicas, int deploymentStatusReplicas, int deploymentMaxSurge, int rsReplicas, string? maxReplicasAnnotation, int expectedFraction)
    {
        var d = GenerateDeployment("nginx");
        d.Status.Replicas = deploymentStatusReplicas;
        d.Replicas = deploymentReplicas;
        d.Strategy = new DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new RollingUpdateDeployment { MaxSurge = IntOrString.FromInt(deploymentMaxSurge), MaxUnavailable = IntOrString.FromInt(1) } };
        var rs = GenerateRS(d);
        if (maxReplicasAnnotation is not null)
        {
            rs.Metadata.Annotations[DeploymentAnnotations.MaxReplicas] = maxReplicasAnnotation;
        }

        rs.Replicas = rsReplicas;
        Assert.True(expectedFraction == DeploymentUtil.GetReplicaSetFraction(rs, d), $"{name}: got {DeploymentUtil.GetReplicaSetFraction(rs, d)}");
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(1.49, 1)]
    [InlineData(-0.5, -1)]
    [InlineData(-1.49, -1)]
    [InlineData(2.5, 3)]
    public void RoundToInt32RoundsHalfAwayFromZero(double value, int expected) => Assert.Equal(expected, DeploymentUtil.RoundToInt32(value));

    private static Deployment CompleteCase(int desired, int current, int updated, int available, int maxUnavailable, int maxSurge) => new()
    {
        Replicas = desired,
        Strategy = new DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new RollingUpdateDeployment { MaxUnavailable = IntOrString.FromInt(maxUnavailable), MaxSurge = IntOrString.FromInt(maxSurge) } },
        Status = new DeploymentStatus { Replicas = current, UpdatedReplicas = updated, AvailableReplicas = available },
    };

    [Theory]
    [InlineData("not complete: min but not all pods become available", 5, 5, 5, 4, 1, 0, false)]
    [InlineData("not complete: min availability is not honored", 5, 5, 5, 3, 1, 0, false)]
    [InlineData("complete", 5, 5, 5, 5, 0, 0, true)]
    [InlineData("not complete: all pods are available but not updated", 5, 5, 4, 5, 0, 0, false)]
    [InlineData("not complete: still running old pods", 1, 2, 1, 1, 0, 1, false)]
    [InlineData("not complete: one replica deployment never comes up", 1, 1, 1, 0, 1, 1, false)]
    public void DeploymentComplete(string name, int desired, int current, int updated, int available, int maxUnavailable, int maxSurge, bool expected)
    {
        var d = CompleteCase(desired, current, updated, available, maxUnavailable, maxSurge);
        Assert.True(expected == DeploymentUtil.DeploymentComplete(d, d.Status), name);
    }

    [Theory]
    [InlineData("progressing: updated pods", 10, 4, 4, 4, 10, 6, 4, 4, true)]
    [InlineData("not progressing", 10, 4, 4, 4, 10, 4, 4, 4, false)]
    [InlineData("progressing: old pods removed", 10, 4, 6, 6, 8, 4, 6, 6, true)]
    [InlineData("not progressing: less new pods", 10, 7, 3, 3, 10, 6, 3, 3, false)]
    [InlineData("progressing: less overall but more new pods", 10, 4, 7, 7, 8, 8, 5, 5, true)]
    [InlineData("progressing: more ready pods", 10, 10, 9, 8, 10, 10, 10, 8, true)]
    [InlineData("progressing: more available pods", 10, 10, 10, 9, 10, 10, 10, 10, true)]
    public void DeploymentProgressing(string name, int current, int updated, int ready, int available, int newCurrent, int newUpdated, int newReady, int newAvailable, bool expected)
    {
        var d = new Deployment { Status = new DeploymentStatus { Replicas = current, UpdatedReplicas = updated, ReadyReplicas = ready, AvailableReplicas = available } };
        var newStatus = new DeploymentStatus { Replicas = newCurrent, UpdatedReplicas = newUpdated, ReadyReplicas = newReady, AvailableReplicas = newAvailable };
        Assert.True(expected == DeploymentUtil.DeploymentProgressing(d, newStatus), name);
    }

    private static TimeSpan TimeFn(int min, int sec) => new(0, min, sec);

    [Theory]
    [InlineData("nil progressDeadlineSeconds specified - no timeout", "", null, 1, 9, 1, 20, false)]
    [InlineData("infinite progressDeadlineSeconds specified - no timeout", "", int.MaxValue, 1, 9, 1, 20, false)]
    [InlineData("progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:09 => 11s", "", 10, 1, 9, 1, 20, true)]
    [InlineData("progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:11 => 9s", "", 10, 1, 11, 1, 20, false)]
    [InlineData("previous status was a complete deployment", DeploymentConditions.NewRSAvailableReason, null, 0, 0, 0, 0, false)]
    public void DeploymentTimedOut(string name, string reason, int? pds, int fromMin, int fromSec, int nowMin, int nowSec, bool expected)
    {
        var d = new Deployment
        {
            ProgressDeadlineSeconds = pds,
            Status = { Conditions = [new WorkloadCondition { Type = DeploymentConditions.Progressing, Status = "True", Reason = reason, LastUpdateTime = TimeFn(fromMin, fromSec) }] },
        };
        Assert.True(expected == DeploymentUtil.DeploymentTimedOut(d, d.Status, TimeFn(nowMin, nowSec)), name);
    }

    [Fact]
    public void AnnotationUtils()
    {
        var tDeployment = GenerateDeployment("nginx");
        var tRS = GenerateRS(tDeployment);
        tDeployment.Metadata.Annotations[DeploymentAnnotations.Revision] = "1";

        // SetNewReplicaSetAnnotations: the revision goes 11 .. 20, a 5-character history keeps the last two.
        for (int i = 10; i < 20; i++)
        {
            var nextRevision = DeploymentFixture.S(i + 1);
            DeploymentAnnotations.SetNewReplicaSetAnnotations(tDeployment, tRS, nextRevision, true, 5);
            if (i >= 12)
            {
                Assert.Equal($"{DeploymentFixture.S(i - 1)},{DeploymentFixture.S(i)}", tRS.Metadata.Annotations[DeploymentAnnotations.RevisionHistory]);
            }

            Assert.Equal(nextRevision, tRS.Metadata.Annotations[DeploymentAnnotations.Revision]);
        }

        // SetReplicasAnnotations
        Assert.True(DeploymentAnnotations.SetReplicasAnnotations(tRS, 10, 11));
        Assert.Equal("10", tRS.Metadata.Annotations[DeploymentAnnotations.DesiredReplicas]);
        Assert.Equal("11", tRS.Metadata.Annotations[DeploymentAnnotations.MaxReplicas]);

        // IsSaturated
        tRS.Metadata.Annotations[DeploymentAnnotations.DesiredReplicas] = "1";
        tRS.Status.AvailableReplicas = 1;
        tRS.Replicas = 1;
        Assert.True(DeploymentUtil.IsSaturated(tDeployment, tRS));
    }

    [Fact]
    public void SetNewReplicaSetAnnotationsForANewReplicaSet()
    {
        var d = GenerateDeployment("nginx");
        d.Replicas = 10;
        d.Strategy = new DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new RollingUpdateDeployment { MaxSurge = IntOrString.FromString("25%"), MaxUnavailable = IntOrString.FromString("25%") } };
        d.Metadata.Annotations[Sim.Api.Deployment.ChangeCauseAnnotation] = "kubectl set image";
        d.Metadata.Annotations[DeploymentAnnotations.Revision] = "4";
        d.Metadata.Annotations[DeploymentAnnotations.LastAppliedConfig] = "{}";
        var rs = GenerateRS(d);
        Assert.True(DeploymentAnnotations.SetNewReplicaSetAnnotations(d, rs, "5", false, DeploymentAnnotations.MaxRevHistoryLengthInChars));
        Assert.Equal(
            ["deployment.kubernetes.io/desired-replicas=10", "deployment.kubernetes.io/max-replicas=13", "deployment.kubernetes.io/revision=5", "kubernetes.io/change-cause=kubectl set image"],
            rs.Metadata.Annotations.Select(kv => kv.Key + "=" + kv.Value));

        // A rollback to this ReplicaSet: revision 7, the old one kept in the history.
        Assert.True(DeploymentAnnotations.SetNewReplicaSetAnnotations(d, rs, "7", true, DeploymentAnnotations.MaxRevHistoryLengthInChars));
        Assert.Equal("7", rs.Metadata.Annotations[DeploymentAnnotations.Revision]);
        Assert.Equal("5", rs.Metadata.Annotations[DeploymentAnnotations.RevisionHistory]);

        // A lower revision never replaces a higher one.
        Assert.False(DeploymentAnnotations.SetNewReplicaSetAnnotations(d, rs, "6", true, DeploymentAnnotations.MaxRevHistoryLengthInChars));
        Assert.Equal("7", rs.Metadata.Annotations[DeploymentAnnotations.Revision]);
    }

    [Theory]
    [InlineData("test Annotations nil", null, null, true)]
    [InlineData("test desiredReplicas update", "8", "20", true)]
    [InlineData("test maxReplicas update", "10", "16", true)]
    [InlineData("test needn't update", "10", "20", false)]
    public void ReplicasAnnotationsNeedUpdate(string name, string? desired, string? max, bool expected)
    {
        var rs = new ReplicaSet { Metadata = { Name = "hello", Namespace = "test" } };
        if (desired is not null)
        {
            rs.Metadata.Annotations[DeploymentAnnotations.DesiredReplicas] = desired;
            rs.Metadata.Annotations[DeploymentAnnotations.MaxReplicas] = max!;
        }

        Assert.True(expected == DeploymentAnnotations.ReplicasAnnotationsNeedUpdate(rs, 10, 20), name);
    }

    private static WorkloadCondition CondProgressing() => new() { Type = DeploymentConditions.Progressing, Status = "False", Reason = "ForSomeReason" };

    private static WorkloadCondition CondProgressing2() => new() { Type = DeploymentConditions.Progressing, Status = "True", Reason = "BecauseItIs" };

    private static WorkloadCondition CondAvailable() => new() { Type = DeploymentConditions.Available, Status = "True", Reason = "AwesomeController" };

    private static DeploymentStatus Status(params WorkloadCondition[] conditions) => new() { Conditions = [.. conditions] };

    [Fact]
    public void GetSetRemoveCondition()
    {
        // TestGetCondition
        Assert.NotNull(DeploymentConditions.Get(Status(CondProgressing(), CondAvailable()), DeploymentConditions.Available));
        Assert.Null(DeploymentConditions.Get(Status(CondProgressing(), CondAvailable()), DeploymentConditions.ReplicaFailure));

        // TestSetCondition: set for the first time, simple set, overwrite
        var status = Status();
        DeploymentConditions.Set(status, CondAvailable());
        Assert.True(ObjectCopies.StatusEqual(Status(CondAvailable()), status));
        status = Status(CondProgressing());
        DeploymentConditions.Set(status, CondAvailable());
        Assert.True(ObjectCopies.StatusEqual(Status(CondProgressing(), CondAvailable()), status));
        status = Status(CondProgressing());
        DeploymentConditions.Set(status, CondProgressing2());
        Assert.True(ObjectCopies.StatusEqual(Status(CondProgressing2()), status));

        // TestRemoveCondition: remove from empty status, simple remove, doesn't remove anything
        status = Status();
        DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
        Assert.True(ObjectCopies.StatusEqual(Status(), status));
        status = Status(CondProgressing());
        DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
        Assert.True(ObjectCopies.StatusEqual(Status(), status));
        status = Status(CondProgressing(), CondAvailable());
        DeploymentConditions.Remove(status, DeploymentConditions.ReplicaFailure);
        Assert.True(ObjectCopies.StatusEqual(Status(CondProgressing(), CondAvailable()), status));
    }

    [Fact]
    public void SetConditionKeepsTransitionTimeWhenStatusIsUnchanged()
    {
        var status = Status(new WorkloadCondition { Type = DeploymentConditions.Progressing, Status = "True", Reason = "A", LastTransitionTime = TimeSpan.FromSeconds(1), LastUpdateTime = TimeSpan.FromSeconds(1) });
        DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", "B", "m", TimeSpan.FromSeconds(9.7)));
        var c = Assert.Single(status.Conditions);
        Assert.Equal(("B", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(9)), (c.Reason, c.LastTransitionTime, c.LastUpdateTime));
    }

    [Fact]
    public void GetDeploymentsForReplicaSet()
    {
        using var h = new DeploymentHarness();
        var deployments = new List<Deployment>();
        for (int i = 0; i < 3; i++)
        {
            var d = DeploymentFixture.NewDeployment("deployment-" + DeploymentFixture.S(i), 1);
            d.Selector = new LabelSelector { MatchLabels = { ["app"] = "test-" + DeploymentFixture.S(i) } };
            d.Template.Metadata.Labels["app"] = "test-" + DeploymentFixture.S(i);
            deployments.Add(h.Api.Create(d));
        }

        for (int i = 0; i < 5; i++)
        {
            var rs = new ReplicaSet { Metadata = { Namespace = "default", Name = "test-replicaSet-" + DeploymentFixture.S(i), Labels = { ["app"] = "test-" + DeploymentFixture.S(i), ["label"] = "label-" + DeploymentFixture.S(i) } } };
            var found = DeploymentUtil.GetDeploymentsForReplicaSet(h.Api.Store, rs);
            if (i < 3)
            {
                Assert.Equal([deployments[i]], found);
            }
            else
            {
                Assert.Empty(found);
            }
        }
    }
}
