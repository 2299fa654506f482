using System.CommandLine;

namespace Tether.Cli.Connection;

/// <summary><c>--server</c> and <c>--token</c>, shared by every client command.</summary>
internal static class ConnectionOptions
{
    public const string ServerVariable = "TETHER_SERVER";
    public const string TokenVariable = "TETHER_TOKEN";

    public static readonly Option<string?> Server = new("--server")
    {
        Description = $"Tether server URL (default: ${ServerVariable}, else the server you logged in to)",
        Recursive = true,
    };

    public static readonly Option<string?> Token = new("--token")
    {
        Description = $"API token (default: ${TokenVariable}, else the login stored by `tether login`)",
        Recursive = true,
    };

    public static void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(Token);
    }
}
