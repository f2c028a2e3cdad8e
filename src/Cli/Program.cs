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
        root.Subcommands.Add(PlanCommand.Create());
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
}
