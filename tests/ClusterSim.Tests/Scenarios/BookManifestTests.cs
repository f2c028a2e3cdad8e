using ClusterSim.Scenarios;
using ClusterSim.Sim.Api;

namespace ClusterSim.Tests.Scenarios;

/// <summary>
/// The YAML manifests of the Kubernetes guide notes (seeds/kubernetes-guide-notes.txt), copied byte for byte
/// with their comments, trailing spaces and odd indentation, load without errors; the only warnings are about the
/// fields ClusterSim keeps but does not simulate (environment variables, commands, mounts), once each.
/// </summary>
public class BookManifestTests
{
    public static TheoryData<string> BookFiles => new()
    {
        "mysql-rc.yaml", "mysql-svc.yaml", "myweb-rc.yaml", "myweb-svc.yaml", "tomcat-frontend-rc.yaml", "tomcat-frontend-rc-volume.yaml",
        "tomcat-service.yaml", "tomcat-service-nodeport.yaml", "tomcat-service-get-output.yaml", "busybox-pod.yaml", "development-ns.yaml",
        "busybox-development.yaml", "tomcat-deployment.yaml", "php-apache-hpa.yaml", "php-apache.yaml",
    };

    /// <summary>The warnings each file gives ("line:column message"); files not listed give none.</summary>
    private static readonly Dictionary<string, string[]> Warnings = new()
    {
        ["mysql-rc.yaml"] = [Env(22, 11)],
        ["myweb-rc.yaml"] = [Env(25, 11)],
        ["tomcat-frontend-rc.yaml"] = [Env(20, 9)],
        ["tomcat-frontend-rc-volume.yaml"] =
        [
            "21:9 spec.template.spec.containers[0].volumeMounts is kept but not simulated (nothing is mounted: containers are not run)",
            Env(25, 9),
            "33:9 spec.template.spec.volumes[0].emptyDir is kept but not simulated (nothing is stored: the volume only marks the pod as having local storage, for kubectl drain and the Cluster Autoscaler)",
        ],
        ["busybox-pod.yaml"] =
        [
            "11:7 spec.containers[0].command is kept but not simulated (containers are not run: what a container does comes from the scenario's images)",
            "16:7 spec.containers[0].volumeMounts is kept but not simulated (nothing is mounted: containers are not run)",
            "20:5 spec.volumes[0].hostPath is kept but not simulated (nothing is mounted: the volume only marks the pod as having local storage, for kubectl drain and the Cluster Autoscaler)",
        ],
        ["busybox-development.yaml"] = ["9:7 spec.containers[0].command is kept but not simulated (containers are not run: what a container does comes from the scenario's images)"],
    };

    private static string Env(int line, int column) =>
        $"{line}:{column} spec.template.spec.containers[0].env is kept but not simulated (environment variables do not change how a container runs here)";

    [Theory]
    [MemberData(nameof(BookFiles))]
    public void LoadsWithoutErrorsWarningOnlyOfFieldsNotSimulated(string file)
    {
        var result = ManifestDecoder.DecodeFile(TestFiles.Data("book", file));

        Assert.All(result.Diagnostics, d => Assert.Equal(Severity.Warning, d.Severity));
        Assert.Equal(Warnings.GetValueOrDefault(file, []), result.Diagnostics.Select(d => $"{d.Location.Line}:{d.Location.Column} {d.Message}"));
        Assert.Single(result.Objects);
    }

    private static T Single<T>(string file)
        where T : KubeObject
    {
        var result = ManifestDecoder.DecodeFile(TestFiles.Data("book", file));
        Assert.Empty(result.Errors);
        return Assert.IsType<T>(Assert.Single(result.Objects).Object);
    }

    [Fact]
    public void MysqlReplicationController()
    {
        var rc = Single<ReplicationController>("mysql-rc.yaml");

        Assert.Equal("mysql", rc.Metadata.Name);
        Assert.Equal("v1", rc.ApiVersion);
        Assert.Equal(1, rc.Replicas);
        Assert.Equal("mysql", rc.Selector["app"]);
        Assert.Equal("mysql", rc.Template.Metadata.Labels["app"]);
        var c = Assert.Single(rc.Template.Spec.Containers);
        Assert.Equal("mysql", c.Name);
        Assert.Equal("daocloud.io/library/mysql", c.Image);
        Assert.Equal(3306, Assert.Single(c.Ports).Port);
        Assert.Equal(new EnvVar("MYSQL_ROOT_PASSWORD", "123456"), Assert.Single(c.Env));
        Assert.Empty(rc.UnknownFields);
    }

    [Fact]
    public void MywebReplicationControllerWithCommentsAtColumnOne()
    {
        var rc = Single<ReplicationController>("myweb-rc.yaml");

        var c = Assert.Single(rc.Template.Spec.Containers);
        Assert.Equal("kubeguide/tomcat-app:v2", c.Image);
        Assert.Equal(8080, Assert.Single(c.Ports).Port);

        // The commented-out MYSQL_SERVICE_HOST stays out; the quoted '3306' is a string.
        Assert.Equal(new EnvVar("MYSQL_SERVICE_PORT", "3306"), Assert.Single(c.Env));
    }

    [Fact]
    public void MysqlAndMywebServices()
    {
        var mysql = Single<Service>("mysql-svc.yaml");
        Assert.Equal("ClusterIP", mysql.Spec.Type);
        Assert.Equal(3306, Assert.Single(mysql.Spec.Ports).Port);
        Assert.Equal("mysql", mysql.Spec.Selector!["app"]);

        var myweb = Single<Service>("myweb-svc.yaml");
        Assert.Equal("NodePort", myweb.Spec.Type);
        var port = Assert.Single(myweb.Spec.Ports);
        Assert.Equal((8080, 30001), (port.Port, port.NodePort));
    }

    [Fact]
    public void TomcatFrontendBothVersions()
    {
        var rc = Single<ReplicationController>("tomcat-frontend-rc.yaml");
        var c = Assert.Single(rc.Template.Spec.Containers);
        Assert.Equal("IfNotPresent", c.ImagePullPolicy);
        Assert.Equal(new EnvVar("GET_HOSTS_FROM", "dns"), Assert.Single(c.Env));
        Assert.Equal("frontend", rc.Selector["tier"]);
        Assert.Equal(2, rc.Template.Metadata.Labels.Count);

        var withVolume = Single<ReplicationController>("tomcat-frontend-rc-volume.yaml");
        var vc = Assert.Single(withVolume.Template.Spec.Containers);
        Assert.Equal(new VolumeMount("datavol", "/mydata-data"), Assert.Single(vc.VolumeMounts));
        Assert.Equal(new Volume("datavol", "emptyDir"), Assert.Single(withVolume.Template.Spec.Volumes));
    }

    [Fact]
    public void TomcatServiceWithTwoNamedPorts()
    {
        var svc = Single<Service>("tomcat-service.yaml");

        Assert.Equal("NodePort", svc.Spec.Type);
        Assert.Collection(
            svc.Spec.Ports,
            p => Assert.Equal(("service-port", 8080, 31002), (p.Name, p.Port, p.NodePort)),
            p => Assert.Equal(("shutdown-port", 8005, 0), (p.Name, p.Port, p.NodePort)));
        Assert.Equal("frontend", svc.Spec.Selector!["tier"]);
    }

    [Fact]
    public void ServiceFromKubectlGetOutputDropsServerFields()
    {
        var svc = Single<Service>("tomcat-service-get-output.yaml");

        Assert.Equal("default", svc.Metadata.Namespace);
        Assert.Equal("", svc.Metadata.Uid);
        Assert.Equal("10.254.80.192", svc.Spec.ClusterIP);
        Assert.Equal("None", svc.Spec.SessionAffinity);
        Assert.Equal(IntOrString.FromInt(8080), svc.Spec.Ports[0].TargetPort);
        Assert.Equal("TCP", svc.Spec.Ports[1].Protocol);
    }

    [Fact]
    public void BusyboxPodWithHostPathAndCommand()
    {
        var pod = Single<Pod>("busybox-pod.yaml");

        Assert.Equal("busybox", pod.Metadata.Labels["name"]);
        var c = Assert.Single(pod.Spec.Containers);
        Assert.Equal(["sleep", "3600"], c.Command);
        Assert.Equal(new VolumeMount("data", "/busybox-data"), Assert.Single(c.VolumeMounts));
        Assert.Equal(new Volume("data", "hostPath"), Assert.Single(pod.Spec.Volumes));
    }

    [Fact]
    public void DevelopmentNamespaceAndItsPod()
    {
        var ns = Single<Namespace>("development-ns.yaml");
        Assert.Equal("development", ns.Metadata.Name);

        var pod = Single<Pod>("busybox-development.yaml");
        Assert.Equal("development", pod.Metadata.Namespace);
        Assert.Equal("bosybox", Assert.Single(pod.Spec.Containers).Name);
    }

    [Fact]
    public void TomcatDeploymentInExtensionsV1beta1()
    {
        var d = Single<Deployment>("tomcat-deployment.yaml");

        Assert.Equal(("tomcat-deployment", "extensions/v1beta1", 1), (d.Metadata.Name, d.ApiVersion, d.Replicas));
        Assert.Equal("frontend", d.Selector!.MatchLabels["tier"]);
        Assert.Equal(new LabelSelectorRequirement("tier", "In", ["frontend"]), Assert.Single(d.Selector.MatchExpressions));
        Assert.Equal(["app", "tier"], d.Template.Metadata.Labels.Keys);
        var c = Assert.Single(d.Template.Spec.Containers);
        Assert.Equal(("tomcat-dome", "tomcat", "IfNotPresent", 8080), (c.Name, c.Image, c.ImagePullPolicy, Assert.Single(c.Ports).Port));

        // Unset fields are left to the API server's defaulting (for extensions/v1beta1: 1 max surge, 1 max unavailable).
        Assert.Equal("RollingUpdate", d.Strategy.Type);
        Assert.Null(d.Strategy.RollingUpdate);
        Assert.Null(d.RevisionHistoryLimit);
        Assert.Null(d.ProgressDeadlineSeconds);
        Assert.Empty(d.UnknownFields);
    }

    [Fact]
    public void PhpApacheHpaFromTheNotesInAutoscalingV1()
    {
        // The notes' HPA: no scaleTargetRef.apiVersion, fields in alphabetical order, as `kubectl get -o yaml` writes them.
        var hpa = Single<HorizontalPodAutoscaler>("php-apache-hpa.yaml");

        Assert.Equal(("php-apache", "default", "autoscaling/v1"), (hpa.Metadata.Name, hpa.Metadata.Namespace, hpa.ApiVersion));
        Assert.Equal(("Deployment", "php-apache", ""), (hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name, hpa.Spec.ScaleTargetRef.ApiVersion));
        Assert.Equal((1, 10), (hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas));
        var metric = Assert.Single(hpa.Spec.Metrics);
        Assert.Equal(("Resource", "cpu", "Utilization", 90), (metric.Type, metric.Resource!.Name, metric.Resource.Target.Type, metric.Resource.Target.AverageUtilization));
        Assert.Null(hpa.Spec.Behavior);
        Assert.Empty(hpa.UnknownFields);
    }

    [Fact]
    public void PhpApacheHpaOfTheWalkthrough()
    {
        var hpa = Single<HorizontalPodAutoscaler>("php-apache.yaml");

        Assert.Equal(("Deployment", "php-apache", "apps/v1"), (hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name, hpa.Spec.ScaleTargetRef.ApiVersion));
        Assert.Equal(90, Assert.Single(hpa.Spec.Metrics).Resource!.Target.AverageUtilization);
        Assert.Equal("", hpa.Metadata.Namespace);
    }

    [Fact]
    public void CreateFreshGivesAnIndependentCopy()
    {
        var loaded = Assert.Single(ManifestDecoder.DecodeFile(TestFiles.Data("book", "mysql-rc.yaml")).Objects);
        var a = (ReplicationController)loaded.CreateFresh();
        var b = (ReplicationController)loaded.CreateFresh();

        a.Replicas = 5;
        Assert.Equal(1, b.Replicas);
        Assert.NotSame(loaded.Object, a);
        Assert.Equal(1, loaded.Location.Line);
    }
}
