using System.Diagnostics.CodeAnalysis;

namespace Tether.Client.Http;

/// <summary>The value of a successful call, or its <see cref="ApiError"/>.</summary>
/// <typeparam name="T">The response type.</typeparam>
public readonly record struct ApiResult<T>(T? Value, ApiError? Error)
{
    /// <summary>True when the call succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Ok => Error is null;

    /// <summary>A success.</summary>
    public static ApiResult<T> Success(T value) => new(value, null);

    /// <summary>A failure.</summary>
    public static ApiResult<T> Failure(ApiError error) => new(default, error);

    /// <summary>The value, or an exception carrying the error (for callers at the edge).</summary>
    public T GetValueOrThrow() => Ok ? Value : throw new TetherApiException(Error);
}
