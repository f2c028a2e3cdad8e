using System.Globalization;
using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios;

/// <summary>Metadata, Namespace, Node, Service and Endpoints.</summary>
public static partial class ManifestDecoder
{
    /// <summary>metadata fields the API server sets; accepted (e.g. from `kubectl get -o yaml`) and dropped.</summary>
    private static readonly HashSet<string> ServerSetMetadata = new(StringComparer.Ordinal)
    {
        "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "managedFields", "clusterName",
    };

    private static void DecodeMeta(Context c, YamlNode node, string path, ObjectMeta meta)
    {
        var r = c.R;
        foreach (var f in r.Fields(node, path))
        {
            switch (f.Key)
            {
                case "name":
                    meta.Name = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "generateName":
                    meta.GenerateName = r.OptionalString(f.Value, f.Path);
                    break;
                case "namespace":
                    meta.Namespace = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "labels":
                    meta.Labels = r.StringMap(f.Value, f.Path);
                    break;
                case "annotations":
                    meta.Annotations = r.StringMap(f.Value, f.Path);
                    break;
                case "ownerReferences" or "finalizers":
                    c.Ignore(f);
                    break;
                default:
                    if (!ServerSetMetadata.Contains(f.Key))
                    {
                        c.Unknown(f);
                    }

                    break;
            }
        }
    }

    private static KubeObject DecodeNamespace(Context c, YamlMappingNode root, string apiVersion)
    {
        var ns = new Namespace();
        foreach (var f in c.R.Fields(root, ""))
        {
            if (CommonTopLevel(c, f, ns.Metadata))
            {
                continue;
            }

            switch (f.Key)
            {
                case "spec":
                    foreach (var s in c.R.Fields(f.Value, f.Path))
                    {
                        if (s.Key == "finalizers")
                        {
                            c.Ignore(s);
                        }
                        else
                        {
                            c.Unknown(s);
                        }
                    }

                    break;
                case "status":
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        return ns;
    }

    private static KubeObject DecodeNode(Context c, YamlMappingNode root, string apiVersion)
    {
        var node = new Node();
        var r = c.R;
        bool allocatableGiven = false;
        foreach (var f in r.Fields(root, ""))
        {
            if (CommonTopLevel(c, f, node.Metadata))
            {
                continue;
            }

            switch (f.Key)
            {
                case "spec":
                    foreach (var s in r.Fields(f.Value, f.Path))
                    {
                        switch (s.Key)
                        {
                            case "unschedulable":
                                if (r.Bool(s.Value, s.Path, out bool u))
                                {
                                    node.Spec.Unschedulable = u;
                                }

                                break;
                            case "taints":
                                foreach (var item in r.Items(s.Value, s.Path))
                                {
                                    if (DecodeTaint(c, item) is { } t)
                                    {
                                        node.Spec.Taints.Add(t);
                                    }
                                }

                                break;
                            case "podCIDR":
                                node.Spec.PodCidr = r.OptionalString(s.Value, s.Path) ?? "";
                                break;
                            case "providerID":
                                node.Spec.ProviderId = r.OptionalString(s.Value, s.Path);
                                c.Unsimulated(s.Path, "node.spec.providerID");
                                break;
                            case "podCIDRs" or "externalID" or "configSource":
                                c.Ignore(s);
                                break;
                            default:
                                c.Unknown(s);
                                break;
                        }
                    }

                    break;
                case "status":
                    foreach (var s in r.Fields(f.Value, f.Path))
                    {
                        switch (s.Key)
                        {
                            case "capacity":
                                node.Status.Capacity = DecodeResourceList(c, s.Value, s.Path);
                                break;
                            case "allocatable":
                                node.Status.Allocatable = DecodeResourceList(c, s.Value, s.Path);
                                allocatableGiven = true;
                                break;
                            case "addresses":
                                foreach (var item in r.Items(s.Value, s.Path))
                                {
                                    string type = "", address = "";
                                    foreach (var a in r.Fields(item.Node, item.Path))
                                    {
                                        switch (a.Key)
                                        {
                                            case "type":
                                                type = r.OptionalString(a.Value, a.Path) ?? "";
                                                break;
                                            case "address":
                                                address = r.OptionalString(a.Value, a.Path) ?? "";
                                                break;
                                            default:
                                                c.Unknown(a);
                                                break;
                                        }
                                    }

                                    node.Status.Addresses.Add(new NodeAddress(type, address));
                                }

                                break;
                            case "phase" or "conditions" or "daemonEndpoints" or "nodeInfo" or "images" or "volumesInUse" or "volumesAttached" or "config" or "runtimeHandlers" or "features":
                                break;
                            default:
                                c.Unknown(s);
                                break;
                        }
                    }

                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        if (!allocatableGiven)
        {
            // A node without status.allocatable offers its whole capacity.
            node.Status.Allocatable = new SortedDictionary<string, Quantity>(node.Status.Capacity, StringComparer.Ordinal);
        }

        return node;
    }

    private static Taint? DecodeTaint(Context c, YamlItem item)
    {
        var r = c.R;
        string key = "", effect = "";
        string? value = null;
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            switch (f.Key)
            {
                case "key":
                    key = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "value":
                    value = r.OptionalString(f.Value, f.Path);
                    break;
                case "effect":
                    effect = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "timeAdded":
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        if (key.Length == 0)
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".key", "Required value"));
        }

        if (effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute"))
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".effect", effect.Length == 0 ? "Required value" : $"Unsupported value: \"{effect}\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""));
        }

        return new Taint(key, value, effect);
    }

    private static SortedDictionary<string, Quantity> DecodeResourceList(Context c, YamlNode node, string path)
    {
        var list = ResourceNames.NewList();
        foreach (var f in c.R.Fields(node, path))
        {
            if (c.R.Quantity(f.Value, f.Path, out var q))
            {
                list[f.Key] = q;
            }
        }

        return list;
    }

    private static KubeObject DecodeService(Context c, YamlMappingNode root, string apiVersion)
    {
        var svc = new Service();
        var r = c.R;
        DecodeTopLevel(c, root, svc.Metadata, f =>
        {
            DecodeServiceSpec(c, f.Value, f.Path, svc.Spec);
        });

        return svc;
    }

    private static void DecodeServiceSpec(Context c, YamlNode node, string path, ServiceSpec spec)
    {
        var r = c.R;
        foreach (var f in r.Fields(node, path))
        {
            switch (f.Key)
            {
                case "type":
                    spec.Type = r.OptionalString(f.Value, f.Path) ?? "ClusterIP";
                    break;
                case "clusterIP":
                    spec.ClusterIP = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "selector":
                    spec.Selector = YamlReader.IsNull(f.Value) ? null : r.StringMap(f.Value, f.Path);
                    break;
                case "sessionAffinity":
                    spec.SessionAffinity = r.OptionalString(f.Value, f.Path) ?? "None";
                    break;
                case "externalIPs":
                    spec.ExternalIPs = r.StringList(f.Value, f.Path);
                    break;
                case "externalName":
                    spec.ExternalName = r.OptionalString(f.Value, f.Path);
                    break;
                case "ports":
                    foreach (var item in r.Items(f.Value, f.Path))
                    {
                        spec.Ports.Add(DecodeServicePort(c, item));
                    }

                    break;
                case "clusterIPs" or "loadBalancerIP" or "loadBalancerSourceRanges" or "externalTrafficPolicy" or "healthCheckNodePort"
                    or "publishNotReadyAddresses" or "sessionAffinityConfig" or "ipFamilies" or "ipFamilyPolicy" or "allocateLoadBalancerNodePorts"
                    or "loadBalancerClass" or "internalTrafficPolicy" or "trafficDistribution":
                    c.Ignore(f);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        NoteUnsimulatedService(c, path, spec);
        if (spec.SessionAffinity is not ("None" or "ClientIP"))
        {
            c.FieldErrors.Add(new FieldError(path + ".sessionAffinity", $"Unsupported value: \"{spec.SessionAffinity}\": supported values: \"ClientIP\", \"None\""));
        }
    }

    private static ServicePort DecodeServicePort(Context c, YamlItem item)
    {
        var r = c.R;
        var port = new ServicePort();
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            switch (f.Key)
            {
                case "name":
                    port.Name = r.OptionalString(f.Value, f.Path);
                    break;
                case "protocol":
                    port.Protocol = r.OptionalString(f.Value, f.Path) ?? "TCP";
                    break;
                case "port":
                    if (r.Int32(f.Value, f.Path, out int p))
                    {
                        port.Port = p;
                    }

                    break;
                case "targetPort":
                    if (r.IntOrString(f.Value, f.Path, out var tp))
                    {
                        port.TargetPort = tp;
                    }

                    break;
                case "nodePort":
                    if (r.Int32(f.Value, f.Path, out int np))
                    {
                        port.NodePort = np;
                    }

                    break;
                case "appProtocol":
                    c.Ignore(f);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        CheckProtocol(c, port.Protocol, item.Path + ".protocol");
        return port;
    }

    private static void CheckProtocol(Context c, string protocol, string path)
    {
        if (protocol is not ("TCP" or "UDP" or "SCTP"))
        {
            c.FieldErrors.Add(new FieldError(path, $"Unsupported value: \"{protocol}\": supported values: \"SCTP\", \"TCP\", \"UDP\""));
        }
    }

    private static KubeObject DecodeEndpoints(Context c, YamlMappingNode root, string apiVersion)
    {
        var ep = new Endpoints();
        var r = c.R;
        foreach (var f in r.Fields(root, ""))
        {
            if (CommonTopLevel(c, f, ep.Metadata))
            {
                continue;
            }

            if (f.Key != "subsets")
            {
                c.Unknown(f);
                continue;
            }

            foreach (var item in r.Items(f.Value, f.Path))
            {
                var subset = new EndpointSubset();
                foreach (var s in r.Fields(item.Node, item.Path))
                {
                    switch (s.Key)
                    {
                        case "addresses":
                            subset.Addresses = DecodeEndpointAddresses(c, s);
                            break;
                        case "notReadyAddresses":
                            subset.NotReadyAddresses = DecodeEndpointAddresses(c, s);
                            break;
                        case "ports":
                            foreach (var pi in r.Items(s.Value, s.Path))
                            {
                                string? name = null;
                                int port = 0;
                                string protocol = "TCP";
                                foreach (var pf in r.Fields(pi.Node, pi.Path))
                                {
                                    switch (pf.Key)
                                    {
                                        case "name":
                                            name = r.OptionalString(pf.Value, pf.Path);
                                            break;
                                        case "port":
                                            r.Int32(pf.Value, pf.Path, out port);
                                            break;
                                        case "protocol":
                                            protocol = r.OptionalString(pf.Value, pf.Path) ?? "TCP";
                                            break;
                                        case "appProtocol":
                                            c.Ignore(pf);
                                            break;
                                        default:
                                            c.Unknown(pf);
                                            break;
                                    }
                                }

                                CheckProtocol(c, protocol, pi.Path + ".protocol");
                                subset.Ports.Add(new EndpointPort(name, port, protocol));
                            }

                            break;
                        default:
                            c.Unknown(s);
                            break;
                    }
                }

                ep.Subsets.Add(subset);
            }
        }

        return ep;
    }

    private static List<EndpointAddress> DecodeEndpointAddresses(Context c, YamlField field)
    {
        var r = c.R;
        var result = new List<EndpointAddress>();
        foreach (var item in r.Items(field.Value, field.Path))
        {
            string ip = "";
            string? nodeName = null, podName = null;
            foreach (var f in r.Fields(item.Node, item.Path))
            {
                switch (f.Key)
                {
                    case "ip":
                        ip = r.OptionalString(f.Value, f.Path) ?? "";
                        break;
                    case "nodeName":
                        nodeName = r.OptionalString(f.Value, f.Path);
                        break;
                    case "targetRef":
                        string? refKind = null, refName = null;
                        foreach (var t in r.Fields(f.Value, f.Path))
                        {
                            switch (t.Key)
                            {
                                case "kind":
                                    refKind = r.OptionalString(t.Value, t.Path);
                                    break;
                                case "name":
                                    refName = r.OptionalString(t.Value, t.Path);
                                    break;
                                case "namespace" or "uid" or "apiVersion" or "resourceVersion" or "fieldPath":
                                    break;
                                default:
                                    c.Unknown(t);
                                    break;
                            }
                        }

                        if (refKind is null or "Pod")
                        {
                            podName = refName;
                        }

                        break;
                    case "hostname":
                        c.Ignore(f);
                        break;
                    default:
                        c.Unknown(f);
                        break;
                }
            }

            if (ip.Length == 0)
            {
                c.FieldErrors.Add(new FieldError(item.Path + ".ip", "Required value"));
            }

            result.Add(new EndpointAddress(ip, nodeName, podName));
        }

        return result;
    }
}
