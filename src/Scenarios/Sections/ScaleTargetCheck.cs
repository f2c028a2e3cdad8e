using ClusterSim.Scenarios.Model;
using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Sections;

/// <summary>
/// Refuses an HPA (a manifest, or `kubectl autoscale` in the timeline) whose target nothing in the scenario creates,
/// as a load on an unknown target is refused: in a closed scenario such an HPA can only ever report FailedGetScale.
/// Warns about a scaleTargetRef without apiVersion: Kubernetes accepts it, but its HPA controller then looks the
/// kind up in the core group and fails (the book's php-apache.yaml is written that way).
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
                ctx.Diagnostics.Error(at, $"HorizontalPodAutoscaler \"{hpa.Metadata.Name}\": scaleTargetRef {target.Kind}/{target.Name} does not exist: no manifest or timeline create/apply makes it");
            }

            if (target.ApiVersion.Length == 0 && target.Kind is "Deployment" or "ReplicaSet")
            {
                var at = loaded.FieldLocations.TryGetValue("spec.scaleTargetRef", out var reference) ? reference : loaded.Location;
                ctx.Diagnostics.Warning(at, $"HorizontalPodAutoscaler \"{hpa.Metadata.Name}\": scaleTargetRef has no apiVersion, so Kubernetes' HPA controller will not find the {target.Kind}'s scale (FailedGetScale: no matches for kind \"{target.Kind}\" in group \"\"); add apiVersion: apps/v1");
            }
        }

        foreach (var entry in timeline)
        {
            if (entry.Command is { Verb: "autoscale" } cmd && cmd.Name is { } targetName && !Created(ctx, cmd.Kinds[0], targetName, cmd.Namespace ?? "default"))
            {
                ctx.Diagnostics.Error(entry.Location, $"kubectl autoscale: {cmd.Kinds[0]}/{targetName} does not exist: no manifest or timeline create/apply makes it");
            }
        }
    }

    private static string NamespaceOf(KubeObject obj) => obj.Metadata.Namespace.Length == 0 ? "default" : obj.Metadata.Namespace;

    private static bool Created(LoadContext ctx, string kind, string name, string ns) =>
        ctx.CreatedObjects.Any(o => o.Object.Kind == kind && o.Object.Metadata.Name == name && NamespaceOf(o.Object) == ns);
}
