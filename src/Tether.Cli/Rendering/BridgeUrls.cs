namespace Tether.Cli.Rendering;

/// <summary>Where a person connects to a bridge: the environment page, or one session's page in single-session mode.</summary>
internal static class BridgeUrls
{
    public static string Environment(Uri server, string environmentId) => $"{server.ToString().TrimEnd('/')}/?bridge={environmentId}";

    public static string Session(Uri server, string sessionId) => $"{server.ToString().TrimEnd('/')}/sessions/{sessionId}";
}
