namespace Tether.Server.Store;

/// <summary>Identifies this server process among the nodes sharing one PostgreSQL store.</summary>
internal sealed class ServerNode
{
    public string Id { get; } = Guid.NewGuid().ToString("N")[..12];
}
