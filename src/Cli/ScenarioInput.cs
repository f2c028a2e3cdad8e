using ClusterSim.Planning.Configuring;
using ClusterSim.Planning.Model;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Model;

namespace ClusterSim.Cli;

/// <summary>Loads a scenario for a command, printing diagnostics as `file:line:column: error: ...` on stderr.</summary>
internal static class ScenarioInput
{
    /// <summary>The scenario, or null after printing why it could not be loaded.</summary>
    public static Scenario? Load(string path)
    {
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"{path}:1:1: error: scenario file not found");
            return null;
        }

        var result = ScenarioLoader.Load(path);
        foreach (var d in result.Diagnostics)
        {
            Console.Error.WriteLine(d.ToString());
        }

        return result.Errors.Count > 0 ? null : result.Scenario;
    }

    /// <summary>
    /// The scenario with `--set KEY=VALUE` settings applied, exactly as a plan applies a configuration (so a
    /// plan's "reproduce this run" command gives that run), or null after printing why not.
    /// </summary>
    public static Scenario? Configure(Scenario scenario, IReadOnlyList<string> settings)
    {
        var parsed = new List<Setting>();
        foreach (var s in settings)
        {
            int eq = s.IndexOf('=');
            if (eq <= 0)
            {
                Console.Error.WriteLine($"clustersim: --set {s}: expected KEY=VALUE (e.g. nodes.worker.count=5)");
                return null;
            }

            parsed.Add(new Setting(s[..eq].Trim(), s[(eq + 1)..].Trim()));
        }

        var configured = ScenarioConfigurator.Apply(scenario, parsed, out var errors);
        foreach (var e in errors)
        {
            Console.Error.WriteLine("clustersim: --set " + e);
        }

        return configured;
    }
}
