using System.Text.Json.Serialization;

namespace Tether.Bench.Hosting;

[JsonSerializable(typeof(ServerStats))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
