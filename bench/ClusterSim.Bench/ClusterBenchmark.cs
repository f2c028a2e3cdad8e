using System.Diagnostics;
using System.Globalization;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;

namespace ClusterSim.Bench;

/// <summary>
/// Whole-cluster benchmark: N nodes, ReplicationControllers totalling P pods (30 per RC, 100m CPU each),
/// simulated for a virtual duration with every controller, the scheduler and every kubelet's heartbeats
/// running. Prints wall time, kernel events per second, pods placed per second, the speed-up over real
/// time, and a placement hash (FNV-1a over every pod's namespace/name and node, in ordinal key order) that
/// identifies the result: an optimisation of the scheduler must leave it unchanged.
/// With --no-metrics-readers the cluster is told nothing reads the resource metrics API (there is no HPA and
/// no `kubectl top` here), so with no load the 15 s load steps skip per-pod CPU and memory; results are the same.
/// <code>dotnet run -c Release --project bench/ClusterSim.Bench -- cluster [--nodes 500] [--pods 15000] [--minutes 30] [--no-metrics-readers]</code>
/// </summary>
public static class ClusterBenchmark
{
    public static int Run(string[] args)
    {
        if (args.Contains("standard"))
        {
            return StandardWorkloadBenchmark.Run(args);
        }

        int nodes = Arg(args, "--nodes", 500);
        int pods = Arg(args, "--pods", 15_000);
        int minutes = Arg(args, "--minutes", 30);
        bool noMetricsReaders = args.Contains("--no-metrics-readers");
        bool profile = args.Contains("--profile");
        var output = Console.Out;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"workload: cluster, nodes={nodes} pods={pods} virtual={minutes}m{(noMetricsReaders ? " no-metrics-readers" : "")}"));

        var setup = Stopwatch.StartNew();
        using var cluster = new Cluster(42);
        if (noMetricsReaders)
        {
            cluster.Metrics.StopScraping();
        }

        for (int i = 1; i <= nodes; i++)
        {
            var node = new Node { Metadata = { Name = "node-" + i.ToString(CultureInfo.InvariantCulture) } };
            node.Metadata.Labels["topology.kubernetes.io/zone"] = "zone-" + (i % 3).ToString(CultureInfo.InvariantCulture);
            node.Status.Capacity[ResourceNames.Cpu] = Quantity.Parse("16");
            node.Status.Capacity[ResourceNames.Memory] = Quantity.Parse("64Gi");
            cluster.AddNode(node);
        }

        for (int r = 0; r * 30 < pods; r++)
        {
            var name = "rc-" + r.ToString(CultureInfo.InvariantCulture);
            var rc = new ReplicationController { Metadata = { Name = name }, Replicas = Math.Min(30, pods - (r * 30)) };
            rc.Selector["app"] = name;
            rc.Template.Metadata.Labels["app"] = name;
            var c = new Container { Name = "app", Image = "app:v1" };
            c.Resources.Requests[ResourceNames.Cpu] = Quantity.FromMilli(100);
            rc.Template.Spec.Containers.Add(c);
            cluster.Api.Create(rc);
        }

        setup.Stop();
        var profiler = profile ? new ClusterSim.Scenarios.Running.RunProfiler() : null;
        cluster.Kernel.Profiler = profiler;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var run = Stopwatch.StartNew();
        cluster.RunUntil(TimeSpan.FromMinutes(minutes));
        run.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long events = cluster.Kernel.ProcessedEvents;
        var allPods = cluster.Store.List<Pod>();
        int running = allPods.Count(p => p.Status.Phase == "Running");
        long scheduled = cluster.Scheduler.ScheduledPods;
        ulong placement = PlacementHash(allPods);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup_seconds={setup.Elapsed.TotalSeconds:F2}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pods_running={running}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"events={events}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pods_scheduled={scheduled}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"placement_hash={placement:X16}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wall_seconds={run.Elapsed.TotalSeconds:F2}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"alloc_bytes_per_event={allocated / Math.Max(1, events)}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"speedup_over_real_time={TimeSpan.FromMinutes(minutes).TotalSeconds / run.Elapsed.TotalSeconds:F0}x"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"events_per_sec: {events / run.Elapsed.TotalSeconds:F0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pods_scheduled_per_sec: {scheduled / run.Elapsed.TotalSeconds:F0}"));
        if (profiler is not null)
        {
            foreach (var e in profiler.Entries())
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"profile: {e.Part,-45} events={e.Events,10} seconds={e.Seconds,8:F2} ({100 * e.Seconds / run.Elapsed.TotalSeconds:F1}%)"));
            }
        }

        return 0;
    }

    /// <summary>FNV-1a 64 over "namespace/name=node\n" of every pod, ordered by key (ordinal): independent of store order.</summary>
    private static ulong PlacementHash(IEnumerable<Pod> pods)
    {
        ulong hash = 14695981039346656037UL;
        foreach (var p in pods.OrderBy(p => p.Metadata.Namespace + "/" + p.Metadata.Name, StringComparer.Ordinal))
        {
            foreach (char ch in p.Metadata.Namespace + "/" + p.Metadata.Name + "=" + p.Spec.NodeName + "\n")
            {
                hash = (hash ^ ch) * 1099511628211UL;
            }
        }

        return hash;
    }

    internal static int Arg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
