using System.Buffers;
using System.IO.Pipelines;

namespace Tether.Protocol.Framing;

/// <summary>
/// Reads newline-delimited JSON (NDJSON) from a <see cref="PipeReader"/>: splits on <c>\n</c>, trims a trailing
/// <c>\r</c>, skips blank lines and caps each line. It never parses JSON and never throws on bad input: an over-long line
/// is reported as <see cref="JsonLineKind.LineTooLong"/> and discarded as it streams past (it is never buffered whole),
/// and a line cut off by the end of the stream is reported as <see cref="JsonLineKind.PartialFinalLine"/>.
/// </summary>
/// <remarks>One reader per stream, one <see cref="ReadAsync"/> at a time.</remarks>
public sealed class JsonLinesReader : IAsyncDisposable
{
    /// <summary>The default line cap, 1 MiB.</summary>
    public const int DefaultMaxLineBytes = 1024 * 1024;

    private readonly PipeReader _reader;
    private readonly int _maxLineBytes;
    private readonly bool _ownsReader;

    // Bytes at the head of the buffer already searched for '\n', so a long line is not rescanned on every chunk.
    private long _scanned;
    private bool _skipping;
    private long _skipped;
    private bool _ended;

    /// <summary>Reads from <paramref name="reader"/>; the caller keeps ownership of it.</summary>
    /// <param name="reader">The source.</param>
    /// <param name="maxLineBytes">The longest line returned, in bytes (without its terminator).</param>
    public JsonLinesReader(PipeReader reader, int maxLineBytes = DefaultMaxLineBytes)
        : this(reader, maxLineBytes, ownsReader: false)
    {
    }

    private JsonLinesReader(PipeReader reader, int maxLineBytes, bool ownsReader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _reader = reader;
        _maxLineBytes = maxLineBytes;
        _ownsReader = ownsReader;
    }

    /// <summary>The line cap in bytes.</summary>
    public int MaxLineBytes => _maxLineBytes;

    /// <summary>Reads from <paramref name="stream"/> through a pipe the reader owns and completes on dispose.</summary>
    public static JsonLinesReader Create(Stream stream, int maxLineBytes = DefaultMaxLineBytes, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new JsonLinesReader(PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: leaveOpen)), maxLineBytes, ownsReader: true);
    }

    /// <summary>Returns the next line, a skipped over-long line, a partial final line, or the end of the stream.</summary>
    public async ValueTask<JsonLineResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (!_ended)
        {
            var read = await _reader.ReadAsync(cancellationToken);
            var found = TryTake(read.Buffer, read.IsCompleted, out var consumed, out var examined, out var result);
            _reader.AdvanceTo(consumed, examined);
            if (found)
            {
                return result;
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        return JsonLineResult.EndOfStream;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsReader)
        {
            await _reader.CompleteAsync();
        }
    }

    private bool TryTake(ReadOnlySequence<byte> buffer, bool completed, out SequencePosition consumed, out SequencePosition examined, out JsonLineResult result)
    {
        var remaining = buffer;
        while (true)
        {
            if (remaining.Slice(_scanned).PositionOf((byte)'\n') is { } newline)
            {
                var raw = remaining.Slice(0, newline);
                var next = remaining.GetPosition(1, newline);
                _scanned = 0;
                var line = TrimCarriageReturn(raw);
                if (_skipping || line.Length > _maxLineBytes)
                {
                    var length = _skipped + line.Length;
                    _skipping = false;
                    _skipped = 0;
                    consumed = examined = next;
                    result = new JsonLineResult(JsonLineKind.LineTooLong, ReadOnlyMemory<byte>.Empty, length);
                    return true;
                }

                remaining = remaining.Slice(next);
                if (IsBlank(line))
                {
                    continue;
                }

                consumed = examined = next;
                result = new JsonLineResult(JsonLineKind.Line, line.ToArray(), line.Length);
                return true;
            }

            if (completed)
            {
                consumed = examined = remaining.End;
                _ended = true;
                result = Final(TrimCarriageReturn(remaining));
                return true;
            }

            // One extra byte of room so a line of exactly the cap whose '\r' arrived before its '\n' is not cut.
            if (_skipping || remaining.Length > _maxLineBytes + 1L)
            {
                _skipping = true;
                _skipped += remaining.Length;
                _scanned = 0;
                consumed = examined = remaining.End;
                result = default;
                return false;
            }

            _scanned = remaining.Length;
            consumed = remaining.Start;
            examined = remaining.End;
            result = default;
            return false;
        }
    }

    private JsonLineResult Final(ReadOnlySequence<byte> tail)
    {
        if (_skipping)
        {
            return new JsonLineResult(JsonLineKind.LineTooLong, ReadOnlyMemory<byte>.Empty, _skipped + tail.Length);
        }

        if (IsBlank(tail))
        {
            return JsonLineResult.EndOfStream;
        }

        return tail.Length > _maxLineBytes
            ? new JsonLineResult(JsonLineKind.LineTooLong, ReadOnlyMemory<byte>.Empty, tail.Length)
            : new JsonLineResult(JsonLineKind.PartialFinalLine, tail.ToArray(), tail.Length);
    }

    private static ReadOnlySequence<byte> TrimCarriageReturn(ReadOnlySequence<byte> line)
    {
        if (line.IsEmpty)
        {
            return line;
        }

        var last = line.Slice(line.Length - 1);
        return last.FirstSpan[0] == (byte)'\r' ? line.Slice(0, line.Length - 1) : line;
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            if (segment.Span.IndexOfAnyExcept((byte)' ', (byte)'\t', (byte)'\r') >= 0)
            {
                return false;
            }
        }

        return true;
    }
}
