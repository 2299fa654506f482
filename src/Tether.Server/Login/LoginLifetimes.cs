namespace Tether.Server.Login;

/// <summary>How long each login credential lives.</summary>
internal static class LoginLifetimes
{
    /// <summary>A device code (RFC 8628 <c>expires_in</c>).</summary>
    public static readonly TimeSpan DeviceCode = TimeSpan.FromMinutes(10);

    /// <summary>A login link, unless its creator asks for less.</summary>
    public static readonly TimeSpan LoginLink = TimeSpan.FromMinutes(15);

    /// <summary>A browser session.</summary>
    public static readonly TimeSpan WebSession = TimeSpan.FromDays(30);

    /// <summary>Added to a device's poll interval each time it polls too fast (RFC 8628 §3.5).</summary>
    public static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How much earlier than the interval a poll may arrive before it counts as too fast. Client timers and our clock
    /// disagree by a few milliseconds; without slack a punctual client would be told to slow down again and again.
    /// </summary>
    public static readonly TimeSpan PollGrace = TimeSpan.FromMilliseconds(500);
}
