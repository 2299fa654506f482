using Tether.Client.Http;

namespace Tether.Cli.Connection;

/// <summary>Turns an API error into the line the user reads and the exit code (see <see cref="ExitCodes"/>).</summary>
internal static class ApiFailure
{
    public static string Describe(ApiError error, ServerLogin login) => error.Status switch
    {
        401 => $"{login.Display} refused the token ({error.Message}): {LoginResolver.HowToLogIn(login.Display)}.",
        403 => $"Access denied by {login.Display}: {error.Message}",
        404 => error.Message.Length > 0 ? error.Message : "Not found.",
        0 => error.Message,
        _ => $"{error.Status} {error.Type}: {error.Message}",
    };

    public static int ExitCode(ApiError error) => error.IsTransient ? ExitCodes.Transient : ExitCodes.Fatal;

    /// <summary>Writes the error to stderr and returns the exit code.</summary>
    public static async Task<int> ReportAsync(TextWriter stderr, ApiError error, ServerLogin login)
    {
        await stderr.WriteLineAsync(Describe(error, login));
        return ExitCode(error);
    }
}
