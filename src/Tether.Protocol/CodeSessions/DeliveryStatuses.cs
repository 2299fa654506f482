namespace Tether.Protocol.CodeSessions;

/// <summary>The values of <see cref="DeliveryUpdate.Status"/>, in order.</summary>
public static class DeliveryStatuses
{
    /// <summary>The worker read it from the stream.</summary>
    public const string Received = "received";

    /// <summary>The agent started on it.</summary>
    public const string Processing = "processing";

    /// <summary>Done: never delivered again.</summary>
    public const string Processed = "processed";

    /// <summary>True for one of the three values.</summary>
    public static bool IsKnown(string? status) => status is Received or Processing or Processed;
}
