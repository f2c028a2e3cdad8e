using ClusterSim.Cli;

namespace ClusterSim.Tests.Running;

/// <summary>
/// Runs the `clustersim` entry point in process with its console captured. Console is process-wide, so calls
/// from test classes running in parallel are serialized.
/// </summary>
internal static class CliInvoker
{
    private static readonly Lock ConsoleLock = new();

    public static (int Code, string Stdout, string Stderr) Invoke(params string[] args)
    {
        lock (ConsoleLock)
        {
            var oldOut = Console.Out;
            var oldErr = Console.Error;
            var stdout = new StringWriter { NewLine = "\n" };
            var stderr = new StringWriter { NewLine = "\n" };
            Console.SetOut(stdout);
            Console.SetError(stderr);
            try
            {
                int code = Program.Main(args);
                return (code, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }
    }
}
