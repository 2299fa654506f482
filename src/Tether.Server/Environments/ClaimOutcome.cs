namespace Tether.Server.Environments;

/// <summary>The result of one claim attempt; <see cref="Claimed"/> is set only for <see cref="ClaimStatus.Claimed"/>.</summary>
internal sealed record ClaimOutcome(ClaimStatus Status, ClaimedWork? Claimed = null)
{
    public static ClaimOutcome NoWork { get; } = new(ClaimStatus.NoWork);

    public static ClaimOutcome Gone { get; } = new(ClaimStatus.EnvironmentGone);

    public static ClaimOutcome BadSecret { get; } = new(ClaimStatus.BadSecret);
}
