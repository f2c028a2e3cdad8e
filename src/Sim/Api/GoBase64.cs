using System.Globalization;
using System.Text;

namespace ClusterSim.Sim.Api;

/// <summary>
/// Go's encoding/base64 StdEncoding.DecodeString (base64.go decodeQuantum): the padded standard alphabet, '\r' and '\n'
/// skipped anywhere, non-strict (unused trailing bits ignored), and Go's CorruptInputError "illegal base64 data at input
/// byte N" with N counted in the input's UTF-8 bytes. This is how the API server reads a []byte field such as a
/// ConfigMap's binaryData.
/// </summary>
public static class GoBase64
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Decodes <paramref name="text"/>; false with Go's error message when it is not valid base64.</summary>
    public static bool TryDecode(string text, out byte[] bytes, out string? error)
    {
        var src = Encoding.UTF8.GetBytes(text);
        var dst = new List<byte>(src.Length * 3 / 4);
        int si = 0;
        error = null;
        bytes = [];
        while (si < src.Length)
        {
            var (next, n, corrupt, values) = DecodeQuantum(src, si);
            if (corrupt >= 0 && n == 0 && values is null)
            {
                error = Corrupt(corrupt);
                return false;
            }

            int val = (values![0] << 18) | (values[1] << 12) | (values[2] << 6) | values[3];
            byte[] out3 = [(byte)(val >> 16), (byte)(val >> 8), (byte)val];
            for (int i = 0; i < n; i++)
            {
                dst.Add(out3[i]);
            }

            if (corrupt >= 0)
            {
                // Trailing garbage after the padding: Go returns the bytes decoded so far and the error.
                error = Corrupt(corrupt);
                return false;
            }

            si = next;
        }

        bytes = [.. dst];
        return true;
    }

    private static string Corrupt(int offset) => string.Create(CultureInfo.InvariantCulture, $"illegal base64 data at input byte {offset}");

    /// <summary>decodeQuantum: the next up-to-4 symbols; (next index, bytes produced, error offset or -1, the 6-bit values or null on error).</summary>
    private static (int Next, int Count, int Corrupt, int[]? Values) DecodeQuantum(byte[] src, int si)
    {
        var dbuf = new int[4];
        int dlen = 4;
        for (int j = 0; j < 4; j++)
        {
            if (src.Length == si)
            {
                if (j == 0)
                {
                    return (si, 0, -1, dbuf);
                }

                // StdEncoding has padding: a short final quantum is corrupt.
                return (si, 0, si - j, null);
            }

            byte c = src[si];
            si++;
            int value = c < 128 ? Alphabet.IndexOf((char)c, StringComparison.Ordinal) : -1;
            if (value >= 0)
            {
                dbuf[j] = value;
                continue;
            }

            if (c is (byte)'\n' or (byte)'\r')
            {
                j--;
                continue;
            }

            if (c != (byte)'=')
            {
                return (si, 0, si - 1, null);
            }

            // Padding: the end of the data.
            switch (j)
            {
                case 0 or 1:
                    return (si, 0, si - 1, null);
                case 2:
                    si = SkipNewlines(src, si);
                    if (si == src.Length)
                    {
                        return (si, 0, src.Length, null);
                    }

                    if (src[si] != (byte)'=')
                    {
                        return (si, 0, si - 1, null);
                    }

                    si++;
                    break;
            }

            si = SkipNewlines(src, si);
            int trailing = si < src.Length ? si : -1;
            dlen = j;
            return (src.Length, dlen - 1, trailing, dbuf);
        }

        return (si, dlen - 1, -1, dbuf);
    }

    private static int SkipNewlines(byte[] src, int si)
    {
        while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r')
        {
            si++;
        }

        return si;
    }
}
