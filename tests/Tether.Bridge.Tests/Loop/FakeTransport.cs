using System.Collections.Concurrent;
using System.Threading.Channels;
using Tether.Bridge.Transports;

namespace Tether.Bridge.Tests.Loop;

/// <summary>A transport that records writes and token updates; it runs until writes are completed or it is cancelled.</summary>
internal sealed class FakeTransport(SessionTransportRequest request) : ISessionTransport
{
    private readonly Channel<string> _inbound = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SessionTransportRequest Request { get; } = request;

    public ConcurrentQueue<string> Written { get; } = new();

    public ConcurrentQueue<string> Tokens { get; } = new();

    public ChannelWriter<string> InboundWriter => _inbound.Writer;

    public ChannelReader<string> Inbound => _inbound.Reader;

    public TransportEnd? ReadEnd => null;

#pragma warning disable CS0067 // The loop subscribes; these tests never raise it.
    public event Action<TransportState>? StateChanged;
#pragma warning restore CS0067

    public event Action? AuthRejected;

    /// <summary>Acts as if the server rejected the session token.</summary>
    public void RaiseAuthRejected() => AuthRejected?.Invoke();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _completed.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        _inbound.Writer.TryComplete();
    }

    public ValueTask InboundHandledAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<bool> WriteAsync(string json, CancellationToken cancellationToken)
    {
        Written.Enqueue(json);
        return ValueTask.FromResult(true);
    }

    public void CompleteWrites(TimeSpan flushGrace) => _completed.TrySetResult();

    public void UpdateToken(string token) => Tokens.Enqueue(token);
}
