using Microsoft.Extensions.Logging;

namespace Tether.Bridge.Worktrees;

internal sealed partial class WorktreeManager
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Created worktree {Path} on branch {Branch}")]
        public static partial void Created(ILogger logger, string path, string branch);

        [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Removed worktree {Path}")]
        public static partial void Removed(ILogger logger, string path);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Could not fully remove worktree {Path}: {Errors}")]
        public static partial void RemoveFailed(ILogger logger, string path, string errors);

        [LoggerMessage(EventId = 1203, Level = LogLevel.Debug, Message = "Could not update {ExcludeFile}: {Reason}")]
        public static partial void ExcludeFailed(ILogger logger, string excludeFile, string reason);
    }
}
