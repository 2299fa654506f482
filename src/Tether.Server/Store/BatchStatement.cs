using System.Data.Common;

namespace Tether.Server.Store;

/// <summary>One SQL statement of a <see cref="StatementBatch"/>, with its parameters and, for a query, what to do with each row.</summary>
internal sealed class BatchStatement(string sql, Action<DbDataReader>? onRow)
{
    private readonly List<KeyValuePair<string, object?>> _parameters = [];

    public string Sql { get; } = sql;

    public Action<DbDataReader>? OnRow { get; } = onRow;

    public IReadOnlyList<KeyValuePair<string, object?>> Parameters => _parameters;

    public BatchStatement With(string name, object? value)
    {
        _parameters.Add(new(name, value));
        return this;
    }
}
