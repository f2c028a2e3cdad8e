using ClusterSim.Scenarios;
using ClusterSim.Tests.Scenarios;

namespace ClusterSim.Tests.Load;

/// <summary>Bad load input is caught before the run, with the file, line and column.</summary>
public sealed class LoadLoaderTests : IDisposable
{
    private static readonly string[] Head =
    [
        "apiVersion: clustersim.io/v1alpha1", // 1
        "kind: Scenario",                      // 2
        "metadata: {name: load}",              // 3
        "spec:",                               // 4
        "  duration: 10m",                     // 5
        "  manifests:",                        // 6
        "    - inline: |",                     // 7
        "        apiVersion: v1",              // 8
        "        kind: Service",               // 9
        "        metadata: {name: web}",       // 10
        "        spec: {ports: [{port: 80}], selector: {app: web}}", // 11
        "  load:",                             // 12
    ];

    private readonly TestFiles _files = TestFiles.Create();

    public void Dispose() => _files.Dispose();

    private LoadResult Load(params string[] lines) => ScenarioLoader.Load(_files.Write("scenario.yaml", [.. Head, .. lines]));

    [Fact]
    public void ATargetNothingCreatesIsAnError()
    {
        var result = Load(
            "    - target: service/wbe",   // 13
            "      rps: [{constant: 5}]");
        Assert.Null(result.Scenario);
        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "scenario.yaml", 13, 15, "load target service/wbe does not exist: no manifest or timeline create/apply makes it");
    }

    [Fact]
    public void ATargetMadeByTheManifestsIsFine()
    {
        var result = Load(
            "    - target: svc/web",
            "      rps: [{constant: 5}]");
        Assert.NotNull(result.Scenario);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void ABadCsvRowNamesTheCsvFileAndLine()
    {
        _files.Write("traces/rps.csv", "time_s,rps", "0,10", "# a comment", "x,20");
        var result = Load(
            "    - target: service/web",
            "      rps: [{csv: traces/rps.csv}]");
        Assert.Null(result.Scenario);
        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "rps.csv", 4, 1, "time_s: expected a non-negative number of seconds, got \"x\"");
        Assert.StartsWith(Path.Combine(_files.Root, "traces", "rps.csv") + ":4:1: error:", result.Diagnostics[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingCsvFileIsAnError()
    {
        var result = Load(
            "    - target: service/web",          // 13
            "      rps: [{csv: traces/none.csv}]"); // 14
        Assert.Null(result.Scenario);
        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "scenario.yaml", 14, 19, "file \"traces/none.csv\" not found (paths are relative to the scenario file)");
    }
}
