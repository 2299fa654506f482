using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Tether.Bench.Micro;

/// <summary>
/// In-process toolchain: no generated project to restore and build (the machine's registry lacks some of BDN's build
/// dependencies, and the solution builds with warnings as errors), at the price of sharing this process's runtime settings.
/// BDN's log goes to the harness's log writer (stderr), so stdout stays pure JSON with --json.
/// </summary>
internal static class MicroConfig
{
    public static IConfig Create(bool quick, TextWriter log) => ManualConfig.CreateEmpty()
        .AddColumnProvider(DefaultColumnProviders.Instance)
        .AddLogger(new WriterLogger(log))
        .AddJob((quick ? Job.ShortRun : Job.Default).WithToolchain(InProcessEmitToolchain.Instance))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);

    private sealed class WriterLogger(TextWriter writer) : ILogger
    {
        public string Id => nameof(WriterLogger);

        public int Priority => 0;

        public void Write(LogKind logKind, string text) => writer.Write(text);

        public void WriteLine() => writer.WriteLine();

        public void WriteLine(LogKind logKind, string text) => writer.WriteLine(text);

        public void Flush() => writer.Flush();
    }
}
