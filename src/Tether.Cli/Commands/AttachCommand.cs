using System.CommandLine;
using Tether.Cli.Attach;
using Tether.Cli.Commands.Sessions;
using Tether.Cli.Connection;
using Tether.Cli.Terminal;

namespace Tether.Cli.Commands;

/// <summary><c>tether attach ID [--viewer]</c>: a terminal client for a running session.</summary>
internal sealed class AttachCommand : Command, IHandlesInterrupts
{
    private static readonly Argument<string> s_id = new("id") { Description = "Session id (session_… or cse_…)" };
    private static readonly Option<bool> s_viewer = new("--viewer") { Description = "Read-only: never sends anything (no prompts, answers or interrupts)" };

    private readonly CliHost _host;

    public AttachCommand(CliHost host)
        : base("attach", "Attach this terminal to a running session: watch, prompt, approve, interrupt")
    {
        _host = host;
        Arguments.Add(s_id);
        Options.Add(s_viewer);
        ConnectionOptions.AddTo(this);
        SetAction(RunAsync);
    }

    private Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        ClientCommandRunner.RunAsync(_host, parse, clients =>
            RunAsync(_host, clients, parse.GetRequiredValue(s_id), parse.GetValue(s_viewer), turnInFlight: false, cancellationToken), cancellationToken);

    /// <summary>Attaches to a session (also the last step of <c>tether remote</c>).</summary>
    public static async Task<int> RunAsync(CliHost host, ClientFactory clients, string sessionId, bool viewer, bool turnInFlight, CancellationToken cancellationToken)
    {
        var sessions = clients.Sessions();
        var found = await sessions.GetAsync(sessionId, cancellationToken);
        if (!found.Ok)
        {
            return await ApiFailure.ReportAsync(host.Error, found.Error, clients.Login);
        }

        var session = found.Value;
        var help = viewer ? "viewer: read-only, Ctrl+C leaves" : "type a prompt; Ctrl+C interrupts, twice exits; /quit leaves";
        var settings = new AttachSettings(session.Id, viewer, session.LastSequenceNum, turnInFlight)
        {
            Banner = $"Attached to {SessionFormatting.Title(session)} ({session.Id}, {session.SessionStatus}) · {help}",
        };
        return await new AttachSession(sessions, clients.Subscriber(session.Id), settings, host, clients.Login).RunAsync(cancellationToken);
    }
}
