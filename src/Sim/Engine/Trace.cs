using System.Security.Cryptography;
using System.Text;

namespace ClusterSim.Sim.Engine;

/// <summary>
/// The run's event trace: every state change worth comparing across runs is recorded as one line
/// (time ticks, category, text) and folded into a SHA-256. Two runs of the same scenario and seed must
/// give the same hash; a golden hash in a test pins behaviour across commits.
/// </summary>
public sealed class Trace : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly StringBuilder _line = new();
    private byte[] _buffer = new byte[256];

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
        if (_buffer.Length < max)
        {
            _buffer = new byte[Math.Max(max, _buffer.Length * 2)];
        }

        int n = 0;
        foreach (var chunk in _line.GetChunks())
        {
            n += Encoding.UTF8.GetBytes(chunk.Span, _buffer.AsSpan(n));
        }

        _hash.AppendData(_buffer, 0, n);
        Count++;
        Observer?.Invoke(timeTicks, category, text);
    }

    /// <summary>The hex SHA-256 of everything recorded so far (lower case). Does not end the trace.</summary>
    public string HashHex()
    {
        var bytes = _hash.GetCurrentHash();
        return Convert.ToHexString(bytes).ToLowerInvariant();
    }

    public void Dispose() => _hash.Dispose();
}
