namespace Tether.Server.Sharing;

/// <summary>What a person may do in one session; each level includes the ones below it.</summary>
internal enum SessionRole
{
    /// <summary>No access: the session does not exist for this caller.</summary>
    None = 0,

    /// <summary>Read the transcript, live and stored.</summary>
    Viewer = 1,

    /// <summary>Also answer permission prompts.</summary>
    Approver = 2,

    /// <summary>Also prompt, interrupt, change mode or model, rename, archive and share.</summary>
    Driver = 3,
}
