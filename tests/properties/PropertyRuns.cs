using System.Globalization;
using FsCheck;
using Microsoft.FSharp.Core;

namespace ClusterSim.Properties;

/// <summary>
/// How many cases each property tries: a small default that keeps CI within its budget, raised for long
/// runs with the environment variable CLUSTERSIM_PROPERTY_RUNS. And from which seed: a fresh random one per
/// run, so that CI keeps exploring new cases, or the one in CLUSTERSIM_PROPERTY_REPLAY, which replays a
/// failed run case for case.
/// </summary>
public static class PropertyRuns
{
    /// <summary>
    /// The variable that replays a run: "seed,gamma", FsCheck's StdGen as a failure message prints it
    /// ("Falsifiable, after 3 tests (0 shrinks) (seed,gamma)"), optionally ",size" to start at the size of
    /// the message's "Last step was invoked with size of S and seed of (seed,gamma)". It applies to every
    /// property of the run: set it with a --filter for the one that failed.
    /// </summary>
    public const string ReplayVariable = "CLUSTERSIM_PROPERTY_REPLAY";

    /// <summary>The number of cases per property.</summary>
    public static int Count(int ciDefault)
    {
        var value = Environment.GetEnvironmentVariable("CLUSTERSIM_PROPERTY_RUNS");
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : ciDefault;
    }

    /// <summary>
    /// An FsCheck configuration that throws on failure, starting from a fresh random seed or from
    /// <see cref="ReplayVariable"/>'s. FsCheck's failure message prints the seed; replay it by setting the variable.
    /// </summary>
    public static Config Config(int ciDefault) => Config(ciDefault, out _);

    /// <summary>As <see cref="Config(int)"/>; <paramref name="replay"/> is the seed's value for <see cref="ReplayVariable"/>.</summary>
    public static Config Config(int ciDefault, out string replay) => Seeded(ciDefault, ReplaySeed(), out replay);

    /// <summary>A configuration that starts from <paramref name="start"/> (a fresh random seed when null).</summary>
    internal static Config Seeded(int ciDefault, (Rnd Seed, int? Size)? start, out string replay)
    {
        // A fresh seed as FsCheck's own (internal) Random.Create makes one: any 64 bits with the golden gamma.
        var (seed, size) = start ?? (new Rnd(BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))), null);
        replay = string.Create(CultureInfo.InvariantCulture, $"{seed.Seed},{seed.Gamma}") + (size is { } s ? "," + s.ToString(CultureInfo.InvariantCulture) : "");
        var from = new Replay(seed, size is { } n ? FSharpOption<int>.Some(n) : FSharpOption<int>.None);
        return FsCheck.Config.QuickThrowOnFailure.WithMaxTest(Count(ciDefault)).WithQuietOnSuccess(true).WithReplay(FSharpOption<Replay>.Some(from));
    }

    /// <summary>The seed (and size) of <see cref="ReplayVariable"/>, or null when it is not set.</summary>
    internal static (Rnd Seed, int? Size)? ReplaySeed() => ParseReplay(Environment.GetEnvironmentVariable(ReplayVariable));

    /// <summary>
    /// Reads "seed,gamma[,size]"; parentheses, spaces and a "StdGen" prefix are ignored, so FsCheck's
    /// "(seed,gamma)" can be pasted as printed. A value that is set but unreadable is an error, not a random run.
    /// </summary>
    internal static (Rnd Seed, int? Size)? ParseReplay(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parts = value.Replace("StdGen", "", StringComparison.Ordinal).Replace("(", "", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal)
            .Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is 2 or 3
            && ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var gamma) && gamma % 2 == 1)
        {
            if (parts.Length == 2)
            {
                return (new Rnd(seed, gamma), null);
            }

            if (int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                return (new Rnd(seed, gamma), size);
            }
        }

        throw new ArgumentException($"{ReplayVariable}=\"{value}\": expected \"seed,gamma\" or \"seed,gamma,size\" (unsigned integers, gamma odd), as FsCheck prints a failed run's seed");
    }
}
