using System.Text.Json;
using System.Text.Json.Serialization;
using Tether.Protocol.Orgs;

namespace Tether.Protocol.CodeSessions;

/// <summary>
/// Source-generated JSON metadata for the code-sessions (v2) and org-settings wire records. A context of its own, because
/// the generator does not merge <c>[JsonSerializable]</c> attributes spread over partial declarations of one context.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(CreateCodeSessionRequest))]
[JsonSerializable(typeof(CodeSessionCreated))]
[JsonSerializable(typeof(BridgeRequest))]
[JsonSerializable(typeof(RemoteCredentials))]
[JsonSerializable(typeof(WorkerEpochResponse))]
[JsonSerializable(typeof(WorkerStateUpdate))]
[JsonSerializable(typeof(WorkerStateResponse))]
[JsonSerializable(typeof(HeartbeatRequest))]
[JsonSerializable(typeof(HeartbeatResponse))]
[JsonSerializable(typeof(WorkerEventsRequest))]
[JsonSerializable(typeof(WorkerEventsAccepted))]
[JsonSerializable(typeof(DeliveryRequest))]
[JsonSerializable(typeof(DeliveryAccepted))]
[JsonSerializable(typeof(InternalEventsPage))]
[JsonSerializable(typeof(InternalEventsAccepted))]
[JsonSerializable(typeof(OrgSettings))]
[JsonSerializable(typeof(OrgSettingsPatch))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class CodeSessionJsonContext : JsonSerializerContext;
