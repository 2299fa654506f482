using System.Text.Json.Serialization;

namespace Tether.Protocol.Auth;

/// <summary>
/// Source-generated JSON metadata for device login, web sessions and token management. A context of its own, because the
/// JSON source generator cannot take <c>[JsonSerializable]</c> attributes from several partial declarations of one class.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(DeviceAuthorization))]
[JsonSerializable(typeof(DeviceTokenGrant))]
[JsonSerializable(typeof(OAuthError))]
[JsonSerializable(typeof(UserCodeRequest))]
[JsonSerializable(typeof(DeviceDecision))]
[JsonSerializable(typeof(MeResource))]
[JsonSerializable(typeof(TokenList))]
[JsonSerializable(typeof(CreateTokenRequest))]
[JsonSerializable(typeof(CreatedToken))]
[JsonSerializable(typeof(CreateLoginLinkRequest))]
[JsonSerializable(typeof(LoginLinkResource))]
public sealed partial class AuthJsonContext : JsonSerializerContext;
