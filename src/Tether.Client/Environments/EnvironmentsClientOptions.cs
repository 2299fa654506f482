namespace Tether.Client.Environments;

/// <summary>Headers and timeouts of <see cref="EnvironmentsClient"/>; the defaults are the reference client's (§2.1, §3.1).</summary>
public sealed record EnvironmentsClientOptions
{
    /// <summary>The <c>anthropic-beta</c> value the Environments API expects.</summary>
    public const string BetaHeaderValue = "environments-2025-11-01";

    /// <summary>The <c>anthropic-version</c> value.</summary>
    public const string VersionHeaderValue = "2023-06-01";

    /// <summary>Sent as <c>x-environment-runner-version</c> so the server can refuse bridges that are too old.</summary>
    public required string RunnerVersion { get; init; }

    /// <summary>Registration timeout.</summary>
    public TimeSpan RegisterTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Timeout of every other call, including the long poll (the server holds polls for less than this).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
