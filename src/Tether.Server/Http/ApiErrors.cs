using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Tether.Protocol.Errors;
using Tether.Protocol.Json;

namespace Tether.Server.Http;

/// <summary>The JSON error answers, one per status, all in the <see cref="ErrorBody"/> shape.</summary>
internal static class ApiErrors
{
    // Error messages quote commands (`tether login`); relaxed escaping keeps them readable for people using curl.
    private static readonly TetherJsonContext s_readable = new(new JsonSerializerOptions(TetherJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static JsonHttpResult<ErrorBody> BadRequest(string message) => Of(StatusCodes.Status400BadRequest, ErrorTypes.InvalidRequest, message);

    public static JsonHttpResult<ErrorBody> Unauthorized(string message) => Of(StatusCodes.Status401Unauthorized, ErrorTypes.Authentication, message);

    public static JsonHttpResult<ErrorBody> Forbidden(string message) => Of(StatusCodes.Status403Forbidden, ErrorTypes.Permission, message);

    public static JsonHttpResult<ErrorBody> NotFound(string message) => Of(StatusCodes.Status404NotFound, ErrorTypes.NotFound, message);

    public static JsonHttpResult<ErrorBody> Conflict(string message) => Of(StatusCodes.Status409Conflict, ErrorTypes.Conflict, message);

    public static JsonHttpResult<ErrorBody> Gone(string message) => Of(StatusCodes.Status410Gone, ErrorTypes.Gone, message);

    public static JsonHttpResult<ErrorBody> TooLarge(string message) => Of(StatusCodes.Status413PayloadTooLarge, ErrorTypes.TooLarge, message);

    public static JsonHttpResult<ErrorBody> Of(int status, string type, string message) =>
        TypedResults.Json(ErrorBody.Of(type, message), s_readable.ErrorBody, statusCode: status);
}
