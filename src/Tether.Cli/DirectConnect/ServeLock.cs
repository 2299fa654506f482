using System.Diagnostics;
using System.Text.Json;

namespace Tether.Cli.DirectConnect;

/// <summary>
/// <c>.tether/serve.lock</c> in the workspace: created exclusively, so two servers never share a workspace. A lock whose
/// process is gone (a crash) is taken over.
/// </summary>
internal sealed class ServeLock : IDisposable
{
    private readonly string _path;

    private ServeLock(string path) => _path = path;

    public static string PathFor(string workspace) => Path.Combine(workspace, ".tether", "serve.lock");

    /// <summary>Takes the lock, or returns the running server that holds it.</summary>
    public static (ServeLock? Lock, ServeLockInfo? Holder) TryAcquire(string workspace, ServeLockInfo info)
    {
        var path = PathFor(workspace);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                {
                    JsonSerializer.Serialize(stream, info, DirectConnectJsonContext.Default.ServeLockInfo);
                }

                return (new ServeLock(path), null);
            }
            catch (IOException) when (File.Exists(path))
            {
                var holder = Read(path);
                if (holder is not null && IsAlive(holder.Pid))
                {
                    return (null, holder);
                }

                File.Delete(path);
            }
        }

        return (null, Read(path));
    }

    /// <summary>Rewrites the lock once the real port is known.</summary>
    public void Update(ServeLockInfo info) => File.WriteAllText(_path, JsonSerializer.Serialize(info, DirectConnectJsonContext.Default.ServeLockInfo));

    public void Dispose() => File.Delete(_path);

    private static ServeLockInfo? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), DirectConnectJsonContext.Default.ServeLockInfo);
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
