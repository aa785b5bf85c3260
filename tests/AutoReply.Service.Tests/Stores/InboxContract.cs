using AutoReply.Core.Messages;
using AutoReply.Service.Tests.Harness;
using AutoReply.Storage;
using AutoReply.Storage.Inbox;
using NodaTime;

namespace AutoReply.Service.Tests.Stores;

/// The inbox's contract, run on every provider: what the TurnWorker relies on, whatever database is underneath.
public abstract class InboxContract(TestDatabase database) : StoreContract(database)
{

    static readonly Instant T0 = Instant.FromUtc(2026, 11, 24, 9, 0);

    static InboundMessage Dm(string id, string thread, string text = "hi") =>
        new(new ThreadKey("generic", thread), id, new Sender("u-" + thread, "Ana"), text, T0, T0) { Attachments = [new Attachment("image", "https://example.com/a.jpg")] };

    async Task<T> Write<T>(Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, T> work)
    {
        await using var writes = new WriteQueue(Database);
        return await writes.Write(work);
    }

    [Fact]
    public async Task A_DM_is_appended_once_however_often_it_is_delivered()
    {
        var inbox = new InboxStore(Database);
        Assert.True(await Write((db, tx) => inbox.AppendIfNew(Dm("m-1", "t-1"), db, tx)));
        Assert.False(await Write((db, tx) => inbox.AppendIfNew(Dm("m-1", "t-1", "changed"), db, tx)));
        using var read = Database.Open();
        Assert.Equal(1, inbox.PendingCount(read));
    }

    [Fact]
    public async Task Claims_come_in_acceptance_order_under_a_lease_and_a_decided_DM_is_decided_once()
    {
        var inbox = new InboxStore(Database);
        foreach (var (id, thread) in new[] { ("m-1", "t-1"), ("m-2", "t-2"), ("m-3", "t-1") })
            await Write((db, tx) => inbox.AppendIfNew(Dm(id, thread), db, tx));

        var claimed = await Write((db, tx) => inbox.Claim("a", T0, Duration.FromSeconds(30), 10, db, tx));
        Assert.Equal(["m-1", "m-2", "m-3"], claimed.Select(c => c.Message.PlatformId));
        Assert.Equal("https://example.com/a.jpg", claimed[0].Message.Attachments.Single().Url);
        Assert.Empty(await Write((db, tx) => inbox.Claim("b", T0 + Duration.FromSeconds(1), Duration.FromSeconds(30), 10, db, tx)));   // leased to a

        Assert.True(await Write((db, tx) => inbox.MarkDecided(claimed[0].Seq, "a", T0, db, tx)));
        Assert.False(await Write((db, tx) => inbox.MarkDecided(claimed[0].Seq, "a", T0, db, tx)));   // never twice

        // a's lease ran out (a crashed instance): b takes what is left, still in order.
        var taken = await Write((db, tx) => inbox.Claim("b", T0 + Duration.FromSeconds(31), Duration.FromSeconds(30), 10, db, tx));
        Assert.Equal(["m-2", "m-3"], taken.Select(c => c.Message.PlatformId));
        // a wakes up and commits its decision of m-2: the claim is b's now, so a's decision is fenced off.
        Assert.False(await Write((db, tx) => inbox.MarkDecided(claimed[1].Seq, "a", T0, db, tx)));
        Assert.Equal(2, await Write((db, tx) => inbox.Release("b", db, tx)));
        using var read = Database.Open();
        Assert.Equal(2, inbox.PendingCount(read));
    }

    /// No DM is marked decided while an earlier one of its thread is undecided outside the unit committed with it, and the
    /// claims of a unit that failed are given back: a lane whose batch failed forgot its DMs with their claims live, and
    /// its instance decided their threads' later DMs first (the three-instance test, under load).
    [Fact]
    public async Task A_DM_is_decided_only_after_the_earlier_DMs_of_its_thread_and_a_failed_units_claims_are_given_back()
    {
        var inbox = new InboxStore(Database);
        foreach (var (id, thread) in new[] { ("m-1", "t-1"), ("m-2", "t-2"), ("m-3", "t-1") })
            await Write((db, tx) => inbox.AppendIfNew(Dm(id, thread), db, tx));
        var claimed = await Write((db, tx) => inbox.Claim("a", T0, Duration.FromSeconds(30), 10, db, tx));
        Assert.Equal(["m-1", "m-2", "m-3"], claimed.Select(c => c.Message.PlatformId));

        // m-3 alone (its batch lost m-1): refused, also among other threads' DMs, and nothing of that unit is written
        Assert.False(await Write((db, tx) => inbox.MarkDecided(claimed[2].Seq, "a", T0, db, tx)));
        await Assert.ThrowsAsync<ClaimLostException>(() => Write((db, tx) =>
        {
            inbox.MarkAllDecided([claimed[1].Seq, claimed[2].Seq], "a", T0, db, tx);
            return inbox.PendingCount(db);   // (a deferred statement on PostgreSQL runs before the commit)
        }));
        using (var read = Database.Open()) Assert.Equal(3, inbox.PendingCount(read));
        // given back, the thread is claimed again from its earliest DM
        Assert.Equal(2, await Write((db, tx) => inbox.GiveBack([claimed[1].Seq, claimed[2].Seq], "a", db, tx)));
        var again = await Write((db, tx) => inbox.Claim("b", T0 + Duration.FromSeconds(1), Duration.FromSeconds(30), 10, db, tx));
        Assert.Equal(["m-2"], again.Select(c => c.Message.PlatformId));   // m-3 waits behind m-1, still a's
        // in one unit with the earlier DM, in order, both are decided
        await Write((db, tx) => { inbox.MarkAllDecided([claimed[0].Seq], "a", T0, db, tx, [claimed[0].Seq]); return 0; });
        var last = await Write((db, tx) => inbox.Claim("b", T0 + Duration.FromSeconds(2), Duration.FromSeconds(30), 10, db, tx));
        Assert.Equal(["m-3"], last.Select(c => c.Message.PlatformId));
        Assert.True(await Write((db, tx) => inbox.MarkDecided(last[0].Seq, "b", T0, db, tx)));
    }

    [Fact]
    public async Task Instances_claiming_at_once_never_share_a_DM_nor_take_a_threads_later_DM_beside_an_earlier_one()
    {
        var inbox = new InboxStore(Database);
        await using (var setup = new WriteQueue(Database))
            for (var i = 0; i < 300; i++)
            {
                var (id, thread) = ($"m-{i}", $"t-{i % 30}");
                await setup.Write((db, tx) => inbox.AppendIfNew(Dm(id, thread), db, tx));
            }
        // Three instances, each with its own writer, claim small batches at the same moment until nothing is left.
        var writers = Enumerable.Range(0, 3).Select(_ => new WriteQueue(Database)).ToArray();
        var claims = new System.Collections.Concurrent.ConcurrentBag<(long Order, PendingMessage Dm)>();
        long order = 0;
        await Task.WhenAll(writers.Select((w, n) => Task.Run(async () =>
        {
            for (var round = 0; round < 200; round++)
            {
                var got = await w.Write((db, tx) =>
                {
                    var batch = inbox.Claim($"i{n}", T0, Duration.FromMinutes(5), 7, db, tx);
                    var at = Interlocked.Increment(ref order);   // claims take turns, so this is the order they happened in
                    return batch.Select(dm => (at, dm)).ToList();
                });
                foreach (var c in got) claims.Add(c);
                if (got.Count == 0) break;
                // Decide what was claimed, as the TurnWorker would, so the thread's next DM becomes claimable.
                foreach (var (_, dm) in got) await w.Write((db, tx) => inbox.MarkDecided(dm.Seq, dm.Owner, T0, db, tx));
            }
        })));
        foreach (var w in writers) await w.DisposeAsync();

        Assert.Equal(300, claims.Count);
        Assert.Equal(300, claims.Select(c => c.Dm.Seq).Distinct().Count());   // no DM claimed twice
        foreach (var thread in claims.GroupBy(c => c.Dm.Message.Thread.ThreadId))
        {
            var seqs = thread.OrderBy(c => c.Order).ThenBy(c => c.Dm.Seq).Select(c => c.Dm.Seq).ToList();
            Assert.Equal(seqs.Order(), seqs);   // each thread's DMs claimed in the order they were accepted
        }
    }
}

public sealed class SqliteInboxContract() : InboxContract(TestDatabase.Sqlite());

[Collection(PostgresCollection.Name)]
public sealed class PostgresInboxContract(PostgresServer server) : InboxContract(TestDatabase.Postgres(server))
{
    // PostgreSQL only: a claim beside the writer has no transaction of its own making. Its statements are one command, and
    // the server must run them as one transaction: were each its own, the turn's lock would be gone before the claim ran.
    [Fact]
    public async Task A_claim_without_a_transaction_holds_its_queues_turn_until_its_last_statement_has_run()
    {
        const string HeldTurnsSql = "SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted";
        await using var writes = new WriteQueue(Database);
        var held = await writes.Claim(async (db, tx) =>
        {
            Assert.Null(tx);
            return (await Database.ClaimInTurnAsync<Held>(ClaimQueue.Inbox, db, tx, HeldTurnsSql, new { }, null, null, default)).Single().N;
        });
        Assert.Equal(1L, held);
        using var after = Database.Open();
        Assert.Equal(0L, Dapper.SqlMapper.ExecuteScalar<long>(after, HeldTurnsSql.Replace("pid = pg_backend_pid() AND ", "")));   // and gone after it
    }

    sealed class Held { public long N { get; set; } }
}
