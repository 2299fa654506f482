using Microsoft.Data.Sqlite;
using Npgsql;

namespace Tether.Server.Store;

/// <summary>Turns the store's low-level failures at start into messages a person can act on.</summary>
internal static class StoreFailures
{
    private const int SqliteReadOnly = 8;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    public static StoreStartupException Explain(Exception exception, DatabaseTarget target)
    {
        var where = target.SqlitePath ?? "the PostgreSQL database";
        var message = exception switch
        {
            SqliteException { SqliteErrorCode: SqliteFull } => $"The disk holding {where} is full. Free some space and start again; nothing was changed.",
            SqliteException { SqliteErrorCode: SqliteReadOnly or SqliteCantOpen } or UnauthorizedAccessException =>
                $"Cannot write {where}: the data directory is read-only or not writable by this user. Use --data with a writable directory.",
            SqliteException { SqliteErrorCode: SqliteIoError } or IOException => $"Input/output error on {where} (disk full or failing?): {exception.Message}",
            SqliteException { SqliteErrorCode: SqliteCorrupt or SqliteNotADatabase } =>
                $"{where} is not a valid Tether database (corrupt, or another kind of file). Restore it from a backup or point --data elsewhere.",
            NpgsqlException => $"Cannot use {where}: {exception.Message}. Check the connection string and that the server is running.",
            _ => $"Cannot open the store at {where}: {exception.Message}",
        };
        return new StoreStartupException(message, exception);
    }
}
