using System.Text.Json.Serialization;

namespace Tether.Bridge.Polling;

[JsonSerializable(typeof(Dictionary<string, Dictionary<string, string>>))]
internal sealed partial class PollErrorJsonContext : JsonSerializerContext;
