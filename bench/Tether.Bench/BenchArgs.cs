using System.Globalization;

namespace Tether.Bench;

/// <summary>
/// The harness's command line: a scenario name, then <c>--name value</c> options and bare <c>--flags</c>.
/// Unknown options are errors so a typo never silently runs the defaults.
/// </summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private BenchArgs(string scenario) => Scenario = scenario;

    public string Scenario { get; }

    public static BenchArgs Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException("usage: Tether.Bench <scenario> [--option value] ... (scenarios: " + string.Join(", ", BenchProgram.Scenarios) + ")");
        }

        var parsed = new BenchArgs(args[0]);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }

            var name = arg[2..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            parsed._options[name] = value;
        }

        return parsed;
    }

    public bool Flag(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var value) && value is null or "true" or "1";
    }

    public string? String(string name, string? fallback = null)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var value) && value is not null ? value : fallback;
    }

    public int Int(string name, int fallback) => (int)Double(name, fallback);

    public double Double(string name, double fallback)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"--{name} must be a number, got '{text}'");
    }

    public IReadOnlyList<int> Ints(string name, IReadOnlyList<int> fallback)
    {
        var text = String(name);
        return text is null ? fallback : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => int.Parse(t, CultureInfo.InvariantCulture))];
    }

    /// <summary>Throws if an option was given that no scenario asked for.</summary>
    public void EnsureAllRead()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException("unknown option(s) for " + Scenario + ": " + string.Join(", ", unknown.Select(u => "--" + u)));
        }
    }
}
