using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Tether.Bridge.Agents.Builtin;

/// <summary>
/// Splits a byte stream into non-blank lines (LF or CRLF). A line longer than the cap is reported once as
/// <see cref="LineReadKind.TooLong"/> and skipped up to its newline, so one runaway writer cannot exhaust memory.
/// </summary>
internal sealed class NdjsonLineReader(PipeReader reader, int maxLineBytes)
{
    private bool _discarding;

    public async ValueTask<LineReadResult> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } newline)
            {
                var line = buffer.Slice(0, newline);
                var wasDiscarding = _discarding;
                _discarding = false;
                var text = wasDiscarding || line.Length > maxLineBytes ? null : Decode(line);
                reader.AdvanceTo(buffer.GetPosition(1, newline));
                if (text is null && !wasDiscarding)
                {
                    return LineReadResult.TooLong;
                }

                if (!string.IsNullOrWhiteSpace(text))
                {
                    return new LineReadResult(LineReadKind.Line, text);
                }

                continue;
            }

            if (buffer.Length > maxLineBytes)
            {
                reader.AdvanceTo(buffer.End);
                if (!_discarding)
                {
                    _discarding = true;
                    return LineReadResult.TooLong;
                }

                continue;
            }

            if (result.IsCompleted)
            {
                // A final line without a newline still counts, as it does for claude.
                var text = _discarding ? "" : Decode(buffer);
                reader.AdvanceTo(buffer.End);
                _discarding = false;
                return string.IsNullOrWhiteSpace(text) ? LineReadResult.End : new LineReadResult(LineReadKind.Line, text);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static string Decode(ReadOnlySequence<byte> line) => Encoding.UTF8.GetString(line).TrimEnd('\r');
}
