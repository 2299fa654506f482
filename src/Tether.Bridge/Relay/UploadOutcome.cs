namespace Tether.Bridge.Relay;

/// <summary>What an upload attempt of one batch came to.</summary>
internal enum UploadOutcome
{
    /// <summary>2xx: the batch is stored.</summary>
    Delivered,

    /// <summary>429, 5xx or a network failure: try the same batch again after a backoff.</summary>
    Retry,

    /// <summary>Any other 4xx: the server will never take this batch; drop it and go on.</summary>
    Drop,
}
