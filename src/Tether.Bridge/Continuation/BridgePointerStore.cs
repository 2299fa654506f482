using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tether.Bridge.Continuation;

/// <summary>
/// The crash-recovery pointer of one directory (reference §7.6): <c>&lt;config dir&gt;/bridge-pointer-&lt;hash of dir&gt;.json</c>.
/// Written when a session starts, cleared on a clean shutdown; a pointer whose file is older than 4 hours (by mtime, as
/// the reference) is stale because the server has archived the environment by then.
/// </summary>
internal sealed class BridgePointerStore(string configDirectory, TimeProvider timeProvider)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(4);

    public string PathFor(string directory)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(System.IO.Path.GetFullPath(directory))))[..16];
        return System.IO.Path.Combine(configDirectory, $"bridge-pointer-{hash}.json");
    }

    public async Task WriteAsync(string directory, BridgePointer pointer, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(configDirectory);
        var path = PathFor(directory);
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(pointer, BridgePointerJsonContext.Default.BridgePointer), cancellationToken);
        File.Move(temp, path, overwrite: true);
        File.SetLastWriteTimeUtc(path, timeProvider.GetUtcNow().UtcDateTime);
    }

    /// <summary>The pointer for <paramref name="directory"/>, or null when there is none, it is unreadable, or it is stale (then it is deleted).</summary>
    public async Task<BridgePointer?> ReadAsync(string directory, CancellationToken cancellationToken)
    {
        var path = PathFor(directory);
        if (!File.Exists(path))
        {
            return null;
        }

        if (timeProvider.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(path) > MaxAge)
        {
            Clear(directory);
            return null;
        }

        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync(stream, BridgePointerJsonContext.Default.BridgePointer, cancellationToken);
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }
    }

    public void Clear(string directory)
    {
        try
        {
            File.Delete(PathFor(directory));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A stale pointer only costs a failed --continue later.
        }
    }
}
