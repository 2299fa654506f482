namespace Tether.Protocol.Errors;

/// <summary>The error kinds used in <see cref="ErrorDetail.Type"/>.</summary>
public static class ErrorTypes
{
    /// <summary>Malformed or semantically invalid input (400).</summary>
    public const string InvalidRequest = "invalid_request_error";

    /// <summary>Missing, unknown, expired or revoked credentials (401).</summary>
    public const string Authentication = "authentication_error";

    /// <summary>The credential is valid but lacks a scope or role (403).</summary>
    public const string Permission = "permission_error";

    /// <summary>No such resource for this caller (404), including resources of another org.</summary>
    public const string NotFound = "not_found_error";

    /// <summary>The request conflicts with the current state (409).</summary>
    public const string Conflict = "conflict_error";

    /// <summary>The resource existed but is gone (410).</summary>
    public const string Gone = "gone_error";

    /// <summary>The body or an event is too large (413).</summary>
    public const string TooLarge = "request_too_large";

    /// <summary>Too many requests (429).</summary>
    public const string RateLimit = "rate_limit_error";

    /// <summary>An unexpected server fault (500).</summary>
    public const string Api = "api_error";
}
