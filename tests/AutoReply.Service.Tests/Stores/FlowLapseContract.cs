using AutoReply.Core.Engine;
using AutoReply.Core.Messages;
using AutoReply.Core.Threads;
using AutoReply.Service.Tests.Harness;
using AutoReply.Storage;
using AutoReply.Storage.Conversations;
using AutoReply.Storage.Handoffs;
using AutoReply.Storage.Inbox;
using AutoReply.Storage.Outbox;
using AutoReply.Storage.Privacy;
using AutoReply.Storage.Transcript;
using AutoReply.Storage.Turns;
using NodaTime;

namespace AutoReply.Service.Tests.Stores;

/// The lapses of flows only a person can finish, on every provider: a turn writes its thread's, the next moves or removes
/// it, a due one is taken once, never while a DM of the thread waits, and an erasure takes it too.
public abstract class FlowLapseContract(TestDatabase database) : StoreContract(database)
{
    static readonly Instant T0 = Instant.FromUtc(2026, 11, 24, 9, 0);
    static readonly ThreadKey Key = new("generic", "t-1");

    async Task Turn(WriteQueue writes, string id, int turns, FlowLapseChange? lapse, Instant at)
    {
        var inbox = new InboxStore(Database);
        var committer = new TurnCommitter(inbox, new ConversationStore(), new ReplyQueue(new OutboxStore(Database), new TranscriptStore()), new TranscriptStore(),
            new HandoffStore(), new OneTeam(), lapses: new FlowLapseStore());
        await Append(writes, id, at);
        var pending = (await writes.Write((db, tx) => inbox.Claim("w", at, Duration.FromSeconds(30), 10, db, tx))).Single();
        var decision = TurnDecision.Reply(Reason.FlowStep, Reply.Of(ReplyKind.Dialog, "When should we call you?"));
        var result = new TurnResult(decision, ConversationState.New(Key) with { Turns = turns, LastInboundAt = at }, ContactState.New("generic", "u-1")) { Lapse = lapse };
        await writes.Write((db, tx) => committer.Commit(pending, result, at, db, tx));
    }

    Task Append(WriteQueue writes, string id, Instant at) =>
        writes.Write((db, tx) => new InboxStore(Database).AppendIfNew(new InboundMessage(Key, id, new Sender("u-1", "Ana"), "call me", at, at), db, tx));

    [Fact]
    public async Task A_due_lapse_is_taken_once_and_a_later_turn_moves_or_removes_it()
    {
        var lapses = new FlowLapseStore();
        await using var writes = new WriteQueue(Database);
        await Turn(writes, "m-1", 1, new FlowLapseChange(T0 + Duration.FromMinutes(30)), T0);
        Assert.Empty(await writes.Write((db, tx) => lapses.Due(T0 + Duration.FromMinutes(29), 10, db, tx)));
        await Turn(writes, "m-2", 2, new FlowLapseChange(T0 + Duration.FromMinutes(40)), T0 + Duration.FromMinutes(10));   // moved on
        Assert.Empty(await writes.Write((db, tx) => lapses.Due(T0 + Duration.FromMinutes(35), 10, db, tx)));
        var due = Assert.Single(await writes.Write((db, tx) => lapses.Due(T0 + Duration.FromMinutes(41), 10, db, tx)));
        Assert.Equal((Key, "u-1", 2), (due.Thread, due.SenderId, due.Turns));

        // A DM of the thread still to decide: its turn decides what is due, not the check.
        await Append(writes, "m-3", T0 + Duration.FromMinutes(41));
        Assert.Empty(await writes.Write((db, tx) => lapses.Due(T0 + Duration.FromMinutes(41), 10, db, tx)));
        var stale = due with { Turns = 1 };
        Assert.False(await writes.Write((db, tx) => lapses.Take(stale, db, tx)));
        Assert.True(await writes.Write((db, tx) => lapses.Take(due, db, tx)));
        Assert.False(await writes.Write((db, tx) => lapses.Take(due, db, tx)));   // taken: a second instance finds nothing
    }

    [Fact]
    public async Task A_turn_that_leaves_the_flow_and_an_erasure_remove_the_lapse()
    {
        var lapses = new FlowLapseStore();
        await using var writes = new WriteQueue(Database);
        var later = T0 + Duration.FromHours(1);
        await Turn(writes, "m-1", 1, new FlowLapseChange(T0 + Duration.FromMinutes(30)), T0);
        await Turn(writes, "m-2", 2, new FlowLapseChange(null), T0 + Duration.FromMinutes(1));
        Assert.Empty(await writes.Write((db, tx) => lapses.Due(later, 10, db, tx)));
        await Turn(writes, "m-3", 3, new FlowLapseChange(T0 + Duration.FromMinutes(32)), T0 + Duration.FromMinutes(2));
        await Turn(writes, "m-4", 4, null, T0 + Duration.FromMinutes(3));   // a turn that changes nothing about it leaves it
        Assert.Single(await writes.Write((db, tx) => lapses.Due(later, 10, db, tx)));
        await writes.Write((db, tx) => new PrivacyStore().Erase("generic", "u-1", later, db, tx));
        Assert.Empty(await writes.Write((db, tx) => lapses.Due(later, 10, db, tx)));
    }
}

public sealed class SqliteFlowLapseContract() : FlowLapseContract(TestDatabase.Sqlite());

[Collection(PostgresCollection.Name)]
public sealed class PostgresFlowLapseContract(PostgresServer server) : FlowLapseContract(TestDatabase.Postgres(server));
