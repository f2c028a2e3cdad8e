using System.Globalization;

namespace ClusterSim.Reports;

/// <summary>
/// Writes a set of files into a directory all or nothing: into a sibling staging directory first, then moved
/// into place (replacing files of the same names), so an error or an interruption never leaves a half-written
/// output directory, and a directory that did not exist is not created.
/// </summary>
public static class StagedDirectory
{
    /// <summary>
    /// Writes <paramref name="files"/> and returns their names in order. A name is a file name or folder/file
    /// name ('/' separated) that stays inside <paramref name="directory"/>, each written once.
    /// </summary>
    /// <exception cref="ArgumentException">A name is invalid or repeated; nothing is written then.</exception>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<(string Name, byte[] Content)> files)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in files)
        {
            CheckName(name);
            if (!seen.Add(name))
            {
                throw new ArgumentException("file " + name + " would be written twice", nameof(files));
            }
        }

        var full = Path.GetFullPath(directory);
        var parent = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, "." + Path.GetFileName(full) + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        var names = new List<string>();
        try
        {
            foreach (var (name, content) in files)
            {
                var path = Path.Combine(staging, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, content);
                names.Add(name);
            }

            Directory.CreateDirectory(full);
            foreach (var name in names)
            {
                var target = Path.Combine(full, name);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(Path.Combine(staging, name), target, overwrite: true);
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return names;
    }

    /// <summary>A file name, or a folder and a file name, '/' separated, that stays inside the output directory.</summary>
    private static void CheckName(string name)
    {
        var parts = name.Split('/');
        bool valid = parts.Length is 1 or 2 && parts.All(p => p.Length > 0 && p != "." && p != ".."
            && !p.Any(ch => char.IsControl(ch) || ch == '\\' || ch == ':' || Path.GetInvalidFileNameChars().Contains(ch)));
        if (!valid)
        {
            throw new ArgumentException("invalid output file name \"" + name + "\": expected a file name or folder/file name", nameof(name));
        }
    }
}
