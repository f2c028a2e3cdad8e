using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Kubectl;

/// <summary>
/// kubectl get pdb, describe pdb and -o yaml on hand-built PodDisruptionBudgets with hand-set statuses (no disruption
/// controller runs). The expected tables follow printers.go's podDisruptionBudgetColumnDefinitions and
/// printPodDisruptionBudget, the descriptions describe.go's describePodDisruptionBudgetV1 and DescribeEvents, laid out
/// by tabwriter as kubectl does (tables: padding 3; describe: padding 2), the YAML k8s.io/api/policy/v1 types.go.
/// </summary>
public class PdbPrinterTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    private static string Get(KubectlFixture f, string[] kinds, string? name = null, string? ns = null, bool all = false, string output = "", string? selector = null) =>
        GetPrinter.Get(f.View(FiveMinutes), kinds, name, ns, all, output, selector);

    private static string Describe(KubectlFixture f, string? name, string? ns = null) =>
        DescribePrinter.Describe(f.View(FiveMinutes), "PodDisruptionBudget", name, ns);

    private static PodDisruptionBudget Pdb(string name, string ns = "default", IntOrString? minAvailable = null, IntOrString? maxUnavailable = null, LabelSelector? selector = null) => new()
    {
        Metadata = { Name = name, Namespace = ns },
        Spec = { MinAvailable = minAvailable, MaxUnavailable = maxUnavailable, Selector = selector },
    };

    private static LabelSelector MatchLabels(string key, string value) => new() { MatchLabels = { [key] = value } };

    /// <summary>The DisruptionAllowed condition as the controller's UpdateDisruptionAllowedCondition writes it (no message).</summary>
    private static PodDisruptionBudgetCondition DisruptionAllowed(bool allowed, TimeSpan since) => new()
    {
        Type = PodDisruptionBudgetConstants.DisruptionAllowedCondition,
        Status = allowed ? "True" : "False",
        ObservedGeneration = 1,
        LastTransitionTime = since,
        Reason = allowed ? PodDisruptionBudgetConstants.SufficientPodsReason : PodDisruptionBudgetConstants.InsufficientPodsReason,
    };

    /// <summary>
    /// coredns in kube-system at 0 (minAvailable 50%, empty selector); web at 1m (minAvailable 2, app=web; 3 of 3
    /// healthy, 1 disruption allowed); api at 3m (maxUnavailable 25%, tier in (api,backend); 1 of 4 healthy, none allowed).
    /// </summary>
    private static (KubectlFixture F, PodDisruptionBudget Web, PodDisruptionBudget Api) Fixture()
    {
        var f = new KubectlFixture();
        var coredns = f.Api.Create(Pdb("coredns", "kube-system", minAvailable: IntOrString.FromString("50%"), selector: new LabelSelector()));
        coredns.Status = new PodDisruptionBudgetStatus { ObservedGeneration = 1, DisruptionsAllowed = 1, CurrentHealthy = 2, DesiredHealthy = 1, ExpectedPods = 2 };

        f.At(TimeSpan.FromMinutes(1));
        var web = Pdb("web", minAvailable: IntOrString.FromInt(2), selector: MatchLabels("app", "web"));
        web.Metadata.Labels["app"] = "web";
        f.Api.Create(web);
        web.Status = new PodDisruptionBudgetStatus
        {
            ObservedGeneration = 1,
            DisruptionsAllowed = 1,
            CurrentHealthy = 3,
            DesiredHealthy = 2,
            ExpectedPods = 3,
            Conditions = [DisruptionAllowed(true, TimeSpan.FromSeconds(90))],
        };

        f.At(TimeSpan.FromMinutes(3));
        var api = Pdb("api", maxUnavailable: IntOrString.FromString("25%"), selector: new LabelSelector
        {
            MatchExpressions = [new LabelSelectorRequirement("tier", LabelSelectorOperator.In, ["backend", "api"])],
        });
        api.Metadata.Labels["app"] = "api";
        api.Spec.UnhealthyPodEvictionPolicy = PodDisruptionBudgetConstants.AlwaysAllow;
        f.Api.Create(api);
        api.Status = new PodDisruptionBudgetStatus
        {
            ObservedGeneration = 1,
            DisruptedPods = new(StringComparer.Ordinal) { ["api-x2"] = TimeSpan.FromSeconds(250.5), ["api-a1"] = TimeSpan.FromMinutes(4) },
            DisruptionsAllowed = 0,
            CurrentHealthy = 1,
            DesiredHealthy = 3,
            ExpectedPods = 4,
            Conditions = [DisruptionAllowed(false, TimeSpan.FromMinutes(4))],
        };
        return (f, web, api);
    }

    /// <summary>TestPrintPodDisruptionBudget (pkg/printers/internalversion/printers_test.go): pdb1 minAvailable 22, pdb2 maxUnavailable 11, both 5 allowed, 0s old.</summary>
    [Fact]
    public void PortedPrinterTable()
    {
        var f = new KubectlFixture();
        f.At(FiveMinutes);
        f.Api.Create(Pdb("pdb1", minAvailable: IntOrString.FromInt(22))).Status.DisruptionsAllowed = 5;
        f.Api.Create(Pdb("pdb2", maxUnavailable: IntOrString.FromInt(11))).Status.DisruptionsAllowed = 5;

        Assert.Equal(
            Lines(
                "NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE",
                "pdb1   22              N/A               5                     0s",
                "pdb2   N/A             11                5                     0s"),
            Get(f, ["PodDisruptionBudget"]));
    }

    [Fact]
    public void GetListsTheNamespaceByName()
    {
        var (f, _, _) = Fixture();
        var table = Lines(
            "NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE",
            "api    N/A             25%               0                     2m",
            "web    2               N/A               1                     4m");

        Assert.Equal(table, Get(f, ["PodDisruptionBudget"]));

        // podDisruptionBudgetColumnDefinitions has no priority-1 column: -o wide prints the same table.
        Assert.Equal(table, Get(f, ["PodDisruptionBudget"], output: "wide"));
    }

    [Fact]
    public void GetByNameBySelectorAndInANamespace()
    {
        var (f, _, _) = Fixture();

        Assert.Equal(
            Lines(
                "NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE",
                "web    2               N/A               1                     4m"),
            Get(f, ["PodDisruptionBudget"], "web"));
        Assert.Equal(
            Lines(
                "NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE",
                "api    N/A             25%               0                     2m"),
            Get(f, ["PodDisruptionBudget"], selector: "app=api"));
        Assert.Equal(
            Lines(
                "NAME      MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE",
                "coredns   50%             N/A               1                     5m"),
            Get(f, ["PodDisruptionBudget"], ns: "kube-system"));
        Assert.Equal("Error from server (NotFound): poddisruptionbudgets.policy \"db\" not found\n", Get(f, ["PodDisruptionBudget"], "db"));
    }

    [Fact]
    public void AllNamespacesAddsANamespaceColumn()
    {
        var (f, _, _) = Fixture();

        Assert.Equal(
            Lines(
                "NAMESPACE     NAME      MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE",
                "default       api       N/A             25%               0                     2m",
                "default       web       2               N/A               1                     4m",
                "kube-system   coredns   50%             N/A               1                     5m"),
            Get(f, ["PodDisruptionBudget"], all: true));
    }

    [Fact]
    public void BothUnsetPrintsNotApplicableTwice()
    {
        var f = new KubectlFixture();
        f.Api.Create(Pdb("bare"));

        Assert.Equal(
            Lines(
                "NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE",
                "bare   N/A             N/A               0                     5m"),
            Get(f, ["PodDisruptionBudget"]));
    }

    [Fact]
    public void NoResources()
    {
        var f = new KubectlFixture();

        Assert.Equal("No resources found in default namespace.\n", Get(f, ["PodDisruptionBudget"]));
        Assert.Equal("No resources found in kube-system namespace.\n", Get(f, ["PodDisruptionBudget"], ns: "kube-system"));
        Assert.Equal("No resources found\n", Get(f, ["PodDisruptionBudget"], all: true));
        Assert.Equal("No resources found in default namespace.\n", Describe(f, null));
    }

    [Fact]
    public void WithOtherKindsNamesArePrefixedWithTheGroup()
    {
        var (f, _, _) = Fixture();
        f.AddPod("web-1");

        Assert.Equal(
            Lines(
                "NAME        READY   STATUS    RESTARTS   AGE",
                "pod/web-1   0/1     Pending   0          2m",
                "",
                "NAME                             MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE",
                "poddisruptionbudget.policy/api   N/A             25%               0                     2m",
                "poddisruptionbudget.policy/web   2               N/A               1                     4m"),
            Get(f, ["Pod", "PodDisruptionBudget"]));
    }

    [Fact]
    public void GetAllLeavesBudgetsOut()
    {
        // kubectl's "all" category (pods, services, deployments, replicasets, replicationcontrollers, HPAs, ...) has no PodDisruptionBudget.
        Assert.True(KubectlCommandParser.TryParse("kubectl get all", out var all, out _));
        Assert.DoesNotContain("PodDisruptionBudget", all.Kinds);
        foreach (var spelling in new[] { "pdb", "poddisruptionbudgets", "poddisruptionbudget" })
        {
            Assert.True(KubectlCommandParser.TryParse($"kubectl get {spelling} -n kube-system", out var get, out var error), error?.Message);
            Assert.Equal(["PodDisruptionBudget"], get.Kinds);
        }

        Assert.True(KubectlCommandParser.TryParse("kubectl describe pdb web", out var describe, out _));
        Assert.Equal(["PodDisruptionBudget"], describe.Kinds);
        Assert.Equal("web", describe.Name);
    }

    /// <summary>describePodDisruptionBudgetV1 with minAvailable; "Events:" joins the Status block's columns as tabwriter lays it out.</summary>
    [Fact]
    public void DescribeMinAvailableWithoutEvents()
    {
        var (f, _, _) = Fixture();

        Assert.Equal(
            Lines(
                "Name:           web",
                "Namespace:      default",
                "Min available:  2",
                "Selector:       app=web",
                "Status:",
                "    Allowed disruptions:  1",
                "    Current:              3",
                "    Desired:              2",
                "    Total:                3",
                "Events:                   <none>"),
            Describe(f, "web"));
    }

    /// <summary>describePodDisruptionBudgetV1 with maxUnavailable and a set-based selector (values sorted by Requirement.String), then DescribeEvents.</summary>
    [Fact]
    public void DescribeMaxUnavailableWithEvents()
    {
        var (f, _, api) = Fixture();
        f.At(TimeSpan.FromSeconds(200));
        f.Events.Normal(api, "NoPods", "No matching pods found", "controllermanager");
        f.At(TimeSpan.FromMinutes(4));
        f.Events.Normal(api, "NoPods", "No matching pods found", "controllermanager");

        Assert.Equal(
            Lines(
                "Name:             api",
                "Namespace:        default",
                "Max unavailable:  25%",
                "Selector:         tier in (api,backend)",
                "Status:",
                "    Allowed disruptions:  0",
                "    Current:              1",
                "    Desired:              3",
                "    Total:                4",
                "Events:",
                "  Type    Reason  Age                 From               Message",
                "  ----    ------  ----                ----               -------",
                "  Normal  NoPods  60s (x2 over 100s)  controllermanager  No matching pods found"),
            Describe(f, "api"));
    }

    /// <summary>Neither minAvailable nor maxUnavailable: neither line; a nil selector is "&lt;unset&gt;", an empty one FormatLabelSelector's "&lt;none&gt;".</summary>
    [Fact]
    public void DescribeWithoutBudgetAndSelectors()
    {
        var (f, _, _) = Fixture();
        f.Api.Create(Pdb("bare"));

        Assert.Equal(
            Lines(
                "Name:       bare",
                "Namespace:  default",
                "Selector:   <unset>",
                "Status:",
                "    Allowed disruptions:  0",
                "    Current:              0",
                "    Desired:              0",
                "    Total:                0",
                "Events:                   <none>"),
            Describe(f, "bare"));
        Assert.Contains("\nSelector:       <none>\n", Describe(f, "coredns", "kube-system"), StringComparison.Ordinal);
    }

    [Fact]
    public void YamlWithAnIntegerMinAvailable()
    {
        var (f, web, _) = Fixture();

        Assert.Equal(
            Lines(
                "apiVersion: policy/v1",
                "kind: PodDisruptionBudget",
                "metadata:",
                "  creationTimestamp: \"2025-01-06T10:21:45Z\"",
                "  generation: 1",
                "  labels:",
                "    app: web",
                "  name: web",
                "  namespace: default",
                $"  resourceVersion: \"{web.Metadata.ResourceVersion}\"",
                $"  uid: {web.Metadata.Uid}",
                "spec:",
                "  minAvailable: 2",
                "  selector:",
                "    matchLabels:",
                "      app: web",
                "status:",
                "  conditions:",
                "  - lastTransitionTime: \"2025-01-06T10:22:15Z\"",
                "    message: \"\"",
                "    observedGeneration: 1",
                "    reason: SufficientPods",
                "    status: \"True\"",
                "    type: DisruptionAllowed",
                "  currentHealthy: 3",
                "  desiredHealthy: 2",
                "  disruptionsAllowed: 1",
                "  expectedPods: 3",
                "  observedGeneration: 1"),
            Get(f, ["PodDisruptionBudget"], "web", output: "yaml"));
    }

    [Fact]
    public void YamlWithAPercentMaxUnavailableDisruptedPodsAndAPolicy()
    {
        var (f, _, api) = Fixture();

        Assert.Equal(
            Lines(
                "apiVersion: policy/v1",
                "kind: PodDisruptionBudget",
                "metadata:",
                "  creationTimestamp: \"2025-01-06T10:23:45Z\"",
                "  generation: 1",
                "  labels:",
                "    app: api",
                "  name: api",
                "  namespace: default",
                $"  resourceVersion: \"{api.Metadata.ResourceVersion}\"",
                $"  uid: {api.Metadata.Uid}",
                "spec:",
                "  maxUnavailable: 25%",
                "  selector:",
                "    matchExpressions:",
                "    - key: tier",
                "      operator: In",
                "      values:",
                "      - backend",
                "      - api",
                "  unhealthyPodEvictionPolicy: AlwaysAllow",
                "status:",
                "  conditions:",
                "  - lastTransitionTime: \"2025-01-06T10:24:45Z\"",
                "    message: \"\"",
                "    observedGeneration: 1",
                "    reason: InsufficientPods",
                "    status: \"False\"",
                "    type: DisruptionAllowed",
                "  currentHealthy: 1",
                "  desiredHealthy: 3",
                "  disruptedPods:",
                "    api-a1: \"2025-01-06T10:24:45Z\"",
                "    api-x2: \"2025-01-06T10:24:55Z\"",
                "  disruptionsAllowed: 0",
                "  expectedPods: 4",
                "  observedGeneration: 1"),
            Get(f, ["PodDisruptionBudget"], "api", output: "yaml"));
    }

    /// <summary>A budget the controller has not synced: spec has no field set, the four counts are still written (no omitempty).</summary>
    [Fact]
    public void YamlOfAnEmptyUnsyncedBudget()
    {
        var f = new KubectlFixture();
        var bare = f.Api.Create(Pdb("bare"));

        Assert.Equal(
            Lines(
                "apiVersion: policy/v1",
                "kind: PodDisruptionBudget",
                "metadata:",
                "  creationTimestamp: \"2025-01-06T10:20:45Z\"",
                "  generation: 1",
                "  name: bare",
                "  namespace: default",
                $"  resourceVersion: \"{bare.Metadata.ResourceVersion}\"",
                $"  uid: {bare.Metadata.Uid}",
                "spec: {}",
                "status:",
                "  currentHealthy: 0",
                "  desiredHealthy: 0",
                "  disruptionsAllowed: 0",
                "  expectedPods: 0"),
            Get(f, ["PodDisruptionBudget"], "bare", output: "yaml"));
    }
}
