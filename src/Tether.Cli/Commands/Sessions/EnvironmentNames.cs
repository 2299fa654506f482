using Tether.Cli.Connection;
using Tether.Protocol.Environments;
using Tether.Protocol.Json;

namespace Tether.Cli.Commands.Sessions;

/// <summary>Environment ids mapped to their names, for display; empty when the list cannot be read.</summary>
internal sealed class EnvironmentNames(IReadOnlyList<EnvironmentProvider> environments)
{
    public IReadOnlyList<EnvironmentProvider> All => environments;

    public static async Task<EnvironmentNames> LoadAsync(ClientFactory clients, CancellationToken cancellationToken)
    {
        var page = await clients.Transport.SendAsync(HttpMethod.Get, "/v1/environment_providers", null,
            TetherJsonContext.Default.EnvironmentProvidersPage, cancellationToken);
        return new EnvironmentNames(page.Ok ? page.Value.Environments : []);
    }

    public string Describe(string? environmentId)
    {
        if (string.IsNullOrEmpty(environmentId))
        {
            return "-";
        }

        return environments.FirstOrDefault(e => e.EnvironmentId == environmentId) is { } environment
            ? $"{environment.Name} ({environment.MachineName})"
            : environmentId;
    }
}
