using Microsoft.AspNetCore.Http;

namespace Tether.Server.CodeSessions;

/// <summary>Another result with one response header added.</summary>
internal sealed class HeaderResult(IResult inner, string name, string value) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers[name] = value;
        return inner.ExecuteAsync(httpContext);
    }
}
