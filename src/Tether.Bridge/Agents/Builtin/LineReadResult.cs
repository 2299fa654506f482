namespace Tether.Bridge.Agents.Builtin;

/// <summary>One step of <see cref="NdjsonLineReader"/>: a line, an over-long line that was skipped, or the end of input.</summary>
internal readonly record struct LineReadResult(LineReadKind Kind, string Text)
{
    public static LineReadResult End => new(LineReadKind.End, "");

    public static LineReadResult TooLong => new(LineReadKind.TooLong, "");
}
