using System.Globalization;
using System.Text;

namespace Tether.Server.Store.Postgres;

/// <summary>
/// The <c>tether_events</c> NOTIFY payload: <c>node|session:seq,session:seq…</c>. It carries only wake-ups (the newest
/// sequence number per session); listeners read the rows themselves, so nothing depends on the 8000-byte payload cap
/// beyond fitting the ids, and a batch too large for one payload is split.
/// </summary>
internal static class EventNotification
{
    public const string Channel = "tether_events";
    private const int MaxPayloadBytes = 7900;

    public static IReadOnlyList<string> Format(string nodeId, IReadOnlyDictionary<string, long> newestBySession)
    {
        var payloads = new List<string>();
        var builder = new StringBuilder(nodeId).Append('|');
        var empty = true;
        foreach (var (session, seq) in newestBySession)
        {
            var entry = $"{session}:{seq.ToString(CultureInfo.InvariantCulture)}";
            if (builder.Length + entry.Length + 1 > MaxPayloadBytes && !empty)
            {
                payloads.Add(builder.ToString());
                builder.Clear().Append(nodeId).Append('|');
                empty = true;
            }

            builder.Append(empty ? "" : ",").Append(entry);
            empty = false;
        }

        if (!empty)
        {
            payloads.Add(builder.ToString());
        }

        return payloads;
    }

    public static bool TryParse(string payload, out string nodeId, out List<(string Session, long Seq)> wakeUps)
    {
        wakeUps = [];
        var bar = payload.IndexOf('|');
        nodeId = bar > 0 ? payload[..bar] : "";
        if (bar <= 0)
        {
            return false;
        }

        foreach (var entry in payload[(bar + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.LastIndexOf(':');
            if (colon <= 0 || !long.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                return false;
            }

            wakeUps.Add((entry[..colon], seq));
        }

        return true;
    }
}
