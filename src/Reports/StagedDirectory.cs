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

        using var staging = Open(directory);
        foreach (var (name, content) in files)
        {
            using var stream = staging.Create(name);
            stream.Write(content);
        }

        return staging.Commit();
    }

    /// <summary>
    /// Starts a staged write into <paramref name="directory"/> for files written as streams, one after another, while
    /// they are being made (a run's outputs as it runs): nothing appears in <paramref name="directory"/> until
    /// <see cref="Staging.Commit"/>, and disposing without committing removes everything written.
    /// </summary>
    public static Staging Open(string directory) => new(directory);

    /// <summary>A file name, or a folder and a file name, '/' separated, that stays inside the output directory.</summary>
    internal static void CheckName(string name)
    {
        var parts = name.Split('/');
        bool valid = parts.Length is 1 or 2 && parts.All(p => p.Length > 0 && p != "." && p != ".."
            && !p.Any(ch => char.IsControl(ch) || ch == '\\' || ch == ':' || Path.GetInvalidFileNameChars().Contains(ch)));
        if (!valid)
        {
            throw new ArgumentException("invalid output file name \"" + name + "\": expected a file name or folder/file name", nameof(name));
        }
    }

    /// <summary>
    /// A staging directory next to the target (`.NAME.tmp-PID`): files are created in it and moved into the target,
    /// in the order they were created, by <see cref="Commit"/>.
    /// </summary>
    public sealed class Staging : IDisposable
    {
        private readonly string _target;
        private readonly string _staging;
        private readonly List<string> _names = [];
        private bool _committed;

        internal Staging(string directory)
        {
            _target = Path.GetFullPath(directory);
            var parent = Path.GetDirectoryName(_target) ?? ".";
            Directory.CreateDirectory(parent);
            _staging = Path.Combine(parent, "." + Path.GetFileName(_target) + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            if (Directory.Exists(_staging))
            {
                Directory.Delete(_staging, recursive: true);
            }

            Directory.CreateDirectory(_staging);
        }

        /// <summary>The names created so far, in order.</summary>
        public IReadOnlyList<string> Names => _names;

        /// <summary>Creates the staged file <paramref name="name"/> (see <see cref="Write"/> for names); the caller closes the stream.</summary>
        /// <exception cref="ArgumentException">The name is invalid or was already created.</exception>
        public FileStream Create(string name)
        {
            ObjectDisposedException.ThrowIf(_committed, this);
            CheckName(name);
            if (_names.Contains(name, StringComparer.Ordinal))
            {
                throw new ArgumentException("file " + name + " would be written twice", nameof(name));
            }

            var path = Path.Combine(_staging, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
            _names.Add(name);
            return stream;
        }

        /// <summary>The size in bytes of a staged file that has been written and closed.</summary>
        public long SizeOf(string name) => new FileInfo(Path.Combine(_staging, name)).Length;

        /// <summary>Moves every staged file into the target directory (creating it), replacing files of the same names; returns their names in order.</summary>
        public IReadOnlyList<string> Commit()
        {
            ObjectDisposedException.ThrowIf(_committed, this);
            Directory.CreateDirectory(_target);
            foreach (var name in _names)
            {
                var target = Path.Combine(_target, name);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(Path.Combine(_staging, name), target, overwrite: true);
            }

            _committed = true;
            Abandon();
            return _names;
        }

        /// <summary>Removes the staging directory and everything in it (after a commit, only the empty directory is left to remove).</summary>
        public void Abandon()
        {
            if (Directory.Exists(_staging))
            {
                Directory.Delete(_staging, recursive: true);
            }
        }

        /// <summary>Without a commit, removes everything staged: nothing of it reaches the target directory.</summary>
        public void Dispose() => Abandon();
    }
}
