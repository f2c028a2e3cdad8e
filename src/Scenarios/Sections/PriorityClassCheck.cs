using ClusterSim.Scenarios.Model;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Sections;

/// <summary>
/// Refuses a pod or pod template naming a PriorityClass that neither the scenario (a manifest, or a timeline
/// create/apply) nor the API server's built-ins create: the Priority admission plugin would refuse every such
/// pod (`no PriorityClass with name ... was found`), so a workload naming it could never run.
/// </summary>
internal static class PriorityClassCheck
{
    public static void Check(LoadContext ctx)
    {
        var known = new HashSet<string>(StringComparer.Ordinal) { PriorityClasses.SystemClusterCritical, PriorityClasses.SystemNodeCritical };
        foreach (var loaded in ctx.CreatedObjects)
        {
            if (loaded.Object is PriorityClass pc)
            {
                known.Add(pc.Metadata.Name);
            }
        }

        foreach (var loaded in ctx.CreatedObjects)
        {
            var (spec, path) = loaded.Object switch
            {
                Pod pod => (pod.Spec, "spec.priorityClassName"),
                ReplicatedSet set => (set.Template.Spec, "spec.template.spec.priorityClassName"),
                Deployment d => (d.Template.Spec, "spec.template.spec.priorityClassName"),
                _ => (null, ""),
            };
            if (spec?.PriorityClassName is { Length: > 0 } name && !known.Contains(name))
            {
                var at = loaded.FieldLocations.TryGetValue(path, out var location) ? location : loaded.Location;
                ctx.Diagnostics.Error(at, $"{loaded.Object.Kind} \"{loaded.Object.Metadata.Name}\": no PriorityClass with name {name} was found: no manifest or timeline create/apply makes it (the Priority admission plugin would refuse its pods)");
            }
        }
    }
}
