using AutoReply.Service.Tests.Harness;
using AutoReply.Storage;
using AutoReply.Storage.Postgres;
using Dapper;

namespace AutoReply.Service.Tests;

/// The per-DM statements stay prepared on PostgreSQL: the server parses and plans them once per connection, not per DM.
[Collection(PostgresCollection.Name)]
public sealed class PostgresStatementTests(PostgresServer server)
{
    const string ProbeSql = "INSERT INTO probe (n, note) VALUES (@n, @note)";

    /// The heartbeat opens its connection aside from the pool the workers share: a busy instance holding all of its pool
    /// would otherwise keep its heartbeat waiting past Instance:DeadAfterSeconds, and the others would take it for dead.
    [Fact]
    public async Task A_connection_aside_opens_while_the_workers_hold_the_whole_pool()
    {
        using var database = new PostgresDatabase(new Npgsql.NpgsqlConnectionStringBuilder(server.CreateDatabase()) { MaxPoolSize = 2, Timeout = 1 }.ConnectionString);
        await using var first = database.Open();
        await using var second = database.Open();
        Assert.ThrowsAny<Npgsql.NpgsqlException>(() => database.Open());   // the pool is exhausted
        await using var aside = database.OpenAside();
        Assert.Equal(1, await aside.ExecuteScalarAsync<int>("SELECT 1"));
    }

    /// The inbox's claim is planned once per connection, often on young statistics: a new database, or a backlog after an
    /// outage while the last ANALYZE saw nearly every DM decided. On such statistics the claim ran its pick once for every
    /// DM it looked at, each time probing every pending DM: in the load benchmark one claim ran 30 s, past its timeout, while
    /// the other instance waited for its turn. Here the statistics say no DM waits while 10,000 do; the claim's work is read
    /// from the server's own account of its plan (auto_explain, sent back as a notice), not from a clock.
    [Fact]
    public async Task The_inbox_claim_reads_a_bounded_number_of_pages_when_the_statistics_say_nothing_waits()
    {
        using var database = await WithYoungStatistics("inbox", InboxRows);
        await using (var setUp = database.Open())
            // Another instance holds the first DM of threads t-0 … t-99.
            await setUp.ExecuteAsync("""
                UPDATE inbox SET lease_owner = 'other', lease_until = @until
                WHERE state = 0 AND platform_id IN (SELECT 'm-' || n FROM generate_series(1, 300) AS n WHERE n % 300 < 100)
                """, new { until = Now.ToUnixTimeMilliseconds() + 3_600_000 });

        var (claimed, pages) = await WithPlanOf("UPDATE inbox SET lease_owner", database,
            db => new Storage.Inbox.InboxStore(database).Claim("me", Now, NodaTime.Duration.FromSeconds(30), 256, db, null));

        // What it claims: the first 256 DMs in acceptance order of the threads no one else holds.
        var expected = Enumerable.Range(1, Waiting).Where(n => n % 300 >= 100).Take(256).Select(n => "m-" + n);
        Assert.Equal(expected, claimed.Select(c => c.Message.PlatformId));
        Assert.True(pages < 10_000, $"the claim read {pages:N0} pages of a table with {Waiting:N0} rows waiting");
    }

    /// The outbox's claim, on the same young statistics: the statistics say every reply was sent while 10,000 wait, the
    /// first of each of 300 threads sendable and the rest behind it.
    [Fact]
    public async Task The_outbox_claim_reads_a_bounded_number_of_pages_when_the_statistics_say_nothing_waits()
    {
        using var database = await WithYoungStatistics("outbox", """
            INSERT INTO outbox (id, channel, thread_id, recipient, kind, text, created_at, next_attempt_at, state, blocked)
            SELECT @prefix || n, 'generic', 't-' || (n % 300), 'u-' || (n % 300), 'answer', 'Your order is on its way.', @ms, @ms, @state, n > 300
            FROM generate_series(1, @count) AS n
            """);

        var (claimed, pages) = await WithPlanOf("UPDATE outbox SET lease_until", database,
            db => new Storage.Outbox.OutboxStore(database).ClaimDue("me", Now, NodaTime.Duration.FromSeconds(60), 256, ["generic"], db, null));

        Assert.Equal(Enumerable.Range(1, 256).Select(n => "m-" + n), claimed.Select(c => c.Reply.Id));
        Assert.True(pages < 10_000, $"the claim read {pages:N0} pages of a table with {Waiting:N0} rows waiting");
    }

    /// A claim is planned once per connection, and a new database's first claims meet an inbox that autovacuum has not
    /// analysed yet: a plan made then scanned the whole table for the DMs it had picked, every claim until an ANALYZE came
    /// round (a minute by default; never, where autovacuum is off). In the load benchmark a claim read 579 pages with
    /// 14,000 DMs decided, 1.9 ms a claim. The claim's turn now rules sequential scans out, so the plan goes by the indexes
    /// whatever the table looked like when it was made.
    [Fact]
    public async Task The_inbox_claim_planned_on_an_empty_inbox_reads_a_bounded_number_of_pages_once_it_has_grown()
    {
        using var database = new PostgresDatabase(server.CreateDatabase());
        database.Migrate();
        await using var db = (Npgsql.NpgsqlConnection)database.Open();
        await db.ExecuteAsync("ALTER TABLE inbox SET (autovacuum_enabled = false)");
        var inbox = new Storage.Inbox.InboxStore(database);
        const string Insert = """
            INSERT INTO inbox (channel, platform_id, thread_id, sender_id, text, sent_at, received_at, state)
            SELECT 'generic', 'm-' || n, 't-' || (n % 300), 'u-' || (n % 300), 'where is my order?', @ms, @ms, CASE WHEN n > 50000 THEN 0 ELSE 1 END
            FROM generate_series(@from, @to) AS n
            """;
        // The first DMs, decided, a few pages before autovacuum has analysed the table.
        await db.ExecuteAsync(Insert, new { ms = Now.ToUnixTimeMilliseconds(), from = 1, to = 200 });
        // Npgsql prepares a statement after its fifth use; the server makes the claim's plan at its first prepared run.
        for (var i = 0; i < 8; i++) Assert.Empty(inbox.Claim("me", Now, NodaTime.Duration.FromSeconds(30), 256, db, null));
        await db.ExecuteAsync(Insert, new { ms = Now.ToUnixTimeMilliseconds(), from = 201, to = 50_010 });

        var (claimed, pages) = await WithPlanOf("UPDATE inbox SET lease_owner", db,
            c => inbox.Claim("me", Now, NodaTime.Duration.FromSeconds(30), 256, c, null));

        Assert.Equal(Enumerable.Range(50_001, 10).Select(n => "m-" + n), claimed.Select(c => c.Message.PlatformId));
        Assert.True(pages < 300, $"the claim read {pages:N0} pages of a table of 50,010 DMs with 10 waiting");
    }

    /// A lane's DMs marked decided, planned as the writer plans its gathered statements (generic plans, once per connection),
    /// on the same young statistics: the plan walked the whole partial index of pending DMs for the DMs marked, and again
    /// for each of them to find an earlier one of its thread (294–297 pages a call in the load benchmark, 113 ms for 16 DMs
    /// with 30,000 waiting); here 14,192 pages for 17 DMs. Now each DM is found by its seq and its thread's earlier DM by one
    /// probe (299 pages).
    [Fact]
    public async Task Marking_a_lanes_dms_decided_reads_a_bounded_number_of_pages_when_the_statistics_say_nothing_waits()
    {
        using var database = await WithYoungStatistics("inbox", InboxRows);
        await using var db = (Npgsql.NpgsqlConnection)database.Open();
        // This instance holds the first DM of threads t-1 … t-16; the second DM of t-1 (m-301) is its too, in the same lane.
        var seqs = (await db.QueryAsync<long>("""
            UPDATE inbox SET lease_owner = 'me', lease_until = @until
            WHERE platform_id IN (SELECT 'm-' || n FROM generate_series(1, 16) AS n UNION ALL SELECT 'm-301')
            RETURNING seq
            """, new { until = Now.ToUnixTimeMilliseconds() + 3_600_000 })).Order().ToList();
        var inbox = new Storage.Inbox.InboxStore(database);

        var (_, pages) = await WithPlanOf("UPDATE inbox SET state = 1", db, c =>
        {
            using var tx = c.BeginTransaction();
            c.Execute(database.GatheredFrame!.Value.SetUp, transaction: tx);
            inbox.MarkAllDecided(seqs, "me", Now, c, tx);
            tx.Commit();
            return 0;
        });

        Assert.Equal(17, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbox WHERE state = 1 AND platform_id LIKE 'm-%'"));
        Assert.True(pages < 2_000, $"marking 17 DMs read {pages:N0} pages of a table with {Waiting:N0} rows waiting");
    }

    const int Waiting = 10_000;

    /// DMs for <see cref="WithYoungStatistics"/>: m-1 … m-N (or done-…) over 300 threads, t-0 … t-299.
    const string InboxRows = """
        INSERT INTO inbox (channel, platform_id, thread_id, sender_id, text, sent_at, received_at, state)
        SELECT 'generic', @prefix || n, 't-' || (n % 300), 'u-' || (n % 300), 'where is my order?', @ms, @ms, @state
        FROM generate_series(1, @count) AS n
        """;

    static readonly NodaTime.Instant Now = NodaTime.Instant.FromUtc(2026, 11, 24, 9, 0);

    /// A new database whose <paramref name="table"/> was analysed holding 200 finished rows (state 1) and then got 10,000
    /// waiting ones (state 0, ids m-1 … m-10000, over 300 threads): statistics that say nothing waits. Autovacuum is off for
    /// the table, so that no ANALYZE freshens them before the claim (the old claim then passed). <paramref name="insert"/>
    /// takes @prefix, @ms, @state and @count.
    async Task<PostgresDatabase> WithYoungStatistics(string table, string insert)
    {
        var database = new PostgresDatabase(server.CreateDatabase());
        database.Migrate();
        var ms = Now.ToUnixTimeMilliseconds();
        await using var setUp = database.Open();
        await setUp.ExecuteAsync($"ALTER TABLE {table} SET (autovacuum_enabled = false)");
        await setUp.ExecuteAsync(insert, new { prefix = "done-", ms, state = 1, count = 200 });
        await setUp.ExecuteAsync($"ANALYZE {table}");
        await setUp.ExecuteAsync(insert, new { prefix = "m-", ms, state = 0, count = Waiting });
        return database;
    }

    /// Runs <paramref name="work"/> on a connection whose statements PostgreSQL explains as it runs them (auto_explain, the
    /// plan sent back as a notice); the pages read by the statement that holds <paramref name="statement"/>.
    static async Task<(T Result, long Pages)> WithPlanOf<T>(string statement, PostgresDatabase database, Func<System.Data.Common.DbConnection, T> work)
    {
        await using var db = (Npgsql.NpgsqlConnection)database.Open();
        return await WithPlanOf(statement, db, work);
    }

    /// <see cref="WithPlanOf{T}(string, PostgresDatabase, Func{System.Data.Common.DbConnection, T})"/> on a connection already
    /// open, whose prepared statements and their plans are kept.
    static async Task<(T Result, long Pages)> WithPlanOf<T>(string statement, Npgsql.NpgsqlConnection db, Func<System.Data.Common.DbConnection, T> work)
    {
        var plans = new List<string>();
        db.Notice += (_, e) => plans.Add(e.Notice.MessageText);
        await db.ExecuteAsync("""
            LOAD 'auto_explain';
            SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on;
            SET auto_explain.log_format = 'json'; SET auto_explain.log_level = 'notice'; SET statement_timeout = '20s';
            """);
        var result = work(db);
        var plan = plans.Where(p => p.Contains('{')).Select(p => System.Text.Json.JsonDocument.Parse(p[p.IndexOf('{')..]).RootElement)
            .Single(p => p.GetProperty("Query Text").GetString()!.Contains(statement, StringComparison.Ordinal)).GetProperty("Plan");
        return (result, plan.GetProperty("Shared Hit Blocks").GetInt64() + plan.GetProperty("Shared Read Blocks").GetInt64());
    }

    [Fact]
    public async Task A_statement_whose_argument_is_sometimes_null_runs_prepared_when_the_null_is_typed()
    {
        using var database = new PostgresDatabase(server.CreateDatabase());
        await using (var db = database.Open())
            await db.ExecuteAsync("CREATE TABLE probe (n INTEGER NOT NULL, note BIGINT); CREATE TABLE probe_untyped (n INTEGER NOT NULL, note BIGINT)");
        await using var writes = new WriteQueue(database);
        const int Runs = 20;
        // As the writer runs a DM's statements: deferred, in the batch sent before the commit, one transaction each here.
        for (var n = 0; n < Runs; n++)
            await writes.Write((db, tx) =>
            {
                db.Defer(tx, ProbeSql, ("@n", n), ("@note", PreparedStatements.Typed(n % 2 == 0 ? null : n * 10L)));
                db.Defer(tx, ProbeSql.Replace("probe", "probe_untyped"), ("@n", n), ("@note", n % 2 == 0 ? DBNull.Value : n * 10L));
            });

        // Executions that went through the server's prepared statement (Npgsql prepares one after its fifth use).
        var prepared = await writes.Write((db, tx) => db.Query<(string, long)>(
                "SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO probe%'", transaction: tx)
            .ToDictionary(r => r.Item1.Contains("probe_untyped") ? "untyped" : "typed", r => r.Item2));
        Assert.True(prepared["typed"] >= Runs - 5, $"typed: {prepared["typed"]} of {Runs} ran prepared");
        // The reason for Typed: an untyped null is sent as of no type, and an execution whose types differ from the prepared
        // statement's runs unprepared, parsed and planned again.
        Assert.True(prepared.GetValueOrDefault("untyped") < prepared["typed"], $"untyped: {prepared.GetValueOrDefault("untyped")} ran prepared");
        await using var check = database.Open();
        Assert.Equal(Runs, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM probe"));
        Assert.Equal(Runs / 2, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM probe WHERE note IS NULL"));
    }

    [Fact]
    public async Task The_writers_gathered_statements_run_with_generic_plans_and_the_rest_of_its_transaction_as_before()
    {
        using var database = new PostgresDatabase(server.CreateDatabase());
        await using (var db = database.Open()) await db.ExecuteAsync("CREATE TABLE probe (n INTEGER NOT NULL, note TEXT)");
        await using var writes = new WriteQueue(database);
        string? during = null, after = null;

        // Unit 1 fails, so the batch is run again unit by unit, each unit's gathered statements sent after its work: unit 2
        // then reads the setting after unit 0's batch has run, in the same transaction.
        var units = await Stores.WriteQueueContract.InOneBatch(writes,
        [
            (db, tx) =>
            {
                db.Defer(tx, ProbeSql, ("@n", 0), ("@note", "x"));
                db.Defer(tx, "INSERT INTO probe (n, note) SELECT 1, current_setting('plan_cache_mode')", []);
            },
            (_, _) => throw new InvalidOperationException("unit 1 fails"),
            (db, tx) => after = db.ExecuteScalar<string>("SELECT current_setting('plan_cache_mode')", transaction: tx),
        ]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => units[1]);
        await using (var db = database.Open()) during = await db.ExecuteScalarAsync<string>("SELECT note FROM probe WHERE n = 1");
        Assert.Equal("force_generic_plan", during);
        Assert.Equal("auto", after);
    }
}
