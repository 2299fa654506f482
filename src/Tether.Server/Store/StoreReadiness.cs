namespace Tether.Server.Store;

/// <summary>Set once the schema is current and the store has answered; read by <c>/readyz</c>.</summary>
internal sealed class StoreReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
