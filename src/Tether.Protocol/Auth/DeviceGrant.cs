namespace Tether.Protocol.Auth;

/// <summary>Field values of the RFC 8628 device authorization grant.</summary>
public static class DeviceGrant
{
    /// <summary>The <c>grant_type</c> of a device-code token request.</summary>
    public const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";
}
