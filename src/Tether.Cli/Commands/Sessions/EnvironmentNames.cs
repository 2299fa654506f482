using Tether.Client.Http;
using Tether.Cli.Connection;
using Tether.Protocol.Environments;
using Tether.Protocol.Json;

namespace Tether.Cli.Commands.Sessions;

/// <summary>Environment ids mapped to their names, for display; empty when the list cannot be read.</summary>
internal sealed class EnvironmentNames(IReadOnlyList<EnvironmentProvider> environments)
{
    /// <summary>The names for display; an unreadable list just means ids are shown.</summary>
    public static async Task<EnvironmentNames> LoadAsync(ClientFactory clients, CancellationToken cancellationToken)
    {
        var page = await FetchAsync(clients, cancellationToken);
        return new EnvironmentNames(page.Ok ? page.Value.Environments : []);
    }

    public static Task<ApiResult<EnvironmentProvidersPage>> FetchAsync(ClientFactory clients, CancellationToken cancellationToken) =>
        clients.Transport.SendAsync(HttpMethod.Get, "/v1/environment_providers", null, TetherJsonContext.Default.EnvironmentProvidersPage, cancellationToken);

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
