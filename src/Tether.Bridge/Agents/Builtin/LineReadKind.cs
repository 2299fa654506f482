namespace Tether.Bridge.Agents.Builtin;

internal enum LineReadKind
{
    Line,
    TooLong,
    End,
}
