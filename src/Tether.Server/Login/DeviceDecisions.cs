using Tether.Server.Accounts;
using Tether.Server.Auth;
using Tether.Server.Http;

namespace Tether.Server.Login;

/// <summary>Approving or denying a device login, shared by the JSON API and the approval page.</summary>
internal static class DeviceDecisions
{
    /// <summary>
    /// Decides for <paramref name="caller"/>. The token goes to the approver's user in the approver's org and carries the
    /// requested scopes the approver holds: approving cannot grant more than the approver has.
    /// </summary>
    public static async Task<(DeviceDecisionOutcome Outcome, IReadOnlySet<string> Granted)> DecideAsync(
        DeviceCodeStore store, AuthAudit audit, Caller caller, string userCode, bool approve, CancellationToken cancellationToken)
    {
        var request = await store.FindByUserCodeAsync(userCode, cancellationToken);
        if (request is null)
        {
            return (DeviceDecisionOutcome.NotFound, new HashSet<string>());
        }

        IReadOnlySet<string> granted = approve ? request.Scopes.Where(caller.Has).ToHashSet(StringComparer.Ordinal) : new HashSet<string>();
        var outcome = await store.DecideAsync(userCode, approve, caller.OrgId, caller.UserId, granted, cancellationToken);
        if (outcome == DeviceDecisionOutcome.Decided)
        {
            audit.DeviceDecided(userCode, approve ? DeviceCodeStatuses.Approved : DeviceCodeStatuses.Denied, caller.UserId, caller.OrgId);
        }

        return (outcome, granted);
    }

    public static Microsoft.AspNetCore.Http.IResult ToError(DeviceDecisionOutcome outcome) => outcome switch
    {
        DeviceDecisionOutcome.NotFound => ApiErrors.NotFound("No login request has that code; check the code shown by the device."),
        DeviceDecisionOutcome.Expired => ApiErrors.Gone("That login request expired; start the login on the device again."),
        _ => ApiErrors.Conflict("That login request was already approved or denied."),
    };

    /// <summary>Human text for the approval page.</summary>
    public static string Describe(DeviceDecisionOutcome outcome) => outcome switch
    {
        DeviceDecisionOutcome.NotFound => "No login request has that code. Check the code shown by the device.",
        DeviceDecisionOutcome.Expired => "That login request expired. Start the login on the device again.",
        _ => "That login request was already approved or denied.",
    };
}
