using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tether.FakeAnthropic;

/// <summary>
/// A scripted stand-in for the Anthropic Messages API on real Kestrel at 127.0.0.1 (random port). Point
/// <c>ANTHROPIC_BASE_URL</c> at <see cref="BaseUrl"/>. Every request is recorded in <see cref="Requests"/>.
/// </summary>
public sealed class FakeAnthropicServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeScript _script;
    private readonly Lock _requestsLock = new();
    private readonly List<RecordedRequest> _requests = [];

    private FakeAnthropicServer(FakeScript script)
    {
        _script = script;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    /// <summary>The base URL to give clients, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>A snapshot of every request received so far, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requestsLock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The parsed bodies of the <c>POST /v1/messages</c> requests received so far.</summary>
    public IReadOnlyList<MessagesRequest> MessagesRequests =>
        [.. Requests.Where(request => request.Method == "POST").Select(request => request.Messages).OfType<MessagesRequest>()];

    /// <summary>Starts a fake that answers according to <paramref name="script"/>.</summary>
    public static async Task<FakeAnthropicServer> StartAsync(FakeScript script, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(script);
        var server = new FakeAnthropicServer(script);
        await server._app.StartAsync(cancellationToken);
        var addresses = server._app.Services.GetRequiredService<IServer>()
            .Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        server.BaseUrl = addresses.Single().TrimEnd('/');
        return server;
    }

    /// <summary>Stops Kestrel; in-flight responses get a few seconds to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        context.Response.Headers["request-id"] = "req_fake" + Guid.NewGuid().ToString("N")[..20];
        try
        {
            await RespondAsync(context, body, cancellationToken);
        }
        finally
        {
            var recorded = new RecordedRequest(request.Method, request.Path + request.QueryString, body, context.Response.StatusCode);
            lock (_requestsLock)
            {
                _requests.Add(recorded);
            }
        }
    }

    private async Task RespondAsync(HttpContext context, string body, CancellationToken cancellationToken)
    {
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        if (HttpMethods.IsPost(method) && path == "/v1/messages")
        {
            await AnswerMessagesAsync(context.Response, body, cancellationToken);
        }
        else if (HttpMethods.IsPost(method) && path == "/v1/messages/count_tokens")
        {
            await WriteJsonAsync(context.Response, StatusCodes.Status200OK, new JsonObject { ["input_tokens"] = AnthropicMessage.EstimateTokens(body) }, cancellationToken);
        }
        else if ((HttpMethods.IsHead(method) || HttpMethods.IsGet(method)) && path == "/")
        {
            // Connectivity probes only care that something answers.
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
        else
        {
            var error = AnthropicMessage.Error("not_found_error", $"The fake Anthropic API does not implement {method} {path}.");
            await WriteJsonAsync(context.Response, StatusCodes.Status404NotFound, error, cancellationToken);
        }
    }

    private async Task AnswerMessagesAsync(HttpResponse response, string body, CancellationToken cancellationToken)
    {
        if (MessagesRequest.TryParse(body) is not { } request)
        {
            var error = AnthropicMessage.Error("invalid_request_error", "The request body is not a JSON object.");
            await WriteJsonAsync(response, StatusCodes.Status400BadRequest, error, cancellationToken);
            return;
        }

        var reply = _script.Choose(request);
        var inputTokens = AnthropicMessage.EstimateTokens(body);
        if (request.Stream)
        {
            await SseReplyWriter.WriteAsync(response, request, reply, inputTokens, cancellationToken);
            return;
        }

        var outputTokens = AnthropicMessage.EstimateTokens(reply.Text + reply.ToolInput?.ToJsonString());
        var message = AnthropicMessage.Message(
            AnthropicMessage.NewMessageId(),
            request.Model,
            AnthropicMessage.Content(reply, AnthropicMessage.NewToolUseId()),
            AnthropicMessage.StopReason(reply),
            AnthropicMessage.Usage(inputTokens, outputTokens));
        await WriteJsonAsync(response, StatusCodes.Status200OK, message, cancellationToken);
    }

    private static async Task WriteJsonAsync(HttpResponse response, int statusCode, JsonObject json, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        await response.WriteAsync(json.ToJsonString(), cancellationToken);
    }
}
