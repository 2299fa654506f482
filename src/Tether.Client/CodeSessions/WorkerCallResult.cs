namespace Tether.Client.CodeSessions;

/// <summary>The outcome of one worker API call: the HTTP status (0 when the server was not reached) and the body.</summary>
public readonly record struct WorkerCallResult(int Status, string Body)
{
    /// <summary>2xx.</summary>
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>409: a newer worker registration superseded this one.</summary>
    public bool EpochSuperseded => Status == 409;

    /// <summary>401 or 403: the worker token is expired or refused.</summary>
    public bool AuthFailed => Status is 401 or 403;

    /// <summary>Worth retrying: network failures, 429 and 5xx.</summary>
    public bool Transient => Status is 0 or 429 or >= 500;

    /// <summary>How long the server asked the caller to wait before trying again (<c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
