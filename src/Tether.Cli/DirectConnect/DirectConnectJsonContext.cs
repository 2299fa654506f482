using System.Text.Json.Serialization;

namespace Tether.Cli.DirectConnect;

/// <summary>Source-generated JSON for the direct-connect wire, lock and index.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateDirectSessionRequest))]
[JsonSerializable(typeof(CreateDirectSessionResponse))]
[JsonSerializable(typeof(ServeLockInfo))]
[JsonSerializable(typeof(Dictionary<string, DirectSessionEntry>))]
[JsonSerializable(typeof(List<DirectSessionEntry>))]
internal sealed partial class DirectConnectJsonContext : JsonSerializerContext;
