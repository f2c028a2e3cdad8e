namespace ClusterSim.Sim.Api;

/// <summary>A Service (core/v1).</summary>
public sealed class Service : KubeObject
{
    public override string Kind => "Service";

    public ServiceSpec Spec { get; set; } = new();
}

public sealed class ServiceSpec
{
    /// <summary>ClusterIP (default), NodePort, LoadBalancer or ExternalName.</summary>
    public string Type { get; set; } = "ClusterIP";

    /// <summary>Allocated by the API server from the service range unless given; "None" for headless.</summary>
    public string ClusterIP { get; set; } = "";

    public List<ServicePort> Ports { get; set; } = [];

    /// <summary>Pods selected (equality-based); a service without a selector gets no managed endpoints.</summary>
    public SortedDictionary<string, string>? Selector { get; set; }

    public string SessionAffinity { get; set; } = "None";

    public List<string> ExternalIPs { get; set; } = [];

    public string? ExternalName { get; set; }
}

public sealed class ServicePort
{
    public string? Name { get; set; }

    public string Protocol { get; set; } = "TCP";

    public int Port { get; set; }

    /// <summary>Defaults to <see cref="Port"/>; a string names a container port.</summary>
    public IntOrString TargetPort { get; set; }

    /// <summary>0 until allocated (NodePort and LoadBalancer services).</summary>
    public int NodePort { get; set; }
}

/// <summary>Endpoints (core/v1) of a Service, kept by the endpoints controller.</summary>
public sealed class Endpoints : KubeObject
{
    public override string Kind => "Endpoints";

    public List<EndpointSubset> Subsets { get; set; } = [];
}

public sealed class EndpointSubset
{
    public List<EndpointAddress> Addresses { get; set; } = [];

    public List<EndpointAddress> NotReadyAddresses { get; set; } = [];

    public List<EndpointPort> Ports { get; set; } = [];
}

public sealed record EndpointAddress(string Ip, string? NodeName, string? TargetPodName);

public sealed record EndpointPort(string? Name, int Port, string Protocol);

/// <summary>A Namespace; cluster-scoped.</summary>
public sealed class Namespace : KubeObject
{
    public override string Kind => "Namespace";

    public override bool Namespaced => false;

    /// <summary>Active or Terminating.</summary>
    public string Phase { get; set; } = "Active";
}
