using System.Text;
using ClusterSim.Scenarios.Kubectl;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Running;

/// <summary>
/// kubectl rollout status|history|undo|pause|resume for Deployments (cmd/rollout and polymorphichelpers:
/// DeploymentStatusViewer, DeploymentHistoryViewer, DeploymentRollbacker, the object pauser and resumer).
/// </summary>
public sealed partial class KubectlExecutor
{
    /// <summary>Annotations a rollback keeps from the Deployment instead of copying them from the ReplicaSet (annotationsToSkip).</summary>
    private static readonly string[] AnnotationsToSkip =
    [
        "kubectl.kubernetes.io/last-applied-configuration", Deployment.RevisionAnnotation, DeploymentUtil.RevisionHistoryAnnotation,
        DeploymentUtil.DesiredReplicasAnnotation, DeploymentUtil.MaxReplicasAnnotation, "deprecated.deployment.rollback.to",
    ];

    private bool Rollout(KubectlCommand cmd, StringBuilder output)
    {
        var resource = ApiResources.ForKind("Deployment");
        var name = cmd.Name!;
        if (Store.Get("Deployment", (cmd.Namespace ?? "default") + "/" + name) is not Deployment d)
        {
            output.Append(KubectlFormat.NotFound(resource, name)).Append('\n');
            return false;
        }

        switch (cmd.Subcommand)
        {
            case "status":
                var status = RolloutPrinter.Status(d);
                output.Append(status);
                return status.Error is null;
            case "history":
                output.Append(RolloutPrinter.History(View, d));
                return true;
            case "undo":
                return Undo(d, cmd.ToRevision ?? 0, output);
            case "pause":
            case "resume":
                bool pause = cmd.Subcommand == "pause";
                if (d.Paused == pause)
                {
                    output.Append($"error: deployments.apps \"{name}\" {(pause ? "is already paused" : "is not paused")}\n");
                    return false;
                }

                d.Paused = pause;
                Api.Update(d, specChanged: true);
                output.Append($"deployment.apps/{name} {(pause ? "paused" : "resumed")}\n");
                return true;
            default:
                output.Append($"error: clustersim does not simulate `kubectl rollout {cmd.Subcommand}`\n");
                return false;
        }
    }

    /// <summary>
    /// DeploymentRollbacker.Rollback: finds the ReplicaSet of the revision (the previous one for 0), then copies its
    /// template, less the pod-template-hash label, into the Deployment, with the ReplicaSet's annotations except the
    /// ones the Deployment keeps.
    /// </summary>
    private bool Undo(Deployment d, long toRevision, StringBuilder output)
    {
        var name = d.Metadata.Name;
        if (toRevision < 0)
        {
            output.Append($"error: unable to find specified revision {KubectlFormat.Int(toRevision)} in history\n");
            return false;
        }

        var (_, allOld, newRs) = DeploymentUtil.GetAllReplicaSets(Store, d);
        var all = newRs is null ? allOld : [.. allOld, newRs];
        ReplicaSet? target = null, latest = null;
        long latestRevision = -1, previousRevision = -1;
        foreach (var rs in all)
        {
            if (DeploymentUtil.Revision(rs) is not { } v)
            {
                continue;
            }

            if (toRevision == 0)
            {
                if (latestRevision < v)
                {
                    (previousRevision, target) = (latestRevision, latest);
                    (latestRevision, latest) = (v, rs);
                }
                else if (previousRevision < v)
                {
                    (previousRevision, target) = (v, rs);
                }
            }
            else if (toRevision == v)
            {
                target = rs;
                break;
            }
        }

        if (target is null)
        {
            output.Append(toRevision > 0
                ? $"error: unable to find specified revision {KubectlFormat.Int(toRevision)} in history\n"
                : $"error: no rollout history found for deployment \"{name}\"\n");
            return false;
        }

        if (d.Paused)
        {
            output.Append($"error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/{name}' and try again\n");
            return false;
        }

        if (DeploymentUtil.EqualIgnoreHash(target.Template, d.Template))
        {
            output.Append($"deployment.apps/{name} skipped rollback (current template already matches revision {KubectlFormat.Int(toRevision)})\n");
            return true;
        }

        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in AnnotationsToSkip)
        {
            if (d.Metadata.Annotations.TryGetValue(key, out var value))
            {
                annotations[key] = value;
            }
        }

        foreach (var (key, value) in target.Metadata.Annotations)
        {
            if (!AnnotationsToSkip.Contains(key, StringComparer.Ordinal))
            {
                annotations[key] = value;
            }
        }

        d.Template = DeploymentUtil.WithoutHash(target.Template);
        d.Metadata.Annotations = annotations;
        Api.Update(d, specChanged: true);
        output.Append($"deployment.apps/{name} rolled back\n");
        return true;
    }
}
