using ClusterSim.Scenarios;

namespace ClusterSim.Tests.Scenarios;

/// <summary>One test per kind of bad input: the message, and the exact line and column it points at.</summary>
public sealed class BadInputTests : IDisposable
{
    private static readonly string[] Head =
    [
        "apiVersion: clustersim.io/v1alpha1", // 1
        "kind: Scenario",                      // 2
        "metadata:",                           // 3
        "  name: bad-input",                   // 4
        "spec:",                               // 5
        "  duration: 30m",                     // 6
    ];

    private static readonly string[] WorkerPool =
    [
        "  nodes:",
        "    - name: worker",
        "      count: 3",
        "      capacity: {cpu: \"4\", memory: 8Gi}",
        "      zones: [zone-a, zone-b]",
    ];

    private static readonly string[] WebRc =
    [
        "apiVersion: v1",                 // 1
        "kind: ReplicationController",    // 2
        "metadata:",                      // 3
        "  name: web",                    // 4
        "spec:",                          // 5
        "  replicas: 2",                  // 6
        "  selector:",                    // 7
        "    app: web",                   // 8
        "  template:",                    // 9
        "    metadata:",                  // 10
        "      labels:",                  // 11
        "        app: web",               // 12
        "    spec:",                      // 13
        "      containers:",              // 14
        "      - name: web",              // 15
        "        image: nginx:1.25",      // 16
    ];

    /// <summary>A Service for load entries to target (a load target must exist).</summary>
    private static readonly string[] WebService =
    [
        "  manifests:",
        "    - inline: |",
        "        apiVersion: v1",
        "        kind: Service",
        "        metadata: {name: web}",
        "        spec: {ports: [{port: 80}], selector: {app: web}}",
    ];

    private readonly TestFiles _files = TestFiles.Create();

    public void Dispose() => _files.Dispose();

    private LoadResult Load(params string[] specLines) => ScenarioLoader.Load(_files.Write("scenario.yaml", [.. Head, .. specLines]));

    private static void AssertError(LoadResult result, string file, int line, int column, string message)
    {
        Assert.Null(result.Scenario);
        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, file, line, column, message);
    }

    [Fact]
    public void MalformedYamlReportsTheParsersPosition()
    {
        var result = Load(
            "  seed: 1",              // 7
            "   sampleEvery: 15s");   // 8: indented one more than seed

        AssertError(result, "scenario.yaml", 8, 15, "invalid YAML: while scanning a plain scalar value, found invalid mapping");
    }

    [Fact]
    public void UnclosedFlowSequenceNamesTheBracket()
    {
        var result = Load(
            "  nodes: [",      // 7
            "  images: {}");   // 8

        AssertError(result, "scenario.yaml", 8, 3, "invalid YAML: unexpected text inside the [ opened at line 7, column 10 (is it closed?)");
    }

    [Fact]
    public void DurationInWordsIsAnError()
    {
        var path = _files.Write("scenario.yaml", "apiVersion: clustersim.io/v1alpha1", "kind: Scenario", "metadata:", "  name: words", "spec:", "  duration: 5 minutes");

        var result = ScenarioLoader.Load(path);

        AssertError(result, "scenario.yaml", 6, 13, "spec.duration: time: unknown unit \" minutes\" in duration \"5 minutes\" (expected a duration such as 500ms, 90s, 1m30s, 2h)");
    }

    [Fact]
    public void NegativeReplicasInAnInlineManifestPointIntoTheScenario()
    {
        var result = Load(
            "  manifests:",                             // 7
            "    - inline: |",                          // 8
            "        apiVersion: v1",                   // 9
            "        kind: ReplicationController",      // 10
            "        metadata: {name: web}",            // 11
            "        spec:",                            // 12
            "          replicas: -1",                   // 13
            "          selector: {app: web}",           // 14
            "          template:",                      // 15
            "            metadata: {labels: {app: web}}", // 16
            "            spec:",                        // 17
            "              containers: [{name: web, image: nginx}]"); // 18

        AssertError(result, "scenario.yaml", 13, 11, "ReplicationController \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0");
    }

    [Fact]
    public void SelectorNotMatchingTemplateLabels()
    {
        string[] rc = [.. WebRc];
        rc[11] = "        app: webx";
        _files.Write("manifests/web-rc.yaml", rc);

        var result = Load("  manifests:", "    - file: manifests/web-rc.yaml");

        AssertError(result, "web-rc.yaml", 11, 7, "ReplicationController \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"webx\"}: `selector` does not match template `labels`");
    }

    [Fact]
    public void MissingReferencedFileIsAnErrorAtTheReference()
    {
        var result = Load(
            "  manifests:",                              // 7
            "    - file: manifests/missing.yaml");       // 8

        AssertError(result, "scenario.yaml", 8, 13, "file \"manifests/missing.yaml\" not found (paths are relative to the scenario file)");
    }

    [Fact]
    public void MissingKubectlFileIsAnErrorAtItsColumn()
    {
        var result = Load(
            "  timeline:",                                         // 7
            "    - at: 0s",                                        // 8
            "      run: kubectl apply -f manifests/missing.yaml"); // 9

        AssertError(result, "scenario.yaml", 9, 29, "the path \"manifests/missing.yaml\" does not exist");
    }

    [Fact]
    public void AliasBombFailsFastWithAClearError()
    {
        string lol = "[" + string.Join(",", Enumerable.Repeat("\"lol\"", 9)) + "]";
        var lines = new List<string> { "a: &a " + lol };
        for (char c = 'b'; c <= 'i'; c++)
        {
            char prev = (char)(c - 1);
            lines.Add($"{c}: &{c} [" + string.Join(",", Enumerable.Repeat("*" + prev, 9)) + "]");
        }

        var path = _files.Write("bomb.yaml", [.. lines]);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = ScenarioLoader.Load(path);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        // Line 6 is "f: &f [*e,...]"; its first *e (66430 nodes) takes the document past the limit.
        AssertError(result, "bomb.yaml", 6, 8, "document contains excessive aliasing: expanding alias \"*e\" takes the document past 100000 nodes (a YAML alias bomb?)");
    }

    [Fact]
    public void AliasBombInAManifestFile()
    {
        _files.Write(
            "manifests/bomb.yaml",
            "apiVersion: v1",
            "kind: Pod",
            "metadata: {name: bomb, labels: &l0 {a: b}}",
            "x1: &l1 [*l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0]",
            "x2: &l2 [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]",
            "x3: &l3 [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]",
            "x4: &l4 [*l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3]",
            "x5: &l5 [*l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4]",
            "x6: &l6 [*l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5]",
            "x7: &l7 [*l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6]");

        var result = Load("  manifests:", "    - file: manifests/bomb.yaml");

        var d = Assert.Single(result.Errors);
        Assert.Equal("bomb.yaml", Path.GetFileName(d.Location.File));
        Assert.StartsWith("document contains excessive aliasing", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AliasToAnEnclosingAnchorIsRefused()
    {
        var result = ScenarioLoader.Load(_files.Write("cycle.yaml", "a: &x [1, *x]"));

        AssertError(result, "cycle.yaml", 1, 11, "anchor \"x\" value contains itself");
    }

    [Fact]
    public void UnknownEnvelopeKeyIsAnError()
    {
        var result = Load("  sampleEvry: 15s"); // 7

        AssertError(result, "scenario.yaml", 7, 3, "unknown field \"sampleEvry\" in spec (expected one of: seed, duration, sampleEvery, controlPlane, nodes, images, manifests, load, timeline, expect)");
    }

    [Fact]
    public void UnknownTopLevelKeyIsAnError()
    {
        var path = _files.Write("scenario.yaml", [.. Head, "status: {}"]);

        var result = ScenarioLoader.Load(path);

        AssertError(result, "scenario.yaml", 7, 1, "unknown field \"status\" in the scenario (expected one of: apiVersion, kind, metadata, spec)");
    }

    [Fact]
    public void DuplicateKeysAreErrors()
    {
        var result = Load("  seed: 1", "  seed: 2"); // 7, 8

        AssertError(result, "scenario.yaml", 8, 3, "mapping key \"seed\" already defined at line 7");
    }

    [Fact]
    public void UnknownManifestFieldIsOnlyAWarning()
    {
        string[] rc = [.. WebRc[..6], "  strategy: Recreate", .. WebRc[6..]];
        _files.Write("manifests/web-rc.yaml", rc);

        var result = Load("  manifests:", "    - file: manifests/web-rc.yaml");

        Assert.NotNull(result.Scenario);
        TestFiles.AssertSingle(result.Diagnostics, Severity.Warning, "web-rc.yaml", 7, 3, "unknown field \"spec.strategy\" in ReplicationController");
        var rcObject = Assert.Single(result.Scenario.Manifests).Object;
        Assert.Equal(["spec.strategy: Recreate"], rcObject.UnknownFields);
    }

    [Fact]
    public void BadQuantityIsAnErrorAtTheValue()
    {
        string[] rc = [.. WebRc, "        resources:", "          limits: {cpu: 1.5.5, memory: 1Gi}"]; // 17, 18
        _files.Write("manifests/web-rc.yaml", rc);

        var result = Load("  manifests:", "    - file: manifests/web-rc.yaml");

        AssertError(result, "web-rc.yaml", 18, 25, "spec.template.spec.containers[0].resources.limits.cpu: invalid quantity \"1.5.5\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }

    [Fact]
    public void WrongTypeIsAnError()
    {
        string[] rc = [.. WebRc];
        rc[5] = "  replicas: \"abc\"";
        _files.Write("manifests/web-rc.yaml", rc);

        var result = Load("  manifests:", "    - file: manifests/web-rc.yaml");

        AssertError(result, "web-rc.yaml", 6, 13, "spec.replicas: expected an integer, got string \"abc\"");
    }

    [Fact]
    public void UnsupportedKindAndVersion()
    {
        // Kubernetes' own groups: a kind no one serves, a served kind in a version no one serves, and kinds Kubernetes
        // serves that change what runs (refused rather than kept); a custom resource's group is kept (with a warning).
        _files.Write("manifests/widget.yaml", "apiVersion: v1", "kind: Widget", "metadata: {name: x}");
        _files.Write("manifests/rs.yaml", "apiVersion: apps/v2", "kind: ReplicaSet", "metadata: {name: x}");
        _files.Write("manifests/ds.yaml", "apiVersion: apps/v1", "kind: DaemonSet", "metadata: {name: x}");
        _files.Write("manifests/job.yaml", "apiVersion: batch/v1", "kind: Job", "metadata: {name: x}");
        _files.Write("manifests/quota.yaml", "apiVersion: v1", "kind: ResourceQuota", "metadata: {name: x}");

        var result = Load(
            "  manifests:",
            "    - file: manifests/widget.yaml",
            "    - file: manifests/rs.yaml",
            "    - file: manifests/ds.yaml",
            "    - file: manifests/job.yaml",
            "    - file: manifests/quota.yaml");

        Assert.Collection(
            result.Diagnostics,
            d => TestFiles.AssertDiagnostic(d, Severity.Error, "widget.yaml", 2, 7, "no matches for kind \"Widget\" in version \"v1\""),
            d => TestFiles.AssertDiagnostic(d, Severity.Error, "rs.yaml", 1, 13, "no matches for kind \"ReplicaSet\" in version \"apps/v2\""),
            d => TestFiles.AssertDiagnostic(d, Severity.Error, "ds.yaml", 2, 7, "kind \"DaemonSet\" is not simulated yet, and it is refused rather than kept because it changes what runs (it runs a pod on every eligible node)"),
            d => TestFiles.AssertDiagnostic(d, Severity.Error, "job.yaml", 2, 7, "kind \"Job\" is not simulated yet, and it is refused rather than kept because it changes what runs (it creates pods that run to completion)"),
            d => TestFiles.AssertDiagnostic(d, Severity.Error, "quota.yaml", 2, 7, "kind \"ResourceQuota\" is not simulated yet, and it is refused rather than kept because it changes what runs (it refuses pods over the quota)"));
    }

    [Fact]
    public void UnknownKubectlVerb()
    {
        var result = Load(
            "  timeline:",                   // 7
            "    - at: 1m",                  // 8
            "      run: kubectl foo rc");    // 9

        AssertError(result, "scenario.yaml", 9, 20, "unknown command \"foo\" for \"kubectl\"");
    }

    [Fact]
    public void KubectlErrorInsideAQuotedRunPointsAtTheColumn()
    {
        var result = Load(
            "  timeline:",                                          // 7
            "    - at: 2m",                                         // 8
            "      run: \"kubectl scale rc web --replicas=abc\"");  // 9

        AssertError(result, "scenario.yaml", 9, 45, "invalid argument \"abc\" for \"--replicas\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax");
    }

    [Fact]
    public void UnknownNodeInAFault()
    {
        var result = Load([
            .. WorkerPool,                       // 7-11
            "  timeline:",                       // 12
            "    - at: 5m",                      // 13
            "      fault: node-crash worker-9"]); // 14

        AssertError(result, "scenario.yaml", 14, 25, "node \"worker-9\" is not declared by the scenario (nodes: worker-1, worker-2, worker-3)");
    }

    [Fact]
    public void UnknownZoneInAFault()
    {
        var result = Load([.. WorkerPool, "  timeline:", "    - at: 5m", "      fault: zone-outage zone-c"]);

        AssertError(result, "scenario.yaml", 14, 26, "zone \"zone-c\" is not declared by the scenario (zones: zone-a, zone-b)");
    }

    [Fact]
    public void BadDurationInsideTheContractsUnquotedRandomFault()
    {
        var result = Load([.. WorkerPool, "  timeline:", "    - at: 6m", "      fault: random-node-crash {mtbf: 6h, mttr: 20 minutes}"]);

        AssertError(result, "scenario.yaml", 14, 49, "mttr: time: unknown unit \" minutes\" in duration \"20 minutes\" (expected a duration such as 500ms, 90s, 1m30s, 2h)");
    }

    [Fact]
    public void CordonOfAnUnknownNode()
    {
        var result = Load([.. WorkerPool, "  timeline:", "    - at: 5m", "      run: kubectl drain worker-7 --ignore-daemonsets"]);

        AssertError(result, "scenario.yaml", 14, 26, "nodes \"worker-7\" not found (the scenario declares nodes worker-1, worker-2, worker-3)");
    }

    [Fact]
    public void BadThatExpression()
    {
        var result = Load(
            "  expect:",                                                              // 7
            "    - at: 6m",                                                           // 8
            "      that: deployment/frontend.status.availableReplicas => 3");        // 9

        AssertError(result, "scenario.yaml", 9, 58, "unknown operator \"=>\" (expected ==, !=, <, <=, >, >=)");
    }

    [Fact]
    public void UnquotedStringInThat()
    {
        var result = Load("  expect:", "    - at: 6m", "      that: rc/web.status.conditions[Ready].status == True");

        AssertError(result, "scenario.yaml", 9, 55, "expected a number, a quoted string, a quantity or KIND/NAME.FIELD, got \"True\" (quote strings: \"True\")");
    }

    [Fact]
    public void UnknownKindInThat()
    {
        var result = Load("  expect:", "    - at: 6m", "      that: 'development/foo/web.status.x == 1'");

        AssertError(result, "scenario.yaml", 9, 26, "the server doesn't have a resource type \"foo\"");
    }

    [Fact]
    public void InvalidScenarioName()
    {
        var path = _files.Write("scenario.yaml", "apiVersion: clustersim.io/v1alpha1", "kind: Scenario", "metadata:", "  name: My_Scenario", "spec:", "  duration: 1m");

        var result = ScenarioLoader.Load(path);

        AssertError(result, "scenario.yaml", 4, 9, "metadata.name: invalid name \"My_Scenario\": use lower case letters, digits and '-' ([a-z0-9-]+)");
    }

    [Fact]
    public void MissingDuration()
    {
        var path = _files.Write("scenario.yaml", "apiVersion: clustersim.io/v1alpha1", "kind: Scenario", "metadata: {name: x}", "spec:", "  seed: 3");

        var result = ScenarioLoader.Load(path);

        AssertError(result, "scenario.yaml", 4, 1, "spec.duration is required (virtual time to simulate, e.g. duration: 30m)");
    }

    [Fact]
    public void BadCsvRowIsReportedInTheCsvFile()
    {
        _files.Write("traces/rps.csv", "time_s,rps", "0,10", "60,lots");
        var result = Load([
            "  load:",
            "    - target: service/web",
            "      rps:",
            "        - csv: traces/rps.csv",
            .. WebService]);

        var error = Assert.Single(result.Errors);
        TestFiles.AssertDiagnostic(error, Severity.Error, "rps.csv", 3, 4, "rps: expected a number, got \"lots\"");
    }

    [Fact]
    public void UnknownRpsComponent()
    {
        var result = Load([
            "  load:",                       // 7
            "    - target: service/web",     // 8
            "      rps:",                    // 9
            "        - square: {rps: 3}",    // 10
            .. WebService]);

        var error = Assert.Single(result.Errors);
        TestFiles.AssertDiagnostic(error, Severity.Error, "scenario.yaml", 10, 11, "unknown rps component \"square\" (expected one of: constant, ramp, steps, sine, spike, csv)");
    }

    [Fact]
    public void NamespaceMustExistBeforeItsObjects()
    {
        var result = Load(
            "  manifests:",
            "    - file: " + TestFiles.Data("book", "busybox-development.yaml"),
            "    - file: " + TestFiles.Data("book", "development-ns.yaml"));

        Assert.Null(result.Scenario);
        TestFiles.AssertSingle(result.Errors, Severity.Error, "busybox-development.yaml", 1, 1, "namespaces \"development\" not found (list the Namespace's manifest before this Pod)");
    }

    [Fact]
    public void MissingScenarioFile()
    {
        var result = ScenarioLoader.Load(Path.Combine(_files.Root, "nope.yaml"));

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(0, d.Location.Line);
        Assert.EndsWith("nope.yaml: error: file \"" + Path.Combine(_files.Root, "nope.yaml") + "\" not found", d.ToString(), StringComparison.Ordinal);
    }
}
