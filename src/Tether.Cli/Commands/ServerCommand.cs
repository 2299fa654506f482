using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Tether.Server;
using Tether.Server.Push;
using Tether.Server.Store;

namespace Tether.Cli.Commands;

/// <summary><c>tether server</c>: the server alone.</summary>
internal sealed class ServerCommand : Command
{
    private static readonly Option<string[]> s_urls = new("--urls")
    {
        Description = "Addresses to listen on (default http://127.0.0.1:7878)",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<string?> s_data = new("--data") { Description = "Data directory (default: the user's data dir)" };

    private static readonly Option<string?> s_database = new("--database")
    {
        Description = "sqlite:PATH (default: tether.db in the data dir) or a PostgreSQL connection string",
    };

    private static readonly Option<string?> s_publicUrl = new("--public-url") { Description = "The URL clients reach this server at (also turns Web Push on)" };

    private static readonly Option<string?> s_pushContact = new("--push-contact")
    {
        Description = "Contact push services see in VAPID tokens, mailto:… or https://… (default: the public URL)",
    };

    private static readonly Option<bool> s_pushAllowPrivate = new("--push-allow-private-networks")
    {
        Description = "Let Web Push send to http:// and to loopback or private addresses (self-hosted push services only)",
    };

    public ServerCommand()
        : base("server", "Run the Tether server")
    {
        Options.Add(s_urls);
        Options.Add(s_data);
        Options.Add(s_database);
        Options.Add(s_publicUrl);
        Options.Add(s_pushContact);
        Options.Add(s_pushAllowPrivate);
        SetAction(RunAsync);
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var dataDir = parse.GetValue(s_data) ?? CliPaths.DefaultDataDirectory();
        DatabaseTarget? database = null;
        if (parse.GetValue(s_database) is { } databaseValue)
        {
            if (!DatabaseTarget.TryParse(databaseValue, dataDir, out database, out var error))
            {
                await Console.Error.WriteLineAsync(error);
                return ExitCodes.Usage;
            }
        }

        if (parse.GetValue(s_pushContact) is { } contact
            && !contact.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) && !contact.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync("--push-contact must be a mailto: address or an https:// URL.");
            return ExitCodes.Usage;
        }

        var urls = parse.GetValue(s_urls) is { Length: > 0 } given ? given : ["http://127.0.0.1:7878"];
        var options = new ServerOptions
        {
            DataDirectory = dataDir,
            Database = database,
            Urls = urls,
            PublicUrl = parse.GetValue(s_publicUrl),
            Push = new PushOptions
            {
                Subject = parse.GetValue(s_pushContact),
                AllowPlainHttp = parse.GetValue(s_pushAllowPrivate),
                AllowPrivateAddresses = parse.GetValue(s_pushAllowPrivate),
            },
            BootstrapToken = Environment.GetEnvironmentVariable("TETHER_BOOTSTRAP_TOKEN"),
        };
        try
        {
            await using var app = ServerApp.Build(options);
            await app.StartAsync(cancellationToken);
            await Console.Out.WriteLineAsync($"Tether server listening on {string.Join(", ", urls)} (data: {dataDir})");
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Ok;
        }
        catch (StoreStartupException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.Fatal;
        }
    }
}
