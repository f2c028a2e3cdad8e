using System.Text;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>What `kubectl rollout status` or `kubectl rollout history` prints for a Deployment at one instant.</summary>
/// <param name="Output">Standard output.</param>
/// <param name="Error">The error kubectl prints (with its "error: " prefix) and exits 1 for, or null.</param>
public sealed record RolloutResult(string Output, string? Error)
{
    /// <summary>Standard output, then the error line, as a terminal shows them.</summary>
    public override string ToString() => Error is null ? Output : Output + Error + "\n";
}

/// <summary>
/// `kubectl rollout status` (polymorphichelpers DeploymentStatusViewer) and `kubectl rollout history`
/// (DeploymentHistoryViewer) for Deployments, read from the Deployment's status and its ReplicaSets'
/// revision and change-cause annotations.
/// <para>
/// The simulator's kubectl does not wait: `rollout status` prints the one message kubectl would print for the
/// state at the command's virtual time (what `--watch=false` prints), so a rollout in progress shows its
/// "Waiting for deployment ..." line and the command is not treated as failed.
/// </para>
/// </summary>
public static class RolloutPrinter
{
    /// <summary>kubectl's CHANGE-CAUSE annotation.</summary>
    public const string ChangeCauseAnnotation = Deployment.ChangeCauseAnnotation;

    /// <summary>DeploymentStatusViewer.Status for the Deployment's current state.</summary>
    public static RolloutResult Status(Deployment d)
    {
        var name = d.Metadata.Name;
        var s = d.Status;
        if (d.Metadata.Generation > s.ObservedGeneration)
        {
            return new("Waiting for deployment spec update to be observed...\n", null);
        }

        if (DeploymentUtil.GetCondition(d, "Progressing") is { Reason: DeploymentUtil.TimedOutReason })
        {
            return new("", $"error: deployment \"{name}\" exceeded its progress deadline");
        }

        if (s.UpdatedReplicas < d.Replicas)
        {
            return new($"Waiting for deployment \"{name}\" rollout to finish: {KubectlFormat.Int(s.UpdatedReplicas)} out of {KubectlFormat.Int(d.Replicas)} new replicas have been updated...\n", null);
        }

        if (s.Replicas > s.UpdatedReplicas)
        {
            return new($"Waiting for deployment \"{name}\" rollout to finish: {KubectlFormat.Int(s.Replicas - s.UpdatedReplicas)} old replicas are pending termination...\n", null);
        }

        if (s.AvailableReplicas < s.UpdatedReplicas)
        {
            return new($"Waiting for deployment \"{name}\" rollout to finish: {KubectlFormat.Int(s.AvailableReplicas)} of {KubectlFormat.Int(s.UpdatedReplicas)} updated replicas are available...\n", null);
        }

        return new($"deployment \"{name}\" successfully rolled out\n", null);
    }

    /// <summary>
    /// `kubectl rollout history deployment/NAME`: the name line ("deployment.apps/NAME " and the history as the
    /// printer's operation), then the REVISION / CHANGE-CAUSE table of every ReplicaSet's revision, or
    /// "No rollout history found.".
    /// </summary>
    public static string History(ClusterView view, Deployment d)
    {
        var (_, allOld, newRs) = DeploymentUtil.GetAllReplicaSets(view.Store, d);
        var all = newRs is null ? allOld : [.. allOld, newRs];
        var causes = new SortedDictionary<long, string>();
        foreach (var rs in all)
        {
            if (DeploymentUtil.Revision(rs) is not { } revision)
            {
                continue;
            }

            // The ReplicaSet's change-cause wins; else whatever its template carries.
            string cause = rs.Metadata.Annotations.GetValueOrDefault(ChangeCauseAnnotation, "");
            causes[revision] = cause.Length > 0 ? cause : rs.Template.Metadata.Annotations.GetValueOrDefault(ChangeCauseAnnotation, "");
        }

        var sb = new StringBuilder("deployment.apps/").Append(d.Metadata.Name).Append(" \n");
        if (causes.Count == 0)
        {
            return sb.Append("No rollout history found.\n").ToString();
        }

        var table = new StringBuilder("REVISION\tCHANGE-CAUSE\n");
        foreach (var (revision, cause) in causes)
        {
            table.Append(KubectlFormat.Int(revision)).Append('\t').Append(cause.Length == 0 ? "<none>" : cause).Append('\n');
        }

        return sb.Append(TabWriter.ForDescribe().Format(table.ToString())).Append('\n').ToString();
    }
}
