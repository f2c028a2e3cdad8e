using ClusterSim.Scenarios;

namespace ClusterSim.Tests.Scenarios;

/// <summary>Test data paths and a temporary scenario directory.</summary>
internal sealed class TestFiles : IDisposable
{
    private TestFiles(string root) => Root = root;

    /// <summary>The copied test data: tests/ClusterSim.Tests/Scenarios/Data.</summary>
    public static string Data(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Scenarios", "Data", .. parts]);

    public string Root { get; }

    /// <summary>A fresh empty directory under the system temp directory.</summary>
    public static TestFiles Create() =>
        new(Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "clustersim-tests", Guid.NewGuid().ToString("N"))).FullName);

    /// <summary>Writes <paramref name="lines"/> (joined with \n) to a file under <see cref="Root"/>; returns its path.</summary>
    public string Write(string relative, params string[] lines)
    {
        string path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The one diagnostic of <paramref name="diagnostics"/>, checked: severity, file name, line, column and message.</summary>
    public static void AssertSingle(IReadOnlyList<Diagnostic> diagnostics, Severity severity, string fileName, int line, int column, string message)
    {
        var d = Assert.Single(diagnostics);
        AssertDiagnostic(d, severity, fileName, line, column, message);
    }

    public static void AssertDiagnostic(Diagnostic d, Severity severity, string fileName, int line, int column, string message)
    {
        Assert.Equal(message, d.Message);
        Assert.Equal(severity, d.Severity);
        Assert.Equal(fileName, Path.GetFileName(d.Location.File));
        Assert.Equal((line, column), (d.Location.Line, d.Location.Column));
    }
}
