using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Tether.Bench.Reporting;

namespace Tether.Bench.Micro;

/// <summary>
/// <c>micro</c>: BenchmarkDotNet ([MemoryDiagnoser]) over the hot paths. <c>--quick</c> uses BDN's ShortRun job;
/// <c>--smoke</c> skips BDN and calls each benchmark a few thousand times with a stopwatch (a sanity check, not a result).
/// </summary>
internal static class MicroScenario
{
    private static readonly Type[] s_benchmarks = [typeof(JsonLinesReaderBenchmarks), typeof(WireFrameBenchmarks), typeof(WorkSecretBenchmarks)];

    public sealed record Settings(bool Smoke, bool Quick, string? Filter);

    public static Settings Read(BenchArgs args) => new(args.Flag("smoke"), args.Flag("quick"), args.String("filter"));

    public static async Task<ScenarioResult> RunAsync(Settings settings, BenchContext context, CancellationToken cancellationToken)
    {
        var result = new ScenarioResult("micro");
        result.Header.AddRange(["benchmark", "mean ns", "allocated B/op", "method"]);
        var rows = new List<Dictionary<string, object?>>();
        var types = s_benchmarks.Where(t => settings.Filter is null || t.Name.Contains(settings.Filter, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (settings.Smoke)
        {
            foreach (var type in types)
            {
                foreach (var (name, ns, bytes) in await SmokeAsync(type, cancellationToken))
                {
                    rows.Add(Row(result, name, ns, bytes, "stopwatch (smoke)"));
                }
            }
        }
        else
        {
            context.Progress($"micro: BenchmarkDotNet, {(settings.Quick ? "ShortRun" : "default")} job, in-process toolchain");
            var summaries = BenchmarkRunner.Run(types, MicroConfig.Create(settings.Quick, context.Log));
            foreach (var report in summaries.SelectMany(s => s.Reports))
            {
                var name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');
                var ns = report.ResultStatistics?.Mean ?? double.NaN;
                var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? -1;
                rows.Add(Row(result, name, ns, bytes, "BenchmarkDotNet"));
            }
        }

        result.Set("benchmarks", rows);
        return result;
    }

    private static Dictionary<string, object?> Row(ScenarioResult result, string name, double ns, long bytes, string method)
    {
        result.Row(name, ns, bytes, method);
        return new Dictionary<string, object?> { ["name"] = name, ["mean_ns"] = ns, ["allocated_bytes"] = bytes, ["method"] = method };
    }

    private static async Task<List<(string Name, double Ns, long Bytes)>> SmokeAsync(Type type, CancellationToken cancellationToken)
    {
        var instance = Activator.CreateInstance(type)!;
        type.GetMethods().FirstOrDefault(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null)?.Invoke(instance, null);
        var rows = new List<(string, double, long)>();
        foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = method.GetCustomAttribute<BenchmarkAttribute>()!.Description ?? method.Name;
            await InvokeAsync(method, instance);
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var iterations = 0;
            while (iterations < 10_000 && (iterations < 10 || clock.ElapsedMilliseconds < 100))
            {
                await InvokeAsync(method, instance);
                iterations++;
            }

            rows.Add((name, clock.Elapsed.TotalNanoseconds / iterations, (GC.GetAllocatedBytesForCurrentThread() - allocated) / iterations));
        }

        return rows;
    }

    private static async Task InvokeAsync(MethodInfo method, object instance)
    {
        if (method.Invoke(instance, null) is Task task)
        {
            await task;
        }
    }
}
