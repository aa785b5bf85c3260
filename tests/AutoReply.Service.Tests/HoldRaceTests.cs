using AutoReply.Core.Engine;
using AutoReply.Core.Messages;
using AutoReply.Core.Threads;
using AutoReply.Service.Tests.Harness;
using AutoReply.Storage.Conversations;
using AutoReply.Storage.Handoffs;
using AutoReply.Storage.Inbox;
using AutoReply.Storage.Outbox;
using AutoReply.Storage.Sqlite;
using AutoReply.Storage.Transcript;
using AutoReply.Storage.Turns;
using NodaTime;

namespace AutoReply.Service.Tests;

/// An agent resolves a hand-off while a turn of the same thread is being decided. The turn read "held" before the
/// agent let go; saving its copy back would leave the bot silent on a thread nobody holds. It must not.
public sealed class HoldRaceTests
{
    sealed class OneTeam : ITeamRouting
    {
        public string TeamFor(string category) => "support";
    }

    [Fact]
    public async Task A_turn_in_flight_cannot_put_back_a_hold_an_agent_released()
    {
        var database = new SqliteDatabase($"Data Source={Path.Combine(Repo.TempDirectory(), "race.db")}");
        Migrations.Apply(database);
        await using var writes = new WriteQueue(database);
        var conversations = new ConversationStore();
        var inbox = new InboxStore(database);
        var committer = new TurnCommitter(inbox, conversations, new OutboxStore(database), new TranscriptStore(), new HandoffStore(), new OneTeam());
        var key = new ThreadKey("generic", "t-1");
        var now = Instant.FromUtc(2026, 11, 24, 9, 0);
        var held = ConversationState.New(key) with { HeldByPerson = true, PersonAnswered = true, Turns = 3 };
        await writes.Write((db, tx) => conversations.SaveThread(held, "u-1", db, tx));

        // The turn starts: its DM is claimed and the thread read (held by a person).
        var message = new InboundMessage(key, "m-9", new Sender("u-1", "Ana"), "STOP", now, now);
        await writes.Write((db, tx) => inbox.AppendIfNew(message, db, tx));
        var pending = await writes.Write((db, tx) => inbox.Claim("worker", now, Duration.FromSeconds(30), 10, db, tx));
        ConversationState before;
        using (var read = database.Open()) before = conversations.LoadThread(key, read);
        Assert.True(before.HeldByPerson);

        // Meanwhile the agent resolves: the bot has the thread again.
        await writes.Write((db, tx) => conversations.SetHold(key, held: false, answered: false, db, tx));

        // The turn commits what it decided on its stale copy (here: an opt-out confirmation, no hand-off).
        var decision = TurnDecision.Reply(Reason.OptedOut, Reply.Of(ReplyKind.Notice, "You won't get any more automated messages."));
        var result = new TurnResult(decision, before with { Turns = before.Turns + 1 }, ContactState.New("generic", "u-1"));
        await writes.Write((db, tx) => committer.Commit(pending.Single(), result, now, db, tx));

        using var after = database.Open();
        var thread = conversations.LoadThread(key, after);
        Assert.False(thread.HeldByPerson);
        Assert.Equal(4, thread.Turns);
    }
}
