using System.Text;
using System.Text.Json;

namespace Tether.Bench.Reporting;

/// <summary>What one scenario reports: flat JSON fields (machine-readable) and a table (human-readable), plus notes.</summary>
internal sealed class ScenarioResult(string scenario)
{
    private readonly List<(string Key, object? Value)> _fields = [];

    public string Scenario { get; } = scenario;

    public List<string> Header { get; } = [];

    public List<string[]> Rows { get; } = [];

    public List<string> Notes { get; } = [];

    public IReadOnlyList<(string Key, object? Value)> Fields => _fields;

    public ScenarioResult Set(string key, object? value)
    {
        var index = _fields.FindIndex(f => f.Key == key);
        if (index >= 0)
        {
            _fields[index] = (key, value);
        }
        else
        {
            _fields.Add((key, value));
        }

        return this;
    }

    public object? Get(string key) => _fields.FirstOrDefault(f => f.Key == key).Value;

    public void Row(params object?[] cells) => Rows.Add([.. cells.Select(Format)]);

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("scenario", Scenario);
            foreach (var (key, value) in _fields)
            {
                writer.WritePropertyName(key);
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public string ToTable()
    {
        var text = new StringBuilder();
        text.Append("== ").Append(Scenario).AppendLine();
        if (Header.Count > 0)
        {
            var widths = Header.Select((h, i) => Math.Max(h.Length, Rows.Count == 0 ? 0 : Rows.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
            text.AppendLine("| " + string.Join(" | ", Header.Select((h, i) => h.PadRight(widths[i]))) + " |");
            text.AppendLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
            foreach (var row in Rows)
            {
                text.AppendLine("| " + string.Join(" | ", row.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))) + " |");
            }
        }

        foreach (var note in Notes)
        {
            text.Append("  ").AppendLine(note);
        }

        return text.ToString();
    }

    public static string Format(object? value) => value switch
    {
        null => "–",
        double d when double.IsNaN(d) => "–",
        double d when Math.Abs(d) >= 1000 => d.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        double d when Math.Abs(d) >= 10 => d.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
        double d => d.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture),
        long l => l.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        int i => i.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        _ => value.ToString() ?? "",
    };

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case double d when double.IsNaN(d) || double.IsInfinity(d):
                writer.WriteNullValue();
                break;
            case double d:
                writer.WriteNumberValue(Math.Round(d, 4));
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case Hosting.StageSummary stage:
                WriteValue(writer, new Dictionary<string, object?> { ["count"] = stage.Count, ["p50"] = stage.P50, ["p99"] = stage.P99, ["max"] = stage.Max });
                break;
            case System.Collections.IDictionary dictionary:
                writer.WriteStartObject();
                foreach (System.Collections.DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(entry.Key.ToString()!);
                    WriteValue(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (k, v) in map)
                {
                    writer.WritePropertyName(k);
                    WriteValue(writer, v);
                }

                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable list and not string:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}
