namespace Tether.Client.Credentials;

/// <summary>The server and token a command should use, or why there are none.</summary>
/// <param name="Server">The normalized server base URL (set when one was given, even if no token was found).</param>
/// <param name="Token">The API token to send as <c>Authorization: Bearer</c>.</param>
/// <param name="Error">A message for the user when <see cref="Token"/> or <see cref="Server"/> is missing.</param>
public sealed record CredentialResolution(string? Server, string? Token, string? Error)
{
    /// <summary>True when both a server and a token were found.</summary>
    public bool IsResolved => Server is not null && Token is not null;
}
