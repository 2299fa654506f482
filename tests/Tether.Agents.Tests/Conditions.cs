namespace Tether.Agents.Tests;

/// <summary>Polls a condition that no event announces (a file appearing, a process dying) until it holds or time runs out.</summary>
internal static class Conditions
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(25);

    public static async Task WaitUntilAsync(Func<bool> condition, string description, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            try
            {
                await Task.Delay(s_pollInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out waiting until {description}.");
            }
        }
    }
}
