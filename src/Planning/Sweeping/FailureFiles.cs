using System.Globalization;
using System.Text;
using ClusterSim.Fuzzing;
using ClusterSim.Planning.Model;

namespace ClusterSim.Planning.Sweeping;

/// <summary>
/// `--keep-failures`: each failing run as a scenario file (the configuration applied, spec.seed set to the run's
/// seed) under failures/, named config-C-seed-S.yaml, which `clustersim run` replays. A scenario the writer
/// cannot express inline (a Node manifest file, volumes) gets config-C-seed-S.txt with the `run --set` command instead.
/// </summary>
public static class FailureFiles
{
    /// <summary>The files for the failing <paramref name="records"/>, in record order.</summary>
    public static IEnumerable<(string Name, byte[] Content)> For(PlanSpec plan, IEnumerable<RunRecord> records)
    {
        var inv = CultureInfo.InvariantCulture;
        var utf8 = new UTF8Encoding(false);
        foreach (var r in records.Where(r => !r.Passed))
        {
            var (config, scenario) = plan.Configurations[r.Config];
            var name = string.Create(inv, $"failures/config-{r.Config}-seed-{r.Seed}");
            var command = string.Create(inv, $"clustersim run {plan.ScenarioPath} --seed {r.Seed} {config.SetArguments}").TrimEnd();
            string text;
            string extension;
            try
            {
                var yaml = ScenarioYaml.Write(ScenarioEdit.Copy(scenario, seed: r.Seed));
                text = $"# {config.Label}, seed {r.Seed}: failed {r.Failures}\n# the same run: {command}\n"
                    + "# kubectl -f and csv paths in it are relative to the scenario's own directory\n" + yaml;
                extension = ".yaml";
            }
            catch (NotSupportedException e)
            {
                text = $"{config.Label}, seed {r.Seed}: failed {r.Failures}\nThis scenario cannot be written as one file ({e.Message}); replay the run with:\n{command}\n";
                extension = ".txt";
            }

            yield return (name + extension, utf8.GetBytes(text));
        }
    }
}
