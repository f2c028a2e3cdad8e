using ClusterSim.Sim.Api;
using ClusterSim.Sim.Scheduling;
using ClusterSim.Sim.Scheduling.Plugins;
using static ClusterSim.Tests.Scheduling.SchedTestUtil;

namespace ClusterSim.Tests.Scheduling;

/// <summary>
/// Ported from plugins/imagelocality/image_locality_test.go. Expected scores follow the v1.32 formula, whose
/// upper threshold is 1000MB per container (here 2 containers: 2000MB).
/// </summary>
public sealed class ImageLocalityTests
{
    private const long Mb = 1024 * 1024;

    private static Pod ImagesPod(params string[] images) => Pod("p", "", images.Select((img, i) => Container(image: img, name: "c" + i)).ToArray());

    private static Node ImageNode(string name, params ContainerImage[] images)
    {
        var node = Node(name);
        node.Status.Images.AddRange(images);
        return node;
    }

    private static readonly ContainerImage[] Node403002000 =
    [
        new(["gcr.io/40:latest", "gcr.io/40:v1", "gcr.io/40:v1"], 40 * Mb),
        new(["gcr.io/300:latest", "gcr.io/300:v1"], 300 * Mb),
        new(["gcr.io/2000:latest"], 2000 * Mb),
    ];

    private static readonly ContainerImage[] Node25010 =
    [
        new(["gcr.io/250:latest"], 250 * Mb),
        new(["gcr.io/10:latest", "gcr.io/10:v1"], 10 * Mb),
    ];

    [Fact]
    public void TwoImagesSpreadOnTwoNodesPreferTheLargerImageOne()
    {
        // Node1: gcr.io/40 40MB, spread 1/2 -> 20MB < 23MB: 0. Node2: gcr.io/250 -> 125MB: 100*(125-23)/(2000-23) = 5.
        var cache = Cache([ImageNode("machine1", Node403002000), ImageNode("machine2", Node25010)]);
        Assert.Equal([0, 5], Scores(new ImageLocality(), ImagesPod("gcr.io/40", "gcr.io/250"), cache));
    }

    [Fact]
    public void TwoImagesOnOneNodePreferThisNode()
    {
        // Node1: (40 + 300)/2 = 170MB: 100*(170-23)/(2000-23) = 7.
        var cache = Cache([ImageNode("machine1", Node403002000), ImageNode("machine2", Node25010)]);
        Assert.Equal([7, 0], Scores(new ImageLocality(), ImagesPod("gcr.io/40", "gcr.io/300"), cache));
    }

    [Fact]
    public void IfExceedLimitUseLimit()
    {
        // Node1: 2000MB/2 = 1000MB: 100*(1000-23)/(2000-23) = 49.
        var cache = Cache([ImageNode("machine1", Node403002000), ImageNode("machine2", Node25010)]);
        Assert.Equal([49, 0], Scores(new ImageLocality(), ImagesPod("gcr.io/10", "gcr.io/2000"), cache));
    }

    [Fact]
    public void IfExceedLimitUseLimitWithNodeWithoutImages()
    {
        // Node1: 2000MB/3 = 666MB: 100*(666.67-23)/(2000-23) = 32.
        var cache = Cache([ImageNode("machine1", Node403002000), ImageNode("machine2", Node25010), ImageNode("machine3")]);
        Assert.Equal([32, 0, 0], Scores(new ImageLocality(), ImagesPod("gcr.io/10", "gcr.io/2000"), cache));
    }

    [Fact]
    public void ImageStatesFollowNodeUpdates()
    {
        var a = ImageNode("a", new ContainerImage(["img:1"], 500 * Mb));
        var b = ImageNode("b", new ContainerImage(["img:1"], 500 * Mb));
        var cache = Cache([a, b]);
        Assert.Equal(2, cache.GetNode("a")!.ImageStates["img:1"].NumNodes);
        b.Status.Images.Clear();
        cache.UpsertNode(b);
        Assert.Equal(1, cache.GetNode("a")!.ImageStates["img:1"].NumNodes);
        Assert.Empty(cache.GetNode("b")!.ImageStates);
    }

    [Theory]
    [InlineData("root", "root:latest")]
    [InlineData("gcr.io:5000/root", "gcr.io:5000/root:latest")]
    [InlineData("root:tag", "root:tag")]
    [InlineData("root@sha256:abc", "root@sha256:abc")]
    public void NormalizedImageName(string input, string output) => Assert.Equal(output, ImageLocality.NormalizedImageName(input));
}
