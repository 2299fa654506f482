using Tether.Bench.Hosting;
using Tether.Bench.Micro;
using Tether.Bench.Reporting;
using Tether.Bench.Scenarios;

namespace Tether.Bench;

/// <summary>
/// The harness: <c>Tether.Bench &lt;scenario&gt; [options]</c>. Each scenario prints a table; with <c>--json</c> it prints one
/// JSON object per scenario on stdout instead (the table then goes to stderr). Everything runs on 127.0.0.1, every load
/// loop is bounded in count and time, and servers it starts stop with it.
/// </summary>
public static class BenchProgram
{
    public static readonly IReadOnlyList<string> Scenarios = ["relay", "ingest", "dispatch", "idle", "storm", "bridge", "micro", "all"];

    public static async Task<int> RunAsync(string[] argv, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        BenchArgs args;
        try
        {
            args = BenchArgs.Parse(argv);
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync(ex.Message);
            return 64;
        }

        if (args.Scenario == "serve")
        {
            return await ServeCommand.RunAsync(args, stdout);
        }

        if (args.Scenario == "flood")
        {
            return await Load.FloodAgent.RunAsync(args);
        }

        try
        {
            var json = args.Flag("json");
            var context = new BenchContext
            {
                Host = args.String("host", "process") == "inproc" ? HostMode.InProcess : HostMode.Process,
                Log = stderr,
                Postgres = args.String("pg"),
                SvgDirectory = args.String("svg"),
                RateLimits = args.String("rate-limits", "off") == "on",
                WorkDirectory = Path.Combine(Path.GetTempPath(), "tether-bench-" + Environment.ProcessId),
            };
            var fds = ProcessLimits.RaiseOpenFiles(args.Int("max-fds", 200_000));
            var runs = Plan(args);
            args.EnsureAllRead();
            Directory.CreateDirectory(context.WorkDirectory);
            context.Progress($"open-file limit {fds}; work dir {context.WorkDirectory}; servers {(context.Host == HostMode.Process ? "in child processes" : "in this process")}");
            try
            {
                foreach (var run in runs)
                {
                    var loadBefore = MachineInfo.LoadAverage();
                    var result = await run(context, cancellationToken);
                    result.Set("load_average_before", loadBefore);
                    result.Set("rate_limits", context.RateLimits);
                    result.Set("machine", MachineInfo.Describe());
                    if (json)
                    {
                        await stderr.WriteAsync(result.ToTable());
                        await stdout.WriteLineAsync(result.ToJson());
                        await stdout.FlushAsync(cancellationToken);
                    }
                    else
                    {
                        await stdout.WriteLineAsync(result.ToTable());
                    }
                }
            }
            finally
            {
                TryDelete(context.WorkDirectory);
            }

            return 0;
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync(ex.Message);
            return 64;
        }
    }

    private delegate Task<ScenarioResult> Run(BenchContext context, CancellationToken cancellationToken);

    /// <summary>Reads every option of the chosen scenario(s) before anything runs, so a typo fails at once.</summary>
    private static List<Run> Plan(BenchArgs args)
    {
        var all = args.Scenario == "all";
        var runs = new List<Run>();
        if (all || args.Scenario == "relay")
        {
            var settings = RelayScenario.Read(args);
            runs.Add((c, ct) => RelayScenario.RunAsync(settings, c, ct));
        }

        if (all || args.Scenario == "ingest")
        {
            var settings = IngestScenario.Read(args);
            runs.Add((c, ct) => IngestScenario.RunAsync(settings, c, ct));
        }

        if (all || args.Scenario == "dispatch")
        {
            var settings = DispatchScenario.Read(args);
            runs.Add((c, ct) => DispatchScenario.RunAsync(settings, c, ct));
        }

        if (all || args.Scenario == "idle")
        {
            var settings = IdleScenario.Read(args);
            runs.Add((c, ct) => IdleScenario.RunAsync(settings, c, ct));
        }

        if (all || args.Scenario == "storm")
        {
            var settings = StormScenario.Read(args);
            runs.Add((c, ct) => StormScenario.RunAsync(settings, c, ct));
        }

        if (all || args.Scenario == "bridge")
        {
            var settings = BridgeScenario.Read(args);
            runs.Add((c, ct) => BridgeScenario.RunAsync(settings, c, ct));
        }

        if (args.Scenario == "micro")
        {
            var settings = MicroScenario.Read(args);
            runs.Add((c, ct) => MicroScenario.RunAsync(settings, c, ct));
        }

        if (runs.Count == 0)
        {
            throw new ArgumentException($"unknown scenario '{args.Scenario}' (scenarios: {string.Join(", ", Scenarios)})");
        }

        return runs;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A child may still hold a file for a moment; the OS cleans /tmp.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
