using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tether.Protocol.Ids;

namespace Tether.Server.CodeSessions;

/// <summary>
/// Mints and checks worker JWTs: HS256 with a 256-bit key kept in the store, claims <c>session_id</c> (the <c>cse_</c>
/// spelling), <c>org_id</c>, <c>epoch</c>, <c>role=worker</c>, <c>jti</c>, <c>iat</c>, <c>exp</c>. Expiry is checked
/// against the injected clock, not the library's, so tests can move time.
/// </summary>
internal sealed class WorkerTokens(ServerKeyStore keys, TimeProvider timeProvider)
{
    private const string KeyId = "worker_jwt";
    private const string Issuer = "tether";
    private const string Audience = "tether-worker";
    private const string WorkerRole = "worker";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private SymmetricSecurityKey? _key;

    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(
        string sessionId, string orgId, long? epoch, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        // JWT times are whole seconds; round the expiry down so it never outlives the lifetime asked for.
        var expires = DateTimeOffset.FromUnixTimeSeconds((now + lifetime).ToUnixTimeSeconds());
        var claims = new Dictionary<string, object>
        {
            ["session_id"] = SessionIds.ToInfra(sessionId),
            ["org_id"] = orgId,
            ["role"] = WorkerRole,
            ["jti"] = SessionIds.RandomToken(16),
        };
        if (epoch is { } e)
        {
            claims["epoch"] = e;
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(await KeyAsync(cancellationToken), SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    public async Task<WorkerTokenCheck> CheckAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length > 8192 || !_handler.CanReadToken(token))
        {
            return WorkerTokenCheck.Invalid("This endpoint needs a worker JWT from POST /v1/code/sessions/{id}/bridge.");
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = await KeyAsync(cancellationToken),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireExpirationTime = true,
            ValidateLifetime = false,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return WorkerTokenCheck.Invalid("Invalid worker JWT.");
        }

        var expires = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        if (expires <= timeProvider.GetUtcNow())
        {
            return WorkerTokenCheck.Invalid("The worker JWT has expired; call POST /v1/code/sessions/{id}/bridge for a new one.", expired: true);
        }

        if (!jwt.TryGetPayloadValue<string>("role", out var role) || role != WorkerRole
            || !jwt.TryGetPayloadValue<string>("session_id", out var session) || !SessionIds.TryGetBody(session, out var body)
            || !jwt.TryGetPayloadValue<string>("org_id", out var org))
        {
            return WorkerTokenCheck.Invalid("Invalid worker JWT.");
        }

        long? epoch = jwt.TryGetPayloadValue<long>("epoch", out var e) ? e : null;
        return WorkerTokenCheck.Valid(new WorkerClaims(body, org, epoch, jwt.Id ?? "", expires));
    }

    private async Task<SymmetricSecurityKey> KeyAsync(CancellationToken cancellationToken)
    {
        // A benign race: concurrent first callers all read back the same stored key.
        return _key ??= new SymmetricSecurityKey(await keys.GetOrCreateAsync(KeyId, 32, cancellationToken))
        {
            KeyId = KeyId,
        };
    }
}
