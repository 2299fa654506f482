using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Tether.Server.Store;

/// <summary>
/// Opens connections to the store. The SQL Tether writes is the common subset of SQLite and PostgreSQL
/// (named <c>@parameters</c>, <c>ON CONFLICT</c>, <c>RETURNING</c>, <c>SAVEPOINT</c>); the few differences are here.
/// </summary>
internal sealed class Database : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _npgsql;

    public Database(DatabaseTarget target)
    {
        Target = target;
        if (target.Kind == StoreKind.Postgres)
        {
            _npgsql = NpgsqlDataSource.Create(target.ConnectionString);
        }
    }

    public DatabaseTarget Target { get; }

    public StoreKind Kind => Target.Kind;

    /// <summary><c>FOR UPDATE</c> on PostgreSQL; nothing on SQLite, where a write transaction already excludes every other writer.</summary>
    public string ForUpdate => Kind == StoreKind.Postgres ? " FOR UPDATE" : "";

    /// <summary>
    /// <c>FOR UPDATE OF alias SKIP LOCKED</c> on PostgreSQL, for a query that joins other tables but locks only the rows of
    /// one (the nullable side of an outer join cannot be locked); nothing on SQLite.
    /// </summary>
    public string ForUpdateSkipLockedOf(string alias) => Kind == StoreKind.Postgres ? $" FOR UPDATE OF {alias} SKIP LOCKED" : "";

    /// <summary>
    /// How many parameters one generated statement (a multi-row insert, an <c>IN</c> list) should carry. SQLite binds
    /// each named parameter by a linear search of the statement's names, so a statement of n parameters costs n² to
    /// bind: short ones. Npgsql has no such cost, and fewer, longer statements are less for PostgreSQL to plan.
    /// </summary>
    public int ParametersPerStatement => Kind == StoreKind.Postgres ? 800 : 128;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_npgsql is not null)
        {
            return await _npgsql.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(Target.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        // NORMAL under WAL: a commit survives a process crash; the last commits may be lost on power loss. Checkpoints
        // are SqliteCheckpointer's; the automatic one is left only as a far bound, should that fall behind.
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=20000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>Opens a connection and begins a write transaction (IMMEDIATE on SQLite, so writers queue instead of deadlocking).</summary>
    public async Task<(DbConnection Connection, DbTransaction Transaction)> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            var transaction = connection is SqliteConnection sqlite
                ? sqlite.BeginTransaction(deferred: false)
                : await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            return (connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Drops idle pooled connections after a store failure: when PostgreSQL restarts, every idle connection is dead, and
    /// without this each would fail one request before the pool noticed.
    /// </summary>
    public void ResetIdleConnections() => _npgsql?.Clear();

    public async ValueTask DisposeAsync()
    {
        if (_npgsql is not null)
        {
            await _npgsql.DisposeAsync();
        }
        else
        {
            // Pooled SQLite connections outlive the app otherwise, holding the file (and a failed start's state).
            using var connection = new SqliteConnection(Target.ConnectionString);
            SqliteConnection.ClearPool(connection);
        }
    }
}
