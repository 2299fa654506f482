using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tether.Bridge.Agents.Builtin;

/// <summary>Writes one JSON object per line to stdout; the input loop and the running turn both write, so writes are serialized.</summary>
internal sealed class AgentOutput(Stream stream) : IDisposable
{
    // claude writes raw UTF-8; the default encoder would escape every non-ASCII character and all of '<', '>' and '&'.
    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public async Task WriteAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString(s_json) + "\n");
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await stream.WriteAsync(bytes, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose() => _writeLock.Dispose();
}
