using System.Text.Json;
using System.Text.Json.Serialization;
using Tether.Protocol.Environments;
using Tether.Protocol.Errors;
using Tether.Protocol.Sessions;

namespace Tether.Protocol.Json;

/// <summary>
/// Source-generated JSON metadata for the wire records. Every type is listed on this one declaration: the generator
/// fails when <c>[JsonSerializable]</c> attributes are spread over several partial declarations (dotnet/runtime#99669).
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(WorkSecret))]
[JsonSerializable(typeof(RegisterEnvironmentRequest))]
[JsonSerializable(typeof(RegisterEnvironmentResponse))]
[JsonSerializable(typeof(WorkResponse))]
[JsonSerializable(typeof(HeartbeatResponse))]
[JsonSerializable(typeof(StopWorkRequest))]
[JsonSerializable(typeof(ReconnectRequest))]
[JsonSerializable(typeof(EnvironmentProvidersPage))]
[JsonSerializable(typeof(BridgeConfig))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(SessionResource))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(UpdateSessionRequest))]
[JsonSerializable(typeof(EventsRequest))]
[JsonSerializable(typeof(EventsAccepted))]
[JsonSerializable(typeof(Page<SessionResource>))]
[JsonSerializable(typeof(Page<JsonElement>))]
[JsonSerializable(typeof(TeleportEventsPage))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class TetherJsonContext : JsonSerializerContext;
