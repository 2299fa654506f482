using Tether.Protocol.Environments;

namespace Tether.Client.Environments;

/// <summary>The answer to one work poll: a work item, or null when the hold ended with nothing to do.</summary>
/// <param name="Work">The work item, if any.</param>
public sealed record PolledWork(WorkResponse? Work)
{
    /// <summary>No work.</summary>
    public static PolledWork None { get; } = new((WorkResponse?)null);
}
