using Tether.Bridge.Agents;

namespace Tether.Bridge.Tests.Agents;

public sealed class ShellWordsTests
{
    [Theory]
    [InlineData("a b  c", new[] { "a", "b", "c" })]
    [InlineData("  a\tb\n", new[] { "a", "b" })]
    [InlineData("'a b' c", new[] { "a b", "c" })]
    [InlineData("\"a b\" c", new[] { "a b", "c" })]
    [InlineData("a\\ b", new[] { "a b" })]
    [InlineData("'it''s'", new[] { "its" })]
    [InlineData("\"\\$x \\\\ \\n\"", new[] { "$x \\ \\n" })]
    [InlineData("pre'mid'post", new[] { "premidpost" })]
    [InlineData("''", new[] { "" })]
    [InlineData("a;b|c $(d) `e`", new[] { "a;b|c", "$(d)", "`e`" })]
    public void Splits_like_a_shell_without_expanding(string line, string[] expected)
    {
        Assert.True(ShellWords.TrySplit(line, out var words, out var error), error);
        Assert.Equal(expected, words);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("'open", "single quote")]
    [InlineData("\"open", "double quote")]
    [InlineData("end\\", "backslash")]
    public void Reports_errors(string line, string expected)
    {
        Assert.False(ShellWords.TrySplit(line, out var words, out var error));
        Assert.Null(words);
        Assert.Contains(expected, error);
    }
}
