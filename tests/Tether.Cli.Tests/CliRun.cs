using System.CommandLine;
using Tether.Testing;

namespace Tether.Cli.Tests;

/// <summary>Runs the real command tree in-process with captured output.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> InvokeAsync(string[] args, LockedStringWriter? output = null, CancellationToken cancellationToken = default)
    {
        output ??= new LockedStringWriter();
        var error = new LockedStringWriter();
        var exit = await TetherCli.BuildRoot().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
        return new CliRun(exit, output.ToString(), error.ToString());
    }
}
