using System.CommandLine;
using System.Globalization;
using System.Text;
using ClusterSim.Planning.Analysis;
using ClusterSim.Planning.Loading;
using ClusterSim.Planning.Model;
using ClusterSim.Planning.Sharding;
using ClusterSim.Planning.Sweeping;
using ClusterSim.Reports;
using ClusterSim.Reports.Plan;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Running;

namespace ClusterSim.Cli;

/// <summary>
/// `clustersim plan SCENARIO|PLAN [--vary KEY=VALUES]... [--runs N] [--seed N] [--target P] [--objective EXPR]...
/// [--point] [--jobs N] [--out DIR] [--shard I/N] [--keep-failures] [--emit-job]` and `clustersim plan merge DIR...`
/// (contract section 7 and the capacity-planning issue). Argument parsing, progress and exit codes only: the
/// work is src/Planning's, the report src/Reports'.
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("PLAN") { Description = "a plan file (kind: Plan) or a scenario file with --vary" };
        var vary = new Option<string[]>("--vary") { Description = "KEY=VALUES: an axis (3..12, 3..12/3, 2,4,8); repeat for a grid", AllowMultipleArgumentsPerToken = false };
        var runs = new Option<int?>("--runs") { Description = $"runs per configuration (default {PlanSpec.DefaultRuns})" };
        var seed = new Option<long?>("--seed") { Description = "seed of run 0; run i uses seed+i in every configuration (default the plan's, else the scenario's)" };
        var target = new Option<double?>("--target") { Description = $"probability every objective must be met with (default {PlanSpec.DefaultTarget.ToString(CultureInfo.InvariantCulture)})" };
        var objective = new Option<string[]>("--objective") { Description = "METRIC OP VALUE (per run) or METRIC.STAT OP VALUE (over runs), e.g. \"servedFraction >= 0.999\"" };
        var point = new Option<bool>("--point") { Description = "judge on point estimates instead of 95% intervals (the report says so)" };
        var jobs = new Option<int>("--jobs") { Description = "runs at once (default: the machine's cores)", DefaultValueFactory = _ => RunPool.DefaultJobs };
        var outDir = new Option<string?>("--out") { Description = "output directory (default out/<plan name>-plan)" };
        var shard = new Option<string?>("--shard") { Description = "I/N: run only shard I of N (0-based) and write its runs.csv and shard.json" };
        var keep = new Option<bool>("--keep-failures") { Description = "also write each failing run as a scenario file under failures/" };
        var emitJob = new Option<bool>("--emit-job") { Description = "write a Kubernetes Indexed Job that runs the plan's shards, and its merge Job, instead of running" };
        var shards = new Option<int>("--shards") { Description = "with --emit-job: the number of shards (completions)", DefaultValueFactory = _ => 4 };
        var parallelism = new Option<int?>("--parallelism") { Description = "with --emit-job: shards running at once (default all)" };
        var image = new Option<string>("--image") { Description = "with --emit-job: the ClusterSim image", DefaultValueFactory = _ => JobManifests.DefaultImage };
        var command = new Command("plan", "Capacity planning: run every configuration of a grid on the same seeds, estimate how often each meets the objectives, and recommend the cheapest that does.");
        command.Arguments.Add(path);
        foreach (var o in new Option[] { vary, runs, seed, target, objective, point, jobs, outDir, shard, keep, emitJob, shards, parallelism, image })
        {
            command.Options.Add(o);
        }

        command.Subcommands.Add(CreateMerge());
        command.SetAction(parse =>
        {
            int jobCount = parse.GetValue(jobs);
            if (jobCount < 1)
            {
                return Usage("--jobs: must be at least 1");
            }

            Slice? slice = null;
            if (parse.GetValue(shard) is { } shardText && (slice = Slice.Parse(shardText, out var shardError)) is null)
            {
                return Usage("--shard " + shardError);
            }

            var request = new PlanRequest(parse.GetValue(path)!)
            {
                Vary = parse.GetValue(vary) ?? [],
                Runs = parse.GetValue(runs),
                Seed = parse.GetValue(seed),
                Target = parse.GetValue(target),
                Objectives = parse.GetValue(objective) ?? [],
                Point = parse.GetValue(point),
            };
            var (plan, diagnostics) = PlanLoader.Load(request);
            foreach (var d in diagnostics)
            {
                Console.Error.WriteLine(d.ToString());
            }

            if (plan is null)
            {
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(emitJob))
            {
                int count = parse.GetValue(shards);
                int? par = parse.GetValue(parallelism);
                if (count < 1 || par is < 1)
                {
                    return Usage("--shards and --parallelism: must be at least 1");
                }

                var dir = parse.GetValue(outDir) ?? Path.Combine("out", plan.Name + "-job");
                var written = JobManifests.Write(dir, plan, request, count, par ?? count, parse.GetValue(image)!);
                Console.Out.WriteLine($"wrote {string.Join(", ", written.Select(w => Path.Combine(dir, w)))}");
                Console.Out.WriteLine("next: docker build -t IMAGE . ; kubectl apply -f " + Path.Combine(dir, "job.yaml") + " ; when it completes, kubectl apply -f " + Path.Combine(dir, "merge-job.yaml"));
                return ExitCodes.Ok;
            }

            return Run(plan, jobCount, slice, parse.GetValue(outDir), parse.GetValue(keep));
        });
        return command;
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine("clustersim: " + message);
        return ExitCodes.BadInput;
    }

    private static int Run(PlanSpec plan, int jobs, Slice? slice, string? outDir, bool keepFailures)
    {
        var inv = CultureInfo.InvariantCulture;
        int total = plan.Configurations.Count * plan.Runs;
        int mine = (int)(slice ?? Slice.All).CountOf(total);
        Console.Out.WriteLine(string.Create(inv, $"plan {plan.Name}: {plan.Configurations.Count} configurations x {plan.Runs} runs (seeds {plan.BaseSeed}..{plan.BaseSeed + plan.Runs - 1}){(slice is null ? "" : $", shard {slice}: {mine} runs")}, {jobs} at a time"));
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        IReadOnlyList<RunRecord> records;
        try
        {
            records = PlanProgress.Show(mine, report => Sweep.Run(plan, jobs, slice, report, cancel.Token));
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("clustersim: interrupted; nothing was written");
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        var description = plan.Describe();
        if (slice is not null)
        {
            var dir = outDir ?? Path.Combine("out", string.Create(inv, $"{plan.Name}-plan-shard-{slice.Index}"));
            var manifest = ShardManifest.For(plan, slice.Index, slice.Count, records.Count);
            var files = new List<(string, byte[])>
            {
                ("runs.csv", Utf8(RunsCsv.Write(description, records))),
                (ShardManifest.FileName, Utf8(manifest.ToJson())),
            };
            StagedDirectory.Write(dir, files);
            Console.Out.WriteLine(string.Create(inv, $"shard {slice}: {records.Count} runs, {records.Count(r => !r.Passed)} failed; wrote {dir}/runs.csv and {dir}/{ShardManifest.FileName}"));
            Console.Out.WriteLine($"merge all {slice.Count} shards with: clustersim plan merge DIR... --out DIR");
            return ExitCodes.Ok;
        }

        var extra = new List<(string, byte[])>();
        if (keepFailures)
        {
            extra.AddRange(FailureFiles.For(plan, records));
        }

        var directory = outDir ?? Path.Combine("out", plan.Name + "-plan");
        return Report(description, records, directory, extra);
    }

    /// <summary>Analyses, writes the report (runs.csv included) and prints the answer; shared by a whole run and a merge, so both write the same bytes.</summary>
    internal static int Report(PlanDescription description, IReadOnlyList<RunRecord> records, string directory, IReadOnlyList<(string Name, byte[] Content)> extra)
    {
        var analysis = PlanAnalyzer.Analyze(description, records);
        var files = new List<(string, byte[])> { ("runs.csv", Utf8(RunsCsv.Write(description, records))) };
        files.AddRange(extra);
        var written = PlanReportWriter.Write(directory, analysis, records, files);
        Console.Out.WriteLine(analysis.Answer);
        foreach (var c in analysis.Configs)
        {
            Console.Out.WriteLine($"  {c.Verdict.ToString().ToLowerInvariant(),-12} {c.Config.Label}: pass {Format(c.Pass)}, cost {c.Cost.ToString("0.##", CultureInfo.InvariantCulture)} {description.CostUnit}");
        }

        Console.Out.WriteLine($"outputs: {directory}/ ({string.Join(", ", written)})");
        return ExitCodes.Ok;
    }

    private static string Format(ProportionEstimate p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Point:0.###} [{p.Lower:0.###}, {p.Upper:0.###}] ({p.Successes}/{p.Trials})");

    private static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);

    private static Command CreateMerge()
    {
        var dirs = new Argument<string[]>("DIR") { Description = "the shards' output directories", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string?>("--out") { Description = "output directory (default out/<plan name>-plan)" };
        var command = new Command("merge", "Join the shards of a plan (--shard I/N outputs) into the report one unsharded run writes, byte for byte.");
        command.Arguments.Add(dirs);
        command.Options.Add(outDir);
        command.SetAction(parse =>
        {
            var (plan, records, errors) = PlanMerge.Merge(parse.GetValue(dirs)!);
            if (plan is null)
            {
                foreach (var e in errors)
                {
                    Console.Error.WriteLine("clustersim: plan merge: " + e);
                }

                return ExitCodes.BadInput;
            }

            return Report(plan, records, parse.GetValue(outDir) ?? Path.Combine("out", plan.Name + "-plan"), []);
        });
        return command;
    }
}
