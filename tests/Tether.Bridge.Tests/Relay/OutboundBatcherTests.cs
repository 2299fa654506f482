using System.Threading.Channels;
using Tether.Bridge.Relay;
using Tether.Testing;

namespace Tether.Bridge.Tests.Relay;

public sealed class OutboundBatcherTests : IDisposable
{
    private readonly ManualTimeProvider _clock = new();
    private readonly Channel<OutboundEvent> _channel = Channel.CreateBounded<OutboundEvent>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait });
    private readonly List<List<string>> _batches = [];
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(30));
    private readonly Queue<UploadOutcome> _outcomes = new();
    private int _attempts;

    public void Dispose() => _cts.Dispose();

    private static OutboundEvent Message(string id) => OutboundEvent.Create($"{{\"type\":\"assistant\",\"id\":\"{id}\"}}");

    private static OutboundEvent Delta(string id) => OutboundEvent.Create($"{{\"type\":\"stream_event\",\"id\":\"{id}\"}}");

    private int BatchCount
    {
        get
        {
            lock (_batches)
            {
                return _batches.Count;
            }
        }
    }

    private OutboundBatcher Create(OutboundBatcherOptions? options = null, Func<IReadOnlyList<OutboundEvent>, CancellationToken, Task<UploadOutcome>>? upload = null) =>
        new(_channel.Reader, upload ?? RecordAsync, _clock, options, jitter: () => 0);

    private Task<UploadOutcome> RecordAsync(IReadOnlyList<OutboundEvent> batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        lock (_batches)
        {
            _batches.Add([.. batch.Select(e => e.Json.Split('"')[7])]);
            return Task.FromResult(_outcomes.TryDequeue(out var outcome) ? outcome : UploadOutcome.Delivered);
        }
    }

    private void Write(params OutboundEvent[] events)
    {
        foreach (var e in events)
        {
            Assert.True(_channel.Writer.TryWrite(e));
        }
    }

    [Fact]
    public async Task Uploads_queued_messages_in_order_without_waiting()
    {
        Write(Message("a"), Message("b"), Message("c"));
        _channel.Writer.Complete();

        await Create().RunAsync(_cts.Token);

        Assert.Equal([["a", "b", "c"]], _batches);
        Assert.Empty(_clock.RequestedDelays);
    }

    [Fact]
    public async Task Holds_stream_events_up_to_the_flush_interval()
    {
        var batcher = Create();
        var run = batcher.RunAsync(_cts.Token);
        Write(Delta("d1"), Delta("d2"));
        await Eventually.TrueAsync(() => _clock.ActiveTimers == 1, because: "the hold timer is armed");

        _clock.Advance(TimeSpan.FromMilliseconds(99));
        Write(Delta("d3"));
        await Eventually.TrueAsync(() => _clock.ActiveTimers == 1 && _channel.Reader.Count == 0, because: "d3 joins the held batch");
        Assert.Equal(0, BatchCount);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => BatchCount == 1, because: "the hold expires");

        _channel.Writer.Complete();
        await run.WaitAsync(_cts.Token);
        Assert.Equal([["d1", "d2", "d3"]], _batches);
    }

    [Fact]
    public async Task Any_other_line_flushes_held_stream_events_first()
    {
        var run = Create().RunAsync(_cts.Token);
        Write(Delta("d1"));
        await Eventually.TrueAsync(() => _clock.ActiveTimers == 1, because: "d1 is held");

        Write(Message("m1"));
        await Eventually.TrueAsync(() => BatchCount == 1, because: "a message flushes without waiting");

        _channel.Writer.Complete();
        await run.WaitAsync(_cts.Token);
        Assert.Equal([["d1", "m1"]], _batches);
    }

    [Fact]
    public async Task Held_stream_events_are_flushed_when_the_source_completes()
    {
        var run = Create().RunAsync(_cts.Token);
        Write(Delta("d1"));
        await Eventually.TrueAsync(() => _clock.ActiveTimers == 1, because: "d1 is held");

        _channel.Writer.Complete();
        await run.WaitAsync(_cts.Token);

        Assert.Equal([["d1"]], _batches);
    }

    [Fact]
    public async Task Caps_batches_at_500_events()
    {
        Write([.. Enumerable.Range(0, 1200).Select(i => Message($"m{i}"))]);
        _channel.Writer.Complete();

        await Create().RunAsync(_cts.Token);

        Assert.Equal([500, 500, 200], _batches.Select(b => b.Count));
        Assert.Equal(Enumerable.Range(0, 1200).Select(i => $"m{i}"), _batches.SelectMany(b => b));
    }

    [Fact]
    public async Task Caps_batches_at_one_mebibyte()
    {
        var pad = new string('p', 300 * 1024);
        Write([.. Enumerable.Range(0, 5).Select(i => OutboundEvent.Create($"{{\"type\":\"assistant\",\"id\":\"m{i}\",\"pad\":\"{pad}\"}}"))]);
        _channel.Writer.Complete();

        await Create().RunAsync(_cts.Token);

        Assert.Equal([["m0", "m1", "m2"], ["m3", "m4"]], _batches);
    }

    [Fact]
    public async Task Keeps_one_upload_in_flight_and_batches_what_arrives_meanwhile()
    {
        var release = new TaskCompletionSource<UploadOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = 0;
        var maxInFlight = 0;
        async Task<UploadOutcome> SlowAsync(IReadOnlyList<OutboundEvent> batch, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref inFlight);
            maxInFlight = Math.Max(maxInFlight, now);
            await RecordAsync(batch, cancellationToken);
            var outcome = BatchCount == 1 ? await release.Task : UploadOutcome.Delivered;
            Interlocked.Decrement(ref inFlight);
            return outcome;
        }

        var run = Create(upload: SlowAsync).RunAsync(_cts.Token);
        Write(Message("first"));
        await Eventually.TrueAsync(() => BatchCount == 1, because: "the first upload starts");
        Write(Message("a"), Delta("d"), Message("b"));
        Assert.Equal(1, BatchCount);

        release.SetResult(UploadOutcome.Delivered);
        _channel.Writer.Complete();
        await run.WaitAsync(_cts.Token);

        Assert.Equal([["first"], ["a", "d", "b"]], _batches);
        Assert.Equal(1, maxInFlight);
    }

    [Fact]
    public async Task Retries_the_same_batch_with_exponential_backoff_capped_at_eight_seconds()
    {
        foreach (var _ in Enumerable.Range(0, 6))
        {
            _outcomes.Enqueue(UploadOutcome.Retry);
        }

        Write(Message("m"));
        _channel.Writer.Complete();
        var batcher = Create();
        var run = batcher.RunAsync(_cts.Token);

        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var expected = attempt;
            await Eventually.TrueAsync(() => _attempts == expected && _clock.ActiveTimers == 1, because: $"retry {expected} is scheduled");
            _clock.Advance(_clock.RequestedDelays[^1]);
        }

        await run.WaitAsync(_cts.Token);
        Assert.Equal([500, 1000, 2000, 4000, 8000, 8000], _clock.RequestedDelays.Select(d => d.TotalMilliseconds));
        Assert.Equal(7, _batches.Count);
        Assert.All(_batches, b => Assert.Equal(["m"], b));
        Assert.Equal(1, batcher.DeliveredEvents);
    }

    [Fact]
    public async Task Adds_up_to_a_second_of_jitter_to_retries()
    {
        _outcomes.Enqueue(UploadOutcome.Retry);
        Write(Message("m"));
        _channel.Writer.Complete();
        var run = new OutboundBatcher(_channel.Reader, RecordAsync, _clock, jitter: () => 0.75).RunAsync(_cts.Token);

        await Eventually.TrueAsync(() => _clock.ActiveTimers == 1, because: "the retry is scheduled");
        Assert.Equal(TimeSpan.FromMilliseconds(1250), _clock.RequestedDelays[^1]);
        _clock.Advance(TimeSpan.FromMilliseconds(1250));
        await run.WaitAsync(_cts.Token);
    }

    [Fact]
    public async Task A_permanent_rejection_drops_the_batch_and_goes_on()
    {
        _outcomes.Enqueue(UploadOutcome.Drop);
        Write([.. Enumerable.Range(0, 501).Select(i => Message($"m{i}"))]);
        _channel.Writer.Complete();
        var batcher = Create();

        await batcher.RunAsync(_cts.Token);

        Assert.Equal([500, 1], _batches.Select(b => b.Count));
        Assert.Equal(500, batcher.DroppedEvents);
        Assert.Equal(1, batcher.DeliveredEvents);
        Assert.Empty(_clock.RequestedDelays);
    }

    [Fact]
    public async Task Gives_up_after_the_configured_number_of_failures_and_treats_exceptions_as_transient()
    {
        var calls = 0;
        Task<UploadOutcome> ThrowingAsync(IReadOnlyList<OutboundEvent> batch, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            throw new HttpRequestException("connection refused");
        }

        Write(Message("m"));
        _channel.Writer.Complete();
        var batcher = Create(OutboundBatcherOptions.Default with { MaxConsecutiveFailures = 3 }, ThrowingAsync);
        var run = batcher.RunAsync(_cts.Token);

        for (var retry = 1; retry <= 2; retry++)
        {
            var expected = retry;
            await Eventually.TrueAsync(() => calls == expected && _clock.ActiveTimers == 1, because: $"retry {expected} is scheduled");
            _clock.Advance(_clock.RequestedDelays[^1]);
        }

        await run.WaitAsync(_cts.Token);
        Assert.Equal(3, calls);
        Assert.Equal(1, batcher.DroppedEvents);
    }

    [Fact]
    public async Task Cancellation_stops_the_loop()
    {
        using var stop = new CancellationTokenSource();
        var run = Create().RunAsync(stop.Token);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(_cts.Token));
    }
}
