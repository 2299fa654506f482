using System.Text.Json;

namespace Tether.Client.Credentials;

/// <summary>
/// The logins of <c>tether login</c>: <c>credentials.json</c> in the CLI's config directory, one API token per server.
/// The file is private to the user (mode 0600) and replaced atomically (temp file, then rename), so a crash mid-write
/// never leaves a truncated file. Concurrent writers: the last one wins.
/// </summary>
/// <param name="configDirectory">The directory holding <c>credentials.json</c>.</param>
public sealed class CredentialStore(string configDirectory)
{
    /// <summary>Environment variable with an API token; beats a stored login.</summary>
    public const string TokenVariable = "TETHER_TOKEN";

    /// <summary>Environment variable with the server URL, used when no <c>--server</c> is given.</summary>
    public const string ServerVariable = "TETHER_SERVER";

    private const string FileName = "credentials.json";

    /// <summary>Where the logins are kept.</summary>
    public string FilePath { get; } = Path.Combine(configDirectory, FileName);

    /// <summary>The stored login for a server, or null.</summary>
    public async Task<StoredCredential?> GetAsync(string server, CancellationToken cancellationToken)
    {
        var key = Key(server);
        var file = await ReadAsync(cancellationToken);
        return file.Servers.GetValueOrDefault(key);
    }

    /// <summary>The servers with a stored login, normalized.</summary>
    public async Task<IReadOnlyList<string>> ListServersAsync(CancellationToken cancellationToken) =>
        [.. (await ReadAsync(cancellationToken)).Servers.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Stores (or replaces) the login for a server.</summary>
    public async Task SaveAsync(string server, StoredCredential credential, CancellationToken cancellationToken)
    {
        var file = await ReadAsync(cancellationToken);
        file.Servers[Key(server)] = credential;
        await WriteAsync(file, cancellationToken);
    }

    /// <summary>Forgets the login for a server; false when there was none.</summary>
    public async Task<bool> RemoveAsync(string server, CancellationToken cancellationToken)
    {
        var file = await ReadAsync(cancellationToken);
        if (!file.Servers.Remove(Key(server)))
        {
            return false;
        }

        await WriteAsync(file, cancellationToken);
        return true;
    }

    /// <summary>
    /// Picks the server and token for a command. Server: <paramref name="serverOption"/>, else <c>TETHER_SERVER</c>.
    /// Token: <paramref name="tokenOption"/>, else <c>TETHER_TOKEN</c>, else the stored login for that server.
    /// </summary>
    public async Task<CredentialResolution> ResolveAsync(string? serverOption, string? tokenOption, CancellationToken cancellationToken)
    {
        var serverValue = NonEmpty(serverOption) ?? NonEmpty(Environment.GetEnvironmentVariable(ServerVariable));
        if (serverValue is null)
        {
            return new CredentialResolution(null, null, $"No server: pass --server URL or set {ServerVariable}.");
        }

        if (!ServerUrl.TryNormalize(serverValue, out var server))
        {
            return new CredentialResolution(null, null, $"'{serverValue}' is not an http(s) URL.");
        }

        var token = NonEmpty(tokenOption) ?? NonEmpty(Environment.GetEnvironmentVariable(TokenVariable))
            ?? (await GetAsync(server, cancellationToken))?.Token;
        return token is null
            ? new CredentialResolution(server, null, NotLoggedIn(server))
            : new CredentialResolution(server, token, null);
    }

    /// <summary>The message for a server without a login.</summary>
    public static string NotLoggedIn(string server) => $"not logged in to {server}: run `tether login --server {server}`";

    private static string Key(string server) =>
        ServerUrl.TryNormalize(server, out var normalized) ? normalized : throw new ArgumentException($"'{server}' is not an http(s) URL.", nameof(server));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private async Task<CredentialsFile> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(FilePath);
            return await JsonSerializer.DeserializeAsync(stream, CredentialsJsonContext.Default.CredentialsFile, cancellationToken) ?? new CredentialsFile();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new CredentialsFile();
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{FilePath} is not valid JSON ({ex.Message}); fix or delete it and log in again.", ex);
        }
    }

    private async Task WriteAsync(CredentialsFile file, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(configDirectory);
        }
        else
        {
            Directory.CreateDirectory(configDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var temp = Path.Combine(configDirectory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created private: the token is never readable by others, not even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using (var stream = new FileStream(temp, options))
            {
                await JsonSerializer.SerializeAsync(stream, file, CredentialsJsonContext.Default.CredentialsFile, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, FilePath, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
