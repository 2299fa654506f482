using System.Text.Json.Serialization;

namespace Tether.Server.Environments.Wire;

/// <summary>Source-generated JSON for the Environments API, snake_case as on the wire.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RegisterEnvironmentRequest))]
[JsonSerializable(typeof(RegisterEnvironmentResponse))]
[JsonSerializable(typeof(WorkResponse))]
[JsonSerializable(typeof(WorkSecret))]
[JsonSerializable(typeof(HeartbeatResponse))]
[JsonSerializable(typeof(StopWorkRequest))]
[JsonSerializable(typeof(ReconnectSessionRequest))]
[JsonSerializable(typeof(EnvironmentProvidersPage))]
[JsonSerializable(typeof(BridgeConfigResponse))]
[JsonSerializable(typeof(EmptyObject))]
internal sealed partial class EnvironmentsJsonContext : JsonSerializerContext;
