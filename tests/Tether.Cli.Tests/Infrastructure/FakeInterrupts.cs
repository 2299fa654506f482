using Tether.Cli.Terminal;

namespace Tether.Cli.Tests.Infrastructure;

/// <summary>Ctrl+C on demand.</summary>
internal sealed class FakeInterrupts : IInterruptSource
{
    private readonly Lock _lock = new();
    private readonly List<Action> _handlers = [];

    public IDisposable Subscribe(Action onInterrupt)
    {
        lock (_lock)
        {
            _handlers.Add(onInterrupt);
        }

        return new Unsubscriber(this, onInterrupt);
    }

    public void Press()
    {
        Action[] handlers;
        lock (_lock)
        {
            handlers = [.. _handlers];
        }

        foreach (var handler in handlers)
        {
            handler();
        }
    }

    private sealed class Unsubscriber(FakeInterrupts owner, Action handler) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._handlers.Remove(handler);
            }
        }
    }
}
