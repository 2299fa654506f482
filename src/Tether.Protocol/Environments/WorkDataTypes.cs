namespace Tether.Protocol.Environments;

/// <summary>Values of <see cref="WorkData.Type"/>.</summary>
public static class WorkDataTypes
{
    /// <summary>Run (or re-dispatch) a session.</summary>
    public const string Session = "session";

    /// <summary>A liveness probe: ack it and do nothing else.</summary>
    public const string Healthcheck = "healthcheck";
}
