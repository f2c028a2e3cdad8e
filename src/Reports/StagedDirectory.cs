using System.Globalization;

namespace ClusterSim.Reports;

/// <summary>
/// Writes a set of files into a directory all or nothing: into a sibling staging directory first, then moved
/// into place (replacing files of the same names), so an error or an interruption never leaves a half-written
/// output directory, and a directory that did not exist is not created.
/// </summary>
public static class StagedDirectory
{
    /// <summary>Writes <paramref name="files"/> (names relative to <paramref name="directory"/>, at most one subfolder deep) and returns their names in order.</summary>
    public static IReadOnlyList<string> Write(string directory, IEnumerable<(string Name, byte[] Content)> files)
    {
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
                var path = Path.GetFullPath(Path.Combine(staging, name));
                if (!path.StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"output file name \"{name}\" leaves the output directory", nameof(files));
                }

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
}
