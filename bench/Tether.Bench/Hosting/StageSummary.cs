using System.Text.Json.Serialization;

namespace Tether.Bench.Hosting;

/// <summary>One server stage over a measured window.</summary>
internal sealed record StageSummary(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("p50")] double P50,
    [property: JsonPropertyName("p99")] double P99,
    [property: JsonPropertyName("max")] double Max)
{
    public static StageSummary Of(List<double> values)
    {
        if (values.Count == 0)
        {
            return new StageSummary(0, 0, 0, 0);
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)(p / 100 * sorted.Length))];
        return new StageSummary(sorted.Length, At(50), At(99), sorted[^1]);
    }

    /// <summary>A line for the table's notes: each stage's p50 / p99 / max and count.</summary>
    public static string Describe(Dictionary<string, StageSummary>? stages) => stages is null or { Count: 0 }
        ? "none recorded"
        : string.Join("; ", stages.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => $"{s.Key} p50 {ScenarioFormat(s.Value.P50)} / p99 {ScenarioFormat(s.Value.P99)} / max {ScenarioFormat(s.Value.Max)} (n {s.Value.Count})"));

    private static string ScenarioFormat(double value) => Reporting.ScenarioResult.Format(value);
}
