using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ClusterSim.Sim.Engine;

/// <summary>
/// The run's event trace: every state change worth comparing across runs is recorded as one line
/// (time ticks, category, text) and folded into a SHA-256. Two runs of the same scenario and seed must
/// give the same hash; a golden hash in a test pins behaviour across commits.
/// <para>
/// Cost: a record is encoded into a pending buffer that is hashed in large blocks (SHA-256 over the
/// concatenation is the same however it is split), so a record costs its bytes, not a hash call.
/// </para>
/// <para>
/// Not recorded: a kubelet's renewal of its node Lease (ApiServer.RenewLease). It is not a write (no
/// resourceVersion either): it follows from time, one every nodeLeaseRenewInterval at the kubelet's phase while
/// it runs, and what it causes (or its absence: NotReady, taints, evictions) is recorded where it happens.
/// </para>
/// </summary>
public sealed class Trace : IDisposable
{
    // Records are hashed once this many bytes are pending (and before the hash is read).
    private const int FlushBytes = 32 * 1024;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly StringBuilder _line = new();
    private byte[] _buffer = new byte[FlushBytes * 2];
    private int _pending;

    /// <summary>Number of records so far.</summary>
    public long Count { get; private set; }

    /// <summary>Optional observer of each record (for tests and debugging); null costs nothing.</summary>
    public Action<long, string, string>? Observer { get; set; }

    /// <summary>Appends one record.</summary>
    public void Record(long timeTicks, string category, string text)
    {
        _line.Clear();
        _line.Append(timeTicks).Append('\t').Append(category).Append('\t').Append(text).Append('\n');
        int max = Encoding.UTF8.GetMaxByteCount(_line.Length);
        Reserve(max);

        // Each chunk is encoded on its own, as before, so the bytes stay those of the original encoding.
        int n = _pending;
        foreach (var chunk in _line.GetChunks())
        {
            n += Encoding.UTF8.GetBytes(chunk.Span, _buffer.AsSpan(n));
        }

        _pending = n;
        Recorded(timeTicks, category, text);
    }

    /// <summary>
    /// Appends the record of an object, the text being <c>kind/namespace/name</c> (or <c>kind/name</c> when
    /// <paramref name="ns"/> is null: a cluster-scoped object), the bytes <see cref="Record(long, string, string)"/>
    /// writes for <c>KubeObject.ToString()</c>, without building that string: a store write is traced on every
    /// lease renewal. Object names and namespaces are ASCII (DNS-1123), kinds are identifiers.
    /// </summary>
    public void Record(long timeTicks, string category, string kind, string? ns, string name)
    {
        if (!IsAscii(category) || !IsAscii(kind) || (ns is not null && !IsAscii(ns)) || !IsAscii(name))
        {
            Record(timeTicks, category, Text(kind, ns, name));
            return;
        }

        Reserve(20 + 5 + category.Length + kind.Length + (ns?.Length ?? 0) + name.Length);
        var span = _buffer.AsSpan(_pending);
        timeTicks.TryFormat(span, out int n, default, CultureInfo.InvariantCulture);
        span[n++] = (byte)'\t';
        n += Encoding.ASCII.GetBytes(category, span[n..]);
        span[n++] = (byte)'\t';
        n += Encoding.ASCII.GetBytes(kind, span[n..]);
        span[n++] = (byte)'/';
        if (ns is not null)
        {
            n += Encoding.ASCII.GetBytes(ns, span[n..]);
            span[n++] = (byte)'/';
        }

        n += Encoding.ASCII.GetBytes(name, span[n..]);
        span[n++] = (byte)'\n';
        _pending += n;
        if (Observer is not null)
        {
            Recorded(timeTicks, category, Text(kind, ns, name));
        }
        else
        {
            Count++;
            FlushIfFull();
        }
    }

    /// <summary>The hex SHA-256 of everything recorded so far (lower case). Does not end the trace.</summary>
    public string HashHex()
    {
        Flush();
        var bytes = _hash.GetCurrentHash();
        return Convert.ToHexString(bytes).ToLowerInvariant();
    }

    public void Dispose() => _hash.Dispose();

    private static string Text(string kind, string? ns, string name) =>
        ns is null ? kind + "/" + name : kind + "/" + ns + "/" + name;

    private static bool IsAscii(string s) => Ascii.IsValid(s);

    private void Recorded(long timeTicks, string category, string text)
    {
        Count++;
        FlushIfFull();
        Observer?.Invoke(timeTicks, category, text);
    }

    /// <summary>Makes room for <paramref name="bytes"/> more pending bytes.</summary>
    private void Reserve(int bytes)
    {
        if (_buffer.Length - _pending >= bytes)
        {
            return;
        }

        Flush();
        if (_buffer.Length < bytes)
        {
            _buffer = new byte[Math.Max(bytes, _buffer.Length * 2)];
        }
    }

    private void FlushIfFull()
    {
        if (_pending >= FlushBytes)
        {
            Flush();
        }
    }

    private void Flush()
    {
        if (_pending > 0)
        {
            _hash.AppendData(_buffer, 0, _pending);
            _pending = 0;
        }
    }
}
