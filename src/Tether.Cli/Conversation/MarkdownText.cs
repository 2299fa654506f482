using System.Text.RegularExpressions;
using Tether.Cli.Terminal;

namespace Tether.Cli.Conversation;

/// <summary>
/// Markdown for a terminal, line by line: headings bold, fenced code indented and coloured, bullets as •, inline code
/// and bold marked up. Without colours the source is printed as is: markdown already reads well as plain text.
/// </summary>
internal sealed partial class MarkdownText(Ansi ansi)
{
    public IEnumerable<string> Render(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        if (!ansi.Enabled)
        {
            foreach (var line in lines)
            {
                yield return line;
            }

            yield break;
        }

        var inCode = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            if (inCode)
            {
                yield return "    " + ansi.Cyan(line);
            }
            else if (Heading().Match(line) is { Success: true } heading)
            {
                yield return ansi.Bold(Inline(heading.Groups[1].Value));
            }
            else if (Bullet().Match(line) is { Success: true } bullet)
            {
                yield return $"{bullet.Groups[1].Value}• {Inline(bullet.Groups[2].Value)}";
            }
            else
            {
                yield return Inline(line);
            }
        }
    }

    private string Inline(string text)
    {
        text = InlineCode().Replace(text, m => ansi.Cyan(m.Groups[1].Value));
        return Strong().Replace(text, m => ansi.Bold(m.Groups[1].Value));
    }

    [GeneratedRegex(@"^#{1,6}\s+(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(\s*)[-*+]\s+(.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\*\*([^*]+)\*\*")]
    private static partial Regex Strong();
}
