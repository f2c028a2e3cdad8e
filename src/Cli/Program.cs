using System.CommandLine;
using System.CommandLine.Parsing;

namespace ClusterSim.Cli;

/// <summary>The `clustersim` command line (contract section 1), parsed with System.CommandLine.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("ClusterSim: a deterministic simulator of a Kubernetes control plane.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(NotYet("plan", "Capacity-planning sweep over seeds and a varied parameter (not available yet)."));
        root.Subcommands.Add(FuzzCommand.Create());

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine("clustersim: " + error.Message);
            }

            Console.Error.WriteLine("Run 'clustersim --help' for usage.");
            return ExitCodes.BadInput;
        }

        try
        {
            return parsed.Invoke();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine("clustersim: internal error (please report it with the scenario): " + e);
            return ExitCodes.InternalError;
        }
    }

    private static Command NotYet(string name, string description)
    {
        var command = new Command(name, description);
        var scenario = new Argument<string>("SCENARIO") { Arity = ArgumentArity.ZeroOrOne };
        command.Arguments.Add(scenario);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(_ =>
        {
            Console.Error.WriteLine($"clustersim: `{name}` is not available in this version yet.");
            return ExitCodes.BadInput;
        });
        return command;
    }
}
