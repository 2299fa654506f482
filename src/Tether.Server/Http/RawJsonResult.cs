using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tether.Server.Http;

/// <summary>A 200 JSON answer written directly, for pages of already-serialized events.</summary>
internal sealed class RawJsonResult(Action<Utf8JsonWriter> write) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        await using (var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter))
        {
            write(writer);
        }

        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
