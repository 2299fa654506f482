namespace Tether.Server.Environments.Wire;

/// <summary>Body of <c>POST …/work/{work}/stop</c>.</summary>
internal sealed record StopWorkRequest
{
    public bool? Force { get; init; }
}
