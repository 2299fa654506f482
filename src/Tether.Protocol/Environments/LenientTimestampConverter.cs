using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.Protocol.Environments;

/// <summary>
/// Reads an optional RFC 3339 timestamp, turning anything else (a number, an object, an unparsable string) into null
/// instead of failing the whole document: for hints a reader can do without.
/// </summary>
public sealed class LenientTimestampConverter : JsonConverter<DateTimeOffset?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
                ? value
                : null;
        }

        // Consumes a whole object or array; a no-op for single-token values.
        reader.Skip();
        return null;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } timestamp)
        {
            writer.WriteStringValue(timestamp.ToUniversalTime());
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
