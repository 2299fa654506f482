using System.Text.Json;

namespace Tether.Cli.DirectConnect;

/// <summary>
/// <c>.tether/serve-sessions.json</c>: every session with its agent's transcript id, so a detached or stopped session
/// can be resumed later, also by the next server on this workspace. Rewritten atomically on each change.
/// </summary>
internal sealed class SessionIndex(string workspace)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _lock = new();
    private readonly string _path = Path.Combine(workspace, ".tether", "serve-sessions.json");
    private Dictionary<string, DirectSessionEntry> _entries = [];

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return;
        }

        try
        {
            await using var stream = File.OpenRead(_path);
            _entries = await JsonSerializer.DeserializeAsync(stream, DirectConnectJsonContext.Default.DictionaryStringDirectSessionEntry, cancellationToken) ?? [];
        }
        catch (JsonException)
        {
            // A damaged index only costs the ability to resume old sessions; start a fresh one.
            _entries = [];
        }

        // Nothing runs before this server started: whatever the last one left running is stopped now.
        foreach (var (id, entry) in _entries.ToList())
        {
            _entries[id] = entry with { Status = DirectSessionStates.Stopped };
        }
    }

    public DirectSessionEntry? Get(string sessionId)
    {
        lock (_lock)
        {
            return _entries.GetValueOrDefault(sessionId);
        }
    }

    public IReadOnlyList<DirectSessionEntry> All()
    {
        lock (_lock)
        {
            return [.. _entries.Values.OrderBy(e => e.CreatedAt)];
        }
    }

    public async Task PutAsync(DirectSessionEntry entry, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            string json;
            lock (_lock)
            {
                _entries[entry.SessionId] = entry;
                json = JsonSerializer.Serialize(_entries, DirectConnectJsonContext.Default.DictionaryStringDirectSessionEntry);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var temp = _path + ".tmp";
            await File.WriteAllTextAsync(temp, json, cancellationToken);
            File.Move(temp, _path, overwrite: true);
        }
        finally
        {
            _gate.Release();
        }
    }
}
