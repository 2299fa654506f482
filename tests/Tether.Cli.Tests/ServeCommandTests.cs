namespace Tether.Cli.Tests;

public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("--ping-interval")]
    [InlineData("--idle-timeout")]
    public async Task A_negative_interval_is_refused_before_anything_is_served(string option)
    {
        // Refused by the parser; a serve that started would run until the timeout cancels it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var run = await CliRun.InvokeAsync(["serve", option, "-1", "--port", "0"], cancellationToken: timeout.Token);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"{option} takes a number of milliseconds, 0 or more.", run.Error);
        Assert.False(timeout.IsCancellationRequested);
    }
}
