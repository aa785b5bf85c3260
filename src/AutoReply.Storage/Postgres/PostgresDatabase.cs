using System.Data.Common;
using Npgsql;

namespace AutoReply.Storage.Postgres;

/// PostgreSQL through one pooled Npgsql data source. Work in progress (issue 13): the stores run on it as far as the
/// store contract suite shows; the service does not offer it as Storage:Provider until every store passes.
public sealed class PostgresDatabase(string connectionString) : Database, IDisposable
{
    readonly NpgsqlDataSource source = NpgsqlDataSource.Create(connectionString);

    public override Dialect Dialect => Dialect.Postgres;

    public override DbConnection Open() => source.OpenConnection();

    public override void Migrate() => PostgresMigrations.Apply(source);

    const string TakeTurnsSql = "SELECT pg_advisory_xact_lock(@key)";
    const long TurnsKeyBase = 7291000;

    public override void TakeTurns(ClaimQueue queue, DbConnection db, DbTransaction tx) =>
        Dapper.SqlMapper.Execute(db, TakeTurnsSql, new { key = TurnsKeyBase + (long)queue }, tx);

    public void Dispose() => source.Dispose();
}
