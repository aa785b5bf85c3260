using AutoReply.Core.Messages;
using AutoReply.Service.Tests.Harness;
using AutoReply.Storage;
using AutoReply.Storage.Cluster;
using AutoReply.Storage.Inbox;
using AutoReply.Storage.Outbox;
using NodaTime;

namespace AutoReply.Service.Tests.Stores;

/// The instances' contract, run on every provider: an instance that stops beating has its claims given back within
/// seconds (not after a lease), the living keep theirs, and the dead one, should it wake, finds it was taken for dead.
public abstract class InstanceContract(TestDatabase database) : StoreContract(database)
{
    static readonly Instant T0 = Instant.FromUtc(2026, 11, 30, 9, 0);

    async Task<T> Write<T>(Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, T> work)
    {
        await using var writes = new WriteQueue(Database);
        return await writes.Write(work);
    }

    [Fact]
    public async Task A_silent_instance_is_reaped_and_its_claims_go_to_the_others_at_once()
    {
        var instances = new InstanceStore();
        var inbox = new InboxStore(Database);
        var outbox = new OutboxStore(Database);
        await Write((db, tx) => { instances.Join("a", "host-a", T0, db, tx); instances.Join("b", "host-b", T0, db, tx); return 0; });
        for (var i = 0; i < 4; i++)
        {
            var dm = new InboundMessage(new ThreadKey("generic", $"t-{i}"), $"m-{i}", new Sender($"u-{i}", null), "hi", T0, T0);
            var reply = new OutboundReply($"r-{i}", dm.Thread, dm.Sender.Id, ReplyKind.Answer, "hello", [], dm.PlatformId, T0);
            await Write((db, tx) => inbox.AppendIfNew(dm, db, tx) && outbox.Insert(reply, db, tx));
        }
        var lease = Duration.FromMinutes(1);
        Assert.Equal(2, (await Write((db, tx) => inbox.Claim("a", T0, lease, 2, db, tx))).Count);
        Assert.Equal(2, (await Write((db, tx) => inbox.Claim("b", T0, lease, 2, db, tx))).Count);
        Assert.Equal(4, (await Write((db, tx) => outbox.ClaimDue("a", T0, lease, 4, ["generic"], db, tx))).Count);

        // b beats on; a has been silent for 6 s (killed): b gives back a's six claims, long before their lease ends.
        var now = T0 + Duration.FromSeconds(6);
        Assert.True(await Write((db, tx) => instances.Beat("b", now, db, tx)));
        Assert.Empty(await Write((db, tx) => instances.Reap("b", now - Duration.FromSeconds(2), Duration.FromSeconds(5), db, tx)));   // 4 s: not yet
        var reaped = Assert.Single(await Write((db, tx) => instances.Reap("b", now, Duration.FromSeconds(5), db, tx)));
        Assert.Equal(("a", 6), (reaped.Id, reaped.Claims));

        var takenOver = await Write((db, tx) => inbox.Claim("b", now, lease, 10, db, tx));
        Assert.Equal(["m-0", "m-1"], takenOver.Select(p => p.Message.PlatformId));   // b's own two stay b's, not claimed again
        Assert.Equal(4, (await Write((db, tx) => outbox.ClaimDue("b", now, lease, 10, ["generic"], db, tx))).Count);

        // a wakes up: its heartbeat finds it was taken for dead; its late decision is fenced off.
        Assert.False(await Write((db, tx) => instances.Beat("a", now, db, tx)));
        Assert.False(await Write((db, tx) => inbox.MarkDecided(takenOver[0].Seq, "a", now, db, tx)));
        Assert.True(await Write((db, tx) => inbox.MarkDecided(takenOver[0].Seq, "b", now, db, tx)));

        // b leaves cleanly: everything it holds is free at once.
        Assert.Equal(7, await Write((db, tx) => instances.Leave("b", db, tx)));
        Assert.False(await Write((db, tx) => instances.Beat("b", now, db, tx)));   // and it is no longer registered
    }
}

public sealed class SqliteInstanceContract() : InstanceContract(TestDatabase.Sqlite());

[Collection(PostgresCollection.Name)]
public sealed class PostgresInstanceContract(PostgresServer server) : InstanceContract(TestDatabase.Postgres(server));
