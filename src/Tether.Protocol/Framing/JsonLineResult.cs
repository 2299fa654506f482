using System.Text;

namespace Tether.Protocol.Framing;

/// <summary>One result of <see cref="JsonLinesReader.ReadAsync"/>: a line or a reason there is none.</summary>
/// <param name="Kind">What was read.</param>
/// <param name="Line">The line's bytes (no <c>\n</c>, no trailing <c>\r</c>); empty for <see cref="JsonLineKind.LineTooLong"/> and <see cref="JsonLineKind.EndOfStream"/>. The memory is owned by the result.</param>
/// <param name="Length">The line's length in bytes, also for a skipped over-long line.</param>
public readonly record struct JsonLineResult(JsonLineKind Kind, ReadOnlyMemory<byte> Line, long Length)
{
    /// <summary>True for <see cref="JsonLineKind.Line"/> and <see cref="JsonLineKind.PartialFinalLine"/>, which carry bytes.</summary>
    public bool HasLine => Kind is JsonLineKind.Line or JsonLineKind.PartialFinalLine;

    /// <summary>The line decoded as UTF-8; invalid sequences become U+FFFD rather than failing.</summary>
    public string GetString() => Encoding.UTF8.GetString(Line.Span);

    internal static JsonLineResult EndOfStream => new(JsonLineKind.EndOfStream, ReadOnlyMemory<byte>.Empty, 0);
}
