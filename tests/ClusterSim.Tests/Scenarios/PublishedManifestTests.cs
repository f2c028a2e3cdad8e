using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Tests.Scenarios;

/// <summary>
/// Manifests as projects publish them load unchanged and run (issue 15): Data/microservices is a small shop in the shape of
/// the well-known microservices demos' release YAML (a ServiceAccount, a Deployment and a Service per service, pod and
/// container securityContexts, readiness and liveness probes, env and envFrom, requests and limits, a LoadBalancer
/// Service, a ConfigMap, a Secret, an Ingress and a NetworkPolicy). Every field or kind it has that ClusterSim does not
/// simulate is said so once, with the reason.
/// </summary>
public sealed class PublishedManifestTests : IDisposable
{
    private readonly TestFiles _files = TestFiles.Create();

    public void Dispose() => _files.Dispose();

    private LoadResult Load() => ScenarioLoader.Load(_files.Write(
        "scenario.yaml",
        "apiVersion: clustersim.io/v1alpha1",
        "kind: Scenario",
        "metadata: {name: shop}",
        "spec:",
        "  duration: 3m",
        "  nodes: [{name: worker, count: 3, capacity: {cpu: \"2\", memory: 4Gi}}]",
        "  manifests:",
        "    - file: " + TestFiles.Data("microservices", "config.yaml"),
        "    - file: " + TestFiles.Data("microservices", "shop.yaml"),
        "  timeline:",
        "    - {at: 2m, run: \"kubectl get pods,svc\"}",
        "  expect:",
        "    - by: 2m",
        "      that: count(pods, \"app\", Running, ready) == 5"));

    [Fact]
    public void LoadsUnchangedWithEachUnsimulatedFieldAndKindSaidOnce()
    {
        var result = Load();

        Assert.Empty(result.Errors);
        Assert.Equal(
            [
                "config.yaml:2:1: warning: kind ConfigMap is kept but not simulated (containers do not read it)",
                "config.yaml:10:1: warning: kind Secret is kept but not simulated (containers do not read it, and a pod naming a missing one still starts)",
                "config.yaml:20:1: warning: kind Ingress is kept but not simulated (no ingress controller runs: load reaches the targets of the scenario's load section directly)",
                "config.yaml:40:1: warning: kind NetworkPolicy is kept but not simulated (no network traffic is modelled: nothing is blocked)",
                "shop.yaml:5:1: warning: kind ServiceAccount is kept but not simulated (no service accounts or API access are modelled)",
                "shop.yaml:27:7: warning: spec.template.spec.serviceAccountName is kept but not simulated (no service accounts or API access are modelled)",
                "shop.yaml:28:7: warning: spec.template.spec.securityContext is kept but not simulated (no security policy is modelled)",
                "shop.yaml:35:11: warning: spec.template.spec.containers[0].securityContext is kept but not simulated (no security policy is modelled)",
                "shop.yaml:47:13: warning: spec.template.spec.containers[0].readinessProbe.httpGet is kept but not simulated (the check always passes: readiness follows the probe's initialDelaySeconds, periodSeconds and successThreshold)",
                "shop.yaml:53:11: warning: spec.template.spec.containers[0].livenessProbe is kept but not simulated, so whether and how pods run may differ from Kubernetes (probes other than readiness are not simulated yet: a failing container is never restarted by a probe)",
                "shop.yaml:61:11: warning: spec.template.spec.containers[0].env is kept but not simulated (environment variables do not change how a container runs here)",
                "shop.yaml:73:11: warning: spec.template.spec.containers[0].envFrom is kept but not simulated (environment variables do not change how a container runs here, and a missing ConfigMap or Secret does not keep it from starting)",
                "shop.yaml:106:3: warning: spec.type is kept but not simulated (no load balancer is modelled: EXTERNAL-IP stays <pending>; node ports are allocated)",
                "shop.yaml:302:11: warning: spec.template.spec.containers[0].volumeMounts is kept but not simulated (nothing is mounted: containers are not run)",
                "shop.yaml:314:11: warning: spec.template.spec.volumes[0].emptyDir is kept but not simulated (nothing is stored: the volume only marks the pod as having local storage, for kubectl drain and the Cluster Autoscaler)",
            ],
            result.Diagnostics.Select(d => Path.GetFileName(d.ToString())));
    }

    [Fact]
    public void RunsToEveryPodRunningAndReady()
    {
        var run = ScenarioRunner.Run(Load().Scenario!);

        Assert.True(Assert.Single(run.Expectations).Passed);
        Assert.Empty(run.Warnings);
        var lines = run.Transcript.Split('\n');
        var pods = lines.SkipWhile(l => !l.StartsWith("NAME ", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.Length > 0).ToList();
        Assert.Equal(5, pods.Count);
        Assert.All(pods, p => Assert.Matches(@"^pod/\S+\s+1/1\s+Running\s+0\s", p));
        Assert.Contains(lines, l => l.StartsWith("service/frontend-external ", StringComparison.Ordinal) && l.Contains(" LoadBalancer ", StringComparison.Ordinal) && l.Contains("<pending>", StringComparison.Ordinal));
    }
}
