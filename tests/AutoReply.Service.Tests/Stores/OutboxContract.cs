using AutoReply.Core.Messages;
using AutoReply.Service.Tests.Harness;
using AutoReply.Storage;
using AutoReply.Storage.Outbox;
using NodaTime;

namespace AutoReply.Service.Tests.Stores;

/// The outbox's contract, run on every provider: what the OutboxSender relies on.
public abstract class OutboxContract(TestDatabase database) : StoreContract(database)
{

    protected static readonly Instant T0 = Instant.FromUtc(2026, 11, 24, 9, 0);
    protected static readonly string[] Generic = ["generic"];

    protected static OutboundReply Reply(string id, string thread, int second) =>
        new(id, new ThreadKey("generic", thread), "u-" + thread, ReplyKind.Answer, "text " + id, ["Yes", "No"], "m-" + id, T0 + Duration.FromSeconds(second));

    protected async Task<T> Write<T>(Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, T> work)
    {
        await using var writes = new WriteQueue(Database);
        return await writes.Write(work);
    }

    [Fact]
    public async Task A_reply_is_stored_once_and_each_thread_sends_its_oldest_reply_first()
    {
        var outbox = new OutboxStore(Database);
        Assert.True(await Write((db, tx) => outbox.Insert(Reply("r-1", "t-1", 0), db, tx)));
        Assert.False(await Write((db, tx) => outbox.Insert(Reply("r-1", "t-1", 0), db, tx)));   // one key, one reply
        await Write((db, tx) => outbox.Insert(Reply("r-2", "t-1", 1), db, tx));
        await Write((db, tx) => outbox.Insert(Reply("r-3", "t-2", 2), db, tx));

        var now = T0 + Duration.FromMinutes(1);
        var claimed = await Write((db, tx) => outbox.ClaimDue("a", now, Duration.FromSeconds(30), 10, Generic, db, tx));
        Assert.Equal(["r-1", "r-3"], claimed.Select(c => c.Reply.Id));   // r-2 waits for r-1
        Assert.Equal(["Yes", "No"], claimed[0].Reply.QuickReplies);
        Assert.Empty(await Write((db, tx) => outbox.ClaimDue("a", now, Duration.FromSeconds(30), 10, Generic, db, tx)));   // leased
        // Nothing is due before the leases end: r-2, blocked behind r-1, goes when r-1 leaves the queue, not "since it was written".
        using (var read = Database.Open())
            Assert.Equal(now + Duration.FromSeconds(30), outbox.NextDueAt(Generic, read));

        await Write((db, tx) => { outbox.MarkSent(claimed[0].Seq, now, db, tx); return 0; });
        await Write((db, tx) => { outbox.MarkRetry(claimed[1].Seq, now + Duration.FromMinutes(5), "503", db, tx); return 0; });
        using (var read = Database.Open())
            Assert.Equal(T0 + Duration.FromSeconds(1), outbox.NextDueAt(Generic, read));   // r-2, due since it was written

        var next = await Write((db, tx) => outbox.ClaimDue("a", now, Duration.FromSeconds(30), 10, Generic, db, tx));
        Assert.Equal(["r-2"], next.Select(c => c.Reply.Id));
        await Write((db, tx) => { outbox.MarkDead(next[0].Seq, "400 bad recipient", db, tx); return 0; });
        using var after = Database.Open();
        var dead = Assert.Single(outbox.DeadLetters(10, after));
        Assert.Equal(("r-2", "400 bad recipient", 1), (dead.Id, dead.LastError, dead.Attempts));
        Assert.Equal(1, outbox.PendingCount(after));   // r-3, waiting for its retry
    }

    /// A disclosure that never reached the customer (held outside a platform's window, or dead-lettered) told them nothing:
    /// the thread is no longer marked told, so its next automated message comes after one (QA round 14). Another reply held
    /// changes nothing of it.
    [Fact]
    public async Task A_disclosure_held_or_dead_leaves_its_thread_not_told()
    {
        var outbox = new OutboxStore(Database);
        foreach (var thread in new[] { "d-held", "d-dead", "d-answer" })
            await Write((db, tx) => Dapper.SqlMapper.Execute(db, """
                INSERT INTO conversations (channel, thread_id, sender_id, turns, held, disclosed_at) VALUES ('generic', @thread, 'u', 1, FALSE, 5)
                """, new { thread }, tx));
        OutboundReply Disclosure(string id, string thread) => Reply(id, thread, 0) with { Kind = ReplyKind.Disclosure };
        await Write((db, tx) => outbox.Insert(Disclosure("dh", "d-held"), db, tx));
        await Write((db, tx) => outbox.Insert(Disclosure("dd", "d-dead"), db, tx));
        await Write((db, tx) => outbox.Insert(Reply("da", "d-answer", 0), db, tx));
        var claimed = await Write((db, tx) => outbox.ClaimDue("a", T0 + Duration.FromMinutes(1), Duration.FromSeconds(30), 10, Generic, db, tx));
        long Seq(string id) => claimed.Single(c => c.Reply.Id == id).Seq;
        await Write((db, tx) => { outbox.MarkHeld(Seq("dh"), "outside the 24-hour window", db, tx); return 0; });
        await Write((db, tx) => { outbox.MarkDead(Seq("dd"), "400", db, tx); return 0; });
        await Write((db, tx) => { outbox.MarkHeld(Seq("da"), "outside the 24-hour window", db, tx); return 0; });
        IEnumerable<string> Told()
        {
            using var read = Database.Open();
            return Dapper.SqlMapper.Query<string>(read, "SELECT thread_id FROM conversations WHERE disclosed_at IS NOT NULL ORDER BY thread_id").ToList();
        }
        Assert.Equal(["d-answer"], Told());

        // A turn that read the thread before its disclosure was held, and commits after, writes its old time back only if it
        // told again itself: a turn that told nothing leaves the thread not told.
        var conversations = new AutoReply.Storage.Conversations.ConversationStore();
        var stale = AutoReply.Core.Threads.ConversationState.New(new ThreadKey("generic", "d-held")) with { Turns = 2, DisclosedAt = Instant.FromUnixTimeMilliseconds(5) };
        await Write((db, tx) => { conversations.SaveThread(stale, putsOnHold: false, disclosed: false, "u", db, tx); return 0; });
        Assert.Equal(["d-answer"], Told());
        var toldAgain = stale with { Key = new ThreadKey("generic", "d-dead"), DisclosedAt = T0 };
        await Write((db, tx) => { conversations.SaveThread(toldAgain, putsOnHold: false, disclosed: true, "u", db, tx); return 0; });
        Assert.Equal(["d-answer", "d-dead"], Told());
    }

    [Fact]
    public async Task A_reply_behind_a_pending_one_goes_when_that_one_is_sent_held_or_dead_and_one_overlooked_is_let_go()
    {
        var outbox = new OutboxStore(Database);
        for (var i = 0; i < 4; i++)
        {
            var id = $"r-{i}";
            await Write((db, tx) => outbox.Insert(Reply(id, "t-1", i), db, tx));
        }
        var now = T0 + Duration.FromMinutes(1);
        async Task<string> ClaimOne()
        {
            var claimed = Assert.Single(await Write((db, tx) => outbox.ClaimDue("a", now, Duration.FromSeconds(30), 10, Generic, db, tx)));
            return claimed.Reply.Id + ":" + claimed.Seq;
        }
        long Seq(string claimed) => long.Parse(claimed.Split(':')[1]);

        var first = await ClaimOne();
        Assert.StartsWith("r-0", first);
        await Write((db, tx) => { outbox.MarkSent(Seq(first), now, db, tx); return 0; });
        var second = await ClaimOne();
        Assert.StartsWith("r-1", second);
        await Write((db, tx) => { outbox.MarkHeld(Seq(second), "outside the 24-hour window", db, tx); return 0; });
        var third = await ClaimOne();
        Assert.StartsWith("r-2", third);
        await Write((db, tx) => { outbox.MarkDead(Seq(third), "400", db, tx); return 0; });
        Assert.StartsWith("r-3", await ClaimOne());

        // Two writers racing (PostgreSQL): a reply written blocked while the one before it was being marked sent.
        await Write((db, tx) => outbox.Insert(Reply("r-9", "t-9", 9), db, tx));
        using (var raw = Database.Open())
            Dapper.SqlMapper.Execute(raw, "UPDATE outbox SET blocked = TRUE WHERE id = 'r-9'");
        Assert.Empty(await Write((db, tx) => outbox.ClaimDue("a", now, Duration.FromSeconds(30), 10, Generic, db, tx)));
        Assert.Equal((1, 0L), await Write((db, tx) => outbox.Unblock(0, db, tx)));
        Assert.Equal(["r-9"], (await Write((db, tx) => outbox.ClaimDue("a", now, Duration.FromSeconds(30), 10, Generic, db, tx))).Select(c => c.Reply.Id));
    }

    [Fact]
    public async Task Replies_added_and_marked_sent_in_one_group_commit_wait_behind_their_threads_pending_replies_only()
    {
        // A group commit that adds replies and marks others sent, threads interleaved: where statements are deferred
        // (PostgreSQL) they run after the batch's immediate ones, in the order the units deferred them. Each thread's oldest
        // pending reply alone is sendable afterwards, whether its earlier reply left the queue before or after it was added.
        var outbox = new OutboxStore(Database);
        var now = T0 + Duration.FromMinutes(1);
        foreach (var (id, thread) in new[] { ("r-0", "t-1"), ("r-x", "t-3"), ("r-y", "t-4") })
            await Write((db, tx) => outbox.Insert(Reply(id, thread, 0), db, tx));
        var claimed = (await Write((db, tx) => outbox.ClaimDue("a", now, Duration.FromSeconds(30), 10, Generic, db, tx)))
            .ToDictionary(c => c.Reply.Id, c => c.Seq);
        Assert.Equal(["r-0", "r-x", "r-y"], claimed.Keys.Order());

        await using (var writes = new WriteQueue(Database))
        {
            var units = await WriteQueueContract.InOneBatch(writes,
            [
                (db, tx) => outbox.MarkSent(claimed["r-y"], now, db, tx),
                (db, tx) => outbox.Add(Reply("r-a", "t-2", 1), db, tx),
                (db, tx) => outbox.MarkSent(claimed["r-0"], now, db, tx),   // r-b and r-c come after: r-b is sendable
                (db, tx) => outbox.Add(Reply("r-b", "t-1", 2), db, tx),
                (db, tx) => outbox.Add(Reply("r-c", "t-1", 3), db, tx),
                (db, tx) => outbox.Add(Reply("r-e", "t-3", 4), db, tx),     // behind r-x until the next unit marks it sent
                (db, tx) => outbox.MarkSent(claimed["r-x"], now, db, tx),
                (db, tx) => outbox.Add(Reply("r-d", "t-2", 5), db, tx),     // behind r-a, added in this commit
            ]);
            await Task.WhenAll(units);
        }

        var sendable = await Write((db, tx) => outbox.ClaimDue("a", now, Duration.FromSeconds(30), 10, Generic, db, tx));
        Assert.Equal(["r-a", "r-b", "r-e"], sendable.Select(c => c.Reply.Id).Order());
        using (var read = Database.Open())
            Assert.Equal(["r-c", "r-d"], Dapper.SqlMapper.Query<string>(read, "SELECT id FROM outbox WHERE blocked ORDER BY id"));
        foreach (var reply in sendable) await Write((db, tx) => { outbox.MarkSent(reply.Seq, now, db, tx); return 0; });
        Assert.Equal(["r-c", "r-d"], (await Write((db, tx) => outbox.ClaimDue("a", now, Duration.FromSeconds(30), 10, Generic, db, tx)))
            .Select(c => c.Reply.Id).Order());
    }

    [Fact]
    public async Task A_reply_overlooked_behind_more_waiting_replies_than_a_sweep_looks_at_is_let_go_by_the_next_sweep()
    {
        var outbox = new OutboxStore(Database);
        var now = T0 + Duration.FromHours(1);
        // More threads than a sweep looks at, each with a reply rightly waiting behind a first one that is in backoff for
        // half an hour (its channel is down): none of them moves for a while.
        var waiting = OutboxStore.SweepWindow + 5;
        for (var i = 0; i < waiting; i++)
        {
            await Write((db, tx) => outbox.Insert(Reply($"first-{i}", $"t-{i}", i), db, tx));
            await Write((db, tx) => outbox.Insert(Reply($"second-{i}", $"t-{i}", i), db, tx));
        }
        using (var raw = Database.Open())
            Dapper.SqlMapper.Execute(raw, "UPDATE outbox SET next_attempt_at = @later WHERE blocked = FALSE",
                new { later = (T0 + Duration.FromHours(2)).ToUnixTimeMilliseconds() });
        // Then a reply written blocked although nothing of its thread is pending (the race between two writers).
        await Write((db, tx) => outbox.Insert(Reply("overlooked", "t-x", waiting), db, tx));
        using (var raw = Database.Open())
            Dapper.SqlMapper.Execute(raw, "UPDATE outbox SET blocked = TRUE WHERE id = 'overlooked'");

        // The first sweep's window holds the oldest waiting replies only; the next one goes on from there, finds the
        // overlooked reply, and the sweep after that starts from the first again.
        var (letGo, next) = await Write((db, tx) => outbox.Unblock(0, db, tx));
        Assert.Equal(0, letGo);
        Assert.NotEqual(0, next);
        Assert.Equal((1, 0L), await Write((db, tx) => outbox.Unblock(next, db, tx)));
        Assert.Equal(["overlooked"], (await Write((db, tx) => outbox.ClaimDue("a", now, Duration.FromSeconds(30), 10, Generic, db, tx))).Select(c => c.Reply.Id));
        Assert.Equal(0, (await Write((db, tx) => outbox.Unblock(0, db, tx))).LetGo);
    }

    [Fact]
    public async Task An_account_that_reconnects_gets_its_held_replies_back_in_order_and_only_those()
    {
        var outbox = new OutboxStore(Database);
        var accounts = new AutoReply.Storage.Platforms.ChannelAccountStore();
        string[] x = ["x"];
        OutboundReply On(string id, string thread, int second) => Reply(id, thread, second) with { Thread = new ThreadKey("x", thread) };
        var since = T0 + Duration.FromSeconds(30);
        Assert.True(await Write((db, tx) => accounts.Disconnect(new("x", "4001", since, "revoked", "abc"), db, tx)));
        Assert.False(await Write((db, tx) => accounts.Disconnect(new("x", "4001", since, "revoked", "abc"), db, tx)));   // once
        foreach (var (id, thread, second) in new[] { ("a-1", "4001:5001", 1), ("a-2", "4001:5001", 2), ("b-1", "40011:5001", 3) })
            await Write((db, tx) => outbox.Insert(On(id, thread, second), db, tx));
        var now = T0 + Duration.FromMinutes(1);
        for (var i = 0; i < 3; i++)
        {
            var claimed = await Write((db, tx) => outbox.ClaimDue("a", now, Duration.FromSeconds(30), 10, x, db, tx));
            foreach (var c in claimed)
            {
                var why = c.Reply.Thread.ThreadId.StartsWith("4001:", StringComparison.Ordinal)
                    ? AutoReply.Storage.Platforms.ChannelAccountStore.HeldReasonPrefix + "revoked" : "another account's rule";
                await Write((db, tx) => { outbox.MarkHeld(c.Seq, why, db, tx); return 0; });
            }
        }
        using (var read = Database.Open()) Assert.Single(accounts.Disconnected(read));

        Assert.Equal(2, await Write((db, tx) => accounts.Reconnect("x", "4001", now, db, tx)));
        Assert.Equal(0, await Write((db, tx) => accounts.Reconnect("x", "4001", now, db, tx)));
        using (var read = Database.Open()) Assert.Empty(accounts.Disconnected(read));
        // a-1 first, a-2 behind it; b-1 (account 40011, held for its own reason) stays held.
        var first = Assert.Single(await Write((db, tx) => outbox.ClaimDue("a", now, Duration.FromSeconds(30), 10, x, db, tx)));
        Assert.Equal("a-1", first.Reply.Id);
        await Write((db, tx) => { outbox.MarkSent(first.Seq, now, db, tx); return 0; });
        Assert.Equal(["a-2"], (await Write((db, tx) => outbox.ClaimDue("a", now, Duration.FromSeconds(30), 10, x, db, tx))).Select(c => c.Reply.Id));
    }
}

public sealed class SqliteOutboxContract() : OutboxContract(TestDatabase.Sqlite());

[Collection(PostgresCollection.Name)]
public sealed class PostgresOutboxContract(PostgresServer server) : OutboxContract(TestDatabase.Postgres(server))
{
    // PostgreSQL only: SQLite has no planner settings for the claim to change.
    [Fact]
    public async Task A_claim_leaves_the_planner_settings_of_the_rest_of_its_transaction_as_they_were()
    {
        var outbox = new OutboxStore(Database);
        await Write((db, tx) => outbox.Insert(Reply("r-1", "t-1", 0), db, tx));
        var setting = await Write((db, tx) =>
        {
            Assert.Single(outbox.ClaimDue("a", T0 + Duration.FromMinutes(1), Duration.FromSeconds(30), 10, Generic, db, tx));
            return Dapper.SqlMapper.ExecuteScalar<string>(db, "SELECT current_setting('enable_bitmapscan')", transaction: tx);
        });
        Assert.Equal("on", setting);
    }
}
