using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tether.Cli.Rendering;
using Tether.Server;
using Tether.Server.Accounts;
using Tether.Server.Store;

namespace Tether.Cli.Commands;

/// <summary>
/// <c>tether up</c>: the one-command start. A server on 127.0.0.1 with the embedded SQLite store, an owner account on
/// first run, and a one-time login link (with its QR code) for the browser.
/// </summary>
internal sealed class UpCommand : Command
{
    private static readonly Option<int> s_port = new("--port") { Description = "Port on 127.0.0.1", DefaultValueFactory = _ => 7878 };

    private static readonly Option<string?> s_data = new("--data") { Description = "Data directory (default: the user's data dir)" };

    public UpCommand()
        : base("up", "Start a local Tether server and print a login link")
    {
        Options.Add(s_port);
        Options.Add(s_data);
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
            app = ServerApp.Build(options, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
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
        var (code, expires) = await app.Services.GetRequiredService<LoginLinkIssuer>().IssueAsync(orgId, userId, LoginLinkIssuer.DefaultLifetime, cancellationToken);
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
        await app.WaitForShutdownAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}
