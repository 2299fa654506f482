using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tether.Bridge.Agents;
using Tether.Cli.Bridging;
using Tether.Cli.Rendering;
using Tether.Server;
using Tether.Server.Accounts;
using Tether.Server.Login;
using Tether.Server.Store;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether up</c>: the one-command start. A server on 127.0.0.1 with the embedded SQLite store, an owner account on
/// first run, a one-time login link (with its QR code) for the browser, and a bridge for the current directory that
/// acts with the owner's credentials. Ctrl+C stops the bridge gracefully first, then the server.
/// </summary>
internal sealed class UpCommand : Command
{
    private static readonly Option<int> s_port = new("--port") { Description = "Port on 127.0.0.1", DefaultValueFactory = _ => 7878 };

    private static readonly Option<string?> s_data = new("--data") { Description = "Data directory (default: the user's data dir)" };

    private static readonly Option<bool> s_noBridge = new("--no-bridge") { Description = "Start only the server, without a bridge for this directory" };

    private static readonly Option<string?> s_agent = new("--agent") { Description = "The bridge's agent: claude, builtin or a command line" };

    public UpCommand()
        : base("up", "Start a local Tether server and print a login link")
    {
        Options.Add(s_port);
        Options.Add(s_data);
        Options.Add(s_noBridge);
        Options.Add(s_agent);
        SetAction(RunAsync);
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var port = parse.GetValue(s_port);
        if (port is < 0 or > 65535)
        {
            await Console.Error.WriteLineAsync($"--port must be from 0 to 65535, got {port}.");
            return ExitCodes.Usage;
        }

        var dataDir = parse.GetValue(s_data) ?? CliPaths.DefaultDataDirectory();
        var options = new ServerOptions
        {
            DataDirectory = dataDir,
            Urls = [$"http://127.0.0.1:{port}"],
            BootstrapToken = Environment.GetEnvironmentVariable("TETHER_BOOTSTRAP_TOKEN"),
        };
        WebApplication app;
        try
        {
            app = ServerApp.Build(options, builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.Services.AddSingleton<IHostLifetime, ManualHostLifetime>();
            });
        }
        catch (StoreStartupException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.Fatal;
        }

        await using var owned = app;
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (StoreStartupException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.Fatal;
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync($"Cannot listen on 127.0.0.1:{port}: {ex.Message}. Is another tether running? Try --port.");
            return ExitCodes.Fatal;
        }

        var baseUrl = app.BoundAddress().ToString().TrimEnd('/');
        var (orgId, userId, _) = await app.Services.GetRequiredService<OwnerBootstrap>().EnsureOwnerAsync(options.BootstrapToken, cancellationToken);
        var (code, expires) = await app.Services.GetRequiredService<LoginLinkStore>().CreateAsync(orgId, userId, TimeSpan.FromMinutes(15), cancellationToken);
        var link = $"{baseUrl}/login/{code}";

        await Console.Out.WriteLineAsync($"Tether is running at {baseUrl}  (data: {dataDir})");
        await Console.Out.WriteLineAsync();
        await Console.Out.WriteLineAsync($"One-time login link (valid until {expires.ToLocalTime():HH:mm}):");
        await Console.Out.WriteLineAsync($"  {link}");
        if (!Console.IsOutputRedirected)
        {
            await Console.Out.WriteLineAsync(TerminalQr.Render(link));
        }

        await Console.Out.WriteLineAsync("Press Ctrl+C to stop.");
        var exitCode = ExitCodes.Ok;
        if (parse.GetValue(s_noBridge))
        {
            await WaitForCancellationAsync(cancellationToken);
        }
        else
        {
            var (agent, notice) = BridgeCommand.ChooseAgent(parse.GetValue(s_agent), AgentHost.Current());
            if (notice is not null)
            {
                await Console.Out.WriteLineAsync(notice);
            }

            // In-process, so the owner's token never leaves this process; it expires with the day.
            var token = await app.Services.GetRequiredService<AccountStore>().CreateTokenAsync(
                orgId, userId, "tether up bridge", Scopes.DefaultUser, TimeSpan.FromDays(1), cancellationToken);
            var settings = new BridgeSettings
            {
                Server = new Uri(baseUrl),
                Token = token.Secret,
                Directory = Environment.CurrentDirectory,
                Agent = agent,
                Yes = true,
            };
            exitCode = await BridgeLauncher.RunAsync(settings, runPreflight: false, cancellationToken);
            if (exitCode != ExitCodes.Ok)
            {
                // The server keeps serving the web app; only the bridge failed.
                await WaitForCancellationAsync(cancellationToken);
            }
        }

        await app.StopAsync(CancellationToken.None);
        return exitCode;
    }

    private static async Task WaitForCancellationAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C.
        }
    }
}
