using System.Data.Common;
using Npgsql;

namespace AutoReply.Storage.Postgres;

/// PostgreSQL through one pooled Npgsql data source. Any number of instances share one database: claims take turns
/// (<see cref="TakeTurns"/>), and the writer commits <paramref name="writers"/> transactions side by side.
public sealed class PostgresDatabase(string connectionString, int writers = 1) : Database, IDisposable
{
    readonly NpgsqlDataSource source = NpgsqlDataSource.Create(WithDefaults(connectionString));
    readonly NpgsqlDataSource listener = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);

    /// The same few statements run for every DM: unless the operator chose otherwise, Npgsql prepares them on each
    /// connection (the server then parses and plans each once; load benchmark 244 -> 308 DMs/s).
    /// And AutoReply's sessions change no session state (claims take transaction-level locks; the listener is not pooled),
    /// so a connection going back to the pool need not be reset: the reset is seven statements on its next use.
    static string WithDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 64;
        if (!new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
                .Any(k => k.Replace(" ", "").Equals("NoResetOnClose", StringComparison.OrdinalIgnoreCase)))
            builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    public override Dialect Dialect => Dialect.Postgres;

    public override int Writers => Math.Max(1, writers);

    public override bool GathersStatements => true;

    public override ClusterNotices Notices => notices ??= new PostgresNotices(source, listener);
    PostgresNotices? notices;

    // 40P01 deadlock detected, 40001 serialization failure: the server aborted the transaction; running it again is right.
    public override bool IsTransient(Exception e) => e is PostgresException { SqlState: "40P01" or "40001" };

    public override DbConnection Open() => source.OpenConnection();

    public override void Migrate() => PostgresMigrations.Apply(source);

    const string TakeTurnsSql = "SELECT pg_advisory_xact_lock(@key)";
    const long TurnsKeyBase = 7291000;

    public override void TakeTurns(ClaimQueue queue, DbConnection db, DbTransaction tx) =>
        Dapper.SqlMapper.Execute(db, TakeTurnsSql, new { key = TurnsKeyBase + (long)queue }, tx);

    public void Dispose()
    {
        source.Dispose();
        listener.Dispose();
    }
}
