namespace Tether.Server.Sharing;

/// <summary>The wire spelling of <see cref="SessionRole"/>.</summary>
internal static class SessionRoleNames
{
    public static string Of(SessionRole role) => role switch
    {
        SessionRole.Driver => "driver",
        SessionRole.Approver => "approver",
        SessionRole.Viewer => "viewer",
        _ => "none",
    };

    public static bool TryParse(string? value, out SessionRole role)
    {
        role = value switch
        {
            "driver" => SessionRole.Driver,
            "approver" => SessionRole.Approver,
            "viewer" => SessionRole.Viewer,
            _ => SessionRole.None,
        };
        return role != SessionRole.None;
    }
}
