using System.Diagnostics;

namespace Tether.Bench.Load;

/// <summary>Latency samples in <see cref="Stopwatch"/> ticks; percentiles by sorting (runs are bounded, so all samples fit).</summary>
internal sealed class LatencySamples
{
    private readonly List<long> _ticks = [];
    private long[]? _sorted;

    public int Count => _ticks.Count;

    public void Add(long ticks)
    {
        _ticks.Add(ticks);
        _sorted = null;
    }

    public void AddRange(LatencySamples other)
    {
        _ticks.AddRange(other._ticks);
        _sorted = null;
    }

    /// <summary>The value at percentile <paramref name="p"/> (0–100), in milliseconds; NaN with no samples.</summary>
    public double PercentileMs(double p)
    {
        var sorted = Sorted();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return ToMs(sorted[Math.Clamp(rank, 0, sorted.Length - 1)]);
    }

    public double MaxMs => Sorted() is { Length: > 0 } s ? ToMs(s[^1]) : double.NaN;

    public double MeanMs => _ticks.Count == 0 ? double.NaN : ToMs((long)_ticks.Average());

    /// <summary>Points of the distribution for a plot: (percentile, ms) at log-spaced percentiles up to the max.</summary>
    public IReadOnlyList<(double Percentile, double Ms)> Curve()
    {
        var points = new List<(double, double)>();
        if (Count == 0)
        {
            return points;
        }

        for (var nines = 0.0; ; nines += 0.05)
        {
            var p = 100.0 * (1 - Math.Pow(10, -nines));
            if (1 / (1 - p / 100.0) > Count)
            {
                break;
            }

            points.Add((p, PercentileMs(p)));
        }

        points.Add((100.0 * (1 - 1.0 / Count), MaxMs));
        return points;
    }

    public static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private long[] Sorted()
    {
        if (_sorted is null)
        {
            _sorted = [.. _ticks];
            Array.Sort(_sorted);
        }

        return _sorted;
    }
}
