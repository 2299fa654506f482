namespace Tether.Server.Events;

/// <summary>A permission prompt's row in <c>pending_actions</c> as the writer sees it while applying a batch.</summary>
/// <param name="Status">One of <see cref="PendingActionStates"/> (or <c>cancelled</c>/<c>expired</c>).</param>
/// <param name="AnsweredBy">Who answered, as shown in a conflict: their email, or the raw actor id.</param>
/// <param name="Decision">The answer's behaviour.</param>
internal sealed record PromptState(string Status, string? AnsweredBy, string? Decision);
