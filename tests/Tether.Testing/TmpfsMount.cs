using System.Diagnostics;

namespace Tether.Testing;

/// <summary>
/// A small tmpfs mounted on a temp directory, for tests of full and read-only disks. Needs root (the test script
/// runs as root); on a machine where mounting is not allowed the test fails with that reason, it is never skipped.
/// </summary>
public sealed class TmpfsMount : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private TmpfsMount(TempDirectory directory) => _directory = directory;

    public string Path => _directory.Path;

    public static async Task<TmpfsMount> CreateAsync(long sizeBytes)
    {
        var directory = new TempDirectory("tether-tmpfs");
        await RunAsync("mount", "-t", "tmpfs", "-o", $"size={sizeBytes}", "tmpfs", directory.Path);
        return new TmpfsMount(directory);
    }

    public Task RemountReadOnlyAsync() => RunAsync("mount", "-o", "remount,ro", Path);

    /// <summary>Writes a file until the filesystem is full; returns its path (delete it to free the space).</summary>
    public async Task<string> FillAsync()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        var chunk = new byte[4096];
        await using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 4096);
        try
        {
            // Bounded by the mount's size: the loop ends when the disk is full.
            while (true)
            {
                await stream.WriteAsync(chunk);
                await stream.FlushAsync();
            }
        }
        catch (IOException)
        {
            return filler;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("umount", "-l", Path);
        }
        catch (InvalidOperationException)
        {
            // Already unmounted.
        }

        _directory.Dispose();
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}. These tests need root.");
        }
    }
}
