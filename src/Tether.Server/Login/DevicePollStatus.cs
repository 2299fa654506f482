namespace Tether.Server.Login;

/// <summary>What a device learns when it polls for its token.</summary>
internal enum DevicePollStatus
{
    Pending,
    SlowDown,
    Expired,
    Denied,

    /// <summary>Unknown device code, or one already exchanged.</summary>
    Invalid,

    /// <summary>Approved: this poll consumed the code and gets the token.</summary>
    Approved,
}
