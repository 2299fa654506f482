using System.Text.Json.Nodes;

namespace Tether.Bridge.Agents.Builtin;

/// <summary>
/// Pending <c>can_use_tool</c> requests by request id. Once stdin is closed no answer can arrive, so every pending and
/// later request is denied at once (claude ends such a request with "Tool permission stream closed").
/// </summary>
internal sealed class PermissionGate
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TaskCompletionSource<PermissionDecision>> _pending = new(StringComparer.Ordinal);
    private string? _closedReason;

    public Task<PermissionDecision> Register(string requestId)
    {
        lock (_lock)
        {
            if (_closedReason is { } reason)
            {
                return Task.FromResult(PermissionDecision.Deny(reason));
            }

            var answer = new TaskCompletionSource<PermissionDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[requestId] = answer;
            return answer.Task;
        }
    }

    /// <summary>Resolves a pending request; a late or repeated answer for an unknown id is ignored.</summary>
    public bool TryAnswer(JsonObject controlResponse)
    {
        var requestId = (string?)controlResponse["request_id"] ?? (string?)controlResponse["requestId"];
        TaskCompletionSource<PermissionDecision>? answer;
        lock (_lock)
        {
            if (requestId is null || !_pending.Remove(requestId, out answer))
            {
                return false;
            }
        }

        var decision = (string?)controlResponse["subtype"] == "success"
            ? PermissionDecision.From(controlResponse["response"] as JsonObject)
            : PermissionDecision.Deny((string?)controlResponse["error"] ?? "The permission request failed.");
        return answer.TrySetResult(decision);
    }

    public void Forget(string requestId)
    {
        lock (_lock)
        {
            _pending.Remove(requestId);
        }
    }

    public void Close(string reason)
    {
        List<TaskCompletionSource<PermissionDecision>> pending;
        lock (_lock)
        {
            _closedReason = reason;
            pending = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var answer in pending)
        {
            answer.TrySetResult(PermissionDecision.Deny(reason));
        }
    }
}
