using ClusterSim.Sim.Engine;

namespace ClusterSim.Tests.Engine;

public sealed class TraceTests
{
    private static readonly (long Time, string Category, string Text)[] Records =
    [
        (0, "pod", "default/web-1 Pending"),
        (1_500_000, "scheduler", "default/web-1 -> worker-2"),
        (2_000_000, "kubelet", "worker-2 default/web-1 Running"),
        (2_000_000, "kubelet", "worker-2 default/web-2 Running — ünïcødé"),
    ];

    private static string HashOf(IEnumerable<(long Time, string Category, string Text)> records)
    {
        using var trace = new Trace();
        foreach (var (time, category, text) in records)
        {
            trace.Record(time, category, text);
        }

        return trace.HashHex();
    }

    [Fact]
    public void SameRecordsGiveTheSameHash()
    {
        Assert.Equal(HashOf(Records), HashOf(Records));
    }

    [Fact]
    public void DifferentOrderGivesADifferentHash()
    {
        var swapped = new[] { Records[0], Records[2], Records[1], Records[3] };

        Assert.NotEqual(HashOf(Records), HashOf(swapped));
    }

    [Fact]
    public void DifferentTimeOrTextGivesADifferentHash()
    {
        var baseline = HashOf(Records);
        var laterTime = Records.Select((r, i) => i == 1 ? (r.Time + 1, r.Category, r.Text) : r);
        var otherText = Records.Select((r, i) => i == 1 ? (r.Time, r.Category, r.Text + "!") : r);

        Assert.NotEqual(baseline, HashOf(laterTime));
        Assert.NotEqual(baseline, HashOf(otherText));
    }

    [Fact]
    public void FieldBoundariesMatter()
    {
        // Same concatenated characters, different split between category and text.
        Assert.NotEqual(HashOf([(1, "ab", "c")]), HashOf([(1, "a", "bc")]));
    }

    [Fact]
    public void HashIsLowerCaseHexSha256AndDoesNotEndTheTrace()
    {
        using var trace = new Trace();
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", trace.HashHex()); // SHA-256("")

        trace.Record(5, "a", "b");
        string first = trace.HashHex();
        Assert.Equal(first, trace.HashHex());
        Assert.Matches("^[0-9a-f]{64}$", first);

        trace.Record(6, "a", "b");
        Assert.NotEqual(first, trace.HashHex());
        Assert.Equal(2, trace.Count);
    }

    [Fact]
    public void LongRecordsAreHashedWhole()
    {
        string longText = new('x', 10_000);

        Assert.NotEqual(HashOf([(1, "c", longText)]), HashOf([(1, "c", longText + "y")]));
        Assert.Equal(HashOf([(1, "c", longText)]), HashOf([(1, "c", longText)]));
    }

    [Fact]
    public void ObserverSeesEveryRecord()
    {
        using var trace = new Trace();
        var seen = new List<(long, string, string)>();
        trace.Observer = (t, c, x) => seen.Add((t, c, x));

        foreach (var (time, category, text) in Records)
        {
            trace.Record(time, category, text);
        }

        Assert.Equal(Records, seen);
    }

    [Fact]
    public void AnObjectRecordHashesAsItsTextAndTheBlocksDoNotShowInTheHash()
    {
        // Enough records to cross the 32 KiB block several times, mixing both forms and a non-ASCII text.
        using var structured = new Trace();
        using var text = new Trace();
        var all = new System.Text.StringBuilder();
        for (int i = 0; i < 5_000; i++)
        {
            long time = 1_000_000L * i;
            string name = "node-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            structured.Record(time, "status", "Lease", "kube-node-lease", name);
            text.Record(time, "status", "Lease/kube-node-lease/" + name);
            all.Append(time).Append("\tstatus\tLease/kube-node-lease/").Append(name).Append('\n');
            structured.Record(time, "update", "Node", null, name);
            text.Record(time, "update", "Node/" + name);
            all.Append(time).Append("\tupdate\tNode/").Append(name).Append('\n');
            if (i % 1000 == 0)
            {
                structured.Record(time, "event", "ünïcødé " + name);
                text.Record(time, "event", "ünïcødé " + name);
                all.Append(time).Append("\tevent\tünïcødé ").Append(name).Append('\n');
            }
        }

        string expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(all.ToString())));
        Assert.Equal(expected, text.HashHex());
        Assert.Equal(expected, structured.HashHex());
        Assert.Equal(text.Count, structured.Count);
    }

    [Fact]
    public void AnObjectRecordWithNonAsciiPartsIsEncodedAsText()
    {
        using var structured = new Trace();
        using var text = new Trace();
        var seen = new List<string>();
        structured.Observer = (_, _, x) => seen.Add(x);
        structured.Record(7, "create", "Pod", "nämespace", "wéb");
        text.Record(7, "create", "Pod/nämespace/wéb");
        Assert.Equal(text.HashHex(), structured.HashHex());
        Assert.Equal(["Pod/nämespace/wéb"], seen);
    }
}
