namespace Tether.Server.Auth;

/// <summary>How a request authenticated.</summary>
internal enum CallerKind
{
    /// <summary>An API token in <c>Authorization: Bearer</c>.</summary>
    ApiToken,

    /// <summary>A browser session cookie.</summary>
    WebSession,
}
