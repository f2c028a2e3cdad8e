using System.Globalization;
using System.Text;
using ClusterSim.Sim.Api;

namespace ClusterSim.Sim.Controllers.Deployment;

/// <summary>
/// pkg/controller/controller_utils.go ComputeHash: the <c>pod-template-hash</c> label value that names a
/// Deployment's ReplicaSets (<c>&lt;deployment&gt;-&lt;hash&gt;</c>) and keeps their pods apart.
/// <para>
/// Kubernetes hashes with FNV-32a the spew printout of the whole Go <c>v1.PodTemplateSpec</c> struct (every
/// field of v1.32's PodSpec, defaulted ones included), then mixes in the Deployment's collisionCount as 8
/// little-endian bytes, and encodes the decimal value of the 32-bit sum with rand.SafeEncodeString. We do
/// the same FNV-32a, collisionCount bytes and encoding, but over <see cref="CanonicalPrinter"/>'s printout
/// of our (smaller) template model. So a hash here is stable across runs, changes whenever the template
/// changes and is drawn from the same alphabet and length as Kubernetes', but it is not the value a real
/// cluster would compute for the same manifest: that would need the Go struct layout, type names and every
/// field default of PodSpec, which the simulator does not model.
/// </para>
/// </summary>
public static class PodTemplateHash
{
    /// <summary>apps.DefaultDeploymentUniqueLabelKey.</summary>
    public const string LabelKey = "pod-template-hash";

    /// <summary>k8s.io/apimachinery/pkg/util/rand's alphanums: no vowels, no confusable characters.</summary>
    public const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>controller.ComputeHash(template, collisionCount).</summary>
    public static string Compute(PodTemplateSpec template, int? collisionCount)
    {
        uint hash = FnvOffset;
        hash = Fnv32a(hash, Encoding.UTF8.GetBytes(CanonicalPrinter.Print(template)));
        if (collisionCount is { } count)
        {
            // binary.LittleEndian.PutUint32 into an 8-byte slice: 4 bytes of the count, 4 zero bytes.
            Span<byte> bytes = stackalloc byte[8];
            bytes.Clear();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes, unchecked((uint)count));
            hash = Fnv32a(hash, bytes);
        }

        return SafeEncodeString(hash.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>rand.SafeEncodeString: each character maps to alphanums[code point mod 27].</summary>
    public static string SafeEncodeString(string s)
    {
        var chars = new char[s.Length];
        for (int i = 0; i < s.Length; i++)
        {
            chars[i] = SafeAlphabet[s[i] % SafeAlphabet.Length];
        }

        return new string(chars);
    }

    /// <summary>hash/fnv New32a: for each byte, xor then multiply by the FNV prime.</summary>
    internal static uint Fnv32a(uint hash, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            hash ^= b;
            hash = unchecked(hash * FnvPrime);
        }

        return hash;
    }
}
