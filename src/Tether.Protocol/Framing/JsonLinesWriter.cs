using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tether.Protocol.Framing;

/// <summary>
/// Writes newline-delimited JSON to a <see cref="Stream"/>: one JSON value, then <c>\n</c>, then a flush, so the
/// reader on the other side sees each message as soon as it is written. Concurrent writers are serialized.
/// </summary>
public sealed class JsonLinesWriter(Stream stream) : IDisposable
{
    private readonly Stream _stream = stream ?? throw new ArgumentNullException(nameof(stream));
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Serializes <paramref name="value"/> with source-generated metadata and writes it as one line.</summary>
    public ValueTask WriteAsync<T>(T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default) =>
        WriteLineAsync(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), cancellationToken);

    /// <summary>Writes an already serialized JSON value as one line.</summary>
    /// <exception cref="ArgumentException">The text contains a newline, which would split it into two frames.</exception>
    public ValueTask WriteLineAsync(string json, CancellationToken cancellationToken = default) =>
        WriteLineAsync(Encoding.UTF8.GetBytes(json), cancellationToken);

    /// <summary>Writes already serialized UTF-8 JSON as one line.</summary>
    /// <exception cref="ArgumentException">The bytes contain a newline, which would split them into two frames.</exception>
    public async ValueTask WriteLineAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default)
    {
        if (utf8Json.Span.IndexOf((byte)'\n') >= 0)
        {
            throw new ArgumentException("A JSON line must not contain a newline.", nameof(utf8Json));
        }

        // One buffer with the terminator, so a line reaches the pipe in a single write.
        var length = utf8Json.Length + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            utf8Json.Span.CopyTo(buffer);
            buffer[length - 1] = (byte)'\n';
            await _gate.WaitAsync(cancellationToken);
            try
            {
                await _stream.WriteAsync(buffer.AsMemory(0, length), cancellationToken);
                await _stream.FlushAsync(cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
