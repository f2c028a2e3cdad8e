using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ClusterSim.Sim.Controllers.ClusterAutoscaling;

/// <summary>
/// The status text of the cluster-autoscaler-status ConfigMap: clusterstate/utils/status.go WriteStatusConfigMap's
/// yaml.Marshal(status) with gopkg.in/yaml.v2 v2.4.0 over api/types.go's yaml tags. Fields in struct order; omitempty
/// drops zero strings, counts, structs whose every field is zero (nodeCounts, registered, unready, backoffInfo,
/// clusterWide) and zero metav1.Times; a metav1.Time is its MarshalText (RFC3339Nano), double-quoted because it reads as
/// a timestamp; block sequences are not indented under their key; plain scalars are folded at a space past column 80
/// (the emitter's best_width), continuing two columns deeper than their key.
/// </summary>
public static partial class ClusterAutoscalerStatusYaml
{
    private const int BestWidth = 80;

    /// <summary>status.go ConfigMapLastUpdateFormat, "2006-01-02 15:04:05.999999999 -0700 MST", of a UTC time: the status's time and the last-updated annotation.</summary>
    public static string LastUpdated(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + Fraction(utc) + " +0000 UTC";
    }

    /// <summary>time.Time.MarshalText (RFC3339Nano) of a UTC time: "2025-01-06T09:00:10.5Z".</summary>
    public static string Rfc3339Nano(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return utc.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + Fraction(utc) + "Z";
    }

    /// <summary>".999999999": the sub-second part without trailing zeros, nothing when whole.</summary>
    private static string Fraction(DateTimeOffset t)
    {
        long ticks = t.Ticks % TimeSpan.TicksPerSecond;
        return ticks == 0 ? "" : "." + (ticks * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    /// <summary>yaml.Marshal of <paramref name="status"/> with its time set to <paramref name="now"/>; virtual times count from <paramref name="epoch"/>.</summary>
    public static string Marshal(ClusterAutoscalerStatus status, DateTimeOffset now, DateTimeOffset epoch)
    {
        var root = new List<(string, object)> { ("time", LastUpdated(now)) };
        if (status.AutoscalerStatus.Length > 0)
        {
            root.Add(("autoscalerStatus", status.AutoscalerStatus));
        }

        if (status.Message.Length > 0)
        {
            root.Add(("message", status.Message));
        }

        if (status.ClusterWide is { } wide)
        {
            root.Add(("clusterWide", new List<(string, object)>
            {
                ("health", Health(wide.Health, epoch)),
                ("scaleUp", ScaleUp(wide.ScaleUp, epoch)),
                ("scaleDown", ScaleDown(wide.ScaleDown, epoch)),
            }));
        }

        if (status.NodeGroups.Count > 0)
        {
            root.Add(("nodeGroups", status.NodeGroups.Select(g => new List<(string, object)>
            {
                ("name", g.Name),
                ("health", Health(g.Health, epoch)),
                ("scaleUp", ScaleUp(g.ScaleUp, epoch)),
                ("scaleDown", ScaleDown(g.ScaleDown, epoch)),
            }).ToList()));
        }

        var sb = new StringBuilder();
        EmitMap(sb, root, 0, inlineFirst: false);
        return sb.ToString();
    }

    private static List<(string, object)> Health(HealthCondition h, DateTimeOffset epoch)
    {
        var m = new List<(string, object)> { ("status", h.Status) };
        if (!h.NodeCounts.IsZero)
        {
            var c = h.NodeCounts;
            var counts = new List<(string, object)>();
            if (c.Registered != 0 || c.Ready != 0 || c.NotStarted != 0 || c.BeingDeleted != 0 || c.Unready != 0 || c.ResourceUnready != 0)
            {
                var registered = new List<(string, object)> { ("total", c.Registered), ("ready", c.Ready), ("notStarted", c.NotStarted) };
                if (c.BeingDeleted != 0)
                {
                    registered.Add(("beingDeleted", c.BeingDeleted));
                }

                if (c.Unready != 0 || c.ResourceUnready != 0)
                {
                    registered.Add(("unready", new List<(string, object)> { ("total", c.Unready), ("resourceUnready", c.ResourceUnready) }));
                }

                counts.Add(("registered", registered));
            }

            counts.Add(("longUnregistered", c.LongUnregistered));
            counts.Add(("unregistered", c.Unregistered));
            m.Add(("nodeCounts", counts));
        }

        if (h.Sizes is { } sizes)
        {
            m.Add(("cloudProviderTarget", sizes.CloudProviderTarget));
            m.Add(("minSize", sizes.MinSize));
            m.Add(("maxSize", sizes.MaxSize));
        }

        AddTimes(m, h.LastProbeTime, h.LastTransitionTime, epoch);
        return m;
    }

    private static List<(string, object)> ScaleUp(ScaleUpCondition s, DateTimeOffset epoch)
    {
        var m = new List<(string, object)> { ("status", s.Status) };
        if (s.BackoffErrorCode.Length > 0 || s.BackoffErrorMessage.Length > 0)
        {
            var info = new List<(string, object)>();
            if (s.BackoffErrorCode.Length > 0)
            {
                info.Add(("errorCode", s.BackoffErrorCode));
            }

            if (s.BackoffErrorMessage.Length > 0)
            {
                info.Add(("errorMessage", s.BackoffErrorMessage));
            }

            m.Add(("backoffInfo", info));
        }

        AddTimes(m, s.LastProbeTime, s.LastTransitionTime, epoch);
        return m;
    }

    private static List<(string, object)> ScaleDown(ScaleDownCondition s, DateTimeOffset epoch)
    {
        var m = new List<(string, object)> { ("status", s.Status) };
        if (s.Candidates != 0)
        {
            m.Add(("candidates", s.Candidates));
        }

        AddTimes(m, s.LastProbeTime, s.LastTransitionTime, epoch);
        return m;
    }

    private static void AddTimes(List<(string, object)> m, TimeSpan? probe, TimeSpan? transition, DateTimeOffset epoch)
    {
        if (probe is { } p)
        {
            m.Add(("lastProbeTime", new TimeValue(Rfc3339Nano(epoch + p))));
        }

        if (transition is { } t)
        {
            m.Add(("lastTransitionTime", new TimeValue(Rfc3339Nano(epoch + t))));
        }
    }

    /// <summary>A metav1.Time's text: a string go-yaml resolves as a timestamp, so always double-quoted.</summary>
    private sealed record TimeValue(string Text);

    private static void EmitMap(StringBuilder sb, List<(string Key, object Value)> map, int indent, bool inlineFirst)
    {
        bool first = true;
        foreach (var (key, value) in map)
        {
            if (!(first && inlineFirst))
            {
                sb.Append(' ', indent);
            }

            first = false;
            sb.Append(key).Append(':');
            switch (value)
            {
                case List<(string, object)> nested:
                    sb.Append('\n');
                    EmitMap(sb, nested, indent + 2, inlineFirst: false);
                    break;
                case List<List<(string, object)>> items:
                    sb.Append('\n');
                    foreach (var item in items)
                    {
                        sb.Append(' ', indent).Append("- ");
                        EmitMap(sb, item, indent + 2, inlineFirst: true);
                    }

                    break;
                case int n:
                    sb.Append(' ').Append(n.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    break;
                case TimeValue t:
                    sb.Append(" \"").Append(t.Text).Append("\"\n");
                    break;
                case string s:
                    EmitString(sb, s, indent + 2);
                    break;
            }
        }
    }

    /// <summary>
    /// encode.go stringv: plain when the text reads back as a string and the emitter allows it (else single quotes,
    /// else double quotes); a plain or single-quoted scalar breaks at a space once past column 80 (write_plain_scalar,
    /// write_single_quoted_scalar), the next line indented to <paramref name="continuation"/>.
    /// </summary>
    private static void EmitString(StringBuilder sb, string s, int continuation)
    {
        if (s.Length == 0 || ResolvesToNonString(s) || s.Any(c => char.IsControl(c)))
        {
            sb.Append(" \"").Append(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"\n");
            return;
        }

        bool plain = PlainAllowed(s);
        sb.Append(' ');
        int lineStart = LastLineStart(sb);
        string text = plain ? s : "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
        bool spaces = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool quoteEdge = !plain && (i == 1 || i == text.Length - 2);
            if (c == ' ' && !spaces && sb.Length - lineStart > BestWidth && i + 1 < text.Length && text[i + 1] != ' ' && !quoteEdge)
            {
                sb.Append('\n').Append(' ', continuation);
                lineStart = sb.Length - continuation;
                spaces = true;
                continue;
            }

            spaces = c == ' ';
            sb.Append(c);
        }

        sb.Append('\n');
    }

    private static int LastLineStart(StringBuilder sb)
    {
        for (int i = sb.Length - 1; i >= 0; i--)
        {
            if (sb[i] == '\n')
            {
                return i + 1;
            }
        }

        return 0;
    }

    /// <summary>resolve.go: would the plain text read back as null, a bool, a number or a timestamp?</summary>
    private static bool ResolvesToNonString(string s) =>
        s is "~" or "null" or "Null" or "NULL" or "<<"
            or "y" or "Y" or "yes" or "Yes" or "YES" or "n" or "N" or "no" or "No" or "NO"
            or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            or "on" or "On" or "ON" or "off" or "Off" or "OFF"
            or ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF" or ".nan" or ".NaN" or ".NAN"
        || NumberLike().IsMatch(s) || TimestampLike().IsMatch(s);

    /// <summary>The emitter's analysis for a plain block scalar: no indicator first, no ": " or " #", no edge spaces.</summary>
    private static bool PlainAllowed(string s)
    {
        char first = s[0];
        if (s[0] == ' ' || s[^1] == ' ' || ",[]{}#&*!|>'\"%@`".Contains(first, StringComparison.Ordinal)
            || ((first is '-' or '?' or ':') && (s.Length == 1 || s[1] == ' ')))
        {
            return false;
        }

        return !s.Contains(": ", StringComparison.Ordinal) && !s.Contains(" #", StringComparison.Ordinal) && s[^1] != ':';
    }

    [GeneratedRegex(@"^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9]+([eE][-+]?[0-9]+)?|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberLike();

    /// <summary>parseTimestamp's layouts (2006-1-2, with a T or space time and an optional zone).</summary>
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}([.,][0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2}))|( [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}([.,][0-9]+)?))?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampLike();
}
