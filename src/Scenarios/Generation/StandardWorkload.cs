using System.Globalization;
using System.Text;

namespace ClusterSim.Scenarios.Generation;

/// <summary>
/// The scale issue's standard workload, written as an ordinary scenario a user could have written: nodes of
/// 16 CPUs / 64Gi in three zones, Deployments of 30 pods at 100m, one of them ("shop") behind a Service with a
/// diurnal load and an HPA, one node crash (and its recovery an hour later) and one rolling update. At the
/// defaults it is 5,000 nodes and 150,000 pods over 24 h; smaller sizes keep the same shape (the same times,
/// the same crash, the same rollout), so a 200-node copy is a fast test of the same code paths.
/// <see cref="Files"/> gives the scenario file and the manifests file it names, by file name.
/// </summary>
public sealed record StandardWorkload(int Nodes = 5000, int Pods = 150_000, TimeSpan? Duration = null, long Seed = 1)
{
    /// <summary>Pods per Deployment, as in the benchmark.</summary>
    public const int PodsPerDeployment = 30;

    /// <summary>The file name of the scenario in <see cref="Files"/>.</summary>
    public const string ScenarioFileName = "standard.yaml";

    /// <summary>The file name of the manifests in <see cref="Files"/>.</summary>
    public const string ManifestsFileName = "workloads.yaml";

    /// <summary>When the node crashes (virtual time; 6h by default).</summary>
    public TimeSpan CrashAt { get; init; } = TimeSpan.FromHours(6);

    /// <summary>When the crashed node comes back (7h by default).</summary>
    public TimeSpan RecoverAt { get; init; } = TimeSpan.FromHours(7);

    /// <summary>When the rolling update starts (8h by default).</summary>
    public TimeSpan RolloutAt { get; init; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How often the time series samples every object (5 min by default): a day at 1 min would write 108 million
    /// rows (about 6 GB of timeseries.csv) at 5,000 nodes, longer to write than the whole day takes to simulate;
    /// at 5 min it is 288 samples, still more points per line than a plot draws.
    /// </summary>
    public TimeSpan SampleEvery { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The run's virtual length: 24 h unless given.</summary>
    public TimeSpan Length => Duration ?? TimeSpan.FromHours(24);

    /// <summary>Number of Deployments: the pods in groups of 30 (the last one may be smaller), at least two.</summary>
    public int Deployments => Math.Max(2, (Pods + PodsPerDeployment - 1) / PodsPerDeployment);

    /// <summary>The node that crashes: one in the middle of the pool, so not the first the scheduler fills.</summary>
    public string CrashedNode => "node-" + Int(Math.Max(1, Nodes / 2));

    /// <summary>The Deployment rolled out to a new image.</summary>
    public static string RolledOut => "app-1";

    /// <summary>The scenario and its manifests, by file name.</summary>
    public IReadOnlyList<(string Name, string Text)> Files() => [(ScenarioFileName, ScenarioText()), (ManifestsFileName, ManifestsText())];

    private string ScenarioText()
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"""
            apiVersion: clustersim.io/v1alpha1
            kind: Scenario
            metadata:
              name: standard-{Int(Nodes)}
              description: >-
                The scale benchmark's standard workload: {Int(Nodes)} nodes of 16 CPUs in three zones, {Int(Deployments)}
                Deployments of {PodsPerDeployment} pods at 100m, one of them (shop) behind a Service with a diurnal load
                and an HPA; {CrashedNode} crashes at {Go(CrashAt)} and comes back at {Go(RecoverAt)}; {RolledOut} rolls out a new image at {Go(RolloutAt)}.
            spec:
              seed: {Seed.ToString(CultureInfo.InvariantCulture)}
              duration: {Go(Length)}
              sampleEvery: {Go(SampleEvery)}
              nodes:
                - name: node
                  count: {Int(Nodes)}
                  zones: [a, b, c]
                  capacity: {"{"}cpu: "16", memory: 64Gi, pods: 110{"}"}
              images:
                example/app:1: {"{"}pullTime: 5s, startTime: 2s, readyAfter: 5s, cpu: {"{"}idle: 10m{"}"}, memory: 64Mi{"}"}
                example/app:2: {"{"}pullTime: 5s, startTime: 2s, readyAfter: 5s, cpu: {"{"}idle: 10m{"}"}, memory: 64Mi{"}"}
                example/shop:1: {"{"}pullTime: 10s, startTime: 2s, readyAfter: 10s, cpu: {"{"}idle: 20m, perRequest: 2ms{"}"}, memory: 300Mi{"}"}
              manifests:
                - file: {ManifestsFileName}
              load:
                - target: service/shop
                  rps:
                    - constant: 3000
                    # lowest at 02:00, highest at 14:00
                    - sine: {"{"}amplitude: 3000, period: 24h, phase: 16h{"}"}
                  noise: {"{"}distribution: normal, cv: 0.1, every: 1m{"}"}
              timeline:
                - at: {Go(CrashAt)}
                  fault: node-crash {CrashedNode}
                - at: {Go(RecoverAt)}
                  fault: node-recover {CrashedNode}
                - at: {Go(RolloutAt)}
                  run: kubectl set image deployment/{RolledOut} app=example/app:2
                - at: {Go(RolloutAt + TimeSpan.FromMinutes(10))}
                  run: kubectl rollout status deployment/{RolledOut}
                - at: {Go(RolloutAt + TimeSpan.FromMinutes(10))}
                  run: kubectl get hpa shop
              expect:
                - by: {Go(CrashAt + TimeSpan.FromMinutes(1))}
                  after: {Go(CrashAt)}
                  that: node/{CrashedNode}.status.conditions[Ready].status == "Unknown"
                # after the command has run (1s later): at 8h itself the old ReplicaSet still counts as updated
                - by: {Go(RolloutAt + TimeSpan.FromMinutes(10))}
                  after: {Go(RolloutAt + TimeSpan.FromSeconds(1))}
                  that: deployment/{RolledOut}.status.updatedReplicas == {Int(PodsPerDeployment)}
                - always: true
                  that: deployment/shop.spec.replicas <= 60

            """);
        return s.ToString();
    }

    private string ManifestsText()
    {
        var s = new StringBuilder();
        s.Append("""
            apiVersion: v1
            kind: Service
            metadata: {name: shop}
            spec: {ports: [{port: 80, targetPort: 8080}], selector: {app: shop}}
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: shop}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: shop}
              minReplicas: 10
              maxReplicas: 60
              metrics:
                - type: Resource
                  resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}

            """);
        int remaining = Pods;
        for (int d = 0; d < Deployments; d++)
        {
            int replicas = Math.Max(1, Math.Min(PodsPerDeployment, remaining));
            remaining -= replicas;
            string name = d == 0 ? "shop" : "app-" + Int(d);
            string image = d == 0 ? "example/shop:1" : "example/app:1";
            string container = d == 0 ? "shop" : "app";
            // The shop's pods ask for 500m: at the HPA's 70% target one serves about 165 rps, so the diurnal peak of
            // 6,000 rps needs about 36 of them and the night's trough the minimum of 10.
            string cpu = d == 0 ? "500m" : "100m";
            s.Append(CultureInfo.InvariantCulture, $"""
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {"{"}name: {name}{"}"}
                spec:
                  replicas: {Int(replicas)}
                  selector: {"{"}matchLabels: {"{"}app: {name}{"}"}{"}"}
                  template:
                    metadata: {"{"}labels: {"{"}app: {name}{"}"}{"}"}
                    spec:
                      containers:
                        - name: {container}
                          image: {image}
                          resources: {"{"}requests: {"{"}cpu: {cpu}, memory: 128Mi{"}"}{"}"}

                """);
        }

        return s.ToString();
    }

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>A duration as a scenario writes it (Go syntax, whole units).</summary>
    private static string Go(TimeSpan t)
    {
        var s = new StringBuilder();
        if (t.Hours + (t.Days * 24) > 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h");
        }

        if (t.Minutes > 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"{t.Minutes}m");
        }

        if (t.Seconds > 0 || s.Length == 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"{t.Seconds}s");
        }

        return s.ToString();
    }
}
