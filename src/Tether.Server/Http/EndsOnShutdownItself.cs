namespace Tether.Server.Http;

/// <summary>
/// Endpoint metadata: the endpoint ends its own long-lived request when the server stops (a relay socket closes with
/// "going away", a parked poll answers "no work"), so <see cref="ShutdownAwareRequests"/> leaves its request alone and
/// keeps no frame or linked cancellation source alive beside it.
/// </summary>
internal sealed class EndsOnShutdownItself
{
    public static readonly EndsOnShutdownItself Instance = new();

    private EndsOnShutdownItself()
    {
    }
}
