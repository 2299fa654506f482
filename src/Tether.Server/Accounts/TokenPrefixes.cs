namespace Tether.Server.Accounts;

/// <summary>Recognisable prefixes, so a leaked secret can be identified (and found by secret scanners).</summary>
internal static class TokenPrefixes
{
    public const string ApiToken = "tether_at_";
    public const string DeviceCode = "tether_dc_";
    public const string LoginLink = "tether_ll_";
    public const string WebSession = "tether_ws_";
    public const string EnvironmentSecret = "tether_es_";
    public const string SessionIngress = "tether_si_";
}
