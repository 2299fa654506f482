namespace Tether.Server.Tests.Postgres;

/// <summary>The PostgreSQL tests share one cluster.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
