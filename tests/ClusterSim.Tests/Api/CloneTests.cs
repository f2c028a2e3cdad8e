using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.Deployment;

namespace ClusterSim.Tests.Api;

/// <summary>The object model's copies are deep: changing a copy's collections never reaches the original.</summary>
public sealed class CloneTests
{
    private static PodTemplateSpec Template()
    {
        var t = new PodTemplateSpec
        {
            Metadata = { Name = "t", Labels = { ["app"] = "a" }, Annotations = { ["note"] = "n" }, OwnerReferences = [new OwnerReference("v1", "X", "x", "u1")] },
        };
        t.Spec.Containers.Add(new Container { Name = "c", Image = "i", Command = ["run"], Env = [new EnvVar("K", "V")] });
        t.Spec.Containers[0].Resources.Requests[ResourceNames.Cpu] = Quantity.Parse("100m");
        t.Spec.NodeSelector["zone"] = "z1";
        t.Spec.Tolerations.Add(new Toleration("k", "Exists", null, "NoExecute", 300));
        return t;
    }

    [Fact]
    public void TemplateCloneIsDeepAndEqual()
    {
        var original = Template();
        var copy = original.Clone();

        Assert.Equal(CanonicalPrinter.Print(original), CanonicalPrinter.Print(copy));

        copy.Metadata.Labels["app"] = "b";
        copy.Metadata.Annotations.Clear();
        copy.Metadata.OwnerReferences.Clear();
        copy.Spec.Containers[0].Command.Add("more");
        copy.Spec.Containers[0].Resources.Requests[ResourceNames.Cpu] = Quantity.Parse("1");
        copy.Spec.Containers[0].Resources.Limits[ResourceNames.Cpu] = Quantity.Parse("1");
        copy.Spec.Containers.Add(new Container { Name = "d" });
        copy.Spec.NodeSelector.Clear();
        copy.Spec.Tolerations.Clear();
        copy.Spec.NodeName = "n1";

        Assert.Equal(CanonicalPrinter.Print(Template()), CanonicalPrinter.Print(original));
        Assert.Equal("", original.Spec.NodeName);
    }

    [Fact]
    public void EmptyMapsCopyToNewOrdinalMaps()
    {
        var empty = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var copy = MapCopies.Copy(empty);
        Assert.NotSame(empty, copy);
        copy["B"] = "1";
        copy["a"] = "2";
        Assert.Empty(empty);
        Assert.Equal(["B", "a"], copy.Keys);
        Assert.Same(StringComparer.Ordinal, copy.Comparer);
    }
}
