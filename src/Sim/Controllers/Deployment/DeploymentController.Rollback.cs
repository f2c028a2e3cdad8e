using System.Globalization;
using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.Deployment;

using Deployment = ClusterSim.Sim.Api.Deployment;

/// <summary>
/// rollback.go: extensions/v1beta1's deprecated spec.rollbackTo, carried as the
/// deprecated.deployment.rollback.to annotation: copy the template of the ReplicaSet with that revision (0 =
/// the previous one) back into the Deployment. Current kubectl rolls back client-side instead (see
/// <see cref="DeploymentUtil.SetFromReplicaSetTemplate"/> and <see cref="DeploymentAnnotations.SetDeploymentAnnotationsTo"/>).
/// </summary>
public sealed partial class DeploymentController
{
    /// <summary>deploymentutil.RollbackRevisionNotFound.</summary>
    public const string RollbackRevisionNotFound = "DeploymentRollbackRevisionNotFound";

    /// <summary>deploymentutil.RollbackTemplateUnchanged.</summary>
    public const string RollbackTemplateUnchanged = "DeploymentRollbackTemplateUnchanged";

    /// <summary>deploymentutil.RollbackDone.</summary>
    public const string RollbackDone = "DeploymentRollback";

    /// <summary>rollback: roll back to the requested revision, and in any case clear the request.</summary>
    private void Rollback(Deployment d, List<ReplicaSet> rsList)
    {
        var (newRS, allOldRSs) = GetAllReplicaSetsAndSyncRevision(d, rsList, createIfNotExisted: true);
        var allRSs = DeploymentUtil.Append(allOldRSs, newRS);
        long revision = GetRollbackTo(d)!.Value;

        // Revision 0: the last revision.
        if (revision == 0)
        {
            revision = DeploymentAnnotations.LastRevision(allRSs);
            if (revision == 0)
            {
                _events.Warning(d, RollbackRevisionNotFound, "Unable to find last revision.", ControllerName);
                UpdateDeploymentAndClearRollbackTo(d);
                return;
            }
        }

        foreach (var rs in allRSs)
        {
            if (rs is null || !DeploymentAnnotations.TryRevision(rs, out long v) || v != revision)
            {
                continue;
            }

            // Copy the template back; the revision is raised by the next getAllReplicaSetsAndSyncRevision.
            if (RollbackToTemplate(d, rs))
            {
                _events.Normal(d, RollbackDone, string.Create(CultureInfo.InvariantCulture, $"Rolled back deployment \"{d.Metadata.Name}\" to revision {revision}"), ControllerName);
            }

            return;
        }

        _events.Warning(d, RollbackRevisionNotFound, "Unable to find the revision to rollback to.", ControllerName);
        UpdateDeploymentAndClearRollbackTo(d);
    }

    /// <summary>
    /// rollbackToTemplate: when the templates differ, take the ReplicaSet's template and annotations (so the
    /// change-cause follows the revision); then clear the request. True when rolled back.
    /// </summary>
    private bool RollbackToTemplate(Deployment d, ReplicaSet rs)
    {
        bool performedRollback = false;
        if (!DeploymentUtil.EqualIgnoreHash(d.Template, rs.Template, _prints))
        {
            DeploymentUtil.SetFromReplicaSetTemplate(d, rs.Template);
            DeploymentAnnotations.SetDeploymentAnnotationsTo(d, rs);
            performedRollback = true;
        }
        else
        {
            _events.Warning(d, RollbackTemplateUnchanged, $"The rollback revision contains the same template as current deployment \"{d.Metadata.Name}\"", ControllerName);
        }

        UpdateDeploymentAndClearRollbackTo(d);
        return performedRollback;
    }

    /// <summary>updateDeploymentAndClearRollbackTo.</summary>
    private void UpdateDeploymentAndClearRollbackTo(Deployment d)
    {
        d.Metadata.Annotations.Remove(DeploymentAnnotations.DeprecatedRollbackTo);
        UpdateDeployment(d);
    }

    /// <summary>getRollbackTo: the requested revision, or null (absent or not an integer).</summary>
    private static long? GetRollbackTo(Deployment d)
    {
        if (!d.Metadata.Annotations.TryGetValue(DeploymentAnnotations.DeprecatedRollbackTo, out var revision) || revision.Length == 0)
        {
            return null;
        }

        return long.TryParse(revision, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : null;
    }
}
