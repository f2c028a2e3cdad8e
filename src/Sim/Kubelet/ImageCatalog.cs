namespace ClusterSim.Sim.Kubelet;

/// <summary>The scenario's `images` section: behaviour by exact image reference, with "*" as the fallback.</summary>
public sealed class ImageCatalog
{
    private readonly SortedDictionary<string, ImageBehavior> _images;

    public ImageCatalog(IReadOnlyDictionary<string, ImageBehavior>? images = null)
    {
        _images = new SortedDictionary<string, ImageBehavior>(StringComparer.Ordinal);
        if (images is not null)
        {
            foreach (var (k, v) in images)
            {
                _images[k] = v;
            }
        }
    }

    /// <summary>The behaviour of <paramref name="image"/>: its own entry, else "*", else <see cref="ImageBehavior.Default"/>.</summary>
    public ImageBehavior For(string image) =>
        _images.TryGetValue(image, out var b) ? b : _images.TryGetValue("*", out var any) ? any : ImageBehavior.Default;
}
