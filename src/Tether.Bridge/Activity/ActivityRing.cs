namespace Tether.Bridge.Activity;

/// <summary>The most recent activities of one session (10 by default, reference §7.4); thread-safe.</summary>
internal sealed class ActivityRing(int capacity = ActivityRing.DefaultCapacity)
{
    public const int DefaultCapacity = 10;

    private readonly Queue<SessionActivity> _items = new(capacity);
    private readonly object _lock = new();

    /// <summary>The newest activity, or null before the first.</summary>
    public SessionActivity? Latest
    {
        get
        {
            lock (_lock)
            {
                return _items.Count == 0 ? null : _items.Last();
            }
        }
    }

    public void Add(SessionActivity activity)
    {
        lock (_lock)
        {
            if (_items.Count == capacity)
            {
                _items.Dequeue();
            }

            _items.Enqueue(activity);
        }
    }

    public void AddRange(IEnumerable<SessionActivity> activities)
    {
        foreach (var activity in activities)
        {
            Add(activity);
        }
    }

    /// <summary>The kept activities, oldest first.</summary>
    public IReadOnlyList<SessionActivity> Snapshot()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }
}
