using System.Text;
using System.Text.Json;
using Tether.Protocol.Framing;

namespace Tether.Bridge.Agents;

/// <summary>One item from a child's stdout.</summary>
/// <param name="Kind">A JSON line or the reason it is not one.</param>
/// <param name="Utf8">The line's bytes (empty for <see cref="AgentOutputKind.LineTooLong"/>).</param>
/// <param name="Length">The line's length in bytes.</param>
internal readonly record struct AgentOutput(AgentOutputKind Kind, ReadOnlyMemory<byte> Utf8, long Length)
{
    private static readonly JsonReaderOptions s_validation = new() { MaxDepth = 256 };

    /// <summary>The line as text.</summary>
    public string Text => Encoding.UTF8.GetString(Utf8.Span);

    /// <summary>Classifies a reader result; a partial final line counts when it is a whole JSON object.</summary>
    public static AgentOutput From(JsonLineResult line) => line.Kind switch
    {
        JsonLineKind.LineTooLong => new AgentOutput(AgentOutputKind.LineTooLong, ReadOnlyMemory<byte>.Empty, line.Length),
        _ => new AgentOutput(IsJsonObject(line.Line.Span) ? AgentOutputKind.Line : AgentOutputKind.InvalidJson, line.Line, line.Length),
    };

    /// <summary>True when the bytes hold exactly one JSON object and nothing after it.</summary>
    public static bool IsJsonObject(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, s_validation);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
