using System.Text.Json.Serialization;

namespace Tether.Server.Push;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PushConfig))]
[JsonSerializable(typeof(PushSubscriptionRequest))]
[JsonSerializable(typeof(PushMessage))]
internal sealed partial class PushJsonContext : JsonSerializerContext;
