using System.Data.Common;

namespace AutoReply.Storage;

/// The SQL dialects AutoReply speaks. A store whose statement differs between them keeps one constant per dialect.
public enum Dialect { Sqlite, Postgres }

/// The queues whose claims keep an order (a thread's DMs, a thread's replies), each taking turns on its own.
public enum ClaimQueue { Inbox = 1, Outbox = 2 }

/// Where the data lives, seen by the stores: provider-neutral connections (System.Data.Common), opened the same way
/// every time, the dialect for the statements that differ, and the schema brought up to date. Reads open their own
/// pooled connections; writes go through the <see cref="WriteQueue"/>.
public abstract class Database
{
    public abstract Dialect Dialect { get; }

    public abstract DbConnection Open();

    /// A connection outside the pool the workers share, for what must not wait behind them: the instance's heartbeat, which
    /// a pool held by a busy instance's writes and claims would delay past Instance:DeadAfterSeconds, so that the others took
    /// it for dead and gave its claims away (a false death: its decisions in flight are then written as nothing and made
    /// again). On PostgreSQL a pool of its own of at most two connections; elsewhere <see cref="Open"/>.
    public virtual DbConnection OpenAside() => Open();

    /// <see cref="Open"/>, awaited where opening may wait for the server or the pool (PostgreSQL).
    public virtual ValueTask<DbConnection> OpenAsync(CancellationToken ct = default) => ValueTask.FromResult(Open());

    /// Brings the schema to the latest version of this dialect; safe when several instances start at once.
    public abstract void Migrate();

    /// How many transactions the <see cref="WriteQueue"/> commits side by side.
    public virtual int Writers => 1;

    /// Whether the <see cref="WriteQueue"/> gathers deferred statements (<see cref="PreparedStatements.Defer"/>) and sends
    /// them together at commit: worth it where each statement is a round trip to a server.
    public virtual bool GathersStatements => false;

    /// Statements sent before and after the gathered ones, in the same batch, that set their transaction up for them and
    /// back; null for none.
    public virtual (string SetUp, string Finish)? GatheredFrame => null;

    /// Whether <see cref="WriteQueue.Claim"/> commits claims beside the writer, each in a transaction of its own, rather than
    /// in the writer's batches: where transactions run side by side (PostgreSQL).
    public virtual bool ClaimsBesideWriter => false;

    /// How instances on this database wake each other; null where they cannot (SQLite: they poll).
    public virtual ClusterNotices? Notices => null;

    /// A failure the database resolved by aborting this transaction (deadlock, serialization): running it again is right.
    public virtual bool IsTransient(Exception e) => false;

    /// Runs a claim's statement (an UPDATE … RETURNING) in its queue's turn, for the claiming transaction only (released
    /// by its commit, never held by a pooled session), and maps its rows: claims of several instances then take turns,
    /// and each sees the leases the others took. SQLite's single write lock already does this; PostgreSQL lets
    /// transactions run side by side, so its provider takes a transaction-level advisory lock first, in the same round
    /// trip. <paramref name="before"/> and <paramref name="after"/> are SELECTs of one row each run around the claim in
    /// the same round trip (a planner setting for the claim alone), where the provider needs them.
    /// Call it only in a unit queued with <see cref="WriteQueue.Claim"/>: one turn per transaction, or two instances'
    /// batches wait on each other's turns. Without a transaction (<paramref name="tx"/> null), the statements are one
    /// transaction of their own (a command of several statements is).
    public virtual List<T> ClaimInTurn<T>(ClaimQueue queue, DbConnection db, DbTransaction? tx, string sql, object args,
        string[]? before = null, string[]? after = null)
    {
        foreach (var statement in before ?? []) Dapper.SqlMapper.Execute(db, statement, transaction: tx);
        var rows = Dapper.SqlMapper.Query<T>(db, sql, args, tx).ToList();
        foreach (var statement in after ?? []) Dapper.SqlMapper.Execute(db, statement, transaction: tx);
        return rows;
    }

    /// <see cref="ClaimInTurn"/>, awaited where the claim is a round trip to a server (PostgreSQL); elsewhere it has
    /// completed when it returns.
    public virtual Task<List<T>> ClaimInTurnAsync<T>(ClaimQueue queue, DbConnection db, DbTransaction? tx, string sql, object args,
        string[]? before, string[]? after, CancellationToken ct) => Task.FromResult(ClaimInTurn<T>(queue, db, tx, sql, args, before, after));

    /// After an erasure: makes what was deleted unrecoverable from the database's own files where the provider can
    /// (SQLite: the WAL is checkpointed and truncated; deleted content is already zeroed by secure_delete). False
    /// when it could not yet (readers held the WAL; it happens at the next checkpoint).
    public virtual bool Compact() => true;

    const string QueueDepthsSql = """
        SELECT 'handoffs_' || state, COUNT(*) FROM handoffs WHERE state <> 'resolved' GROUP BY state
        UNION ALL SELECT 'inbox_pending', COUNT(*) FROM inbox WHERE state = 0
        UNION ALL SELECT 'outbox_pending', COUNT(*) FROM outbox WHERE state = 0
        """;

    /// How much waits where: open hand-offs by state, undecided DMs, unsent replies (for /metrics).
    public IReadOnlyList<(string Queue, long Count)> QueueDepths()
    {
        using var db = Open();
        return Dapper.SqlMapper.Query<(string Queue, long Count)>(db, QueueDepthsSql).ToList();
    }
}
