using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterSim.Planning.Model;

namespace ClusterSim.Planning.Sharding;

/// <summary>
/// shard.json, written beside a shard's runs.csv: which plan (the SHA-256 of its canonical text), which
/// ClusterSim, which slice and how many runs it holds, and the plan's description, so `plan merge` can check the
/// shards belong together and write the report without the plan or scenario files.
/// </summary>
public sealed record ShardManifest(
    int Format,
    string ClusterSimVersion,
    string PlanSha256,
    int ShardIndex,
    int ShardCount,
    int RunCount,
    string PlanText,
    PlanDescription Plan)
{
    /// <summary>The file name.</summary>
    public const string FileName = "shard.json";

    /// <summary>This file format's version.</summary>
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The version of the running ClusterSim, as shards and merges compare it.</summary>
    public static string Version => typeof(ShardManifest).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    /// <summary>The SHA-256 of a plan's canonical text, lower-case hex.</summary>
    public static string Hash(string canonicalText) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalText)));

    /// <summary>The manifest of slice <paramref name="index"/>/<paramref name="count"/> of <paramref name="plan"/>.</summary>
    public static ShardManifest For(PlanSpec plan, int index, int count, int runs) =>
        new(CurrentFormat, Version, Hash(plan.CanonicalText), index, count, runs, plan.CanonicalText, plan.Describe());

    /// <summary>The JSON text (LF line ends, properties in declaration order).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options).ReplaceLineEndings("\n") + "\n";

    /// <summary>Reads a manifest; null and the reason when the text is not one.</summary>
    public static ShardManifest? Parse(string json, out string? error)
    {
        error = null;
        try
        {
            var m = JsonSerializer.Deserialize<ShardManifest>(json, Options);
            if (m is null || m.Plan is null || m.PlanText is null)
            {
                error = "not a shard manifest";
                return null;
            }

            if (m.Format != CurrentFormat)
            {
                error = $"format {m.Format}; this ClusterSim reads format {CurrentFormat}";
                return null;
            }

            return m;
        }
        catch (JsonException e)
        {
            error = "not a shard manifest: " + e.Message;
            return null;
        }
    }
}
