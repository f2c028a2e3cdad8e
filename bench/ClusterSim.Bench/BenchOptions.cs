using System.Globalization;

namespace ClusterSim.Bench;

/// <summary>Command-line parameters of the "K exponential timers" workload (see shared/bench-workload.md).</summary>
internal sealed record BenchOptions(string Command, int Processes, long Timeouts, long Seed)
{
    public const int DefaultProcesses = 1000;
    public const long DefaultTimeouts = 10_000_000;
    public const long DefaultSeed = 42;

    public const string Usage =
        "usage: ClusterSim.Bench engine|pq|all [--k 1000] [--n 10000000] [--seed 42]";

    /// <summary>Parses <paramref name="args"/>; returns null and sets <paramref name="error"/> when they are invalid.</summary>
    public static BenchOptions? Parse(string[] args, out string? error)
    {
        error = null;
        if (args.Length == 0)
        {
            error = "missing command";
            return null;
        }

        string command = args[0];
        if (command is not ("engine" or "pq" or "all"))
        {
            error = $"unknown command '{command}'";
            return null;
        }

        int k = DefaultProcesses;
        long n = DefaultTimeouts;
        long seed = DefaultSeed;
        for (int i = 1; i < args.Length; i++)
        {
            string name = args[i];
            if (i + 1 >= args.Length)
            {
                error = $"missing value after '{name}'";
                return null;
            }

            string value = args[++i];
            bool ok = name switch
            {
                "--k" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out k) && k > 0,
                "--n" => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out n) && n > 0,
                "--seed" => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed),
                _ => false,
            };
            if (!ok)
            {
                error = $"invalid option '{name} {value}'";
                return null;
            }
        }

        return new BenchOptions(command, k, n, seed);
    }
}
