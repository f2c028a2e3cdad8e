using ClusterSim.Cli;
using ClusterSim.Tests.Running;

namespace ClusterSim.Tests.Fuzz;

/// <summary>`clustersim fuzz`: exit codes, usage errors, a written minimal file that `clustersim run` replays, and the same output for any --jobs.</summary>
[Collection(CliCollection.Name)]
public class FuzzCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "clustersim-fuzzcli-" + Guid.NewGuid().ToString("N"));

    public FuzzCliTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AFailureExitsOneAndItsMinimalFileReplaysWithTheSameHash()
    {
        var outDir = Path.Combine(_dir, "fz");
        var (code, stdout, stderr) = Invoke("fuzz", Path.Combine(RepoPaths.Scenarios, "fragile.yaml"), "--runs", "1", "--out", outDir);
        Assert.Equal(1, code);
        Assert.Contains("runs 1/1, failures 1", stderr, StringComparison.Ordinal);
        Assert.Contains("first failure: seed 5, run 0\n", stdout, StringComparison.Ordinal);
        var minimal = Path.Combine(outDir, "minimal-failure.yaml");
        Assert.Contains("replay: clustersim run " + minimal + "\n", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "fuzz-summary.md")));
        var hash = stdout.Split('\n').Single(l => l.StartsWith("  trace sha256:", StringComparison.Ordinal)).Trim();
        var fail = stdout.Split('\n').Single(l => l.StartsWith("  FAIL", StringComparison.Ordinal));

        var (replayCode, replayOut, _) = Invoke("run", minimal, "--out", Path.Combine(_dir, "replay"));
        Assert.Equal(1, replayCode);
        Assert.Equal(hash, replayOut.TrimEnd('\n').Split('\n')[^1]);
        // The same expectation fails with the same value, though its location is now the minimal file's.
        var failure = fail[fail.IndexOf("  always:", StringComparison.Ordinal)..];
        Assert.Contains(failure + "\n", replayOut, StringComparison.Ordinal);
    }

    [Fact]
    public void TheOutputIsTheSameWhateverTheNumberOfJobs()
    {
        // The same --out for both, so even the paths printed match; the directory is emptied in between so
        // the second session cannot pass on the first one's files.
        var outDir = Path.Combine(_dir, "jobs");
        (int Code, string Stdout, string Stderr, string Summary, string Minimal) Session(string jobs)
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }

            var (code, stdout, stderr) = Invoke("fuzz", Path.Combine(RepoPaths.Scenarios, "fragile.yaml"), "--runs", "40", "--out", outDir, "--jobs", jobs);
            return (code, stdout, stderr, File.ReadAllText(Path.Combine(outDir, "fuzz-summary.md")), File.ReadAllText(Path.Combine(outDir, "minimal-failure.yaml")));
        }

        var one = Session("1");
        var two = Session("2");
        Assert.Equal(1, one.Code);
        // Several failures, so the first failure and the count depend on the delivery order being the index order.
        Assert.Matches(@"40 runs, [1-9][0-9]* failed\n", one.Stdout);
        Assert.Contains("runs 40/40, failures ", one.Stderr, StringComparison.Ordinal);
        Assert.Equal(one, two);
    }

    [Fact]
    public void ARobustScenarioExitsZero()
    {
        var scenario = Write("robust.yaml", """
            apiVersion: clustersim.io/v1alpha1
            kind: Scenario
            metadata: {name: robust}
            spec:
              duration: 2m
              nodes: [{name: n, count: 2, capacity: {cpu: "1", memory: 1Gi}, zones: [a, b]}]
              manifests:
                - inline: |
                    apiVersion: v1
                    kind: ReplicationController
                    metadata: {name: web}
                    spec:
                      replicas: 1
                      selector: {app: web}
                      template:
                        metadata: {labels: {app: web}}
                        spec: {containers: [{name: web, image: nginx}]}
              expect:
                - always: true
                  that: rc/web.spec.replicas == 1
            """);
        var outDir = Path.Combine(_dir, "robust");
        var (code, stdout, _) = Invoke("fuzz", scenario, "--runs", "3", "--seed", "2", "--out", outDir);
        Assert.Equal(0, code);
        Assert.Contains("fuzz robust (seed 2): 3 runs, 0 failed\nno failure found\n", stdout, StringComparison.Ordinal);
        Assert.Contains("- failures: 0\n", File.ReadAllText(Path.Combine(outDir, "fuzz-summary.md")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outDir, "minimal-failure.yaml")));
    }

    [Fact]
    public void BadInputExitsTwoWithFileLineColumnAndSimulatesNothing()
    {
        var bad = Write("bad.yaml", """
            apiVersion: clustersim.io/v1alpha1
            kind: Scenario
            metadata: {name: bad}
            spec:
              duration: soon
            """);
        var outDir = Path.Combine(_dir, "never");
        var (code, _, stderr) = Invoke("fuzz", bad, "--out", outDir);
        Assert.Equal(2, code);
        Assert.Contains(bad + ":5:13: error:", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));

        var (missing, _, missingErr) = Invoke("fuzz", Path.Combine(_dir, "nope.yaml"));
        Assert.Equal(2, missing);
        Assert.Contains("nope.yaml:1:1: error: scenario file not found", missingErr, StringComparison.Ordinal);
        Assert.Equal(2, Invoke("fuzz", bad, "--runs", "0").Code);
        Assert.Equal(2, Invoke("fuzz", bad, "--runs", "many").Code);
        var (zeroJobs, _, zeroJobsErr) = Invoke("fuzz", bad, "--jobs", "0");
        Assert.Equal(2, zeroJobs);
        Assert.Contains("clustersim: --jobs: must be at least 1\n", zeroJobsErr, StringComparison.Ordinal);
        Assert.Equal(2, Invoke("fuzz", bad, "--jobs", "all").Code);
        Assert.Equal(2, Invoke("fuzz").Code);
        Assert.Equal(2, Invoke("fuzz", bad, "--frobnicate").Code);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Stdout, string Stderr) Invoke(params string[] args) => CliInvoker.Invoke(args);
}
