using System.CommandLine;
using Tether.Cli.Connection;
using Tether.Cli.Terminal;

namespace Tether.Cli.Commands.Sessions;

/// <summary><c>tether sessions archive ID</c>: archiving an archived session is not an error (the server answers 409).</summary>
internal sealed class SessionsArchiveCommand : Command
{
    private static readonly Argument<string> s_id = new("id") { Description = "Session id" };

    private readonly CliHost _host;

    public SessionsArchiveCommand(CliHost host)
        : base("archive", "Archive a session (it becomes read-only)")
    {
        _host = host;
        Arguments.Add(s_id);
        SetAction(RunAsync);
    }

    private Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        ClientCommandRunner.RunAsync(_host, parse, async clients =>
        {
            var id = parse.GetRequiredValue(s_id);
            var result = await clients.Sessions().ArchiveAsync(id, cancellationToken);
            if (result.Ok)
            {
                await _host.Out.WriteLineAsync($"Archived {result.Value.Id}.");
                return ExitCodes.Ok;
            }

            if (result.Error.Status == 409)
            {
                await _host.Out.WriteLineAsync($"{id} was already archived.");
                return ExitCodes.Ok;
            }

            return await ApiFailure.ReportAsync(_host.Error, result.Error, clients.Login);
        }, cancellationToken);
}
