using System.CommandLine;
using Tether.Cli.Connection;
using Tether.Cli.Rendering;
using Tether.Cli.Terminal;
using Tether.Protocol.Json;

namespace Tether.Cli.Commands.Sessions;

/// <summary><c>tether sessions list</c>: status, title, environment and last update, newest first.</summary>
internal sealed class SessionsListCommand : Command
{
    private static readonly Option<bool> s_json = new("--json") { Description = "Print the sessions as JSON" };
    private static readonly Option<bool> s_archived = new("--archived") { Description = "Include archived sessions" };
    private static readonly Option<int> s_limit = new("--limit") { Description = "At most this many sessions", DefaultValueFactory = _ => 50 };

    private readonly CliHost _host;

    public SessionsListCommand(CliHost host)
        : base("list", "List sessions (retries network failures and 5xx after 2, 4, 8 and 16 s)")
    {
        _host = host;
        Options.Add(s_json);
        Options.Add(s_archived);
        Options.Add(s_limit);
        SetAction(RunAsync);
    }

    public Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        ClientCommandRunner.RunAsync(_host, parse, async clients =>
        {
            var limit = parse.GetValue(s_limit);
            if (limit is < 1 or > 1000)
            {
                await _host.Error.WriteLineAsync("--limit must be from 1 to 1000.");
                return ExitCodes.Usage;
            }

            var page = await clients.Sessions().ListAsync(limit, null, parse.GetValue(s_archived), cancellationToken);
            if (!page.Ok)
            {
                return await ApiFailure.ReportAsync(_host.Error, page.Error, clients.Login);
            }

            if (parse.GetValue(s_json))
            {
                await _host.Out.WriteLineAsync(JsonOutput.Array(page.Value.Data, TetherJsonContext.Default.SessionResource));
                return ExitCodes.Ok;
            }

            if (page.Value.Data.Count == 0)
            {
                await _host.Out.WriteLineAsync("No sessions.");
                return ExitCodes.Ok;
            }

            var names = await EnvironmentNames.LoadAsync(clients, cancellationToken);
            var now = _host.Time.GetUtcNow();
            var rows = page.Value.Data.Select(s => (IReadOnlyList<string>)
                [s.Id, s.SessionStatus, SessionFormatting.Title(s), names.Describe(s.EnvironmentId), SessionFormatting.Ago(s.UpdatedAt, now)]);
            await _host.Out.WriteAsync(TextTable.Render(["ID", "STATUS", "TITLE", "ENVIRONMENT", "UPDATED"], rows));
            return ExitCodes.Ok;
        }, cancellationToken);
}
