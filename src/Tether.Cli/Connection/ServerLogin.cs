namespace Tether.Cli.Connection;

/// <summary>The server a client command talks to and the API token it uses.</summary>
internal sealed record ServerLogin(Uri Server, string Token)
{
    /// <summary>The server URL as the user types it (no trailing slash).</summary>
    public string Display => Server.ToString().TrimEnd('/');
}
