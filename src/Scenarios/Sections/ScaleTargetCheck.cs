using ClusterSim.Scenarios.Model;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Sections;

/// <summary>
/// Warns when an HPA (a manifest, or `kubectl autoscale` in the timeline) targets a workload that nothing in the
/// scenario creates. A warning, as for load targets: the workload might come from elsewhere, and at run time the
/// HPA controller reports a missing target itself.
/// </summary>
internal static class ScaleTargetCheck
{
    public static void Check(LoadContext ctx, IEnumerable<TimelineEntry> timeline)
    {
        foreach (var loaded in ctx.CreatedObjects)
        {
            if (loaded.Object is not HorizontalPodAutoscaler hpa)
            {
                continue;
            }

            var target = hpa.Spec.ScaleTargetRef;
            var ns = NamespaceOf(hpa);
            if (!Created(ctx, target.Kind, target.Name, ns))
            {
                var at = loaded.FieldLocations.TryGetValue("spec.scaleTargetRef.name", out var name) ? name
                    : loaded.FieldLocations.TryGetValue("spec.scaleTargetRef", out var reference) ? reference
                    : loaded.Location;
                ctx.Diagnostics.Warning(at, $"HorizontalPodAutoscaler \"{hpa.Metadata.Name}\": scaleTargetRef {target.Kind}/{target.Name} is not created by spec.manifests or a timeline create/apply");
            }
        }

        foreach (var entry in timeline)
        {
            if (entry.Command is { Verb: "autoscale" } cmd && cmd.Name is { } targetName && !Created(ctx, cmd.Kinds[0], targetName, cmd.Namespace ?? "default"))
            {
                ctx.Diagnostics.Warning(entry.Location, $"kubectl autoscale: {cmd.Kinds[0]}/{targetName} is not created by spec.manifests or a timeline create/apply");
            }
        }
    }

    private static string NamespaceOf(KubeObject obj) => obj.Metadata.Namespace.Length == 0 ? "default" : obj.Metadata.Namespace;

    private static bool Created(LoadContext ctx, string kind, string name, string ns) =>
        ctx.CreatedObjects.Any(o => o.Object.Kind == kind && o.Object.Metadata.Name == name && NamespaceOf(o.Object) == ns);
}
