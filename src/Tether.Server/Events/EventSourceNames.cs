namespace Tether.Server.Events;

/// <summary>The stored and wire spelling of <see cref="EventSource"/>.</summary>
internal static class EventSourceNames
{
    public static string Of(EventSource source) => source == EventSource.Worker ? "worker" : "client";

    public static EventSource Parse(string value) => value == "worker" ? EventSource.Worker : EventSource.Client;
}
