namespace Tether.Bridge.Agents;

/// <summary>A thread-safe ring of the last stderr lines, each cut to a maximum length, for failure reports.</summary>
internal sealed class StderrTail(int capacity, int maxLineChars)
{
    private readonly Queue<string> _lines = new(capacity);
    private readonly object _lock = new();

    public void Add(string line)
    {
        if (line.Length > maxLineChars)
        {
            line = string.Concat(line.AsSpan(0, maxLineChars), "…");
        }

        lock (_lock)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    /// <summary>The kept lines, oldest first.</summary>
    public IReadOnlyList<string> Snapshot()
    {
        lock (_lock)
        {
            return [.. _lines];
        }
    }
}
