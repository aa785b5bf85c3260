using System.Data.Common;
using Npgsql;

namespace AutoReply.Storage.Postgres;

/// PostgreSQL through one pooled Npgsql data source. Any number of instances share one database: claims take turns
/// (<see cref="ClaimInTurn"/>), and the writer commits <paramref name="writers"/> transactions side by side.
public sealed class PostgresDatabase(string connectionString, int writers = 1) : Database, IDisposable
{
    readonly NpgsqlDataSource source = NpgsqlDataSource.Create(WithDefaults(connectionString));
    readonly NpgsqlDataSource listener = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
    readonly NpgsqlDataSource aside = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(WithDefaults(connectionString)) { MinPoolSize = 0, MaxPoolSize = 2 }.ConnectionString);

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

    /// The writer's gathered statements are the per-DM ones, by key: a decided lane's DMs marked by an array of their seqs
    /// was otherwise planned anew in 7,740 of 13,272 calls of a load run (see <see cref="GenericPlanSql"/>). The settings are
    /// put back after them: a unit's immediate statements later in the transaction keep their usual plans.
    public override (string SetUp, string Finish)? GatheredFrame =>
        ("SELECT set_config('autoreply.plan_cache_mode', current_setting('plan_cache_mode'), true), " +
         "set_config('autoreply.enable_seqscan', current_setting('enable_seqscan'), true), " + GenericPlan,
         "SELECT set_config('plan_cache_mode', current_setting('autoreply.plan_cache_mode'), true), " +
         "set_config('enable_seqscan', current_setting('autoreply.enable_seqscan'), true)");

    public override ClusterNotices Notices => notices ??= new PostgresNotices(source, listener);
    PostgresNotices? notices;

    // 40P01 deadlock detected, 40001 serialization failure: the server aborted the transaction; running it again is right.
    public override bool IsTransient(Exception e) => e is PostgresException { SqlState: "40P01" or "40001" };

    public override DbConnection Open() => source.OpenConnection();

    public override DbConnection OpenAside() => aside.OpenConnection();

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken ct = default) => await source.OpenConnectionAsync(ct);

    public override void Migrate() => PostgresMigrations.Apply(source);

    public override bool ClaimsBesideWriter => true;

    // The turn: a transaction-level advisory lock per queue. And the claim's commit does not wait for the disk
    // (synchronous_commit off for this transaction only): a claim lost in a server crash only frees its rows again, and
    // nothing depends on a claim before a later commit of its instance that does wait (a decision, a reply marked sent);
    // WAL is flushed in order, so that commit's flush makes the claim durable too.
    // And the claim is planned once per connection (GenericPlanSql).
    const string InboxTurnSql = "SELECT pg_advisory_xact_lock(7291001), set_config('synchronous_commit', 'off', true), " + GenericPlan;
    const string OutboxTurnSql = "SELECT pg_advisory_xact_lock(7291002), set_config('synchronous_commit', 'off', true), " + GenericPlan;

    // A plan made once is kept as long as the connection, however the table grows; one made while a new table had a few
    // pages and no statistics yet scanned it whole: the inbox claim read 1,045 pages of a table of 50,000 DMs with 10
    // waiting, each claim until autovacuum's ANALYZE came round. Without sequential scans the plan goes by the indexes
    // whatever the table looked like when it was made (every statement so planned looks its rows up by an index).
    const string GenericPlan = "set_config('plan_cache_mode', 'force_generic_plan', true), set_config('enable_seqscan', 'off', true)";

    /// Run before a per-DM statement in its transaction (the same round trip): the statement's prepared plan is used as it
    /// is. PostgreSQL plans a prepared statement for each execution's arguments as long as that plan looks cheaper than the
    /// one for any arguments; for a statement over arrays of the arguments (a lane's batch of threads, whose length the
    /// generic plan cannot know) it always does, and the turns' load was planned on every call: 12,697 plans in 12,657
    /// calls of a load run, planning 2.9 s against 1.0 s of execution (pg_stat_statements). Only there: each of those runs
    /// in a transaction of its own, and the writer's batch puts the setting back after its statements (<see cref="GatheredFrame"/>),
    /// so a brand's reports, and the rest of a writer's transaction, keep plans made for their arguments.
    public const string GenericPlanSql = "SELECT " + GenericPlan;

    // One command of several statements: one round trip for the turn, the claim and the statements around it, where they
    // were a round trip each (3 for an inbox claim, 5 for an outbox claim, with the commit). Without a transaction the
    // server runs the command as one implicit transaction and commits it after its last statement, so the turn's lock
    // is held only while the server works. Each statement still takes its own snapshot (READ COMMITTED): the claim,
    // planned and run after the lock is granted, sees the leases of the claim that held the turn before.
    public override List<T> ClaimInTurn<T>(ClaimQueue queue, DbConnection db, DbTransaction? tx, string sql, object args,
        string[]? before = null, string[]? after = null)
    {
        using var results = Dapper.SqlMapper.QueryMultiple(db, InTurn(queue, sql, before, after), args, tx);
        for (var i = 0; i < 1 + (before?.Length ?? 0); i++) results.Read();
        var rows = results.Read<T>().ToList();
        for (var i = 0; i < (after?.Length ?? 0); i++) results.Read();
        return rows;
    }

    public override async Task<List<T>> ClaimInTurnAsync<T>(ClaimQueue queue, DbConnection db, DbTransaction? tx, string sql, object args,
        string[]? before, string[]? after, CancellationToken ct)
    {
        await using var results = await Dapper.SqlMapper.QueryMultipleAsync(db,
            new Dapper.CommandDefinition(InTurn(queue, sql, before, after), args, tx, cancellationToken: ct));
        for (var i = 0; i < 1 + (before?.Length ?? 0); i++) await results.ReadAsync();
        var rows = (await results.ReadAsync<T>()).ToList();
        for (var i = 0; i < (after?.Length ?? 0); i++) await results.ReadAsync();
        return rows;
    }

    static string InTurn(ClaimQueue queue, string sql, string[]? before, string[]? after) =>
        string.Join(";\n", [queue == ClaimQueue.Inbox ? InboxTurnSql : OutboxTurnSql, .. before ?? [], sql, .. after ?? []]);

    public void Dispose()
    {
        source.Dispose();
        listener.Dispose();
        aside.Dispose();
    }
}
