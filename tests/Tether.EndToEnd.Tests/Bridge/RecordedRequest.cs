using System.Net;

namespace Tether.EndToEnd.Tests.Bridge;

/// <summary>One request as the server saw it: path, the client's end point and whether it was a WebSocket upgrade.</summary>
internal sealed record RecordedRequest(string Path, IPEndPoint Client, bool WebSocket);
