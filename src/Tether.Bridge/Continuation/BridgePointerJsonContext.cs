using System.Text.Json.Serialization;

namespace Tether.Bridge.Continuation;

[JsonSerializable(typeof(BridgePointer))]
internal sealed partial class BridgePointerJsonContext : JsonSerializerContext;
