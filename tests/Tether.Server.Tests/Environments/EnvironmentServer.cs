using Tether.Server.Environments;
using Tether.Testing;

namespace Tether.Server.Tests.Environments;

/// <summary>Starts the loopback server with Environments settings suited to a test.</summary>
internal static class EnvironmentServer
{
    public static Task<LoopbackServer> StartAsync(EnvironmentOptions? environments = null, TimeProvider? timeProvider = null) =>
        LoopbackServer.StartAsync(customize: o => o with
        {
            Environments = environments ?? new EnvironmentOptions { PollHold = TimeSpan.FromMilliseconds(200) },
            TimeProvider = timeProvider ?? TimeProvider.System,
        });
}
