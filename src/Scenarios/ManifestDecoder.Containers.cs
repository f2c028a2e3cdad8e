using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Scenarios;

/// <summary>Containers: ports, env, resources, probes.</summary>
public static partial class ManifestDecoder
{
    /// <summary>Valid Container fields the simulator does not model.</summary>
    private static readonly HashSet<string> IgnoredContainerFields = new(StringComparer.Ordinal)
    {
        "workingDir", "envFrom", "resizePolicy", "restartPolicy", "volumeDevices", "lifecycle", "terminationMessagePath",
        "terminationMessagePolicy", "securityContext", "stdin", "stdinOnce", "tty",
    };

    private static readonly string[] ProbeHandlers = ["exec", "httpGet", "tcpSocket", "grpc"];

    private static List<Container> DecodeContainers(Context c, YamlField field)
    {
        var result = new List<Container>();
        foreach (var item in c.R.Items(field.Value, field.Path))
        {
            result.Add(DecodeContainer(c, item));
        }

        return result;
    }

    private static Container DecodeContainer(Context c, YamlItem item)
    {
        var r = c.R;
        var container = new Container();
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            switch (f.Key)
            {
                case "name":
                    container.Name = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "image":
                    container.Image = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "imagePullPolicy":
                    container.ImagePullPolicy = r.OptionalString(f.Value, f.Path) ?? "";
                    if (container.ImagePullPolicy is not ("" or "Always" or "IfNotPresent" or "Never"))
                    {
                        c.FieldErrors.Add(new FieldError(f.Path, $"Unsupported value: \"{container.ImagePullPolicy}\": supported values: \"Always\", \"IfNotPresent\", \"Never\""));
                    }

                    break;
                case "command":
                    container.Command = r.StringList(f.Value, f.Path);
                    break;
                case "args":
                    container.Args = r.StringList(f.Value, f.Path);
                    break;
                case "ports":
                    foreach (var p in r.Items(f.Value, f.Path))
                    {
                        container.Ports.Add(DecodeContainerPort(c, p));
                    }

                    break;
                case "env":
                    foreach (var e in r.Items(f.Value, f.Path))
                    {
                        container.Env.Add(DecodeEnvVar(c, e));
                    }

                    break;
                case "resources":
                    foreach (var rf in r.Fields(f.Value, f.Path))
                    {
                        switch (rf.Key)
                        {
                            case "requests":
                                container.Resources.Requests = DecodeResourceList(c, rf.Value, rf.Path);
                                break;
                            case "limits":
                                container.Resources.Limits = DecodeResourceList(c, rf.Value, rf.Path);
                                break;
                            case "claims":
                                c.Ignore(rf);
                                break;
                            default:
                                c.Unknown(rf);
                                break;
                        }
                    }

                    break;
                case "readinessProbe":
                    container.ReadinessProbe = DecodeProbe(c, f);
                    break;
                case "livenessProbe":
                    container.LivenessProbe = DecodeProbe(c, f);
                    break;
                case "startupProbe":
                    container.StartupProbe = DecodeProbe(c, f);
                    break;
                case "volumeMounts":
                    foreach (var m in r.Items(f.Value, f.Path))
                    {
                        container.VolumeMounts.Add(DecodeVolumeMount(c, m));
                    }

                    break;
                default:
                    if (IgnoredContainerFields.Contains(f.Key))
                    {
                        c.Ignore(f);
                    }
                    else
                    {
                        c.Unknown(f);
                    }

                    break;
            }
        }

        NoteUnsimulatedContainer(c, item.Path, container);
        return container;
    }

    private static ContainerPort DecodeContainerPort(Context c, YamlItem item)
    {
        var r = c.R;
        int port = 0;
        int? hostPort = null;
        string? name = null;
        string protocol = "TCP";
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            switch (f.Key)
            {
                case "containerPort":
                    r.Int32(f.Value, f.Path, out port);
                    break;
                case "hostPort":
                    if (r.Int32(f.Value, f.Path, out int hp))
                    {
                        hostPort = hp;
                    }

                    break;
                case "name":
                    name = r.OptionalString(f.Value, f.Path);
                    break;
                case "protocol":
                    protocol = r.OptionalString(f.Value, f.Path) ?? "TCP";
                    break;
                case "hostIP":
                    c.Ignore(f);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        if (port is < 1 or > 65535)
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".containerPort", port == 0 ? "Required value" : $"Invalid value: {port}: must be between 1 and 65535, inclusive"));
        }

        CheckProtocol(c, protocol, item.Path + ".protocol");
        return new ContainerPort(port, name, protocol, hostPort);
    }

    private static EnvVar DecodeEnvVar(Context c, YamlItem item)
    {
        var r = c.R;
        string name = "";
        string? value = null;
        foreach (var f in r.Fields(item.Node, item.Path))
        {
            switch (f.Key)
            {
                case "name":
                    name = r.OptionalString(f.Value, f.Path) ?? "";
                    break;
                case "value":
                    value = r.OptionalString(f.Value, f.Path);
                    break;
                case "valueFrom":
                    c.Ignore(f);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        if (name.Length == 0)
        {
            c.FieldErrors.Add(new FieldError(item.Path + ".name", "Required value"));
        }

        return new EnvVar(name, value);
    }

    private static Probe? DecodeProbe(Context c, YamlField field)
    {
        if (YamlReader.IsNull(field.Value))
        {
            return null;
        }

        var r = c.R;
        var handlers = new List<string>();
        int initialDelay = 0, period = 10, timeout = 1, success = 1, failure = 3;
        foreach (var f in r.Fields(field.Value, field.Path))
        {
            switch (f.Key)
            {
                case "exec" or "httpGet" or "tcpSocket" or "grpc":
                    handlers.Add(f.Key);
                    break;
                case "initialDelaySeconds":
                    r.Int32(f.Value, f.Path, out initialDelay);
                    break;
                case "periodSeconds":
                    if (!r.Int32(f.Value, f.Path, out period))
                    {
                        period = 10;
                    }

                    break;
                case "timeoutSeconds":
                    if (!r.Int32(f.Value, f.Path, out timeout))
                    {
                        timeout = 1;
                    }

                    break;
                case "successThreshold":
                    if (!r.Int32(f.Value, f.Path, out success))
                    {
                        success = 1;
                    }

                    break;
                case "failureThreshold":
                    if (!r.Int32(f.Value, f.Path, out failure))
                    {
                        failure = 3;
                    }

                    break;
                case "terminationGracePeriodSeconds":
                    c.Ignore(f);
                    break;
                default:
                    c.Unknown(f);
                    break;
            }
        }

        if (handlers.Count == 0)
        {
            c.FieldErrors.Add(new FieldError(field.Path, "Required value: must specify a handler type"));
        }
        else if (handlers.Count > 1)
        {
            c.FieldErrors.Add(new FieldError(field.Path + "." + handlers[1], "Forbidden: may not specify more than 1 handler type"));
        }

        foreach (var (name, value, min) in new[] { ("initialDelaySeconds", initialDelay, 0), ("periodSeconds", period, 1), ("timeoutSeconds", timeout, 1), ("successThreshold", success, 1), ("failureThreshold", failure, 1) })
        {
            if (value < min)
            {
                c.FieldErrors.Add(new FieldError(field.Path + "." + name, $"Invalid value: {value}: must be greater than or equal to {min}"));
            }
        }

        return new Probe(handlers.Count > 0 ? handlers[0] : "", initialDelay, period, timeout, success, failure);
    }
}
