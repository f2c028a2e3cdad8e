using System.Globalization;
using ClusterSim.Planning.Sweeping;
using Spectre.Console;

namespace ClusterSim.Cli;

/// <summary>
/// Progress of a sweep on stderr: on a terminal a Spectre.Console bar with runs done, failures so far and the
/// time left; otherwise (a log, a Kubernetes pod) one plain line per tenth of the runs. Only the display uses the
/// wall clock; nothing written to the outputs does.
/// </summary>
internal static class PlanProgress
{
    public static T Show<T>(int total, Func<Action<SweepProgress>, T> work)
    {
        if (Console.IsErrorRedirected || total == 0)
        {
            return work(p =>
            {
                if (p.Done == p.Total || (p.Done * 10 / p.Total) != ((p.Done - 1) * 10 / p.Total))
                {
                    Console.Error.WriteLine(Line(p));
                }
            });
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Line(new SweepProgress(0, total, 0)), maxValue: total);
                return work(p =>
                {
                    task.Value = p.Done;
                    task.Description = Line(p);
                });
            });
    }

    private static string Line(SweepProgress p) =>
        string.Create(CultureInfo.InvariantCulture, $"runs {p.Done}/{p.Total}, failures {p.Failures}");
}
