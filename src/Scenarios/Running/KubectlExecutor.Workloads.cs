using System.Globalization;
using System.Text;
using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Running;

/// <summary>kubectl scale and kubectl set image for Deployments, ReplicaSets and ReplicationControllers.</summary>
public sealed partial class KubectlExecutor
{
    private bool Scale(KubectlCommand cmd, StringBuilder output)
    {
        var r = ApiResources.ForKind(cmd.Kinds[0]);
        var name = cmd.Name!;
        var obj = Store.Get(r.Kind, (cmd.Namespace ?? "default") + "/" + name);
        if (obj is null)
        {
            output.Append(KubectlFormat.NotFound(r, name)).Append('\n');
            return false;
        }

        int replicas = cmd.Replicas!.Value;
        switch (obj)
        {
            case ReplicatedSet set when set.Replicas != replicas:
                set.Replicas = replicas;
                Api.Update(set, specChanged: true);
                break;
            case Deployment d when d.Replicas != replicas:
                d.Replicas = replicas;
                Api.Update(d, specChanged: true);
                break;
            case ReplicatedSet or Deployment:
                break;
            default:
                output.Append(CultureInfo.InvariantCulture, $"error: no scaler has been implemented for {{\"\" \"{r.Kind}\"}}\n");
                return false;
        }

        output.Append(CultureInfo.InvariantCulture, $"{ResourcePrefix(r)}/{name} scaled\n");
        return true;
    }

    /// <summary>
    /// set image (cmd/set/set_image.go): sets the image of the named containers (or of all, for `*`) in each
    /// object's pod template; prints "KIND/NAME image updated" for each object that changed and nothing for one
    /// that did not. A container that is not there is an error ("unable to find container named ...").
    /// </summary>
    private bool SetImage(KubectlCommand cmd, StringBuilder output)
    {
        var r = ApiResources.ForKind(cmd.Kinds[0]);
        var ns = cmd.Namespace ?? "default";
        var errors = new List<string>();
        foreach (var name in cmd.Names)
        {
            var obj = Store.Get(r.Kind, ns + "/" + name);
            if (obj is null)
            {
                errors.Add(KubectlFormat.NotFound(r, name));
                continue;
            }

            PodSpec spec;
            switch (obj)
            {
                case Deployment d:
                    spec = d.Template.Spec;
                    break;
                case ReplicatedSet set:
                    spec = set.Template.Spec;
                    break;
                default:
                    errors.Add($"error: clustersim does not simulate `kubectl set image` on {r.Resource} yet");
                    continue;
            }

            bool changed = false;
            foreach (var update in cmd.Images)
            {
                bool found = false;
                foreach (var c in spec.InitContainers.Concat(spec.Containers))
                {
                    if (c.Name == update.Container || update.Container == "*")
                    {
                        found = true;
                        changed |= c.Image != update.Image;
                        c.Image = update.Image;
                    }
                }

                if (!found)
                {
                    errors.Add($"error: unable to find container named \"{update.Container}\"");
                }
            }

            if (changed)
            {
                Api.Update(obj, specChanged: true);
                output.Append(CultureInfo.InvariantCulture, $"{ResourcePrefix(r)}/{name} image updated\n");
            }
        }

        foreach (var error in errors)
        {
            output.Append(error).Append('\n');
        }

        return errors.Count == 0;
    }
}
