using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Deployment;

namespace ClusterSim.Tests.Deployments;

/// <summary>
/// The pod-template-hash: pkg/controller/controller_utils_test.go TestComputeHash, util/hash_test.go
/// TestPodTemplateSpecHash, and the properties our stand-in for the spew printout must keep.
/// </summary>
public class PodTemplateHashTests
{
    private static PodTemplateSpec Template(string image = "nginx:1.27")
    {
        var t = new PodTemplateSpec();
        t.Metadata.Labels["app"] = "web";
        t.Spec.Containers.Add(new Container { Name = "web", Image = image, Ports = [new ContainerPort(80)] });
        return t;
    }

    [Fact]
    public void ComputeHashMixesInTheCollisionCount()
    {
        // TestComputeHash: "simple" (1 vs 2) and "using math.MaxInt64" (nil vs MaxInt32).
        Assert.NotEqual(PodTemplateHash.Compute(new PodTemplateSpec(), 1), PodTemplateHash.Compute(new PodTemplateSpec(), 2));
        Assert.NotEqual(PodTemplateHash.Compute(new PodTemplateSpec(), null), PodTemplateHash.Compute(new PodTemplateSpec(), int.MaxValue));
    }

    [Fact]
    public void PodTemplateSpecHashHasNoCollisionsOverAThousandVersions()
    {
        // TestPodTemplateSpecHash: 1000 templates differing in one string.
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < 1000; i++)
        {
            var hash = PodTemplateHash.Compute(Template("nginx:" + DeploymentFixture.S(i)), null);
            Assert.False(seen.TryGetValue(hash, out int old), $"Hash collision, old: {old} new: {i}");
            seen[hash] = i;
        }
    }

    [Fact]
    public void HashIsStableAndUsesTheSafeAlphabet()
    {
        var a = PodTemplateHash.Compute(Template(), null);
        Assert.Equal(a, PodTemplateHash.Compute(Template(), null));
        Assert.InRange(a.Length, 1, 10); // the decimal digits of a uint32
        Assert.All(a, ch => Assert.Contains(ch, PodTemplateHash.SafeAlphabet));

        // Pinned: the same template hashes to the same name in every run and on every machine.
        Assert.Equal(a, PodTemplateHash.SafeEncodeString(Fnv(CanonicalPrinter.Print(Template())).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void SafeEncodeStringMapsDigitsAsKubernetes()
    {
        // '0'..'9' are 48..57; 48 % 27 = 21 → alphanums[21] = '4', ..., 57 % 27 = 3 → 'f'.
        Assert.Equal("456789bcdf", PodTemplateHash.SafeEncodeString("0123456789"));
    }

    [Fact]
    public void AnyTemplateChangeChangesTheHash()
    {
        var baseHash = PodTemplateHash.Compute(Template(), null);
        var changes = new List<Action<PodTemplateSpec>>
        {
            t => t.Spec.Containers[0].Image = "nginx:1.28",
            t => t.Metadata.Labels["tier"] = "front",
            t => t.Metadata.Annotations["a"] = "b",
            t => t.Spec.Containers[0].Env.Add(new EnvVar("X", "1")),
            t => t.Spec.Containers[0].Resources.Requests[ResourceNames.Cpu] = Quantity.Parse("100m"),
            t => t.Spec.Containers[0].ReadinessProbe = new Probe("httpGet", PeriodSeconds: 5),
            t => t.Spec.TerminationGracePeriodSeconds = 10,
            t => t.Spec.NodeSelector["disk"] = "ssd",
            t => t.Spec.Tolerations.Add(new Toleration("k", "Exists", null, "NoSchedule", null)),
            t => t.Spec.Containers.Add(new Container { Name = "sidecar", Image = "envoy" }),
        };
        var hashes = new HashSet<string>(StringComparer.Ordinal) { baseHash };
        foreach (var change in changes)
        {
            var t = Template();
            change(t);
            Assert.True(hashes.Add(PodTemplateHash.Compute(t, null)));
        }
    }

    [Fact]
    public void EqualQuantitiesHashAlike()
    {
        var a = Template();
        var b = Template();
        a.Spec.Containers[0].Resources.Limits[ResourceNames.Memory] = Quantity.Parse("1Gi");
        b.Spec.Containers[0].Resources.Limits[ResourceNames.Memory] = Quantity.Parse("1073741824");
        Assert.Equal(PodTemplateHash.Compute(a, null), PodTemplateHash.Compute(b, null));
    }

    private static uint Fnv(string s)
    {
        uint h = 2166136261;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(s))
        {
            h = unchecked((h ^ b) * 16777619);
        }

        return h;
    }
}
