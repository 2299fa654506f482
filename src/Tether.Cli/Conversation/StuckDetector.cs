namespace Tether.Cli.Conversation;

/// <summary>
/// Fires once when nothing arrived for <paramref name="quiet"/> after a prompt was sent (the reference client's 60 s
/// "may be unresponsive" check). Armed by each send, disarmed by any inbound message.
/// </summary>
internal sealed class StuckDetector(TimeProvider time, TimeSpan quiet, Action onStuck) : IDisposable
{
    private readonly ITimer _timer = time.CreateTimer(_ => onStuck(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    public void Arm() => _timer.Change(quiet, Timeout.InfiniteTimeSpan);

    public void Disarm() => _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    public void Dispose() => _timer.Dispose();
}
