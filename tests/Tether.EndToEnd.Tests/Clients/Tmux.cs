using System.Diagnostics;
using Tether.Testing;

namespace Tether.EndToEnd.Tests.Clients;

/// <summary>A private tmux server (its own socket) running one command in a real pseudo-terminal.</summary>
internal sealed class Tmux : IAsyncDisposable
{
    private readonly string _socket = $"tether-test-{Guid.NewGuid():N}";

    public const string Session = "t";

    public async Task StartAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] command)
    {
        string[] env = [.. environment.SelectMany(e => new[] { "-e", $"{e.Key}={e.Value}" })];
        await RunAsync(["new-session", "-d", "-s", Session, "-x", "160", "-y", "50", "-c", workingDirectory, .. env, .. command]);
    }

    /// <summary>The visible screen; with <paramref name="escapes"/>, including colour escape sequences.</summary>
    public Task<string> ScreenAsync(bool escapes = false) => RunAsync(escapes ? ["capture-pane", "-p", "-e", "-t", Session] : ["capture-pane", "-p", "-t", Session]);

    public Task SendKeysAsync(params string[] keys) => RunAsync(["send-keys", "-t", Session, .. keys]);

    public async Task<bool> IsRunningAsync()
    {
        var (code, _) = await ExecAsync(["has-session", "-t", Session]);
        return code == 0;
    }

    public async Task WaitForScreenAsync(string fragment, TimeSpan? timeout = null)
    {
        try
        {
            await Eventually.TrueAsync(async () => (await ScreenAsync()).Contains(fragment, StringComparison.Ordinal),
                timeout ?? TimeSpan.FromSeconds(20), $"the terminal to show '{fragment}'");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; it shows:\n{await ScreenAsync()}", ex);
        }
    }

    public async ValueTask DisposeAsync() => await ExecAsync(["kill-server"]);

    private async Task<string> RunAsync(string[] arguments)
    {
        var (code, output) = await ExecAsync(arguments);
        return code == 0 ? output : throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed: {output}");
    }

    private async Task<(int Code, string Output)> ExecAsync(string[] arguments)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-L", _socket, .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
