using System.CommandLine;
using Tether.Cli.Connection;
using Tether.Cli.Terminal;

namespace Tether.Cli.Commands.Sessions;

/// <summary>Resolves the login for a client command, reporting a missing one, then runs the command body.</summary>
internal static class ClientCommandRunner
{
    public static async Task<int> RunAsync(CliHost host, ParseResult parse, Func<ClientFactory, Task<int>> body, CancellationToken cancellationToken)
    {
        var (login, error) = await new LoginResolver(host).ResolveAsync(parse, cancellationToken);
        if (login is null)
        {
            await host.Error.WriteLineAsync(error);
            return ExitCodes.Fatal;
        }

        return await body(new ClientFactory(login, host));
    }
}
