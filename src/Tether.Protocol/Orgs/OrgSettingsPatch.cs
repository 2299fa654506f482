using System.Text.Json.Serialization;

namespace Tether.Protocol.Orgs;

/// <summary>Body of <c>PATCH /v1/orgs/current/settings</c>; absent fields keep their value.</summary>
public sealed record OrgSettingsPatch
{
    /// <summary>See <see cref="OrgSettings.UseCodeSessions"/>.</summary>
    [JsonPropertyName("use_code_sessions")]
    public bool? UseCodeSessions { get; init; }

    /// <summary>See <see cref="OrgSettings.AllowRemoteControl"/>.</summary>
    [JsonPropertyName("allow_remote_control")]
    public bool? AllowRemoteControl { get; init; }
}
