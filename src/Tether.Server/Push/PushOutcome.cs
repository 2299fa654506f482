namespace Tether.Server.Push;

/// <summary>How one push request ended.</summary>
internal enum PushOutcome
{
    /// <summary>The push service accepted the message (2xx).</summary>
    Delivered,

    /// <summary>The subscription no longer exists (404/410); it is deleted.</summary>
    Gone,

    /// <summary>Refused for good (another 4xx), or still failing after the last retry.</summary>
    Failed,
}
