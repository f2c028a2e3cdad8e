using ClusterSim.Sim.Api;

namespace ClusterSim.Scenarios.Kubectl;

/// <summary>
/// The quantity arithmetic kubectl's describers do (resource.Quantity Add and Cmp, kubectl/pkg/util/resource
/// PodRequestsAndLimits) and its percentage and zero-value printing, on the members Quantity exposes.
/// </summary>
internal static class ResourceMath
{
    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    /// <summary>Quantity.String(), with the zero value (a missing resource) printed "0" as Go's resource.Quantity{} is.</summary>
    public static string Format(Quantity? quantity) =>
        quantity is not { } q || q.MilliValue() == 0 ? "0" : q.ToString();

    /// <summary>a.Add(b): the sum keeps a's format (binary "Mi" sums stay binary, decimal sums stay decimal).</summary>
    public static Quantity Add(Quantity a, Quantity b)
    {
        if (b.MilliValue() == 0)
        {
            return a;
        }

        if (a.MilliValue() == 0)
        {
            return b;
        }

        long milli = a.MilliValue() + b.MilliValue();
        if (milli % 1000 == 0 && IsBinary(a))
        {
            return Quantity.Parse(CanonicalBinary(milli / 1000));
        }

        return Quantity.FromMilli(milli);
    }

    /// <summary>Adds every resource of <paramref name="add"/> into <paramref name="into"/> (addResourceList).</summary>
    public static void AddInto(SortedDictionary<string, Quantity> into, IReadOnlyDictionary<string, Quantity> add)
    {
        foreach (var (name, q) in add)
        {
            into[name] = into.TryGetValue(name, out var existing) ? Add(existing, q) : q;
        }
    }

    /// <summary>Raises every resource of <paramref name="into"/> to at least <paramref name="other"/>'s (maxResourceList).</summary>
    public static void MaxInto(SortedDictionary<string, Quantity> into, IReadOnlyDictionary<string, Quantity> other)
    {
        foreach (var (name, q) in other)
        {
            if (!into.TryGetValue(name, out var existing) || q.CompareTo(existing) > 0)
            {
                into[name] = q;
            }
        }
    }

    /// <summary>PodRequestsAndLimits: the sum over containers, raised to the largest init container.</summary>
    public static (SortedDictionary<string, Quantity> Requests, SortedDictionary<string, Quantity> Limits) PodRequestsAndLimits(Pod pod)
    {
        var requests = ResourceNames.NewList();
        var limits = ResourceNames.NewList();
        foreach (var c in pod.Spec.Containers)
        {
            AddInto(requests, c.Resources.Requests);
            AddInto(limits, c.Resources.Limits);
        }

        var initRequests = ResourceNames.NewList();
        var initLimits = ResourceNames.NewList();
        foreach (var c in pod.Spec.InitContainers)
        {
            MaxInto(initRequests, c.Resources.Requests);
            MaxInto(initLimits, c.Resources.Limits);
        }

        MaxInto(requests, initRequests);
        MaxInto(limits, initLimits);
        return (requests, limits);
    }

    /// <summary>int64(float64(part) / float64(whole) * 100), with Go's amd64 conversion of NaN and overflow (the minimum int64).</summary>
    public static long Percent(long part, long whole)
    {
        double value = (double)part / whole * 100;
        if (double.IsNaN(value) || value >= 9.2233720368547758e18 || value < -9.2233720368547758e18)
        {
            return long.MinValue;
        }

        return (long)value;
    }

    private static bool IsBinary(Quantity q)
    {
        var text = q.ToString();
        return text.Length >= 2 && text[^1] == 'i' && Array.IndexOf(BinarySuffixes, text[^2..]) > 0;
    }

    /// <summary>resource.Quantity's canonical BinarySI form of a byte count ("128Mi"; below 1024 or uneven stays plain).</summary>
    private static string CanonicalBinary(long bytes)
    {
        if (bytes is > -1024 and < 1024)
        {
            return KubectlFormat.Int(bytes);
        }

        int exponent = 0;
        while (exponent < BinarySuffixes.Length - 1 && bytes % 1024 == 0)
        {
            bytes /= 1024;
            exponent++;
        }

        return KubectlFormat.Int(bytes) + BinarySuffixes[exponent];
    }
}
