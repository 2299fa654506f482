using System.Globalization;
using System.Net;
using System.Text;
using Tether.Bench.Load;

namespace Tether.Bench.Reporting;

/// <summary>
/// A hand-written SVG of latency distributions: latency (log scale) against percentile, where the x axis is spaced by
/// "nines" (50%, 90%, 99%, 99.9% …) so the tail gets as much room as the median, as HdrHistogram plots do.
/// </summary>
internal static class SvgPlot
{
    private const int Width = 820;
    private const int Height = 480;
    private const int Left = 70;
    private const int Right = 250;
    private const int Top = 40;
    private const int Bottom = 50;
    private static readonly string[] s_colors = ["#888888", "#d9480f", "#1c7ed6", "#2f9e44"];

    public static void WritePercentiles(string path, string title, IReadOnlyList<(string Name, LatencySamples Samples)> series)
    {
        var curves = series.Select(s => (s.Name, Points: s.Samples.Curve())).Where(c => c.Points.Count > 0).ToList();
        var maxNines = Math.Max(2, curves.SelectMany(c => c.Points).Select(p => Nines(p.Percentile)).DefaultIfEmpty(2).Max());
        var allMs = curves.SelectMany(c => c.Points).Select(p => Math.Max(p.Ms, 0.001)).DefaultIfEmpty(1).ToList();
        var yMin = Math.Pow(10, Math.Floor(Math.Log10(allMs.Min())));
        var yMax = Math.Pow(10, Math.Ceiling(Math.Log10(allMs.Max())));
        if (yMax <= yMin)
        {
            yMax = yMin * 10;
        }

        double X(double percentile) => Left + (Width - Left - Right) * Math.Min(Nines(percentile), maxNines) / maxNines;
        double Y(double ms) => Top + (Height - Top - Bottom) * (1 - (Math.Log10(Math.Max(ms, yMin)) - Math.Log10(yMin)) / (Math.Log10(yMax) - Math.Log10(yMin)));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" font-family="sans-serif" font-size="12">""").AppendLine();
        svg.AppendLine("""<rect width="100%" height="100%" fill="white"/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="22" font-size="14">{WebUtility.HtmlEncode(title)}</text>""").AppendLine();

        for (var decade = yMin; decade <= yMax * 1.0001; decade *= 10)
        {
            var y = Y(decade);
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{y:0.0}" x2="{Width - Right}" y2="{y:0.0}" stroke="#ddd"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 6}" y="{y + 4:0.0}" text-anchor="end">{FormatMs(decade)}</text>""").AppendLine();
        }

        for (var n = 0; n <= Math.Floor(maxNines); n++)
        {
            var percentile = 100 * (1 - Math.Pow(10, -n));
            var x = X(percentile);
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{x:0.0}" y1="{Top}" x2="{x:0.0}" y2="{Height - Bottom}" stroke="#ddd"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x:0.0}" y="{Height - Bottom + 18}" text-anchor="middle">{(n == 0 ? "0%" : percentile.ToString("0.####", CultureInfo.InvariantCulture) + "%")}</text>""").AppendLine();
        }

        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{(Left + Width - Right) / 2}" y="{Height - 10}" text-anchor="middle">percentile</text>""").AppendLine();
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="16" y="{(Top + Height - Bottom) / 2}" text-anchor="middle" transform="rotate(-90 16 {(Top + Height - Bottom) / 2})">latency (ms, log scale)</text>""").AppendLine();
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{Left}" y="{Top}" width="{Width - Left - Right}" height="{Height - Top - Bottom}" fill="none" stroke="#444"/>""").AppendLine();

        for (var i = 0; i < curves.Count; i++)
        {
            var color = s_colors[i % s_colors.Length];
            var points = string.Join(' ', curves[i].Points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.Percentile):0.0},{Y(p.Ms):0.0}")));
            svg.Append(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="{color}" stroke-width="2" points="{points}"/>""").AppendLine();
            var ly = Top + 10 + (i * 40);
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Width - Right + 12}" y1="{ly}" x2="{Width - Right + 32}" y2="{ly}" stroke="{color}" stroke-width="3"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Width - Right + 38}" y="{ly + 4}">{WebUtility.HtmlEncode(Shorten(curves[i].Name))}</text>""").AppendLine();
            var samples = series.First(s => s.Name == curves[i].Name).Samples;
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Width - Right + 38}" y="{ly + 20}" fill="#555">p50 {FormatMs(samples.PercentileMs(50))} · p99 {FormatMs(samples.PercentileMs(99))}</text>""").AppendLine();
        }

        svg.AppendLine("</svg>");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, svg.ToString());
    }

    private static double Nines(double percentile) => percentile >= 100 ? 6 : -Math.Log10(1 - percentile / 100);

    private static string Shorten(string name) => name.Length <= 34 ? name : name[..33] + "…";

    private static string FormatMs(double ms) => ms switch
    {
        < 0.01 => (ms * 1000).ToString("0.0", CultureInfo.InvariantCulture) + " µs",
        < 1 => (ms * 1000).ToString("0", CultureInfo.InvariantCulture) + " µs",
        < 10 => ms.ToString("0.0#", CultureInfo.InvariantCulture) + " ms",
        _ => ms.ToString("0", CultureInfo.InvariantCulture) + " ms",
    };
}
