using System.CommandLine;
using Tether.Cli.Connection;
using Tether.Cli.Terminal;

namespace Tether.Cli.Commands.Sessions;

/// <summary><c>tether sessions rename ID TITLE</c>.</summary>
internal sealed class SessionsRenameCommand : Command
{
    private static readonly Argument<string> s_id = new("id") { Description = "Session id" };
    private static readonly Argument<string> s_title = new("title") { Description = "The new title" };

    private readonly CliHost _host;

    public SessionsRenameCommand(CliHost host)
        : base("rename", "Rename a session")
    {
        _host = host;
        Arguments.Add(s_id);
        Arguments.Add(s_title);
        SetAction(RunAsync);
    }

    private Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        ClientCommandRunner.RunAsync(_host, parse, async clients =>
        {
            var title = parse.GetRequiredValue(s_title).Trim();
            if (title.Length == 0)
            {
                await _host.Error.WriteLineAsync("The title must not be empty.");
                return ExitCodes.Usage;
            }

            var result = await clients.Sessions().RenameAsync(parse.GetRequiredValue(s_id), title, cancellationToken);
            if (!result.Ok)
            {
                return await ApiFailure.ReportAsync(_host.Error, result.Error, clients.Login);
            }

            await _host.Out.WriteLineAsync($"Renamed {result.Value.Id} to \"{result.Value.Title}\".");
            return ExitCodes.Ok;
        }, cancellationToken);
}
