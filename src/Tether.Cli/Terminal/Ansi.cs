namespace Tether.Cli.Terminal;

/// <summary>SGR colour codes, applied only when the output is a terminal; otherwise every method returns the text unchanged.</summary>
internal sealed class Ansi(bool enabled)
{
    public bool Enabled { get; } = enabled;

    public string Bold(string text) => Wrap("1", text);

    public string Dim(string text) => Wrap("2", text);

    public string Italic(string text) => Wrap("3", text);

    public string Red(string text) => Wrap("31", text);

    public string Green(string text) => Wrap("32", text);

    public string Yellow(string text) => Wrap("33", text);

    public string Blue(string text) => Wrap("34", text);

    public string Magenta(string text) => Wrap("35", text);

    public string Cyan(string text) => Wrap("36", text);

    private string Wrap(string code, string text) => Enabled && text.Length > 0 ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
