using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Model;

namespace ClusterSim.Fuzzing;

/// <summary>
/// Loading written scenarios back. Generated and shrunk scenarios are always values the loader produced from
/// their own YAML, so what a property sees is exactly what `clustersim run` of the written file sees.
/// </summary>
public static class ScenarioText
{
    /// <summary>The path generated scenarios are loaded under (relative paths in them resolve against the current directory).</summary>
    public const string GeneratedPath = "generated.yaml";

    /// <summary><paramref name="scenario"/> written and loaded back from <paramref name="path"/>, or null when it does not load (or cannot be written).</summary>
    public static Scenario? TryReload(Scenario scenario, string path)
    {
        string text;
        try
        {
            text = ScenarioYaml.Write(scenario);
        }
        catch (NotSupportedException)
        {
            return null;
        }

        return ScenarioLoader.LoadText(text, path).Scenario;
    }

    /// <summary>Loads <paramref name="yaml"/>; throws with every error when it does not load (a generator bug).</summary>
    public static Scenario Load(string yaml, string path)
    {
        var result = ScenarioLoader.LoadText(yaml, path);
        return result.Scenario ?? throw new InvalidOperationException(
            "scenario does not load:\n" + string.Join("\n", result.Errors.Select(e => e.ToString())) + "\n---\n" + yaml);
    }
}
