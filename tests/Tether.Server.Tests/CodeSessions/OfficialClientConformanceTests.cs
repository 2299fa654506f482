using System.Diagnostics;
using System.Text;
using Tether.Testing;
using Xunit.Abstractions;

namespace Tether.Server.Tests.CodeSessions;

/// <summary>
/// The official Claude Agent SDK bridge client (pinned in tests/interop/package.json) runs its whole flow against a real
/// Tether server: tests/interop/conformance.mjs under node's own test runner must pass.
/// </summary>
public sealed class OfficialClientConformanceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_installTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_official_bridge_client_runs_its_whole_flow_against_tether()
    {
        var interop = Path.Combine(RepositoryRoot(), "tests", "interop");
        if (!Directory.Exists(Path.Combine(interop, "node_modules", "@anthropic-ai", "claude-agent-sdk")))
        {
            // The bridge module is plain JavaScript: the optional native `claude` binary (about 400 MB) is not needed.
            var (installExit, installOutput) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--omit=optional"], interop, [], s_installTimeout);
            Assert.True(installExit == 0, $"npm ci in {interop} failed ({installExit}):\n{installOutput}");
        }

        await using var server = await LoopbackServer.StartAsync();
        var (exit, text) = await RunAsync(
            "node",
            ["--test", "conformance.mjs"],
            interop,
            [("TETHER_URL", server.BaseAddress.ToString().TrimEnd('/')), ("TETHER_TOKEN", LoopbackServer.OwnerToken)],
            s_runTimeout);
        output.WriteLine(text);

        Assert.True(exit == 0, $"node --test conformance.mjs exited with {exit}:\n{text}");
        Assert.Contains("# fail 0", text);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tether.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Tether.slnx above {AppContext.BaseDirectory}.");
    }

    /// <summary>Runs a process to completion (killing its tree after <paramref name="timeout"/>), with stdout and stderr interleaved.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, string[] arguments, string workingDirectory, (string Name, string Value)[] environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var text = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(text, e.Data);
        process.ErrorDataReceived += (_, e) => Append(text, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"Could not start `{fileName}` (is it installed and on PATH?): {ex.Message}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Append(text, $"[killed after {timeout}]");
            return (-1, Snapshot(text));
        }

        // WaitForExitAsync has also drained the redirected streams by now.
        return (process.ExitCode, Snapshot(text));
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
