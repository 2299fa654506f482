using System.Text.Json.Serialization;

namespace Tether.Server.Sharing;

[JsonSerializable(typeof(ShareRequest))]
[JsonSerializable(typeof(SharesPage))]
[JsonSerializable(typeof(SessionShare))]
internal sealed partial class SharingJsonContext : JsonSerializerContext;
