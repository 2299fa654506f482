using BenchmarkDotNet.Attributes;
using Tether.Protocol.Environments;
using ServerCodec = Tether.Server.Environments.WorkSecretCodec;

namespace Tether.Bench.Micro;

/// <summary>The work secret: decoding on the bridge (each claim) and encoding on the server (each poll that returns work).</summary>
[MemoryDiagnoser]
public class WorkSecretBenchmarks
{
    private string _encoded = "";
    private Tether.Server.Environments.ClaimedWork _claimed = null!;

    [GlobalSetup]
    public void Setup()
    {
        var work = new Tether.Server.Environments.WorkItemRecord("work_01JBENCH", "org_1", "env_01JBENCH", "01JBENCHSESSION", "session", "claimed", DateTimeOffset.UnixEpoch);
        _claimed = new Tether.Server.Environments.ClaimedWork(work, "tether_si_" + new string('a', 43), DateTimeOffset.UnixEpoch.AddHours(4), "acceptEdits",
            """{"sources":[{"type":"git_repository","url":"https://example.com/acme/repo"}],"outcomes":[],"model":"claude-sonnet"}""", UseCodeSessions: false);
        _encoded = ServerCodec.Encode(_claimed, "http://127.0.0.1:7878");
    }

    [Benchmark(Description = "WorkSecretCodec.TryDecode (bridge)")]
    public bool Decode() => WorkSecretCodec.TryDecode(_encoded, out _, out _);

    [Benchmark(Description = "WorkSecretCodec.Encode (server)")]
    public int Encode() => ServerCodec.Encode(_claimed, "http://127.0.0.1:7878").Length;
}
