using System.CommandLine;
using Tether.Cli.Connection;
using Tether.Cli.Rendering;
using Tether.Cli.Terminal;
using Tether.Protocol.Json;

namespace Tether.Cli.Commands.Sessions;

/// <summary><c>tether sessions show ID</c>: one session's details.</summary>
internal sealed class SessionsShowCommand : Command
{
    private static readonly Argument<string> s_id = new("id") { Description = "Session id (session_… or cse_…)" };
    private static readonly Option<bool> s_json = new("--json") { Description = "Print the session as JSON" };

    private readonly CliHost _host;

    public SessionsShowCommand(CliHost host)
        : base("show", "Show one session")
    {
        _host = host;
        Arguments.Add(s_id);
        Options.Add(s_json);
        SetAction(RunAsync);
    }

    private Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        ClientCommandRunner.RunAsync(_host, parse, async clients =>
        {
            var result = await clients.Sessions().GetAsync(parse.GetRequiredValue(s_id), cancellationToken);
            if (!result.Ok)
            {
                return await ApiFailure.ReportAsync(_host.Error, result.Error, clients.Login);
            }

            var session = result.Value;
            if (parse.GetValue(s_json))
            {
                await _host.Out.WriteLineAsync(JsonOutput.Object(session, TetherJsonContext.Default.SessionResource));
                return ExitCodes.Ok;
            }

            var names = await EnvironmentNames.LoadAsync(clients, cancellationToken);
            var now = _host.Time.GetUtcNow();
            List<IReadOnlyList<string>> rows =
            [
                ["id", session.Id],
                ["title", SessionFormatting.Title(session)],
                ["status", session.SessionStatus],
                ["environment", names.Describe(session.EnvironmentId)],
                ["created", $"{session.CreatedAt:u} ({SessionFormatting.Ago(session.CreatedAt, now)})"],
                ["updated", $"{session.UpdatedAt:u} ({SessionFormatting.Ago(session.UpdatedAt, now)})"],
                ["events", session.LastSequenceNum.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ];
            AddIfPresent(rows, "cwd", SessionFormatting.ContextString(session, "cwd"));
            AddIfPresent(rows, "model", SessionFormatting.ContextString(session, "model"));
            AddIfPresent(rows, "permission mode", session.PermissionMode);
            AddIfPresent(rows, "repository", SessionFormatting.RepositoryUrl(session));
            AddIfPresent(rows, "branch", SessionFormatting.OutcomeBranch(session));
            var text = TextTable.Render(["FIELD", "VALUE"], rows);
            await _host.Out.WriteAsync(string.Join('\n', text.Split('\n').Skip(1)));
            return ExitCodes.Ok;
        }, cancellationToken);

    private static void AddIfPresent(List<IReadOnlyList<string>> rows, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            rows.Add([name, value]);
        }
    }
}
