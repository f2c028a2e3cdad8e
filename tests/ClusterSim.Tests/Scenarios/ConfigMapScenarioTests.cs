using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Tests.Scenarios;

/// <summary>ConfigMaps in a run: loaded from manifests, `kubectl create -f`, `apply -f` (changed, unchanged, refused when immutable), `get cm`, `delete cm`.</summary>
public sealed class ConfigMapScenarioTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clustersim-cm-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    [Fact]
    public void CreateApplyGetAndDelete()
    {
        Write("settings.yaml", "apiVersion: v1", "kind: ConfigMap", "metadata: {name: settings}", "data: {mode: fast}");
        Write("settings-v2.yaml", "apiVersion: v1", "kind: ConfigMap", "metadata: {name: settings}", "data: {mode: slow, extra: \"1\"}");
        Write("frozen-v2.yaml", "apiVersion: v1", "kind: ConfigMap", "metadata: {name: frozen}", "data: {a: changed}");
        var scenario = Write(
            "s.yaml",
            "apiVersion: clustersim.io/v1alpha1",
            "kind: Scenario",
            "metadata: {name: cm}",
            "spec:",
            "  duration: 1m",
            "  nodes: [{name: worker, count: 1, capacity: {cpu: \"2\", memory: 4Gi}}]",
            "  manifests:",
            "    - inline: {apiVersion: v1, kind: ConfigMap, metadata: {name: frozen}, immutable: true, data: {a: b}}",
            "  timeline:",
            "    - {at: 10s, run: kubectl create -f settings.yaml}",
            "    - {at: 11s, run: kubectl create -f settings.yaml}",
            "    - {at: 12s, run: kubectl apply -f settings.yaml}",
            "    - {at: 13s, run: kubectl apply -f settings-v2.yaml}",
            "    - {at: 14s, run: kubectl apply -f frozen-v2.yaml}",
            "    - {at: 20s, run: kubectl get cm}",
            "    - {at: 21s, run: kubectl delete configmap settings}",
            "    - {at: 22s, run: kubectl get configmaps}");
        var loaded = ScenarioLoader.Load(scenario);
        Assert.DoesNotContain(loaded.Diagnostics, d => d.Severity == Severity.Error);

        // One warning per file: the scenario (inline), settings.yaml, settings-v2.yaml and frozen-v2.yaml.
        Assert.Equal(4, loaded.Diagnostics.Count(d => d.Message == ManifestDecoder.ConfigMapNotSimulated));

        var transcript = ScenarioRunner.Run(loaded.Scenario!).Transcript;
        Assert.Contains("$ kubectl create -f settings.yaml\nconfigmap/settings created\n", transcript, StringComparison.Ordinal);
        Assert.Contains("$ kubectl create -f settings.yaml\nError from server (AlreadyExists): error when creating \"settings.yaml\": configmaps \"settings\" already exists\n", transcript, StringComparison.Ordinal);
        Assert.Contains("$ kubectl apply -f settings.yaml\nconfigmap/settings unchanged\n", transcript, StringComparison.Ordinal);
        Assert.Contains("$ kubectl apply -f settings-v2.yaml\nconfigmap/settings configured\n", transcript, StringComparison.Ordinal);
        Assert.Contains("$ kubectl apply -f frozen-v2.yaml\nThe ConfigMap \"frozen\" is invalid: data: Forbidden: field is immutable when `immutable` is set\n", transcript, StringComparison.Ordinal);
        Assert.Contains("$ kubectl get cm\nNAME       DATA   AGE\nfrozen     1      20s\nsettings   2      10s\n", transcript, StringComparison.Ordinal);
        Assert.Contains("$ kubectl delete configmap settings\nconfigmap \"settings\" deleted\n", transcript, StringComparison.Ordinal);
        Assert.Contains("$ kubectl get configmaps\nNAME     DATA   AGE\nfrozen   1      22s\n", transcript, StringComparison.Ordinal);
    }
}
