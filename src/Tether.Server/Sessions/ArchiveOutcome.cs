namespace Tether.Server.Sessions;

/// <summary>How an archive request ended.</summary>
internal enum ArchiveOutcome
{
    Archived,
    AlreadyArchived,
    NotFound,
}
