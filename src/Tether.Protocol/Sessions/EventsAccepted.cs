using System.Text.Json.Serialization;

namespace Tether.Protocol.Sessions;

/// <summary>Answer to an events POST.</summary>
public sealed record EventsAccepted
{
    /// <summary>How many events were newly stored.</summary>
    [JsonPropertyName("accepted")]
    public required int Accepted { get; init; }

    /// <summary>How many were repeats of an already stored uuid and were acknowledged without storing.</summary>
    [JsonPropertyName("duplicates")]
    public required int Duplicates { get; init; }

    /// <summary>The session's highest sequence number after the write.</summary>
    [JsonPropertyName("last_sequence_num")]
    public required long LastSequenceNum { get; init; }
}
