using Tether.Cli.Rendering;

namespace Tether.Cli.Tests;

public sealed class QrTextTests
{
    [Fact]
    public void Renders_a_square_block_of_half_block_characters()
    {
        var lines = QrText.Render("http://127.0.0.1:7878/device?user_code=BCDF-GHJK")
            .Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Assert.True(lines.Length > 10);
        Assert.All(lines, l => Assert.Equal(lines[0].Length, l.Length));
        Assert.Contains(lines, l => l.Contains('█') || l.Contains('▀') || l.Contains('▄'));
    }

    [Fact]
    public void Captured_writers_are_not_terminals() => Assert.False(QrText.IsTerminal(new StringWriter()));
}
