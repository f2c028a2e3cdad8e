using System.Globalization;

namespace ClusterSim.Sim.Kubelet;

/// <summary>Go's time.Duration String() for the messages the kubelet prints (placeholder until ClusterSim.Sim.Api.GoDuration lands).</summary>
internal static class GoDurationText
{
    public static string Format(TimeSpan d)
    {
        if (d == TimeSpan.Zero)
        {
            return "0s";
        }

        var sb = new System.Text.StringBuilder();
        if (d.TotalHours >= 1)
        {
            sb.Append((long)d.TotalHours).Append('h');
        }

        if (d.TotalMinutes >= 1)
        {
            sb.Append(d.Minutes).Append('m');
        }

        double seconds = d.Seconds + (d.Milliseconds / 1000.0);
        sb.Append(seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        return sb.ToString();
    }
}
