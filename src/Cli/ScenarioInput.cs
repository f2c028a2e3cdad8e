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
}
