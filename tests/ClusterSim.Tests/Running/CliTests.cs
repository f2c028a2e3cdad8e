using ClusterSim.Cli;

namespace ClusterSim.Tests.Running;

/// <summary>The `clustersim` command line: exit codes, error format, nothing written on bad input.</summary>
[Collection(CliCollection.Name)]
public class CliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "clustersim-cli-" + Guid.NewGuid().ToString("N"));

    public CliTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void RunWritesOutputsAndEndsWithTheTraceHash()
    {
        var outDir = Path.Combine(_dir, "out");
        var (code, stdout, _) = Invoke("run", Path.Combine(RepoPaths.Scenarios, "namespaces.yaml"), "--out", outDir);
        Assert.Equal(0, code);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Matches("^trace sha256:[0-9a-f]{64}$", lines[^1]);
        foreach (var f in new[] { "transcript.txt", "events.csv", "timeseries.csv", "summary.md", "replicas.png" })
        {
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        }

        Assert.StartsWith("time_s,namespace,kind,name,type,reason,message,source\n", File.ReadAllText(Path.Combine(outDir, "events.csv")), StringComparison.Ordinal);
        Assert.StartsWith("time_s,kind,namespace,name,metric,value\n", File.ReadAllText(Path.Combine(outDir, "timeseries.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void FailedExpectationExitsOneWithLineTimeAndValue()
    {
        var scenario = Write("failing.yaml", """
            apiVersion: clustersim.io/v1alpha1
            kind: Scenario
            metadata: {name: failing}
            spec:
              duration: 1m
              nodes: [{name: n, count: 1, capacity: {cpu: "1", memory: 1Gi}}]
              manifests:
                - inline: |
                    apiVersion: v1
                    kind: ReplicationController
                    metadata: {name: web}
                    spec:
                      replicas: 2
                      selector: {app: web}
                      template:
                        metadata: {labels: {app: web}}
                        spec: {containers: [{name: web, image: nginx}]}
              expect:
                - at: 30s
                  that: rc/web.status.readyReplicas == 3
            """);
        var (code, stdout, _) = Invoke("run", scenario, "--out", Path.Combine(_dir, "o"));
        Assert.Equal(1, code);
        Assert.Contains("FAIL  " + scenario + ":19:7  at 30s: rc/web.status.readyReplicas == 3  (seen at 30s: 2)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void BadScenarioExitsTwoWithFileLineColumnAndWritesNothing()
    {
        var scenario = Write("bad.yaml", """
            apiVersion: clustersim.io/v1alpha1
            kind: Scenario
            metadata: {name: bad}
            spec:
              duration: 5 minutes
            """);
        var outDir = Path.Combine(_dir, "never");
        var (code, stdout, stderr) = Invoke("run", scenario, "--out", outDir);
        Assert.Equal(2, code);
        Assert.StartsWith(scenario + ":5:13: error: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal); // no stack trace
        Assert.Equal("", stdout);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void HpaWithMinAboveMaxExitsTwoAtMaxReplicas()
    {
        var scenario = Write("hpa.yaml", """
            apiVersion: clustersim.io/v1alpha1
            kind: Scenario
            metadata: {name: hpa}
            spec:
              duration: 5m
              manifests:
                - inline: |
                    apiVersion: autoscaling/v1
                    kind: HorizontalPodAutoscaler
                    metadata: {name: php-apache}
                    spec:
                      scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: php-apache}
                      minReplicas: 5
                      maxReplicas: 2
            """);
        var (code, stdout, stderr) = Invoke("validate", scenario);
        Assert.Equal(2, code);
        Assert.StartsWith(scenario + ":14:11: error: HorizontalPodAutoscaler \"php-apache\" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void MissingFileAndUnknownOptionExitTwo()
    {
        Assert.Equal(2, Invoke("run", Path.Combine(_dir, "nope.yaml")).Code);
        Assert.Equal(2, Invoke("run", "--frobnicate").Code);
        Assert.Equal(2, Invoke("launch").Code);
    }

    [Fact]
    public void ValidatePrintsOk()
    {
        var (code, stdout, _) = Invoke("validate", Path.Combine(RepoPaths.Scenarios, "mysql-myweb.yaml"));
        Assert.Equal(0, code);
        Assert.Equal("ok\n", stdout);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        return path;
    }

    private static (int Code, string Stdout, string Stderr) Invoke(params string[] args) => CliInvoker.Invoke(args);
}

/// <summary>CLI tests swap the process's console, so they do not run in parallel with each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class CliCollection
{
    public const string Name = "cli";
}
