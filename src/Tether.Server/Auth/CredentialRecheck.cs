using Microsoft.Extensions.Hosting;
using Tether.Server.Accounts;

namespace Tether.Server.Auth;

/// <summary>
/// Every few seconds, re-reads the credentials of open streams and ends those that were revoked elsewhere or expired.
/// Only credentials with a stream open are checked, so the cost follows the number of distinct live credentials.
/// </summary>
internal sealed class CredentialRecheck(CredentialWatch watch, AccountStore accounts, ServerOptions options, TimeProvider timeProvider)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CredentialRecheckInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var credentialId in watch.WatchedCredentials())
            {
                if (!await accounts.IsCredentialLiveAsync(credentialId, stoppingToken))
                {
                    watch.Revoke(credentialId);
                }
            }
        }
    }
}
