using ClusterSim.Scenarios.Yaml;
using ClusterSim.Sim.Api;
using ClusterSim.Sim.Kubelet;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Scenarios.Sections;

/// <summary>spec.images (contract section 5): how each container image behaves; "*" is the fallback.</summary>
internal static class ImagesSection
{
    private static readonly string[] Keys = ["pullTime", "startTime", "readyAfter", "cpu", "memory", "crash", "size"];

    public static SortedDictionary<string, ImageBehavior> Read(LoadContext ctx, YamlField section)
    {
        var r = ctx.Reader;
        var images = new SortedDictionary<string, ImageBehavior>(StringComparer.Ordinal);
        foreach (var image in r.Fields(section.Value, section.Path))
        {
            string where = $"spec.images[\"{image.Key}\"]";
            var b = ImageBehavior.Default;
            foreach (var f in ctx.Known(r.Fields(image.Value, where), where, Keys).Values.OrderBy(f => f.KeyNode.Start.Index))
            {
                switch (f.Key)
                {
                    case "pullTime" when r.NonNegativeDuration(f.Value, f.Path, out var d):
                        b = b with { PullTime = d };
                        break;
                    case "startTime" when r.NonNegativeDuration(f.Value, f.Path, out var d):
                        b = b with { StartTime = d };
                        break;
                    case "readyAfter" when f.Value is YamlScalarNode { Value: "never" }:
                        // The container runs but never becomes ready (without a readinessProbe).
                        b = b with { ReadyAfter = TimeSpan.MaxValue };
                        break;
                    case "readyAfter" when r.NonNegativeDuration(f.Value, f.Path, out var d):
                        b = b with { ReadyAfter = d };
                        break;
                    case "memory" when NonNegativeQuantity(ctx, f, out var q):
                        b = b with { Memory = q };
                        break;
                    case "size" when NonNegativeQuantity(ctx, f, out var q):
                        b = b with { SizeBytes = (q.MilliValue() + 999) / 1000 };
                        break;
                    case "cpu":
                        foreach (var c in ctx.Known(r.Fields(f.Value, f.Path), f.Path, ["idle", "perRequest"]).Values.OrderBy(c => c.KeyNode.Start.Index))
                        {
                            if (c.Key == "idle" && NonNegativeQuantity(ctx, c, out var idle))
                            {
                                b = b with { CpuIdle = idle };
                            }
                            else if (c.Key == "perRequest" && r.NonNegativeDuration(c.Value, c.Path, out var cpuTime))
                            {
                                // CPU time per request (2ms) as cores x seconds: milli-units are milliseconds, rounded up.
                                b = b with { CpuPerRequest = Quantity.FromMilli((cpuTime.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond) };
                            }
                        }

                        break;
                    case "crash":
                        foreach (var c in ctx.Known(r.Fields(f.Value, f.Path), f.Path, ["after"]).Values.OrderBy(c => c.KeyNode.Start.Index))
                        {
                            if (r.PositiveDuration(c.Value, c.Path, out var after))
                            {
                                b = b with { CrashAfter = after };
                            }
                        }

                        break;
                }
            }

            images[image.Key] = b;
        }

        return images;
    }

    private static bool NonNegativeQuantity(LoadContext ctx, YamlField f, out Quantity q)
    {
        if (!ctx.Reader.Quantity(f.Value, f.Path, out q))
        {
            return false;
        }

        if (q.MilliValue() < 0)
        {
            ctx.Error(f.Value, $"{f.Path}: must not be negative");
            return false;
        }

        return true;
    }
}
