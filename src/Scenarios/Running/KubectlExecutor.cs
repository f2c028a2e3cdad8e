using System.Globalization;
using System.Text;
using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Sim;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Store;

namespace ClusterSim.Scenarios.Running;

/// <summary>
/// Runs a parsed kubectl command against the simulated cluster at the current virtual time and returns
/// what kubectl would print (stdout, then stderr). Commands for features not simulated yet print an error
/// line saying so instead of pretending.
/// </summary>
public sealed partial class KubectlExecutor(Cluster cluster, string scenarioDirectory)
{
    private ApiServer Api => cluster.Api;

    private ObjectStore Store => cluster.Store;

    private ClusterView View => new(Store, cluster.Events, cluster.Now, cluster.Epoch);

    /// <summary>
    /// Executes <paramref name="cmd"/>; <paramref name="failed"/> is true when kubectl would exit non-zero. A command
    /// that goes on waiting (kubectl drain) prints the rest of its output later through <paramref name="later"/>: the
    /// text printed at that instant, and true when the command ended there with a failure.
    /// </summary>
    public string Execute(KubectlCommand cmd, out bool failed, Action<string, bool>? later = null)
    {
        failed = false;
        var output = new StringBuilder();
        if (cmd.Kinds.FirstOrDefault(k => Store.Resource(k) is null) is { } unserved)
        {
            // A custom resource's kind named after a manifest that was never stored (its create failed): discovery does not know it.
            output.Append(CultureInfo.InvariantCulture, $"error: the server doesn't have a resource type \"{ApiResources.CustomResource("", unserved).Resource}\"\n");
            failed = true;
            return output.ToString();
        }

        try
        {
            switch (cmd.Verb)
            {
                case "get":
                    output.Append(GetPrinter.Get(View, cmd.Kinds, cmd.Name, cmd.Namespace, cmd.AllNamespaces, cmd.Output ?? "", cmd.LabelSelector));
                    break;
                case "describe":
                    output.Append(Describe(cmd));
                    break;
                case "create":
                case "apply":
                    failed = !CreateOrApply(cmd, output);
                    break;
                case "delete":
                    failed = !Delete(cmd, output);
                    break;
                case "scale":
                    failed = !Scale(cmd, output);
                    break;
                case "autoscale":
                    failed = !Autoscale(cmd, output);
                    break;
                case "set":
                    failed = !SetImage(cmd, output);
                    break;
                case "rollout":
                    failed = !Rollout(cmd, output);
                    break;
                case "label":
                case "annotate":
                    failed = !LabelOrAnnotate(cmd, output);
                    break;
                case "cordon":
                case "uncordon":
                    failed = !Cordon(cmd, output, cmd.Verb == "cordon");
                    break;
                case "drain":
                    failed = !Drain(cmd, output, later);
                    break;
                case "top":
                    failed = !Top(cmd, output);
                    break;
                default:
                    output.Append(CultureInfo.InvariantCulture, $"error: clustersim does not simulate `kubectl {cmd.Verb}` yet\n");
                    failed = true;
                    break;
            }
        }
        catch (ApiException e)
        {
            output.Append(CultureInfo.InvariantCulture, $"Error from server ({e.Reason}): {e.Message}\n");
            failed = true;
        }
        catch (ArgumentException e) when (cmd.Verb is "get" or "describe")
        {
            // A kind the printers do not serve yet (e.g. `get all` with HorizontalPodAutoscalers).
            var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            output.Append(CultureInfo.InvariantCulture, $"error: clustersim does not simulate this yet: {message}\n");
            failed = true;
        }

        var text = output.ToString();
        return text.Length == 0 || text.EndsWith('\n') ? text : text + "\n";
    }

    private string Describe(KubectlCommand cmd)
    {
        var kind = cmd.Kinds[0];
        if (cmd.LabelSelector is null || cmd.Name is not null)
        {
            return DescribePrinter.Describe(View, kind, cmd.Name, cmd.Namespace);
        }

        var selector = Selector.Parse(cmd.LabelSelector);
        var ns = ApiResources.ForKind(kind).Namespaced ? cmd.Namespace ?? "default" : null;
        var parts = Store.List(kind, ns).Where(o => selector.Matches(o.Metadata.Labels))
            .Select(o => DescribePrinter.Describe(View, kind, o.Metadata.Name, cmd.Namespace).TrimEnd('\n'))
            .ToList();
        if (parts.Count == 0)
        {
            return ns is null ? "No resources found\n" : $"No resources found in {ns} namespace.\n";
        }

        return string.Join("\n\n\n", parts) + "\n";
    }

    private bool CreateOrApply(KubectlCommand cmd, StringBuilder output)
    {
        bool ok = true;
        foreach (var loaded in cmd.Objects)
        {
            var obj = loaded.CreateFresh();
            if (cmd.Namespace is not null && ApiResources.Of(obj).Namespaced && obj.Metadata.Namespace.Length == 0)
            {
                obj.Metadata.Namespace = cmd.Namespace;
            }

            var resource = ApiResources.Of(obj);
            var name = ResourcePrefix(resource) + "/" + obj.Metadata.Name;
            var ns = resource.Namespaced ? (obj.Metadata.Namespace.Length > 0 ? obj.Metadata.Namespace : "default") : "";
            var existing = Store.Get(obj.Kind, resource.Namespaced ? ns + "/" + obj.Metadata.Name : obj.Metadata.Name);
            if (existing is not null)
            {
                if (cmd.Verb == "create")
                {
                    output.Append(CultureInfo.InvariantCulture, $"Error from server (AlreadyExists): error when creating \"{Relative(loaded.Location.File)}\": {resource.Resource} \"{obj.Metadata.Name}\" already exists\n");
                    ok = false;
                    continue;
                }

                try
                {
                    bool changed = ObjectApply.Apply(Api, existing, obj);
                    output.Append(name).Append(changed ? " configured\n" : " unchanged\n");
                }
                catch (ApiException e)
                {
                    // A refused update (a PriorityClass's immutable value): kubectl's CheckErr wording, without the patch it sent.
                    output.Append(e.Reason == "Invalid" ? "The " + e.Message : $"Error from server ({e.Reason}): {e.Message}").Append('\n');
                    ok = false;
                }

                continue;
            }

            try
            {
                Api.Create(obj);
                output.Append(name).Append(" created\n");
            }
            catch (ApiException e)
            {
                output.Append(CultureInfo.InvariantCulture, $"Error from server ({e.Reason}): error when creating \"{Relative(loaded.Location.File)}\": {e.Message}\n");
                ok = false;
            }
        }

        return ok;
    }

    private bool Delete(KubectlCommand cmd, StringBuilder output)
    {
        var targets = new List<(ApiResource Resource, KubeObject? Obj, string Name)>();
        if (cmd.Objects.Count > 0)
        {
            foreach (var loaded in cmd.Objects)
            {
                var o = loaded.Object;
                var r = ApiResources.Of(o);
                var ns = r.Namespaced ? (o.Metadata.Namespace.Length > 0 ? o.Metadata.Namespace : cmd.Namespace ?? "default") : "";
                targets.Add((r, Store.Get(o.Kind, r.Namespaced ? ns + "/" + o.Metadata.Name : o.Metadata.Name), o.Metadata.Name));
            }
        }
        else
        {
            var r = Store.Resource(cmd.Kinds[0])!;
            var ns = cmd.Namespace ?? "default";
            if (cmd.All || (cmd.LabelSelector is not null && cmd.Names.Count == 0))
            {
                var selector = cmd.LabelSelector is null ? Selector.Everything : Selector.Parse(cmd.LabelSelector);
                foreach (var o in Store.List(r.Kind, r.Namespaced ? ns : null).Where(o => selector.Matches(o.Metadata.Labels)).ToList())
                {
                    targets.Add((r, o, o.Metadata.Name));
                }

                if (targets.Count == 0)
                {
                    output.Append(r.Namespaced ? $"No resources found in {ns} namespace.\n" : "No resources found\n");
                }
            }
            else
            {
                foreach (var n in cmd.Names)
                {
                    targets.Add((r, Store.Get(r.Kind, r.Namespaced ? ns + "/" + n : n), n));
                }
            }
        }

        bool ok = true;
        foreach (var (r, obj, name) in targets)
        {
            if (obj is null)
            {
                output.Append(KubectlFormat.NotFound(r, name)).Append('\n');
                ok = false;
                continue;
            }

            long? grace = cmd.GracePeriod;
            if (cmd.Force && grace is null or 0 && obj is Pod)
            {
                Api.Remove(obj);
            }
            else
            {
                Api.Delete(obj, grace);
            }

            output.Append(CultureInfo.InvariantCulture, $"{ResourcePrefix(r)} \"{name}\" deleted\n");
        }

        return ok;
    }

    private bool LabelOrAnnotate(KubectlCommand cmd, StringBuilder output)
    {
        var r = Store.Resource(cmd.Kinds[0])!;
        bool ok = true;
        foreach (var name in cmd.Names)
        {
            var obj = Store.Get(r.Kind, r.Namespaced ? (cmd.Namespace ?? "default") + "/" + name : name);
            if (obj is null)
            {
                output.Append(KubectlFormat.NotFound(r, name)).Append('\n');
                ok = false;
                continue;
            }

            var map = cmd.Verb == "label" ? obj.Metadata.Labels : obj.Metadata.Annotations;
            bool changed = false;
            foreach (var u in cmd.Updates)
            {
                if (u.Remove)
                {
                    changed |= map.Remove(u.Key);
                }
                else if (map.TryGetValue(u.Key, out var old) && old != u.Value && !cmd.Overwrite)
                {
                    output.Append(CultureInfo.InvariantCulture, $"error: '{u.Key}' already has a value ({old}), and --overwrite is false\n");
                    return false;
                }
                else if (!map.TryGetValue(u.Key, out var same) || same != u.Value)
                {
                    map[u.Key] = u.Value!;
                    changed = true;
                }
            }

            if (changed)
            {
                Api.Update(obj);
            }

            var verb = cmd.Verb == "label" ? "labeled" : "annotated";
            output.Append(CultureInfo.InvariantCulture, $"{ResourcePrefix(r)}/{name} {(changed ? verb : "not " + verb)}\n");
        }

        return ok;
    }

    private bool Cordon(KubectlCommand cmd, StringBuilder output, bool cordon)
    {
        var name = cmd.Node ?? cmd.Name!;
        if (Store.Get("Node", name) is not Node node)
        {
            output.Append(CultureInfo.InvariantCulture, $"Error from server (NotFound): nodes \"{name}\" not found\n");
            return false;
        }

        if (node.Spec.Unschedulable == cordon)
        {
            output.Append(CultureInfo.InvariantCulture, $"node/{name} already {(cordon ? "cordoned" : "uncordoned")}\n");
            return true;
        }

        node.Spec.Unschedulable = cordon;
        Api.Update(node, specChanged: true);
        output.Append(CultureInfo.InvariantCulture, $"node/{name} {(cordon ? "cordoned" : "uncordoned")}\n");
        return true;
    }

    private string Relative(string file)
    {
        var rel = Path.GetRelativePath(scenarioDirectory, file);
        return rel.Replace('\\', '/');
    }

    /// <summary>kubectl's resource prefix: the singular resource name, with the group for non-core kinds (replicaset.apps).</summary>
    internal static string ResourcePrefix(ApiResource r)
    {
        int slash = r.GroupVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? r.Singular : r.Singular + "." + r.GroupVersion[..slash];
    }
}
