namespace Tether.Bench.Hosting;

/// <summary>What a bench server runs: the real Tether server, or the bare WebSocket broadcaster it is compared with.</summary>
internal enum ServerKind
{
    Tether,
    Baseline,
}
