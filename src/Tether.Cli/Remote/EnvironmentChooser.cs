using Tether.Cli.Terminal;
using Tether.Protocol.Environments;

namespace Tether.Cli.Remote;

/// <summary>
/// Picks the environment for <c>tether remote</c>: <c>--env</c> by id or name; else the only active one; else the user
/// chooses from a numbered list when stdin is a terminal; else an error that lists them.
/// </summary>
internal sealed class EnvironmentChooser(CliHost host)
{
    public async Task<(EnvironmentProvider? Environment, string? Error)> ChooseAsync(
        IReadOnlyList<EnvironmentProvider> all, string? wanted, CancellationToken cancellationToken)
    {
        var active = all.Where(e => e.State == "active").ToList();
        if (!string.IsNullOrWhiteSpace(wanted))
        {
            var matches = all.Where(e => e.EnvironmentId == wanted).ToList();
            if (matches.Count == 0)
            {
                matches = [.. all.Where(e => string.Equals(e.Name, wanted, StringComparison.OrdinalIgnoreCase))];
            }

            return matches.Count switch
            {
                1 => (matches[0], null),
                0 => (null, $"No environment '{wanted}'. {Listing(all)}"),
                _ => (null, $"'{wanted}' names several environments; pass its id. {Listing(matches)}"),
            };
        }

        if (active.Count == 1)
        {
            return (active[0], null);
        }

        if (active.Count == 0)
        {
            return (null, "No active environment: start `tether bridge` in a repository first." + (all.Count > 0 ? " " + Listing(all) : ""));
        }

        if (!host.InputIsTerminal)
        {
            return (null, $"Several environments are active; choose one with --env NAME|ID. {Listing(active)}");
        }

        await host.Out.WriteLineAsync("Several environments are active:");
        for (var i = 0; i < active.Count; i++)
        {
            await host.Out.WriteLineAsync($"  {i + 1}. {Describe(active[i])}");
        }

        await host.Out.WriteAsync($"Run on which one? [1-{active.Count}] ");
        await host.Out.FlushAsync(cancellationToken);
        var answer = await host.In.ReadLineAsync(cancellationToken);
        return int.TryParse(answer?.Trim(), out var choice) && choice >= 1 && choice <= active.Count
            ? (active[choice - 1], null)
            : (null, "No environment chosen.");
    }

    private static string Listing(IEnumerable<EnvironmentProvider> environments) =>
        "Environments:\n" + string.Join('\n', environments.Select(e => "  " + Describe(e)));

    private static string Describe(EnvironmentProvider e) => $"{e.Name}  {e.EnvironmentId}  {e.MachineName}:{e.Directory}  ({e.State})";
}
