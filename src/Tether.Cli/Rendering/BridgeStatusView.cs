using System.Collections.Concurrent;
using Spectre.Console;
using Spectre.Console.Rendering;
using Tether.Bridge;
using Tether.Bridge.Sessions;

namespace Tether.Cli.Rendering;

/// <summary>
/// The live status view on a terminal: the bridge state, each session's title and current tool activity (expiring 30 s
/// after the last tool start, as the reference), and the connect URL as a QR code. Space toggles the QR code, <c>w</c>
/// flips new sessions between same-dir and worktree, Ctrl+C shuts the bridge down.
/// </summary>
internal sealed class BridgeStatusView(IAnsiConsole console, Uri server, bool singleSession, TimeProvider timeProvider) : IBridgeObserver
{
    private static readonly TimeSpan s_activityExpiry = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_refresh = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, SessionView> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _notices = new();
    private volatile string _state = "starting";
    private volatile string? _detail;
    private volatile string? _environmentId;
    private volatile string? _singleSessionId;
    private bool _showQr = true;

    public void StateChanged(BridgeState state, string? detail)
    {
        _state = state.ToString().ToLowerInvariant();
        _detail = detail;
    }

    public void Registered(string environmentId) => _environmentId = environmentId;

    public void SessionStarted(SessionView session)
    {
        _sessions[session.SessionId] = session;
        if (singleSession)
        {
            _singleSessionId = session.SessionId;
        }
    }

    public void SessionUpdated(SessionView session)
    {
    }

    public void SessionEnded(SessionView session, SessionOutcome outcome)
    {
        _sessions.TryRemove(session.SessionId, out _);
        Notice($"Session {session.Title ?? session.SessionId} ended: {outcome.Status.ToString().ToLowerInvariant()}{(outcome.Error is null ? "" : " – " + outcome.Error)}");
    }

    public void Notice(string message)
    {
        _notices.Enqueue(message);
        while (_notices.Count > 5)
        {
            _notices.TryDequeue(out _);
        }
    }

    /// <summary>Renders until cancelled, handling keys; <paramref name="loop"/> receives the spawn-mode toggle.</summary>
    public async Task RunAsync(BridgeLoop loop, CancellationToken cancellationToken)
    {
        try
        {
            await console.Live(Build(loop)).AutoClear(false).StartAsync(async context =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    HandleKeys(loop);
                    context.UpdateTarget(Build(loop));
                    await Task.Delay(s_refresh, timeProvider, cancellationToken);
                }
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The bridge stopped; the last frame stays on screen.
        }
    }

    private void HandleKeys(BridgeLoop loop)
    {
        while (!Console.IsInputRedirected && Console.KeyAvailable)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Spacebar)
            {
                _showQr = !_showQr;
            }
            else if (key.KeyChar is 'w' or 'W' && !singleSession)
            {
                loop.SpawnMode = loop.SpawnMode == SpawnMode.Worktree ? SpawnMode.SameDir : SpawnMode.Worktree;
                Notice($"New sessions now run in {(loop.SpawnMode == SpawnMode.Worktree ? "their own git worktree" : "this directory")}.");
            }
        }
    }

    private IRenderable Build(BridgeLoop loop)
    {
        var rows = new List<IRenderable>();
        var color = _state switch { "connected" => "green", "ready" => "blue", "reconnecting" => "yellow", "failed" => "red", _ => "grey" };
        rows.Add(new Markup($"[bold]Remote Control[/] [{color}]{_state}[/]{(_detail is { } d ? " – " + Markup.Escape(d) : "")}"));
        var url = ConnectUrl();
        if (url is not null)
        {
            rows.Add(new Markup($"Connect: [link]{Markup.Escape(url)}[/]"));
            if (_showQr)
            {
                rows.Add(new Text(TerminalQr.Render(url)));
            }
        }

        var now = timeProvider.GetUtcNow();
        foreach (var session in _sessions.Values.OrderBy(s => s.StartedAt))
        {
            var activity = session.CurrentToolActivity(now, s_activityExpiry)?.Summary ?? "idle";
            rows.Add(new Markup($"• [bold]{Markup.Escape(session.Title ?? session.SessionId)}[/] [grey]{Markup.Escape(activity)}[/]"));
        }

        foreach (var notice in _notices)
        {
            rows.Add(new Markup($"[grey]{Markup.Escape(notice)}[/]"));
        }

        var mode = singleSession ? "single session" : loop.SpawnMode == SpawnMode.Worktree ? "worktree" : "same-dir";
        rows.Add(new Markup($"[grey]{mode} · space: QR code{(singleSession ? "" : " · w: same-dir/worktree")} · Ctrl+C: stop[/]"));
        return new Rows(rows);
    }

    private string? ConnectUrl() =>
        _singleSessionId is { } session ? BridgeUrls.Session(server, session)
        : _environmentId is { } environment ? BridgeUrls.Environment(server, environment)
        : null;
}
