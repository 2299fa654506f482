using System.ComponentModel;
using System.Diagnostics;

namespace Tether.Cli;

/// <summary>Opens a URL in the user's browser, best effort: a headless machine just shows the URL instead.</summary>
internal static class BrowserLauncher
{
    private static readonly TimeSpan s_launcherTimeout = TimeSpan.FromSeconds(5);

    public static async Task<bool> TryOpenAsync(string url, CancellationToken cancellationToken)
    {
        var startInfo = OperatingSystem.IsWindows() ? new ProcessStartInfo("cmd", ["/c", "start", "", url])
            : OperatingSystem.IsMacOS() ? new ProcessStartInfo("open", [url])
            : new ProcessStartInfo("xdg-open", [url]);
        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        try
        {
            using var process = Process.Start(startInfo);
            if (process is null)
            {
                return false;
            }

            // The launchers hand the URL to the browser and exit; waiting keeps the child owned and its exit code known.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_launcherTimeout);
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
