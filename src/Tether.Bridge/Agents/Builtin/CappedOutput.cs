using System.Text;

namespace Tether.Bridge.Agents.Builtin;

/// <summary>Collects stdout and stderr chunks in arrival order up to a byte cap; the rest is counted, not kept.</summary>
internal sealed class CappedOutput(int maxBytes)
{
    private readonly Lock _lock = new();
    private readonly MemoryStream _bytes = new();

    public bool Truncated { get; private set; }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        lock (_lock)
        {
            var room = maxBytes - (int)_bytes.Length;
            if (chunk.Length > room)
            {
                Truncated = true;
                chunk = chunk[..Math.Max(0, room)];
            }

            _bytes.Write(chunk);
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length);
        }
    }
}
