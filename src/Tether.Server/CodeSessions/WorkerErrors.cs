using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tether.Server.Http;

namespace Tether.Server.CodeSessions;

/// <summary>
/// Worker-API answers that carry meaning for the official client: a 409 names its cause in <c>x-ccr-conflict-reason</c>
/// (<c>superseded_by_worker</c> or <c>session_not_active</c>), which the client reports and maps to close code 4090.
/// </summary>
internal static class WorkerErrors
{
    public const string ConflictReasonHeader = "x-ccr-conflict-reason";

    public static IResult Superseded(long staleEpoch) =>
        new HeaderResult(
            ApiErrors.Conflict($"Worker epoch {staleEpoch} is stale: a newer worker registered and took over the session."),
            ConflictReasonHeader,
            "superseded_by_worker");

    public static IResult NotActive() =>
        new HeaderResult(ApiErrors.Conflict("Session is archived and accepts no worker."), ConflictReasonHeader, "session_not_active");

    /// <summary>Reads <c>worker_epoch</c> (an integer, or a numeric string as the reference allows).</summary>
    public static bool TryReadEpoch(JsonElement value, out long epoch, out IResult? error)
    {
        epoch = 0;
        error = null;
        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out epoch),
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out epoch),
            _ => false,
        };
        if (!ok)
        {
            error = ApiErrors.BadRequest(value.ValueKind == JsonValueKind.Undefined
                ? "worker_epoch is required."
                : "worker_epoch must be a whole number (or a string of digits).");
        }

        return ok;
    }

    /// <summary>Checks a body's <c>worker_epoch</c> against the session's current one.</summary>
    public static IResult? CheckEpoch(JsonElement value, WorkerContext worker)
    {
        if (!TryReadEpoch(value, out var epoch, out var error))
        {
            return error;
        }

        return epoch == worker.Row.WorkerEpoch ? null : Superseded(epoch);
    }
}
