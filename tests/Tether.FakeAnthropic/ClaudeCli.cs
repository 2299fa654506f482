namespace Tether.FakeAnthropic;

/// <summary>Finds the real <c>claude</c> CLI that <c>scripts/install-test-deps.sh</c> installs under <c>tests/node</c>.</summary>
public static class ClaudeCli
{
    private const string RelativePath = "tests/node/node_modules/.bin/claude";

    /// <summary>
    /// The absolute path of <c>tests/node/node_modules/.bin/claude</c>, found by walking up from the test assembly's
    /// directory to the repository root.
    /// </summary>
    /// <exception cref="FileNotFoundException">The CLI is not installed.</exception>
    public static string Locate() =>
        TryLocate() ?? throw new FileNotFoundException(
            $"The claude CLI was not found at {RelativePath} above {AppContext.BaseDirectory}. Run: bash scripts/install-test-deps.sh",
            RelativePath);

    /// <summary>Like <see cref="Locate"/>, but <see langword="null"/> when the CLI is not installed.</summary>
    public static string? TryLocate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
