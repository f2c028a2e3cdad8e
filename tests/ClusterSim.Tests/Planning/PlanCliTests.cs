using System.Diagnostics;
using ClusterSim.Tests.Running;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Tests.Planning;

/// <summary>
/// `clustersim plan` end to end: the same bytes whatever --jobs, a plan run whole and as three shards in parallel
/// processes merged into the same report, merge refusing incomplete or mixed shards, exit code 2 with nothing
/// written on bad input, the Indexed Job, and `run --set` reproducing a run of the plan.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class PlanCliTests : IDisposable
{
    /// <summary>Three replicas that must stay ready while nodes crash at random: how many 1-CPU nodes does that take?</summary>
    internal const string Crashy = """
        apiVersion: clustersim.io/v1alpha1
        kind: Scenario
        metadata: {name: crashy}
        spec:
          seed: 11
          duration: 12m
          sampleEvery: 30s
          controlPlane: {defaultTolerationSeconds: 30}
          nodes:
            - name: worker
              count: 3
              capacity: {cpu: "1", memory: 4Gi, pods: 110}
          manifests:
            - inline: |
                apiVersion: v1
                kind: ReplicationController
                metadata: {name: web}
                spec:
                  replicas: 3
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers: [{name: web, image: nginx, resources: {requests: {cpu: 600m}}}]
          timeline:
            - at: 0s
              fault: "random-node-crash {mtbf: 20m, mttr: 4m}"
          expect:
            - during: [3m, 12m]
              that: replicationcontroller/web.status.readyReplicas >= 2
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "clustersim-plancli-" + Guid.NewGuid().ToString("N"));

    public PlanCliTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "crashy.yaml"), Crashy);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Scenario => Path.Combine(_dir, "crashy.yaml");

    private string[] PlanArgs(params string[] more) =>
        ["plan", Scenario, "--vary", "nodes.worker.count=2..4", "--runs", "8", "--objective", "longestPending.p95 <= 10m", .. more];

    private static void AssertSameFiles(string expected, string actual)
    {
        var a = Directory.GetFiles(expected, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(expected, f)).Order(StringComparer.Ordinal).ToList();
        var b = Directory.GetFiles(actual, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(actual, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(a, b);
        foreach (var f in a)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(expected, f)).SequenceEqual(File.ReadAllBytes(Path.Combine(actual, f))), f + " differs");
        }
    }

    [Fact]
    public void ThePlanWritesItsReportAndTheSameBytesWhateverJobs()
    {
        var one = Path.Combine(_dir, "one");
        var two = Path.Combine(_dir, "two");
        var (code, stdout, stderr) = CliInvoker.Invoke(PlanArgs("--jobs", "1", "--out", one));
        Assert.True(code == 0, stderr);
        Assert.Contains("plan crashy: 3 configurations x 8 runs (seeds 11..18), 1 at a time", stdout, StringComparison.Ordinal);
        Assert.Contains("runs 24/24, failures", stderr, StringComparison.Ordinal);
        Assert.Equal(0, CliInvoker.Invoke(PlanArgs("--jobs", "2", "--out", two)).Code);
        AssertSameFiles(one, two);
        foreach (var f in new[] { "plan.md", "plan.html", "runs.csv", "configs.csv", "pass-vs-cost.png" })
        {
            Assert.True(File.Exists(Path.Combine(one, f)), f);
        }

        var runs = File.ReadAllLines(Path.Combine(one, "runs.csv"));
        Assert.Equal(25, runs.Length);
        Assert.StartsWith("config,run,seed,nodes.worker.count,passed,failures,servedFraction,", runs[0], StringComparison.Ordinal);
        Assert.Equal(File.ReadAllLines(Path.Combine(one, "plan.md"))[0], stdout.Split('\n').First(l => l.StartsWith("Smallest", StringComparison.Ordinal) || l.StartsWith("No configuration", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ThreeShardsInParallelProcessesMergeIntoTheSameReport()
    {
        var whole = Path.Combine(_dir, "whole");
        Assert.Equal(0, CliInvoker.Invoke(PlanArgs("--out", whole)).Code);

        var cli = Path.Combine(AppContext.BaseDirectory, "clustersim.dll");
        var processes = Enumerable.Range(0, 3).Select(i =>
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { cli }.Concat(PlanArgs("--shard", $"{i}/3", "--jobs", "1", "--out", Path.Combine(_dir, $"shard-{i}"))))
            {
                start.ArgumentList.Add(a);
            }

            return Process.Start(start)!;
        }).ToList();
        foreach (var p in processes)
        {
            var err = p.StandardError.ReadToEndAsync();
            var output = await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, output + await err);
        }

        Assert.True(File.Exists(Path.Combine(_dir, "shard-1", "shard.json")));
        var merged = Path.Combine(_dir, "merged");
        var (code, _, stderr) = CliInvoker.Invoke("plan", "merge", Path.Combine(_dir, "shard-2"), Path.Combine(_dir, "shard-0"), Path.Combine(_dir, "shard-1"), "--out", merged);
        Assert.True(code == 0, stderr);
        AssertSameFiles(whole, merged);
    }

    [Fact]
    public void MergeRefusesMissingAndForeignShards()
    {
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(0, CliInvoker.Invoke(PlanArgs("--shard", $"{i}/3", "--out", Path.Combine(_dir, $"s{i}"))).Code);
        }

        var (code, _, stderr) = CliInvoker.Invoke("plan", "merge", Path.Combine(_dir, "s0"), Path.Combine(_dir, "s1"), "--out", Path.Combine(_dir, "m"));
        Assert.Equal(2, code);
        Assert.Contains("missing shards: 2/3", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "m")));

        Assert.Equal(0, CliInvoker.Invoke(PlanArgs("--shard", "2/3", "--seed", "99", "--out", Path.Combine(_dir, "other"))).Code);
        (code, _, stderr) = CliInvoker.Invoke("plan", "merge", Path.Combine(_dir, "s0"), Path.Combine(_dir, "s1"), Path.Combine(_dir, "other"), "--out", Path.Combine(_dir, "m"));
        Assert.Equal(2, code);
        Assert.Contains("a shard of another plan", stderr, StringComparison.Ordinal);

        (code, _, stderr) = CliInvoker.Invoke("plan", "merge", Path.Combine(_dir, "s0"), Path.Combine(_dir, "s0"), Path.Combine(_dir, "s1"), "--out", Path.Combine(_dir, "m"));
        Assert.Equal(2, code);
        Assert.Contains("shard 0/3 given twice", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInputExitsTwoAndWritesNothing()
    {
        var outDir = Path.Combine(_dir, "bad");
        var (code, _, stderr) = CliInvoker.Invoke("plan", Scenario, "--vary", "nodes.worker.count=4..2", "--out", outDir);
        Assert.Equal(2, code);
        Assert.Contains("command line: error: --vary nodes.worker.count=4..2: \"4..2\": empty range", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
        Assert.Equal(2, CliInvoker.Invoke("plan", Scenario, "--vary", "nodes.worker.count=2", "--jobs", "0").Code);
        Assert.Equal(2, CliInvoker.Invoke("plan", Scenario, "--vary", "nodes.worker.count=2", "--shard", "3/3").Code);
    }

    [Fact]
    public void EmitJobWritesAnIndexedJobAndItsMerge()
    {
        var outDir = Path.Combine(_dir, "job");
        var (code, stdout, stderr) = CliInvoker.Invoke(PlanArgs("--emit-job", "--shards", "5", "--parallelism", "2", "--out", outDir));
        Assert.True(code == 0, stderr);
        Assert.Contains("kubectl apply -f", stdout, StringComparison.Ordinal);
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(outDir, "job.yaml"))));
        var job = (YamlMappingNode)stream.Documents[1].RootNode;
        Assert.Equal("Job", job["kind"].ToString());
        var spec = (YamlMappingNode)job["spec"];
        Assert.Equal("Indexed", spec["completionMode"].ToString());
        Assert.Equal("5", spec["completions"].ToString());
        Assert.Equal("2", spec["parallelism"].ToString());
        Assert.Equal("2", spec["backoffLimitPerIndex"].ToString());
        var container = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)spec["template"])["spec"])["containers"])[0];
        var args = ((YamlSequenceNode)container["args"]).Select(a => a.ToString()).ToList();
        Assert.Contains("$(JOB_COMPLETION_INDEX)/5", args);
        Assert.Contains("/results/shard-$(JOB_COMPLETION_INDEX)", args);
        Assert.Equal(args.IndexOf("--runs") + 1, args.IndexOf("8"));
        var merge = File.ReadAllText(Path.Combine(outDir, "merge-job.yaml"));
        Assert.Contains("\"/results/shard-4\"", merge, StringComparison.Ordinal);
        Assert.Contains("\"merge\"", merge, StringComparison.Ordinal);
    }

    [Fact]
    public void RunWithSetReproducesARunOfThePlan()
    {
        var outDir = Path.Combine(_dir, "p");
        Assert.Equal(0, CliInvoker.Invoke(PlanArgs("--out", outDir)).Code);
        var rows = File.ReadAllLines(Path.Combine(outDir, "runs.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        // Each configuration's first run: its pass/fail in runs.csv is what `run --set ... --seed S` says.
        foreach (var row in rows.Where(r => r[1] == "0"))
        {
            var (code, _, stderr) = CliInvoker.Invoke("run", Scenario, "--seed", row[2], "--set", "nodes.worker.count=" + row[3], "--quiet", "--out", Path.Combine(_dir, "r" + row[0]));
            Assert.True(code is 0 or 1, stderr);
            Assert.Equal(row[4] == "true", code == 0);
        }
    }
}
