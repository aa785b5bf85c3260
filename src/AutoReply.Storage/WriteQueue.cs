using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace AutoReply.Storage;

/// The writer: every change to the database is a unit of work queued here, and the queue commits whatever has
/// gathered in one transaction (group commit). One fsync then makes a whole batch of DMs durable, which is how
/// ingest can be both durable-before-2xx and fast. SQLite has one writer (its write lock admits no more);
/// PostgreSQL has <see cref="Database.Writers"/> of them side by side, each with its own connection, so one batch's
/// round trips overlap another's.
/// A unit that throws is rolled back alone and its caller gets the exception; the others in the batch commit
/// (see <see cref="Commit"/>). A caller's task completes only after the commit, never before.
public sealed class WriteQueue : IAsyncDisposable
{
    sealed class Unit(Func<DbConnection, DbTransaction, object?> work)
    {
        public readonly Func<DbConnection, DbTransaction, object?> Work = work;
        public readonly TaskCompletionSource<object?> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public object? Result;
    }

    const int MaxBatch = 512;
    long busyTicks, batches, units;

    /// How hard the writer works: time spent in transactions, transactions committed, units of work in them.
    public (TimeSpan Busy, long Batches, long Units) Stats =>
        (TimeSpan.FromTicks(Interlocked.Read(ref busyTicks)), Interlocked.Read(ref batches), Interlocked.Read(ref units));
    readonly Channel<Unit> queue = Channel.CreateUnbounded<Unit>(new UnboundedChannelOptions { SingleReader = false });
    readonly Database database;
    readonly Task[] loops;

    public WriteQueue(Database database)
    {
        this.database = database;
        loops = Enumerable.Range(0, Math.Max(1, database.Writers))
            .Select(_ => Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap())
            .ToArray();
    }

    /// Runs <paramref name="work"/> in a transaction and returns its result once the transaction has committed.
    public Task<T> Write<T>(Func<DbConnection, DbTransaction, T> work, CancellationToken ct = default) => Enqueue<T>(new Unit((c, t) => work(c, t)), ct);

    /// A claim that takes its queue's turn (<see cref="Database.ClaimInTurn"/>). On SQLite it is a unit like any other (the
    /// one write lock is the turn). Where claims run beside the writer (PostgreSQL) it commits in a transaction of its own
    /// on a pooled connection, not in the writer's batch:
    /// - batched with other units, a claim held its turn's lock until the whole batch committed, and a batch that held
    ///   the inbox's turn and waited for the outbox's deadlocked with one that held the outbox's (the server broke each
    ///   after a second, with every write of the instance waiting; about 5 a run under load);
    /// - alone but still in the writer's queue, every claim, and its wait for another instance's turn, held up the
    ///   instance's ingest and decisions behind it (the writer was busy 98% of a run at 500 DMs/s, in batches of 6 units).
    /// There <paramref name="work"/> gets no transaction (null): its claim is one command of several statements, which the
    /// server runs as one transaction of its own, committed when the last has run (<see cref="Database.ClaimInTurn"/>): one
    /// round trip, and the queue's turn is held only while the server works, not while a COMMIT travels. The claim is
    /// awaited (<see cref="Database.ClaimInTurnAsync"/>): no pool thread waits for the server or for another instance's turn.
    /// In the writer's batch (SQLite) <paramref name="work"/> must have completed when it returns, as the providers' claims
    /// there do (in process, nothing to wait for).
    public Task<T> Claim<T>(Func<DbConnection, DbTransaction?, Task<T>> work, CancellationToken ct = default) =>
        database.ClaimsBesideWriter
            ? ClaimBeside(work, ct)
            : Enqueue<T>(new Unit((c, t) => Completed(work(c, t))), ct);

    static T Completed<T>(Task<T> claim) =>
        claim.IsCompleted ? claim.GetAwaiter().GetResult() : throw new InvalidOperationException("a claim in the writer's batch must not wait");

    async Task<T> ClaimBeside<T>(Func<DbConnection, DbTransaction?, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await database.OpenAsync(ct);
                return await work(connection, null);
            }
            catch (Exception e) when (database.IsTransient(e) && attempt < MaxAttempts) { }
        }
    }

    async Task<T> Enqueue<T>(Unit unit, CancellationToken ct)
    {
        if (!queue.Writer.TryWrite(unit)) throw new ObjectDisposedException(nameof(WriteQueue));
        // The caller may stop waiting, but the unit is not withdrawn: it may already be in a committed batch.
        return (T)(await unit.Done.Task.WaitAsync(ct))!;
    }

    public Task Write(Action<DbConnection, DbTransaction> work, CancellationToken ct = default) =>
        Write<object?>((c, t) => { work(c, t); return null; }, ct);

    async Task Run()
    {
        DbConnection? connection = null;
        var batch = new List<Unit>(MaxBatch);
        try
        {
            while (await queue.Reader.WaitToReadAsync())
            {
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var unit)) batch.Add(unit);
                try
                {
                    // Opened inside the try: while the database is away, opening fails, this batch fails (its callers answer
                    // 5xx), and the next batch tries again. Outside it, one failed open ended the writer for good: every
                    // later write waited for ever, and a restarted database never got a DM again.
                    connection ??= database.Open();
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    await Commit(database, connection, batch);
                    Interlocked.Add(ref busyTicks, System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks);
                    Interlocked.Increment(ref batches);
                    Interlocked.Add(ref units, batch.Count);
                }
                catch (Exception e)
                {
                    // The transaction as a whole failed (disk full, database locked too long): nothing in it committed.
                    foreach (var unit in batch) unit.Done.TrySetException(e);
                    connection?.Dispose();
                    connection = null;
                }
                batch.Clear();
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    /// Optimistic first: the whole batch in one transaction without savepoints (two statements fewer per unit, most
    /// of the writer's time under load). Should any unit throw, that transaction is rolled back and the batch is
    /// run again with a savepoint around each unit, so the failing unit alone is undone. Units only touch the
    /// database, so running one again after a rollback is the same as running it once.
    /// Where writers run side by side (PostgreSQL), two batches can wait on each other's rows; the database then
    /// aborts one of them (a deadlock or serialization failure), and that batch is simply run again.
    static async Task Commit(Database database, DbConnection connection, List<Unit> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            Exception? failure = null;
            var tx = Begin(database, connection);
            try
            {
                foreach (var unit in batch)
                {
                    try { unit.Result = unit.Work(connection, tx); }
                    catch (Exception e) { failure = e; break; }
                }
                // The batch's last two round trips are awaited, not waited on: the writers run on the thread pool, and on
                // Linux a thread blocked on a socket spins first. Measured on PostgreSQL the gain is within this machine's
                // noise (median 593 -> 655 DMs/s over six alternating runs, then 493 against 470 over four). On SQLite the
                // same calls complete at once.
                if (failure is null)
                {
                    try { await PreparedStatements.RunDeferredAsync(tx); }
                    catch (Exception e) { failure = e; }
                }
                if (failure is null)
                {
                    try
                    {
                        await tx.CommitAsync();
                        foreach (var unit in batch) unit.Done.TrySetResult(unit.Result);
                        return;
                    }
                    catch (Exception e) when (database.IsTransient(e) && attempt < MaxAttempts) { continue; }
                }
                tx.Rollback();
            }
            finally { End(tx); }
            if (database.IsTransient(failure!) && attempt < MaxAttempts) continue;
            CommitIsolated(database, connection, batch);
            return;
        }
    }

    const int MaxAttempts = 3;

    static void CommitIsolated(Database database, DbConnection connection, List<Unit> batch)
    {
        var failed = new Dictionary<Unit, Exception>();
        var tx = Begin(database, connection);
        try
        {
            foreach (var unit in batch)
            {
                tx.Save("unit");
                try
                {
                    unit.Result = unit.Work(connection, tx);
                    PreparedStatements.RunDeferred(tx);   // the unit's own statements, so a failing one is charged to it
                    tx.Release("unit");
                }
                catch (Exception e)
                {
                    PreparedStatements.DropDeferred(tx);
                    tx.Rollback("unit");
                    tx.Release("unit");
                    failed[unit] = e;
                }
            }
            tx.Commit();
        }
        finally { End(tx); }
        foreach (var unit in batch)
        {
            if (failed.TryGetValue(unit, out var e)) unit.Done.TrySetException(e);
            else unit.Done.TrySetResult(unit.Result);
        }
    }

    /// A transaction whose deferred statements (<see cref="PreparedStatements.Defer"/>) are gathered where the database
    /// gains by it; they are dropped with it (<see cref="End"/>) should it end uncommitted.
    static DbTransaction Begin(Database database, DbConnection connection)
    {
        var tx = connection.BeginTransaction();
        if (database.GathersStatements) PreparedStatements.GatherDeferred(connection, tx, database.GatheredFrame);
        return tx;
    }

    static void End(DbTransaction tx)
    {
        PreparedStatements.StopDeferring(tx);
        tx.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await Task.WhenAll(loops);
    }
}
