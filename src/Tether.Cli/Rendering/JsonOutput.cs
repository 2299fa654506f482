using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tether.Cli.Rendering;

/// <summary>Indented JSON for <c>--json</c> output, through the source-generated metadata.</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions s_options = new() { Indented = true };

    public static string Array<T>(IEnumerable<T> items, JsonTypeInfo<T> typeInfo)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                JsonSerializer.Serialize(writer, item, typeInfo);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Object<T>(T item, JsonTypeInfo<T> typeInfo)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            JsonSerializer.Serialize(writer, item, typeInfo);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
