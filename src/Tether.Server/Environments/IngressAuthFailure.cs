using Microsoft.AspNetCore.Http;
using Tether.Server.Http;

namespace Tether.Server.Environments;

/// <summary>Why an ingress credential was refused: 401 (missing, unknown, expired) or 403 (valid but for something else).</summary>
internal sealed record IngressAuthFailure(int Status, string Message)
{
    public static IngressAuthFailure Unauthorized(string message) => new(401, message);

    public static IngressAuthFailure Forbidden(string message) => new(403, message);

    public IResult ToHttp() => Status == 401 ? ApiErrors.Unauthorized(Message) : ApiErrors.Forbidden(Message);
}
