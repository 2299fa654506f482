namespace Tether.Client.CodeSessions;

/// <summary>The answer of <c>POST /v1/code/sessions/{id}/bridge</c>: a worker registration and its credential.</summary>
/// <param name="WorkerJwt">The worker token (opaque; never decoded by clients).</param>
/// <param name="ApiBaseUrl">Base URL of the worker API.</param>
/// <param name="ExpiresIn">Seconds until the token expires.</param>
/// <param name="WorkerEpoch">The epoch this registration holds; every earlier one is fenced off.</param>
public sealed record WorkerCredentials(string WorkerJwt, Uri ApiBaseUrl, long ExpiresIn, long WorkerEpoch);
