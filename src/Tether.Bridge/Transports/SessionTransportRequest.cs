namespace Tether.Bridge.Transports;

/// <summary>What a transport needs to open a session's connection.</summary>
/// <param name="ServerUrl">The bridge's server (the work secret's <c>api_base_url</c> is not used for URLs, as in the reference).</param>
/// <param name="SessionId">The session (compat <c>session_*</c> id).</param>
/// <param name="Token">The session ingress token from the work secret.</param>
/// <param name="UseCodeSessions">True when the work secret asks for the v2 transport.</param>
/// <param name="ResumeAfterSequenceNum">Start the inbound stream after this event (a session taken over from a crashed bridge).</param>
internal sealed record SessionTransportRequest(Uri ServerUrl, string SessionId, string Token, bool UseCodeSessions, long ResumeAfterSequenceNum = 0);
