using System.Globalization;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Controllers.PodAutoscaler;
using ClusterSim.Sim.Metrics;

namespace ClusterSim.Tests.PodAutoscaler;

/// <summary>
/// replica_calculator_test.go replicaCalcTestCase, for Resource metrics: currentReplicas pods (or as many as
/// phases are given) named test-pod-N with two containers, each requesting requests[N] and using levels[N], so a
/// pod's request and usage are twice those numbers (numContainersPerPod). Readiness defaults to True, phase to
/// Running, start time and readiness transition to the distant past (Go's zero time; here t=0 with
/// <see cref="Now"/> an hour later).
/// </summary>
public sealed record ReplicaCalcCase
{
    /// <summary>The test's time.Now().</summary>
    public static readonly TimeSpan Now = TimeSpan.FromHours(1);

    /// <summary>replica_calculator_test.go numContainersPerPod.</summary>
    public const int NumContainersPerPod = 2;

    /// <summary>horizontal_test.go hotCPUCreationTime: a pod that has just started.</summary>
    public static TimeSpan Hot => Now;

    /// <summary>horizontal_test.go coolCPUCreationTime: started three minutes ago, past the cpu initialization period.</summary>
    public static TimeSpan Cool => Now - TimeSpan.FromMinutes(3);

    public int CurrentReplicas { get; init; }

    public int ExpectedReplicas { get; init; }

    public string? ExpectedError { get; init; }

    public string Resource { get; init; } = ResourceNames.Cpu;

    public string[] Requests { get; init; } = [];

    public long[] Levels { get; init; } = [];

    public string[] PodNames { get; init; } = [];

    public int TargetUtilization { get; init; }

    public int ExpectedUtilization { get; init; }

    public long ExpectedValue { get; init; }

    public string[]? PodReadiness { get; init; }

    public TimeSpan[]? PodStartTime { get; init; }

    public string[]? PodPhase { get; init; }

    public bool[]? PodDeletionTimestamp { get; init; }

    /// <summary>replica_calculator_test.go prepareTestClientSet's pods.</summary>
    public List<Pod> Pods()
    {
        int podsCount = CurrentReplicas;
        if (PodPhase is not null && PodPhase.Length > podsCount)
        {
            // Failed pods are not included in currentReplicas.
            podsCount = PodPhase.Length;
        }

        var pods = new List<Pod>();
        for (int i = 0; i < podsCount; i++)
        {
            var pod = new Pod
            {
                Metadata = { Name = "test-pod-" + i.ToString(CultureInfo.InvariantCulture), Namespace = "test-namespace" },
                Spec = { Containers = [new Container { Name = "container1" }, new Container { Name = "container2" }] },
                Status =
                {
                    Phase = PodPhase?[i] ?? "Running",
                    StartTime = PodStartTime?[i] ?? TimeSpan.Zero,
                    Conditions = [new PodCondition { Type = "Ready", Status = PodReadiness is not null && i < PodReadiness.Length ? PodReadiness[i] : "True" }],
                },
            };
            pod.Metadata.Labels["name"] = "test-pod";
            if (PodDeletionTimestamp?[i] == true)
            {
                pod.Metadata.DeletionTimestamp = Now;
            }

            if (i < Requests.Length)
            {
                foreach (var c in pod.Spec.Containers)
                {
                    c.Resources.Requests[Resource] = Quantity.Parse(Requests[i]);
                }
            }

            pods.Add(pod);
        }

        return pods;
    }

    /// <summary>replica_calculator_test.go prepareTestMetricsClient: each level for both containers, a one-minute window.</summary>
    public FakeResourceMetricsClient Metrics()
    {
        var metrics = new SortedDictionary<string, PodMetric>(StringComparer.Ordinal);
        for (int i = 0; i < Levels.Length; i++)
        {
            string name = i < PodNames.Length ? PodNames[i] : "test-pod-" + i.ToString(CultureInfo.InvariantCulture);
            metrics[name] = new PodMetric(TimeSpan.Zero, TimeSpan.FromMinutes(1), NumContainersPerPod * Levels[i]);
        }

        return new FakeResourceMetricsClient(metrics);
    }

    /// <summary>replica_calculator_test.go runTest for a resource: GetResourceReplicas with the default testing tolerance and periods.</summary>
    public void Run()
    {
        var calculator = new ReplicaCalculator(Metrics(), 0.1, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10));
        var result = calculator.GetResourceReplicas(CurrentReplicas, TargetUtilization, Resource, "test-namespace", Selector.Parse("name=test-pod"), Pods(), Now);
        if (ExpectedError is not null)
        {
            Assert.NotNull(result.Error);
            Assert.Contains(ExpectedError, result.Error, StringComparison.Ordinal);
            return;
        }

        Assert.Null(result.Error);
        Assert.Equal(ExpectedReplicas, result.Replicas);
        Assert.Equal(ExpectedUtilization, result.Utilization);
        Assert.Equal(ExpectedValue, result.RawUtilization);
        Assert.Equal(TimeSpan.Zero, result.Timestamp);
    }
}
