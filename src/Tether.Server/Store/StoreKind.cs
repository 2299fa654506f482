namespace Tether.Server.Store;

/// <summary>The database engines Tether runs on.</summary>
public enum StoreKind
{
    /// <summary>An embedded SQLite file (one server process).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (many server processes).</summary>
    Postgres,
}
