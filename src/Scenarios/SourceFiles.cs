using System.Text;

namespace ClusterSim.Scenarios;

/// <summary>Reads user files (UTF-8, BOM stripped) without throwing, with a short reason on failure.</summary>
internal static class SourceFiles
{
    /// <summary>Refuse files larger than this (64 MiB): no scenario input is that big.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    public static bool TryRead(string path, out string text, out string? error)
    {
        text = "";
        error = null;
        try
        {
            if (Directory.Exists(path))
            {
                error = $"\"{path}\" is a directory, not a file";
                return false;
            }

            if (!File.Exists(path))
            {
                error = $"file \"{path}\" not found";
                return false;
            }

            if (new FileInfo(path).Length > MaxBytes)
            {
                error = $"file \"{path}\" is larger than 64 MiB";
                return false;
            }

            text = File.ReadAllText(path, Encoding.UTF8);
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text[1..];
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException or ArgumentException or NotSupportedException)
        {
            error = $"cannot read \"{path}\": {e.Message}";
            return false;
        }
    }
}
