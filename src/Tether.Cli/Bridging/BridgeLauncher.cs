using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tether.Bridge;
using Tether.Bridge.Agents;
using Tether.Bridge.Continuation;
using Tether.Bridge.Environments;
using Tether.Bridge.Git;
using Tether.Bridge.Preflight;
using Tether.Bridge.Sessions;
using Tether.Bridge.Transports;
using Tether.Bridge.Transports.V1;
using Tether.Bridge.Transports.V2;
using Tether.Bridge.Worktrees;
using Tether.Client.Environments;
using Tether.Client.Http;
using Tether.Cli.Rendering;

namespace Tether.Cli.Bridging;

/// <summary>
/// Runs a bridge for the CLI (<c>tether bridge</c> and <c>tether up</c>): preflight gates, the consent prompt, the
/// <c>--continue</c> pointer, then the loop with the status view (live on a terminal, plain lines otherwise), and maps the
/// outcome to an exit code.
/// </summary>
internal static class BridgeLauncher
{
    public static Version BridgeVersion { get; } = typeof(BridgeLoop).Assembly.GetName().Version ?? new Version(0, 1, 0);

    public static async Task<int> RunAsync(BridgeSettings settings, bool runPreflight, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var configDir = CliPaths.ConfigDirectory();
        using var handler = OutboundHttp.CreateHandler(OutboundHttp.LoadExtraRoots(out var caProblems));
        foreach (var problem in caProblems)
        {
            await Console.Error.WriteLineAsync($"warning: {problem}");
        }

        if (runPreflight)
        {
            using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = settings.Server, Timeout = TimeSpan.FromSeconds(15) };
            var preflight = await new BridgePreflight(http, settings.Server.ToString().TrimEnd('/'), settings.Token, BridgeVersion).RunAsync(cancellationToken);
            if (!preflight.Ok)
            {
                await Console.Error.WriteLineAsync(preflight.Message);
                return preflight.Transient ? ExitCodes.Transient : ExitCodes.Fatal;
            }
        }

        if (await ConsentAsync(settings, configDir, cancellationToken) is { } refused)
        {
            return refused;
        }

        var pointers = new BridgePointerStore(configDir, time);
        var pointer = settings.Continue ? await pointers.ReadAsync(settings.Directory, cancellationToken) : null;
        if (settings.Continue && pointer is null)
        {
            await Console.Error.WriteLineAsync($"Nothing to continue in {settings.Directory}: no session from the last 4 hours. Starting fresh.");
        }

        using var loggers = CreateLoggers(settings, out var fileLogger);
        using (fileLogger)
        {
            var debugLogger = loggers.CreateLogger("Tether.Environments");
            using var client = new EnvironmentsClient(settings.Server, settings.Token, new EnvironmentsClientOptions { RunnerVersion = BridgeVersion.ToString(3) },
                handler, time, line => debugLogger.LogDebug("{Line}", line));
            var git = new GitRunner();
            var repo = await RepoInfo.ReadAsync(git, settings.Directory, cancellationToken);
            var options = new BridgeOptions
            {
                ServerUrl = settings.Server,
                Directory = settings.Directory,
                MachineName = settings.Name ?? Environment.MachineName,
                Branch = repo.Branch,
                GitRepoUrl = repo.RemoteUrl,
                SpawnMode = settings.Mode,
                Capacity = settings.Capacity,
                Agent = settings.Agent,
                PermissionMode = settings.PermissionMode,
                Sandbox = settings.Sandbox,
                Session = SessionRunnerOptions.Default with { SessionTimeout = settings.SessionTimeout },
                ResumeEnvironmentId = pointer?.EnvironmentId,
                ResumeSessionId = pointer?.SessionId,
            };
            var live = !Console.IsOutputRedirected && !settings.Verbose;
            var view = live ? new BridgeStatusView(AnsiConsole.Console, settings.Server, settings.Mode == SpawnMode.SingleSession, time) : null;
            IBridgeObserver observer = view ?? (IBridgeObserver)new PlainStatusLog(Console.Out, settings.Server, time);
            var loop = new BridgeLoop(options, new EnvironmentsClientAdapter(client),
                new ProtocolTransportFactory(
                    new V1TransportFactory(handler, V1TransportOptions.Default, time, loggers),
                    new V2TransportFactory(handler, V2TransportOptions.Default, time, loggers)),
                info => AgentProcess.Start(info, timeProvider: time, logger: loggers.CreateLogger<AgentProcess>()),
                new WorktreeManager(git, loggers.CreateLogger<WorktreeManager>()), AgentHost.Current(), observer, pointers, time, loggers);

            using var viewStop = new CancellationTokenSource();
            var rendering = view?.RunAsync(loop, viewStop.Token) ?? Task.CompletedTask;
            BridgeExit exit;
            try
            {
                exit = await loop.RunAsync(cancellationToken);
            }
            finally
            {
                await viewStop.CancelAsync();
                await rendering;
            }

            if (exit.Message is { } message)
            {
                await Console.Error.WriteLineAsync(message);
            }

            return exit.Kind switch
            {
                BridgeExitKind.Fatal => ExitCodes.Fatal,
                BridgeExitKind.GaveUp => ExitCodes.Transient,
                _ => ExitCodes.Ok,
            };
        }
    }

    private static async Task<int?> ConsentAsync(BridgeSettings settings, string configDir, CancellationToken cancellationToken)
    {
        var consent = new ConsentStore(configDir);
        if (await consent.IsGrantedAsync(settings.Directory, cancellationToken))
        {
            return null;
        }

        if (!settings.Yes)
        {
            if (Console.IsInputRedirected)
            {
                await Console.Error.WriteLineAsync(
                    $"Remote Control lets people with access to {settings.Server} run an agent in {settings.Directory}. Confirm once with --yes (stdin is not a terminal, so it cannot ask).");
                return ExitCodes.Usage;
            }

            await Console.Out.WriteAsync($"Enable Remote Control for {settings.Directory}? (y/n) ");
            var answer = (await Console.In.ReadLineAsync(cancellationToken))?.Trim();
            if (answer is not ("y" or "Y" or "yes"))
            {
                await Console.Error.WriteLineAsync("Remote Control was not enabled.");
                return ExitCodes.Fatal;
            }
        }

        await consent.GrantAsync(settings.Directory, cancellationToken);
        return null;
    }

    private static ILoggerFactory CreateLoggers(BridgeSettings settings, out FileLoggerProvider? file)
    {
        file = settings.DebugFile is { } path ? new FileLoggerProvider(path, TimeProvider.System) : null;
        var provider = file;
        var console = Console.IsOutputRedirected || settings.Verbose;
        return LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(provider is not null || settings.Verbose ? LogLevel.Debug : LogLevel.Warning);
            if (provider is not null)
            {
                builder.AddProvider(provider);
            }

            if (console)
            {
                // Plain mode: diagnostics go to stderr so stdout keeps one line per state change.
                builder.AddSimpleConsole(o => o.SingleLine = true).AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(
                    level => level >= (settings.Verbose ? LogLevel.Debug : LogLevel.Warning));
                builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            }
        });
    }
}
