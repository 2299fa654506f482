namespace Tether.Server.Login;

/// <summary>Values of <c>device_codes.status</c>.</summary>
internal static class DeviceCodeStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Denied = "denied";

    /// <summary>Approved and exchanged for a token: a second exchange is refused.</summary>
    public const string Consumed = "consumed";
}
