using Microsoft.Extensions.Hosting;

namespace Tether.Cli.Bridging;

/// <summary>
/// A host lifetime that ignores Ctrl+C: <c>tether up</c> stops its server itself, after the bridge next to it finished
/// its graceful shutdown (which still needs the server to stop work, archive and deregister).
/// </summary>
internal sealed class ManualHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
