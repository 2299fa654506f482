using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Bridge.Preflight;

/// <summary>
/// Remembers in which directories the user agreed to Remote Control (the reference's one-time "Enable Remote Control?"
/// prompt), in <c>&lt;config dir&gt;/remote-control-consent.json</c>.
/// </summary>
internal sealed class ConsentStore(string configDirectory)
{
    private string FilePath => Path.Combine(configDirectory, "remote-control-consent.json");

    public async Task<bool> IsGrantedAsync(string directory, CancellationToken cancellationToken) =>
        (await ReadAsync(cancellationToken)).Contains(Path.GetFullPath(directory));

    public async Task GrantAsync(string directory, CancellationToken cancellationToken)
    {
        var granted = await ReadAsync(cancellationToken);
        granted.Add(Path.GetFullPath(directory));
        Directory.CreateDirectory(configDirectory);
        var temp = FilePath + ".tmp";
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(granted.Order(StringComparer.Ordinal).ToList(), ConsentJsonContext.Default.ListString), cancellationToken);
        File.Move(temp, FilePath, overwrite: true);
    }

    private async Task<HashSet<string>> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(FilePath);
            return [.. await JsonSerializer.DeserializeAsync(stream, ConsentJsonContext.Default.ListString, cancellationToken) ?? []];
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }
    }
}

[JsonSerializable(typeof(List<string>))]
internal sealed partial class ConsentJsonContext : JsonSerializerContext;
