namespace Tether.Cli.Tests;

/// <summary>Tests that set process environment variables (TETHER_CONFIG_DIR, TETHER_TOKEN …) run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "process environment";
}
