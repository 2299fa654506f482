using System.IO.Pipelines;
using System.Text;
using Tether.Cli.Terminal;

namespace Tether.Cli.Tests.Infrastructure;

/// <summary>A terminal for one command run: stdin is a pipe the test types into, stdout and stderr are captured.</summary>
internal sealed class TestTerminal : IAsyncDisposable
{
    private readonly Pipe _stdin = new();
    private readonly Dictionary<string, string?> _environment = new(StringComparer.Ordinal);

    public TestTerminal(string? configDirectory = null, string? currentDirectory = null, bool isTerminal = false, TimeProvider? time = null)
    {
        Host = new CliHost
        {
            In = new StreamReader(_stdin.Reader.AsStream(), Encoding.UTF8),
            Out = Out,
            Error = Error,
            OutputIsTerminal = isTerminal,
            InputIsTerminal = false,
            Interrupts = Interrupts,
            Time = time ?? TimeProvider.System,
            Environment = name => _environment.GetValueOrDefault(name),
            ConfigDirectory = configDirectory ?? Path.Combine(Path.GetTempPath(), $"tether-cfg-{Guid.NewGuid():N}"),
            CurrentDirectory = currentDirectory ?? Environment.CurrentDirectory,
        };
    }

    public CapturedWriter Out { get; } = new();

    public CapturedWriter Error { get; } = new();

    public FakeInterrupts Interrupts { get; } = new();

    public CliHost Host { get; private set; }

    public TestTerminal With(Func<CliHost, CliHost> change)
    {
        Host = change(Host);
        return this;
    }

    public void SetEnvironment(string name, string? value) => _environment[name] = value;

    public async Task TypeAsync(string line)
    {
        await _stdin.Writer.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
        await _stdin.Writer.FlushAsync();
    }

    public async Task CloseInputAsync() => await _stdin.Writer.CompleteAsync();

    /// <summary>Runs <c>tether args…</c> against this terminal.</summary>
    public Task<int> RunAsync(params string[] args) => TetherCli.RunAsync(args, Host);

    /// <summary>Runs <c>tether args…</c>; cancelling the token is Ctrl+C for commands that leave it to System.CommandLine.</summary>
    public Task<int> RunAsync(CancellationToken cancellationToken, params string[] args) => TetherCli.RunAsync(args, Host, cancellationToken);

    public async ValueTask DisposeAsync() => await _stdin.Writer.CompleteAsync();
}
