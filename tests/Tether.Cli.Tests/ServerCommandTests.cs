using Tether.Testing;

namespace Tether.Cli.Tests;

public sealed class ServerCommandTests : IDisposable
{
    private readonly TempDirectory _data = new("tether-server-cli");

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("ops@example.com")]
    [InlineData("http://tether.example.com")]
    public async Task A_push_contact_that_is_neither_mailto_nor_https_is_a_usage_error(string contact)
    {
        // Refused before the server starts; a server that started would run until the timeout cancels it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var run = await CliRun.InvokeAsync(
            ["server", "--data", _data.Path, "--urls", "http://127.0.0.1:0", "--public-url", "https://tether.example.com", "--push-contact", contact],
            cancellationToken: timeout.Token);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.False(timeout.IsCancellationRequested);
    }
}
