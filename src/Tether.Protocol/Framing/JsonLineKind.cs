namespace Tether.Protocol.Framing;

/// <summary>What <see cref="JsonLinesReader.ReadAsync"/> found.</summary>
public enum JsonLineKind
{
    /// <summary>A complete line (terminated by <c>\n</c>), without its terminator.</summary>
    Line,

    /// <summary>A line longer than the cap; its bytes were skipped, only its length is reported.</summary>
    LineTooLong,

    /// <summary>Bytes after the last <c>\n</c> when the stream ended: the writer stopped mid-line.</summary>
    PartialFinalLine,

    /// <summary>The stream ended; every later read returns this again.</summary>
    EndOfStream,
}
