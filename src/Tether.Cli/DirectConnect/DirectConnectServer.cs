using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tether.Server;

namespace Tether.Cli.DirectConnect;

/// <summary>
/// The direct-connect server of <c>tether serve</c> (remote-protocol §11) on in-process Kestrel: <c>POST /sessions</c>
/// starts an agent, <c>GET /sessions/{id}/ws</c> carries its stream-json as NDJSON both ways, <c>GET /sessions</c>
/// lists the index, <c>DELETE /sessions/{id}</c> stops one. Every request needs the bearer token.
/// </summary>
internal sealed class DirectConnectServer(DirectServeSettings settings, DirectSessionManager sessions, SessionIndex index, TimeProvider time) : IAsyncDisposable
{
    private WebApplication? _app;

    public Uri? BaseUrl { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(kestrel =>
            kestrel.Listen(IPAddress.TryParse(settings.Host, out var address) ? address : IPAddress.Loopback, settings.Port));
        var app = builder.Build();
        app.UseWebSockets(settings.PingInterval > TimeSpan.Zero
            ? new WebSocketOptions { KeepAliveInterval = settings.PingInterval, KeepAliveTimeout = settings.PingInterval }
            : new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Use(async (context, next) =>
        {
            if (!Authorized(context.Request))
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsync("{\"error\":\"unauthorized\"}", context.RequestAborted);
                return;
            }

            await next(context);
        });
        app.MapPost("/sessions", CreateAsync);
        app.MapGet("/sessions", () => Results.Json(index.All().ToList(), DirectConnectJsonContext.Default.ListDirectSessionEntry));
        app.MapGet("/sessions/{id}/ws", SocketAsync);
        app.MapDelete("/sessions/{id}", StopAsync);
        await app.StartAsync(cancellationToken);
        _app = app;
        BaseUrl = app.BoundAddress();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var given = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(settings.AuthToken));
    }

    private async Task<IResult> CreateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        CreateDirectSessionRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, DirectConnectJsonContext.Default.CreateDirectSessionRequest, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Error(400, $"invalid JSON: {ex.Message}");
        }

        var (session, status, error) = await sessions.StartAsync(request ?? new CreateDirectSessionRequest(), cancellationToken);
        if (session is null)
        {
            return Error(status, error ?? "the session could not be started");
        }

        // The address the client used (not the bind address, which may be 0.0.0.0) is the one it can reach again.
        var ws = $"{(context.Request.IsHttps ? "wss" : "ws")}://{context.Request.Host}/sessions/{session.Id}/ws";
        return Results.Json(new CreateDirectSessionResponse(session.Id, ws, session.Cwd), DirectConnectJsonContext.Default.CreateDirectSessionResponse);
    }

    private static IResult Error(int status, string message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteEndObject();
        }

        return Results.Text(Encoding.UTF8.GetString(buffer.ToArray()), "application/json", Encoding.UTF8, status);
    }

    private async Task<IResult> StopAsync(string id, CancellationToken cancellationToken)
    {
        if (sessions.Find(id) is not { } session)
        {
            return Results.NotFound();
        }

        await session.StopAsync(cancellationToken);
        return Results.NoContent();
    }

    private async Task<IResult> SocketAsync(string id, HttpContext context, CancellationToken cancellationToken)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Results.BadRequest();
        }

        if (sessions.Find(id) is not { } session)
        {
            return Results.NotFound();
        }

        if (!session.TryAttach())
        {
            return Results.Conflict();
        }

        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await sessions.OnAttachedAsync(session, cancellationToken);
            await new DirectSocketRelay(socket, session, time).RunAsync(cancellationToken);
        }
        finally
        {
            session.Detach();
            await sessions.OnDetachedAsync(session, CancellationToken.None);
        }

        return Results.Empty;
    }
}
