namespace Tether.Bridge.Polling;

/// <summary>Poll-error backoff constants; the defaults are the reference's (§7.2).</summary>
internal sealed record BackoffOptions
{
    public static BackoffOptions Default { get; } = new();

    public TimeSpan ConnectionInitial { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan ConnectionCap { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan ConnectionGiveUp { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan GeneralInitial { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan GeneralCap { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan GeneralGiveUp { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Each delay is scaled by a random factor in [1 − f, 1 + f].</summary>
    public double JitterFraction { get; init; } = 0.25;

    /// <summary>A gap between two poll errors longer than this means the machine slept: the budgets start over.</summary>
    public TimeSpan SleepThreshold => ConnectionCap * 2;
}
