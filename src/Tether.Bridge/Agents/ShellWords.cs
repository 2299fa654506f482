using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Tether.Bridge.Agents;

/// <summary>
/// Splits a command line into argv the way a POSIX shell tokenizes words: whitespace separates, single quotes keep
/// everything literal, double quotes keep spaces and honour <c>\"</c> <c>\\</c> <c>\$</c> <c>\`</c>, a backslash outside
/// quotes escapes the next character. Nothing is expanded or executed: no variables, globs, pipes or substitutions.
/// </summary>
internal static class ShellWords
{
    public static bool TrySplit(string commandLine, [NotNullWhen(true)] out IReadOnlyList<string>? words, out string error)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord)
                    {
                        result.Add(current.ToString());
                        current.Clear();
                        inWord = false;
                    }

                    break;
                case '\'':
                    var close = commandLine.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        return Fail("unterminated single quote", out words, out error);
                    }

                    current.Append(commandLine, i + 1, close - i - 1);
                    i = close;
                    inWord = true;
                    break;
                case '"':
                    if (!TryReadDoubleQuoted(commandLine, ref i, current))
                    {
                        return Fail("unterminated double quote", out words, out error);
                    }

                    inWord = true;
                    break;
                case '\\':
                    if (i + 1 >= commandLine.Length)
                    {
                        return Fail("trailing backslash", out words, out error);
                    }

                    current.Append(commandLine[++i]);
                    inWord = true;
                    break;
                default:
                    current.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (inWord)
        {
            result.Add(current.ToString());
        }

        if (result.Count == 0)
        {
            return Fail("empty command", out words, out error);
        }

        words = result;
        error = string.Empty;
        return true;
    }

    private static bool TryReadDoubleQuoted(string text, ref int i, StringBuilder current)
    {
        for (i++; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                return true;
            }

            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
            {
                current.Append(text[++i]);
            }
            else
            {
                current.Append(c);
            }
        }

        return false;
    }

    private static bool Fail(string message, out IReadOnlyList<string>? words, out string error)
    {
        words = null;
        error = message;
        return false;
    }
}
