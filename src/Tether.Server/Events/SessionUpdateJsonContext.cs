using System.Text.Json.Serialization;

namespace Tether.Server.Events;

[JsonSerializable(typeof(SessionUpdate))]
internal sealed partial class SessionUpdateJsonContext : JsonSerializerContext;
