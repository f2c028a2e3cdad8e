using System.Text.RegularExpressions;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Tests.Scenarios;

/// <summary>
/// Kept kinds in a run: stored at t=0 and by timeline commands, listed by `kubectl get` with printers.go's columns (and
/// their short names), printed by -o yaml as the API server serves them, described (Secret, ServiceAccount), applied,
/// deleted; a custom resource named by its plural once a manifest brings it.
/// </summary>
public sealed partial class KeptKindScenarioTests : IDisposable
{
    private readonly TestFiles _files = TestFiles.Create();

    public void Dispose() => _files.Dispose();

    private string Run(params string[] timeline)
    {
        File.Copy(TestFiles.Data("kept", "kinds.yaml"), Path.Combine(_files.Root, "kinds.yaml"));
        var scenario = _files.Write(
            "s.yaml",
            [
                "apiVersion: clustersim.io/v1alpha1",
                "kind: Scenario",
                "metadata: {name: kept}",
                "spec:",
                "  duration: 2m",
                "  nodes: [{name: worker, count: 1, capacity: {cpu: \"2\", memory: 4Gi}}]",
                "  manifests:",
                "    - file: kinds.yaml",
                "  timeline:",
                .. timeline.Select(t => "    - " + t),
            ]);
        var loaded = ScenarioLoader.Load(scenario);
        Assert.Empty(loaded.Errors);

        // uids and resourceVersions are the run's own; the tests check what kubectl prints around them.
        return ServerFields().Replace(ScenarioRunner.Run(loaded.Scenario!).Transcript, "");
    }

    [Fact]
    public void GetPrintsEachKindsColumns()
    {
        var transcript = Run(
            "{at: 1m, run: \"kubectl get secrets,sa,pvc,roles,rolebindings,ing,netpol,servicemonitors\"}",
            "{at: 1m, run: \"kubectl get clusterroles,clusterrolebindings,ingressclasses\"}",
            "{at: 1m, run: \"kubectl get rolebindings,clusterrolebinding -o wide\"}",
            "{at: 1m, run: \"kubectl get pvc -o wide\"}",
            "{at: 1m, run: \"kubectl get secret -A\"}");

        Assert.Contains(
            """
            [00:01:00] $ kubectl get secrets,sa,pvc,roles,rolebindings,ing,netpol,servicemonitors
            NAME              TYPE                DATA   AGE
            secret/tls-cert   kubernetes.io/tls   2      60s

            NAME                     SECRETS   AGE
            serviceaccount/builder   2         60s

            NAME                         STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
            persistentvolumeclaim/data   Pending                                      standard       <unset>                 60s

            NAME                                        CREATED AT
            role.rbac.authorization.k8s.io/pod-reader   2025-01-06T09:00:00Z

            NAME                                              ROLE              AGE
            rolebinding.rbac.authorization.k8s.io/read-pods   Role/pod-reader   60s

            NAME                            CLASS    HOSTS                                                   ADDRESS   PORTS     AGE
            ingress.networking.k8s.io/web   <none>   a.example.com,b.example.com,c.example.com + 2 more...             80, 443   60s

            NAME                                       POD-SELECTOR   AGE
            networkpolicy.networking.k8s.io/deny-all   <none>         60s

            NAME                                       AGE
            servicemonitor.monitoring.coreos.com/web   60s

            [00:01:00] $ kubectl get clusterroles,clusterrolebindings,ingressclasses
            NAME                                                                  CREATED AT
            clusterrole.rbac.authorization.k8s.io/system:controller:node-reader   2025-01-06T09:00:00Z

            NAME                                                      ROLE                                        AGE
            clusterrolebinding.rbac.authorization.k8s.io/read-nodes   ClusterRole/system:controller:node-reader   60s

            NAME                                   CONTROLLER             PARAMETERS                                      AGE
            ingressclass.networking.k8s.io/nginx   k8s.io/ingress-nginx   IngressParameters.k8s.example.com/external-lb   60s

            [00:01:00] $ kubectl get rolebindings,clusterrolebinding -o wide
            NAME                                              ROLE              AGE   USERS   GROUPS   SERVICEACCOUNTS
            rolebinding.rbac.authorization.k8s.io/read-pods   Role/pod-reader   60s   jane    devs     default/builder

            NAME                                                      ROLE                                        AGE   USERS   GROUPS   SERVICEACCOUNTS
            clusterrolebinding.rbac.authorization.k8s.io/read-nodes   ClusterRole/system:controller:node-reader   60s                    default/builder

            [00:01:00] $ kubectl get pvc -o wide
            NAME   STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE   VOLUMEMODE
            data   Pending                                      standard       <unset>                 60s   Filesystem

            [00:01:00] $ kubectl get secret -A
            NAMESPACE   NAME       TYPE                DATA   AGE
            default     tls-cert   kubernetes.io/tls   2      60s

            """.ReplaceLineEndings("\n"),
            transcript,
            StringComparison.Ordinal);
    }

    [Fact]
    public void YamlIsWhatTheApiServerServes()
    {
        var transcript = Run(
            "{at: 1m, run: \"kubectl get servicemonitor web -o yaml\"}",
            "{at: 1m, run: \"kubectl get pvc data -o yaml\"}",
            "{at: 1m, run: \"kubectl get rolebinding read-pods -o yaml\"}",
            "{at: 1m, run: \"kubectl get netpol deny-all -o yaml\"}");

        // A custom resource keeps its document (go-yaml's booleans and numbers, as JSON holds them) and has a generation;
        // a claim is defaulted (Filesystem) and Pending; a binding's User and Group subjects get the RBAC group.
        Assert.Contains(
            """
            [00:01:00] $ kubectl get servicemonitor web -o yaml
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata:
              creationTimestamp: "2025-01-06T09:00:00Z"
              generation: 1
              labels:
                team: shop
              name: web
              namespace: default
            spec:
              endpoints:
              - honorLabels: true
                interval: 30s
                port: http
                scrapeTimeout: 10.5
              selector:
                matchLabels:
                  app: web

            [00:01:00] $ kubectl get pvc data -o yaml
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              creationTimestamp: "2025-01-06T09:00:00Z"
              name: data
              namespace: default
            spec:
              accessModes:
              - ReadWriteOnce
              resources:
                requests:
                  storage: 10Gi
              storageClassName: standard
              volumeMode: Filesystem
            status:
              phase: Pending

            [00:01:00] $ kubectl get rolebinding read-pods -o yaml
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              creationTimestamp: "2025-01-06T09:00:00Z"
              name: read-pods
              namespace: default
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: Role
              name: pod-reader
            subjects:
            - apiGroup: rbac.authorization.k8s.io
              kind: User
              name: jane
            - apiGroup: rbac.authorization.k8s.io
              kind: Group
              name: devs
            - kind: ServiceAccount
              name: builder
              namespace: default

            [00:01:00] $ kubectl get netpol deny-all -o yaml
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              creationTimestamp: "2025-01-06T09:00:00Z"
              generation: 1
              name: deny-all
              namespace: default
            spec:
              egress:
              - {}
              podSelector: {}
              policyTypes:
              - Ingress
              - Egress

            """.ReplaceLineEndings("\n"),
            transcript,
            StringComparison.Ordinal);
    }

    [Fact]
    public void DescribeSecretNeverPrintsValuesAndServiceAccountMarksMissingSecrets()
    {
        var transcript = Run("{at: 1m, run: kubectl describe secret tls-cert}", "{at: 1m, run: kubectl describe sa builder}");

        Assert.Contains(
            """
            [00:01:00] $ kubectl describe secret tls-cert
            Name:         tls-cert
            Namespace:    default
            Labels:       <none>
            Annotations:  <none>

            Type:  kubernetes.io/tls

            Data
            ====
            tls.crt:  4 bytes
            tls.key:  3 bytes

            [00:01:00] $ kubectl describe sa builder
            Name:                builder
            Namespace:           default
            Labels:              <none>
            Annotations:         <none>
            Image pull secrets:  regcred (not found)
            Mountable secrets:   tls-cert
                                 gone (not found)
            Tokens:              <none>
            Events:              <none>

            """.ReplaceLineEndings("\n"),
            transcript,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyDeleteAndCustomResourcesByPlural()
    {
        _files.Write("secret-v2.yaml", "apiVersion: v1", "kind: Secret", "metadata: {name: frozen}", "immutable: true", "stringData: {a: b}");
        _files.Write("secret-v3.yaml", "apiVersion: v1", "kind: Secret", "metadata: {name: frozen}", "immutable: true", "stringData: {a: changed}");
        _files.Write("monitor.yaml", "apiVersion: monitoring.coreos.com/v1", "kind: PodMonitor", "metadata: {name: pods}", "spec: {}");
        var transcript = Run(
            "{at: 10s, run: kubectl apply -f secret-v2.yaml}",
            "{at: 11s, run: kubectl apply -f secret-v2.yaml}",
            "{at: 12s, run: kubectl apply -f secret-v3.yaml}",
            "{at: 20s, run: kubectl create -f monitor.yaml}",
            "{at: 21s, run: kubectl get podmonitors}",
            "{at: 30s, run: kubectl delete servicemonitor web}",
            "{at: 31s, run: kubectl get servicemonitors}",
            "{at: 32s, run: \"kubectl delete clusterrole system:controller:node-reader\"}",
            "{at: 33s, run: kubectl delete -f kinds.yaml}");

        Assert.Contains("$ kubectl apply -f secret-v2.yaml\nsecret/frozen created\n", transcript, StringComparison.Ordinal);
        Assert.Contains("$ kubectl apply -f secret-v2.yaml\nsecret/frozen unchanged\n", transcript, StringComparison.Ordinal);
        Assert.Contains("$ kubectl apply -f secret-v3.yaml\nThe Secret \"frozen\" is invalid: data: Forbidden: field is immutable when `immutable` is set\n", transcript, StringComparison.Ordinal);
        Assert.Contains("$ kubectl create -f monitor.yaml\npodmonitor.monitoring.coreos.com/pods created\n", transcript, StringComparison.Ordinal);
        Assert.Contains("$ kubectl get podmonitors\nNAME   AGE\npods   1s\n", transcript, StringComparison.Ordinal);
        Assert.Contains("$ kubectl delete servicemonitor web\nservicemonitor.monitoring.coreos.com \"web\" deleted\n", transcript, StringComparison.Ordinal);
        Assert.Contains("$ kubectl get servicemonitors\nNo resources found in default namespace.\n", transcript, StringComparison.Ordinal);
        Assert.Contains("$ kubectl delete clusterrole system:controller:node-reader\nclusterrole.rbac.authorization.k8s.io \"system:controller:node-reader\" deleted\n", transcript, StringComparison.Ordinal);
        Assert.Contains("secret \"tls-cert\" deleted\nserviceaccount \"builder\" deleted\npersistentvolumeclaim \"data\" deleted\n", transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void ACustomResourceKindIsKnownToKubectlOnlyOnceAManifestBringsIt()
    {
        var result = ScenarioLoader.Load(_files.Write(
            "s.yaml",
            "apiVersion: clustersim.io/v1alpha1",
            "kind: Scenario",
            "metadata: {name: crs}",
            "spec:",
            "  duration: 1m",
            "  nodes: [{name: worker, count: 1, capacity: {cpu: \"2\", memory: 4Gi}}]",
            "  timeline:",
            "    - {at: 10s, run: kubectl get servicemonitors}"));

        TestFiles.AssertSingle(result.Diagnostics, Severity.Error, "s.yaml", 8, 34, "the server doesn't have a resource type \"servicemonitors\"");
    }

    [Fact]
    public void OneGroupPerCustomKind()
    {
        var scenario = ScenarioLoader.Load(_files.Write(
            "s.yaml",
            "apiVersion: clustersim.io/v1alpha1",
            "kind: Scenario",
            "metadata: {name: crs}",
            "spec:",
            "  duration: 1m",
            "  nodes: [{name: worker, count: 1, capacity: {cpu: \"2\", memory: 4Gi}}]",
            "  manifests:",
            "    - inline: {apiVersion: gateway.networking.k8s.io/v1, kind: Gateway, metadata: {name: a}}",
            "    - inline: {apiVersion: networking.istio.io/v1, kind: Gateway, metadata: {name: b}}"));

        // The store files objects by kind: the second group's Gateway is refused when the run applies it.
        var run = ScenarioRunner.Run(scenario.Scenario!);
        Assert.Equal(["s.yaml:9:15: Gateway is already served as gateway.networking.k8s.io/v1: ClusterSim keeps one group and version per kind, not networking.istio.io/v1"], run.Warnings.Select(w => w.Replace(_files.Root + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)));
    }

    [GeneratedRegex("^ *(uid|resourceVersion): .*\n", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ServerFields();
}
