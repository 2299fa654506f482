using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tether.Testing;

/// <summary>
/// A private PostgreSQL cluster for tests: <c>initdb</c> in a temp dir, <c>pg_ctl start</c> on a free loopback port,
/// trust authentication on 127.0.0.1 only, stopped and deleted on dispose. Uses Debian's postgresql binaries, which
/// <c>scripts/install-test-deps.sh</c> installs. Running as root, the cluster runs as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dataDir;
    private readonly TempDirectory _root;
    private readonly bool _asPostgresUser;

    private PostgresCluster(string bin, TempDirectory root, int port, bool asPostgresUser)
    {
        _bin = bin;
        _root = root;
        _dataDir = System.IO.Path.Combine(root.Path, "data");
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    /// <summary>A connection string for database <paramref name="database"/> (created with <see cref="CreateDatabaseAsync"/>).</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=15;Command Timeout=30";

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = FindBinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: run scripts/install-test-deps.sh");
        RemoveAbandoned();
        var root = new TempDirectory("tether-pg");
        var asPostgres = Environment.UserName == "root";
        var cluster = new PostgresCluster(bin, root, FreePort(), asPostgres);
        if (asPostgres)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", root.Path]);
        }

        await cluster.RunPgAsync("initdb", ["-D", cluster._dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        // Every test server keeps its own pool, and a many-core runner runs as many test classes at once as it has cores:
        // room for far more connections than the two-core default run needs.
        await File.AppendAllTextAsync(System.IO.Path.Combine(cluster._dataDir, "postgresql.conf"),
            $"\nlisten_addresses = '127.0.0.1'\nport = {cluster.Port}\nunix_socket_directories = '{root.Path}'\nfsync = off\nmax_connections = 500\n");
        await cluster.StartServerAsync();
        return cluster;
    }

    /// <summary>
    /// Deletes the clusters of earlier test processes that were killed before they could clean up (a test host ended by
    /// its runner skips exit handlers): each holds gigabytes. One is abandoned when nothing has written to it for ten
    /// minutes and no live postmaster owns it, so a cluster another process is still starting or using is left alone.
    /// </summary>
    private static void RemoveAbandoned()
    {
        foreach (var directory in Directory.EnumerateDirectories(System.IO.Path.GetTempPath(), "tether-pg-*"))
        {
            if (Directory.GetLastWriteTimeUtc(directory) > DateTime.UtcNow.AddMinutes(-10) || HasLivePostmaster(directory))
            {
                continue;
            }

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Someone else's or still in use: leave it.
            }
        }
    }

    private static bool HasLivePostmaster(string clusterRoot)
    {
        var pidFile = System.IO.Path.Combine(clusterRoot, "data", "postmaster.pid");
        try
        {
            if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
            {
                return false;
            }

            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString() + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Stops the server (fast mode), dropping every connection, as a crash or restart would.</summary>
    public Task StopServerAsync() => RunPgAsync("pg_ctl", ["-D", _dataDir, "-m", "fast", "-w", "stop"]);

    public Task StartServerAsync() =>
        RunPgAsync("pg_ctl", ["-D", _dataDir, "-l", System.IO.Path.Combine(_root.Path, "server.log"), "-w", "-t", "60", "start"]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunPgAsync("pg_ctl", ["-D", _dataDir, "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        _root.Dispose();
    }

    private Task RunPgAsync(string tool, IReadOnlyList<string> arguments)
    {
        var path = System.IO.Path.Combine(_bin, tool);
        return _asPostgresUser ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments]) : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}{await stdout}");
        }
    }

    private static string? FindBinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => System.IO.Path.Combine(d, "bin"))
                .Where(d => File.Exists(System.IO.Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
