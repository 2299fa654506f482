using System.Text;
using Tether.Testing;

namespace Tether.Cli.Tests.Infrastructure;

/// <summary>A thread-safe TextWriter whose text tests can read while a command is still writing.</summary>
internal sealed class CapturedWriter : TextWriter
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return _text.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        lock (_lock)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_lock)
        {
            _text.Append(value);
        }
    }

    public Task WaitForAsync(string fragment, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => Text.Contains(fragment, StringComparison.Ordinal), timeout ?? TimeSpan.FromSeconds(15), $"output to contain '{fragment}'; it was:\n{Text}");
}
