namespace Tether.Server.Environments.Wire;

/// <summary>The <c>{}</c> answer of calls whose status is all the reference client reads.</summary>
internal sealed record EmptyObject
{
    public static EmptyObject Instance { get; } = new();
}
