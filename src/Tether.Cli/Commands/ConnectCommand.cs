using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Tether.Client.Http;
using Tether.Cli.DirectConnect;
using Tether.Cli.Terminal;

namespace Tether.Cli.Commands;

/// <summary><c>tether connect URL</c>: the client of <c>tether serve</c>: create (or resume) a session, then a prompt loop.</summary>
internal sealed class ConnectCommand : Command, IHandlesInterrupts
{
    private static readonly Argument<string> s_url = new("url") { Description = "The tether serve URL, e.g. http://127.0.0.1:PORT" };
    private static readonly Option<string?> s_token = new("--token") { Description = "The server's auth token" };
    private static readonly Option<string?> s_resume = new("--resume") { Description = "Reattach to (or restart) a session by id" };
    private static readonly Option<bool> s_skipPermissions = new("--dangerously-skip-permissions") { Description = "Run tools without asking" };

    private readonly CliHost _host;

    public ConnectCommand(CliHost host)
        : base("connect", "Connect to a tether serve and work with a session there")
    {
        _host = host;
        Arguments.Add(s_url);
        Options.Add(s_token);
        Options.Add(s_resume);
        Options.Add(s_skipPermissions);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(parse.GetRequiredValue(s_url), UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            await _host.Error.WriteLineAsync("The URL must be http(s)://host:port, as tether serve prints it.");
            return ExitCodes.Usage;
        }

        var token = parse.GetValue(s_token);
        using var handler = OutboundHttp.CreateHandler();
        using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var body = JsonSerializer.Serialize(new CreateDirectSessionRequest
        {
            Cwd = parse.GetValue(s_resume) is null ? _host.CurrentDirectory : null,
            DangerouslySkipPermissions = parse.GetValue(s_skipPermissions) ? true : null,
            Resume = parse.GetValue(s_resume),
        }, DirectConnectJsonContext.Default.CreateDirectSessionRequest);
        CreateDirectSessionResponse? created;
        try
        {
            using var response = await http.PostAsync("/sessions", new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await _host.Error.WriteLineAsync((int)response.StatusCode == 401
                    ? $"{server} refused the token: pass the one tether serve printed with --token."
                    : $"{server} could not start a session ({(int)response.StatusCode}): {text}");
                return ExitCodes.Fatal;
            }

            created = JsonSerializer.Deserialize(text, DirectConnectJsonContext.Default.CreateDirectSessionResponse);
        }
        catch (HttpRequestException ex)
        {
            await _host.Error.WriteLineAsync(ConnectionFailure.Describe(ex, server.ToString()));
            return ExitCodes.Transient;
        }

        using var socket = new ClientWebSocket();
        if (token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        }

        try
        {
            await socket.ConnectAsync(new Uri(created!.WsUrl), new HttpMessageInvoker(handler, disposeHandler: false), cancellationToken);
        }
        catch (WebSocketException ex) when (ConnectionFailure.IsCertificateProblem(ex, out _))
        {
            await _host.Error.WriteLineAsync(ConnectionFailure.Describe(ex, server.ToString()));
            return ExitCodes.Fatal;
        }
        catch (WebSocketException ex)
        {
            await _host.Error.WriteLineAsync($"Cannot open session {created!.SessionId}: {ex.Message} (another client may be attached).");
            return ExitCodes.Fatal;
        }

        await _host.Out.WriteLineAsync($"Connected to session {created.SessionId} in {created.WorkDir} · type a prompt; Ctrl+C interrupts, twice exits; /quit leaves");
        return await new ConnectSession(socket, _host).RunAsync(cancellationToken);
    }
}
