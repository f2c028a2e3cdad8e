using ClusterSim.Sim.Api;
using ClusterSim.Sim.Kubelet;
using ClusterSim.Sim.Load;

namespace ClusterSim.Tests.Load;

/// <summary>A small cluster whose image has round numbers: 10m idle, 10ms of CPU per request, 64Mi, running 1s after creation and ready at once.</summary>
internal static class LoadFixture
{
    public static readonly ImageBehavior App = new()
    {
        PullTime = TimeSpan.Zero,
        StartTime = TimeSpan.FromSeconds(1),
        ReadyAfter = TimeSpan.Zero,
        CpuIdle = Quantity.Parse("10m"),
        CpuPerRequest = Quantity.Parse("10m"),
        Memory = Quantity.Parse("64Mi"),
    };

    public static Sim.Cluster NewCluster(int nodes = 2, string cpu = "2") =>
        Cluster.SimClusterFixture.NewCluster(nodes, cpu, images: new Dictionary<string, ImageBehavior> { ["app:v1"] = App });

    /// <summary>A bare pod labelled app=<paramref name="app"/> on <paramref name="node"/>, with optional CPU request and limit.</summary>
    public static Pod Pod(string name, string app, string node, string? request = null, string? limit = null)
    {
        var c = new Container { Name = "app", Image = "app:v1", Ports = [new ContainerPort(8080)] };
        if (request is not null)
        {
            c.Resources.Requests[ResourceNames.Cpu] = Quantity.Parse(request);
        }

        if (limit is not null)
        {
            c.Resources.Limits[ResourceNames.Cpu] = Quantity.Parse(limit);
        }

        var pod = new Pod { Metadata = { Name = name } };
        pod.Metadata.Labels["app"] = app;
        pod.Spec.NodeName = node;
        pod.Spec.Containers.Add(c);
        return pod;
    }

    public static Service Service(string name, string app) => new()
    {
        Metadata = { Name = name },
        Spec = { Selector = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app"] = app }, Ports = [new ServicePort { Port = 80, TargetPort = IntOrString.FromInt(8080) }] },
    };

    public static LoadTargetRef Svc(string name) => new("default", "Service", name);

    public static PodUsage Usage(Sim.Cluster c, string pod) =>
        c.Load.TryGetPod("default/" + pod, out var u) ? u : throw new Xunit.Sdk.XunitException("no usage for pod " + pod);
}
