using AutoReply.Service.Tests.Harness;
using AutoReply.Storage;
using Dapper;

namespace AutoReply.Service.Tests.Stores;

/// The writer's promise, on every provider: a unit that fails is undone alone, and the units it shared a transaction
/// with commit — also when what fails is a deferred statement, sent with the others only at commit.
public abstract class WriteQueueContract(TestDatabase database) : StoreContract(database)
{
    const string CreateSql = "CREATE TABLE t (n INTEGER PRIMARY KEY, note TEXT NOT NULL)";
    const string InsertSql = "INSERT INTO t (n, note) VALUES (@n, @note)";

    /// The database goes away and comes back (a restart, a failover): the write made while it was away fails, so its
    /// caller can answer 5xx, and the next one is written. A connection that could not be opened once used to end the
    /// writer for good: every later write waited for ever, and the service never took a DM again.
    [Fact]
    public async Task A_database_that_was_away_is_written_to_again_once_it_is_back()
    {
        using (var setup = Database.Open()) setup.Execute(CreateSql);
        var away = new AwayFor(Database, opens: 1);
        await using var writes = new WriteQueue(away);
        await Assert.ThrowsAsync<InvalidOperationException>(() => writes.Write((db, tx) => db.Execute(InsertSql, new { n = 1, note = "lost" }, tx))
            .WaitAsync(TimeSpan.FromSeconds(30)));
        var back = await writes.Write((db, tx) => { db.Execute(InsertSql, new { n = 2, note = "back" }, tx); return 2; }).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, back);
        Assert.Equal([2], Stored());
    }

    /// A database whose first <c>opens</c> connections cannot be opened, then the real one's.
    sealed class AwayFor(AutoReply.Storage.Database inner, int opens) : AutoReply.Storage.Database
    {
        int failing = opens;
        public override AutoReply.Storage.Dialect Dialect => inner.Dialect;
        public override System.Data.Common.DbConnection Open() =>
            Interlocked.Decrement(ref failing) >= 0 ? throw new InvalidOperationException("the database is away") : inner.Open();
        public override void Migrate() => inner.Migrate();
        public override int Writers => inner.Writers;
        public override bool GathersStatements => inner.GathersStatements;
        public override (string SetUp, string Finish)? GatheredFrame => inner.GatheredFrame;
        public override bool IsTransient(Exception e) => inner.IsTransient(e);
    }

    [Fact]
    public async Task A_failing_unit_is_rolled_back_alone_and_the_rest_of_its_batch_commits()
    {
        using (var setup = Database.Open()) setup.Execute(CreateSql);
        await using var writes = new WriteQueue(Database);

        // Queued together, so they land in the same batches; unit 25 writes and then throws.
        var units = Enumerable.Range(0, 50).Select(n => writes.Write((db, tx) =>
        {
            db.Execute(InsertSql, new { n, note = "now" }, tx);
            if (n == 25) throw new InvalidOperationException("unit 25 fails after writing");
            return n;
        })).ToList();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => units[25]);
        Assert.Equal("unit 25 fails after writing", failure.Message);
        foreach (var (unit, n) in units.Select((u, n) => (u, n)).Where(p => p.n != 25)) Assert.Equal(n, await unit);
        Assert.Equal(Enumerable.Range(0, 50).Where(n => n != 25), Stored());
        Assert.True(writes.Stats.Batches < 50, "the units were committed in shared transactions");
    }

    [Fact]
    public async Task A_deferred_statement_that_fails_at_commit_fails_its_own_unit_only()
    {
        using (var setup = Database.Open()) setup.Execute(CreateSql);
        await using var writes = new WriteQueue(Database);

        // Unit 7 defers an insert that breaks NOT NULL; where statements are gathered, it fails only when the batch is sent.
        var units = Enumerable.Range(0, 30).Select(n => writes.Write((db, tx) =>
            db.Defer(tx, InsertSql, ("@n", n), ("@note", PreparedStatements.Typed(n == 7 ? null : "deferred"))))).ToList();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => units[7]);
        foreach (var (unit, n) in units.Select((u, n) => (u, n)).Where(p => p.n != 7)) Assert.Equal(1, (await unit).Rows);
        Assert.Equal(Enumerable.Range(0, 30).Where(n => n != 7), Stored());
    }

    static readonly RowInsert<int> Lines = new("INSERT INTO lines (n) VALUES (@n)", n => [("@n", n)],
        "INSERT INTO lines (n) SELECT l.n FROM unnest(@ns) WITH ORDINALITY AS l(n, i) ORDER BY l.i", rows => [("@ns", rows.ToArray())]);

    [Fact]
    public async Task Rows_deferred_by_the_units_of_a_batch_are_written_in_their_order_and_a_failed_units_rows_not_at_all()
    {
        using (var setup = Database.Open())
        {
            setup.Execute(CreateSql);
            setup.Execute(Database.Dialect == Dialect.Postgres
                ? "CREATE TABLE lines (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n INTEGER NOT NULL)"
                : "CREATE TABLE lines (seq INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER NOT NULL)");
        }
        await using var writes = new WriteQueue(Database);

        // A batch that commits as it is: the writer is held until all ten units are queued, so their twenty lines are one
        // transaction's (one statement where statements are gathered).
        await InOneBatch(writes, Enumerable.Range(0, 10).Select(n => (Action<System.Data.Common.DbConnection, System.Data.Common.DbTransaction>)((db, tx) =>
        {
            db.DeferRow(tx, Lines, 2 * n);
            db.DeferRow(tx, Lines, 2 * n + 1);
        })).ToList());

        // A batch run again unit by unit: each unit writes two lines with a statement of its own between them; unit 17's
        // statement breaks NOT NULL when the batch is sent, unit 22 throws after its first line.
        var units = await InOneBatch(writes, Enumerable.Range(10, 20).Select(n => (Action<System.Data.Common.DbConnection, System.Data.Common.DbTransaction>)((db, tx) =>
        {
            db.DeferRow(tx, Lines, 2 * n);
            if (n == 22) throw new InvalidOperationException("unit 22 fails after its first line");
            db.Defer(tx, InsertSql, ("@n", n), ("@note", PreparedStatements.Typed(n == 17 ? null : "deferred")));
            db.DeferRow(tx, Lines, 2 * n + 1);
        })).ToList());

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => units[17 - 10]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => units[22 - 10]);
        foreach (var unit in units.Where((_, i) => i + 10 is not (17 or 22))) await unit;
        using var read = Database.Open();
        Assert.Equal(Enumerable.Range(0, 60).Where(n => n / 2 is not (17 or 22)), read.Query<int>("SELECT n FROM lines ORDER BY seq"));
    }

    /// Queues the units while the writer is held by a unit of its own, so that they are committed together, and waits for
    /// that batch; returns the units' tasks.
    internal static async Task<List<Task>> InOneBatch(WriteQueue writes, List<Action<System.Data.Common.DbConnection, System.Data.Common.DbTransaction>> work)
    {
        var release = new TaskCompletionSource();
        var holder = writes.Write((_, _) => release.Task.Wait());
        await Task.Delay(100);   // the writer has taken the holder alone and waits in it
        var units = work.Select(w => writes.Write(w)).ToList();
        release.SetResult();
        await holder;
        await Task.WhenAll(units.Select(u => u.ContinueWith(_ => { })));
        return units;
    }

    [Fact]
    public async Task A_deferred_statement_counts_its_rows_once_committed()
    {
        using (var setup = Database.Open()) setup.Execute(CreateSql);
        await using var writes = new WriteQueue(Database);
        const string InsertOnceSql = InsertSql + " ON CONFLICT (n) DO NOTHING";

        var first = await writes.Write((db, tx) => db.Defer(tx, InsertOnceSql, ("@n", 1), ("@note", "first")));
        var again = await writes.Write((db, tx) => db.Defer(tx, InsertOnceSql, ("@n", 1), ("@note", "again")));

        Assert.Equal((1, 0), (first.Rows, again.Rows));
        Assert.Equal([1], Stored());
    }

    List<int> Stored()
    {
        using var read = Database.Open();
        return read.Query<int>("SELECT n FROM t ORDER BY n").ToList();
    }
}

public sealed class SqliteWriteQueueContract() : WriteQueueContract(TestDatabase.Sqlite());

[Collection(PostgresCollection.Name)]
public sealed class PostgresWriteQueueContract(PostgresServer server) : WriteQueueContract(TestDatabase.Postgres(server));
