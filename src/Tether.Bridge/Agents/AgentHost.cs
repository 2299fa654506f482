using System.Reflection;

namespace Tether.Bridge.Agents;

/// <summary>Facts about the running bridge that decide how an agent is launched; injectable for tests.</summary>
/// <param name="ProcessPath">This process's executable (<c>tether</c>, or <c>dotnet</c> when run through the host).</param>
/// <param name="EntryAssemblyPath">The entry assembly, passed to <c>dotnet</c> when the process is the shared host.</param>
/// <param name="SearchPath">The PATH used to find <c>claude</c>.</param>
internal sealed record AgentHost(string? ProcessPath, string? EntryAssemblyPath, string? SearchPath)
{
    public static AgentHost Current() => new(
        Environment.ProcessPath,
        Assembly.GetEntryAssembly()?.Location,
        Environment.GetEnvironmentVariable("PATH"));

    /// <summary>The executable and leading arguments that start this program again (for <c>tether agent</c>).</summary>
    public bool TryGetSelfCommand(out string fileName, out IReadOnlyList<string> prefix, out string error)
    {
        fileName = ProcessPath ?? string.Empty;
        prefix = [];
        error = string.Empty;
        if (string.IsNullOrEmpty(ProcessPath))
        {
            error = "cannot determine the tether executable for the built-in agent";
            return false;
        }

        if (Path.GetFileNameWithoutExtension(ProcessPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrEmpty(EntryAssemblyPath))
            {
                error = "running under dotnet but the entry assembly is unknown; cannot start the built-in agent";
                return false;
            }

            prefix = [EntryAssemblyPath];
        }

        return true;
    }

    /// <summary>Finds an executable by name on <see cref="SearchPath"/>.</summary>
    public string? FindOnPath(string name)
    {
        if (string.IsNullOrEmpty(SearchPath))
        {
            return null;
        }

        string[] suffixes = OperatingSystem.IsWindows() ? [".exe", ".cmd", ".bat", string.Empty] : [string.Empty];
        foreach (var directory in SearchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var suffix in suffixes)
            {
                var candidate = Path.Combine(directory, name + suffix);
                if (IsExecutableFile(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    public static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        return OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
