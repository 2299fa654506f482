namespace Tether.Client.Http;

/// <summary>Thrown by <see cref="ApiResult{T}.GetValueOrThrow"/>.</summary>
public sealed class TetherApiException(ApiError error) : Exception(error.ToString())
{
    /// <summary>The error.</summary>
    public ApiError Error { get; } = error;
}
