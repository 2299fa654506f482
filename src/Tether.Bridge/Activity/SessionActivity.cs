namespace Tether.Bridge.Activity;

/// <summary>One line of session activity.</summary>
/// <param name="Kind">Tool start, text, result or error.</param>
/// <param name="Summary">The display text, for example "Reading src/app.cs".</param>
/// <param name="At">When it was seen.</param>
internal sealed record SessionActivity(ActivityKind Kind, string Summary, DateTimeOffset At);
