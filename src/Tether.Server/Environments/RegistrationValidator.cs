using Tether.Protocol.Ids;
using Tether.Server.Environments.Wire;

namespace Tether.Server.Environments;

/// <summary>Checks a registration body; errors are values naming the field.</summary>
internal static class RegistrationValidator
{
    public const int MaxSessionsLimit = 1000;
    private const string DefaultWorkerType = "claude_code";

    public static (EnvironmentRegistration? Registration, string? Error) Validate(RegisterEnvironmentRequest body)
    {
        if (Text("machine_name", body.MachineName, 256, required: true) is { } machineError)
        {
            return (null, machineError);
        }

        if (Text("directory", body.Directory, 4096, required: true) is { } directoryError)
        {
            return (null, directoryError);
        }

        if ((Text("branch", body.Branch, 256, required: false) ?? Text("git_repo_url", body.GitRepoUrl, 2048, required: false)) is { } optionalError)
        {
            return (null, optionalError);
        }

        if (body.MaxSessions is not { } maxSessions || maxSessions is < 1 or > MaxSessionsLimit)
        {
            return (null, $"max_sessions must be a whole number from 1 to {MaxSessionsLimit}.");
        }

        var workerType = body.Metadata?.WorkerType ?? DefaultWorkerType;
        if (!PathSafeId.IsValid(workerType) || workerType.Length > 64)
        {
            return (null, "metadata.worker_type must match ^[A-Za-z0-9_-]+$ (at most 64 characters).");
        }

        // As in the reference: a reuse id must be one this server issued, not a client-made UUID.
        if (body.EnvironmentId is { } reuse && (!PathSafeId.IsValid(reuse) || !reuse.StartsWith("env_", StringComparison.Ordinal)))
        {
            return (null, "environment_id must be an id this server issued (env_…).");
        }

        return (new EnvironmentRegistration(body.MachineName!, body.Directory!, body.Branch, body.GitRepoUrl, maxSessions, workerType, body.EnvironmentId), null);
    }

    private static string? Text(string field, string? value, int maxLength, bool required)
    {
        if (value is null)
        {
            return required ? $"{field} is required." : null;
        }

        if (required && string.IsNullOrWhiteSpace(value))
        {
            return $"{field} must not be empty.";
        }

        if (value.Length > maxLength)
        {
            return $"{field} must be at most {maxLength} characters.";
        }

        return value.Any(char.IsControl) ? $"{field} must not contain control characters." : null;
    }
}
