namespace Tether.Cli;

/// <summary>Where the CLI keeps its files (XDG on Linux, the platform equivalents elsewhere).</summary>
internal static class CliPaths
{
    public static string DefaultDataDirectory() =>
        Environment.GetEnvironmentVariable("TETHER_DATA_DIR")
        ?? Path.Combine(Base("XDG_DATA_HOME", Environment.SpecialFolder.LocalApplicationData, ".local/share"), "tether");

    public static string ConfigDirectory() =>
        Environment.GetEnvironmentVariable("TETHER_CONFIG_DIR")
        ?? Path.Combine(Base("XDG_CONFIG_HOME", Environment.SpecialFolder.ApplicationData, ".config"), "tether");

    private static string Base(string xdgVariable, Environment.SpecialFolder folder, string homeRelative)
    {
        if (Environment.GetEnvironmentVariable(xdgVariable) is { Length: > 0 } xdg)
        {
            return xdg;
        }

        var special = Environment.GetFolderPath(folder);
        return special.Length > 0 ? special : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), homeRelative);
    }
}
