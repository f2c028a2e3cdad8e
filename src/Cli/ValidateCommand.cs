using System.CommandLine;

namespace ClusterSim.Cli;

/// <summary>`clustersim validate SCENARIO`: parse and check only.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("SCENARIO") { Description = "the scenario file" };
        var command = new Command("validate", "Parse and check a scenario; print `ok` or the errors.");
        command.Arguments.Add(scenario);
        command.SetAction(parse =>
        {
            var loaded = ScenarioInput.Load(parse.GetValue(scenario)!);
            if (loaded is null)
            {
                return ExitCodes.BadInput;
            }

            Console.Out.WriteLine("ok");
            return ExitCodes.Ok;
        });
        return command;
    }
}
