using System.Data.Common;

namespace Tether.Server.Store;

/// <summary>
/// Statements sent together: as one <see cref="DbBatch"/>, a single round trip, where the provider has batches
/// (PostgreSQL); one after another where it does not (SQLite, which runs in process, so a round trip costs nothing).
/// </summary>
internal sealed class StatementBatch
{
    private readonly List<BatchStatement> _statements = [];

    public int Count => _statements.Count;

    /// <summary>Adds a statement whose result is not read.</summary>
    public BatchStatement Add(string sql)
    {
        var statement = new BatchStatement(sql, null);
        _statements.Add(statement);
        return statement;
    }

    /// <summary>Appends the statements of <paramref name="other"/>, in order.</summary>
    public void AddRange(StatementBatch other) => _statements.AddRange(other._statements);

    /// <summary>Adds a query; <paramref name="onRow"/> sees each of its rows, in order.</summary>
    public BatchStatement AddQuery(string sql, Action<DbDataReader> onRow)
    {
        var statement = new BatchStatement(sql, onRow);
        _statements.Add(statement);
        return statement;
    }

    /// <summary>Runs every statement in order, reading the rows of the queries.</summary>
    public async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (_statements.Count == 0)
        {
            return;
        }

        if (!connection.CanCreateBatch)
        {
            foreach (var statement in _statements)
            {
                await using var command = connection.Command(statement.Sql, transaction);
                foreach (var (name, value) in statement.Parameters)
                {
                    command.With(name, value);
                }

                if (statement.OnRow is null)
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                    continue;
                }

                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    statement.OnRow(reader);
                }
            }

            return;
        }

        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var statement in _statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            foreach (var (name, value) in statement.Parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        if (_statements.TrueForAll(s => s.OnRow is null))
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        // Result sets pair up with statements only when every statement is a query.
        if (!_statements.TrueForAll(s => s.OnRow is not null))
        {
            throw new InvalidOperationException("A batch that reads rows must consist of queries only.");
        }

        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            foreach (var statement in _statements)
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    statement.OnRow!(reader);
                }

                await reader.NextResultAsync(cancellationToken);
            }
        }
    }
}
