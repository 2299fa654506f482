namespace Tether.Server.Store;

/// <summary>One schema step: its version (the file's number), its name and its SQL.</summary>
internal sealed record Migration(int Version, string Name, string Sql);
