using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tether.Server;

namespace Tether.Server.Tests.Push;

/// <summary>
/// A push service on real Kestrel at 127.0.0.1 (random port) that records every POST and answers with the next scripted
/// status (201 once the script runs out).
/// </summary>
internal sealed class FakePushService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();
    private readonly ConcurrentQueue<ReceivedPush> _received = new();
    private TaskCompletionSource _release = CompletedGate();

    private FakePushService()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<ReceivedPush> Received => [.. _received];

    public static async Task<FakePushService> StartAsync()
    {
        var service = new FakePushService();
        await service._app.StartAsync();
        service.BaseAddress = service._app.BoundAddress();
        return service;
    }

    /// <summary>An endpoint URL on this service, as a browser's push subscription would name it.</summary>
    public string Endpoint(string name) => new Uri(BaseAddress, $"/push/{name}").ToString();

    /// <summary>The statuses to answer the next POSTs with, in order.</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _script.Enqueue(status);
        }
    }

    /// <summary>From now on, requests are recorded but not answered until <see cref="Release"/>.</summary>
    public void Hold() => _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new ReceivedPush(context.Request.Method, context.Request.Path, headers, body.ToArray()));
        await _release.Task.WaitAsync(context.RequestAborted);
        context.Response.StatusCode = _script.TryDequeue(out var status) ? status : StatusCodes.Status201Created;
    }
}

internal sealed record ReceivedPush(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);
