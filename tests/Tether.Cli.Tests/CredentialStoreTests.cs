using Tether.Client.Credentials;
using Tether.Testing;

namespace Tether.Cli.Tests;

[Collection(EnvironmentCollection.Name)]
public sealed class CredentialStoreTests : IDisposable
{
    private readonly TempDirectory _config = new("tether-config");
    private readonly EnvironmentVariable _token = new(CredentialStore.TokenVariable, null);
    private readonly EnvironmentVariable _server = new(CredentialStore.ServerVariable, null);

    public void Dispose()
    {
        _token.Dispose();
        _server.Dispose();
        _config.Dispose();
    }

    [Theory]
    [InlineData("HTTP://Example.COM:80/", "http://example.com")]
    [InlineData("https://example.com:8443/tether/", "https://example.com:8443/tether")]
    [InlineData("http://127.0.0.1:7878", "http://127.0.0.1:7878")]
    public void Server_urls_are_normalized(string input, string expected)
    {
        Assert.True(ServerUrl.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("ftp://example.com")]
    [InlineData("example.com")]
    [InlineData("")]
    public void Non_http_urls_are_refused(string input) => Assert.False(ServerUrl.TryNormalize(input, out _));

    [Fact]
    public async Task Token_option_beats_the_environment_which_beats_the_stored_login()
    {
        var store = new CredentialStore(_config.Path);
        await store.SaveAsync("http://tether.test/", new StoredCredential { Token = "stored" }, CancellationToken.None);

        var stored = await store.ResolveAsync("http://TETHER.test", null, CancellationToken.None);
        Environment.SetEnvironmentVariable(CredentialStore.TokenVariable, "from-env");
        var fromEnv = await store.ResolveAsync("http://tether.test", null, CancellationToken.None);
        var fromOption = await store.ResolveAsync("http://tether.test", "from-option", CancellationToken.None);

        Assert.Equal(("http://tether.test", "stored"), (stored.Server, stored.Token));
        Assert.Equal("from-env", fromEnv.Token);
        Assert.Equal("from-option", fromOption.Token);
    }

    [Fact]
    public async Task Server_comes_from_the_environment_when_not_given_and_missing_logins_say_how_to_log_in()
    {
        var store = new CredentialStore(_config.Path);
        Environment.SetEnvironmentVariable(CredentialStore.ServerVariable, "http://other.test:9000");

        var resolution = await store.ResolveAsync(null, null, CancellationToken.None);
        Environment.SetEnvironmentVariable(CredentialStore.ServerVariable, null);
        var noServer = await store.ResolveAsync(null, null, CancellationToken.None);

        Assert.False(resolution.IsResolved);
        Assert.Equal("http://other.test:9000", resolution.Server);
        Assert.Equal("not logged in to http://other.test:9000: run `tether login --server http://other.test:9000`", resolution.Error);
        Assert.Contains("--server", noServer.Error);
    }

    [Fact]
    public async Task Save_is_private_and_remove_forgets_only_that_server()
    {
        var store = new CredentialStore(Path.Combine(_config.Path, "nested"));
        await store.SaveAsync("http://a.test", new StoredCredential { Token = "a" }, CancellationToken.None);
        await store.SaveAsync("http://b.test", new StoredCredential { Token = "b" }, CancellationToken.None);

        Assert.True(await store.RemoveAsync("http://a.test/", CancellationToken.None));
        Assert.False(await store.RemoveAsync("http://a.test", CancellationToken.None));

        Assert.Equal(["http://b.test"], await store.ListServersAsync(CancellationToken.None));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
        }

        Assert.Equal([Path.GetFileName(store.FilePath)], Directory.GetFiles(Path.GetDirectoryName(store.FilePath)!).Select(Path.GetFileName));
    }
}
