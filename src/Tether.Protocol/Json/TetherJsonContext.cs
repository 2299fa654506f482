using System.Text.Json;
using System.Text.Json.Serialization;
using Tether.Protocol.Errors;
using Tether.Protocol.Sessions;

namespace Tether.Protocol.Json;

/// <summary>
/// Source-generated JSON metadata for the wire records. Feature areas add their types in their own partial
/// declarations (for example <c>TetherJsonContext.Environments.cs</c>).
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    AllowOutOfOrderMetadataProperties = true)]
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
