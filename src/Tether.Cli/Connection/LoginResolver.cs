using System.CommandLine;
using Tether.Cli.Terminal;

namespace Tether.Cli.Connection;

/// <summary>
/// Picks the server and token for a client command, the one place that order lives: <c>--server</c>/<c>--token</c>,
/// then <c>TETHER_SERVER</c>/<c>TETHER_TOKEN</c>, then the login stored by <c>tether login</c>.
/// </summary>
internal sealed class LoginResolver(CliHost host)
{
    public static string HowToLogIn(string server) => $"run `tether login --server {server}`";

    public Task<(ServerLogin? Login, string? Error)> ResolveAsync(ParseResult parse, CancellationToken cancellationToken) =>
        ResolveAsync(parse.GetValue(ConnectionOptions.Server), parse.GetValue(ConnectionOptions.Token), cancellationToken);

    public Task<(ServerLogin? Login, string? Error)> ResolveAsync(string? serverOption, string? tokenOption, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var serverText = NonEmpty(serverOption) ?? NonEmpty(host.Environment(ConnectionOptions.ServerVariable));
        if (serverText is null)
        {
            return Done(null, $"No server given: pass --server URL or set {ConnectionOptions.ServerVariable}, and log in with `tether login --server URL`.");
        }

        if (!Uri.TryCreate(serverText, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            return Done(null, $"'{serverText}' is not an http(s) URL.");
        }

        var display = server.ToString().TrimEnd('/');
        var token = NonEmpty(tokenOption) ?? NonEmpty(host.Environment(ConnectionOptions.TokenVariable));
        return token is null
            ? Done(null, $"Not logged in to {display}: {HowToLogIn(display)} (or pass --token / set {ConnectionOptions.TokenVariable}).")
            : Done(new ServerLogin(server, token), null);
    }

    private static Task<(ServerLogin?, string?)> Done(ServerLogin? login, string? error) => Task.FromResult((login, error));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
