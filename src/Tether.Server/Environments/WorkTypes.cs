namespace Tether.Server.Environments;

/// <summary>What a work item asks the bridge to do.</summary>
internal static class WorkTypes
{
    public const string Session = "session";

    public const string Healthcheck = "healthcheck";
}
