using AutoReply.Core.Handoffs;
using AutoReply.Core.Engine;
using AutoReply.Core.Messages;
using AutoReply.Core.Threads;
using AutoReply.Service.Tests.Harness;
using AutoReply.Storage;
using AutoReply.Storage.Conversations;
using AutoReply.Storage.Handoffs;
using AutoReply.Storage.Inbox;
using AutoReply.Storage.Outbox;
using AutoReply.Storage.Platforms;
using AutoReply.Storage.Transcript;
using AutoReply.Storage.Turns;
using NodaTime;

namespace AutoReply.Service.Tests.Stores;

/// A turn's commit, run on every provider: the inbox row, thread and contact, transcript, outbox and hand-off written
/// together, and a hand-off that a later DM joins (raising its priority, never opening a second).
public abstract class TurnContract(TestDatabase database) : StoreContract(database)
{


    static readonly Instant T0 = Instant.FromUtc(2026, 11, 24, 9, 0);

    (InboxStore, ConversationStore, HandoffStore, TranscriptStore, TurnCommitter) Stores()
    {
        var inbox = new InboxStore(Database);
        var transcript = new TranscriptStore();
        var handoffs = new HandoffStore();
        var conversations = new ConversationStore();
        return (inbox, conversations, handoffs, transcript,
            new TurnCommitter(inbox, conversations, new ReplyQueue(new OutboxStore(Database), transcript), transcript, handoffs, new OneTeam()));
    }

    [Fact]
    public async Task A_hand_off_turn_is_written_whole_and_a_later_DM_joins_its_hand_off()
    {
        var (inbox, conversations, handoffs, transcript, committer) = Stores();
        await using var writes = new WriteQueue(Database);
        var key = new ThreadKey("generic", "t-1");

        async Task Turn(string id, string text, string priority, Instant at)
        {
            var message = new InboundMessage(key, id, new Sender("u-1", "Ana"), text, at, at);
            await writes.Write((db, tx) => inbox.AppendIfNew(message, db, tx));
            var pending = (await writes.Write((db, tx) => inbox.Claim("w", at, Duration.FromSeconds(30), 10, db, tx))).Single();
            var request = new HandOffRequest("complaint", "NoConfidentAnswer", priority, new Dictionary<string, string> { ["topic"] = "Damaged item" })
            {
                WarnAt = at + Duration.FromMinutes(90), FirstResponseDue = at + Duration.FromHours(2), ResolutionDue = at + Duration.FromHours(24),
            };
            var decision = TurnDecision.HandOff(Reason.NoConfidentAnswer, [Reply.Of(ReplyKind.Ack, "A person will reply.")]) with { HandOffRequest = request, Detail = "why" };
            ConversationState thread;
            using (var read = Database.Open()) thread = conversations.LoadThread(key, read);
            var result = new TurnResult(decision, thread with { Turns = thread.Turns + 1, Language = "en", LastInboundAt = at },
                ContactState.New("generic", "u-1") with { OptedOut = false, ChangedAt = at });
            Assert.NotNull(await writes.Write((db, tx) => committer.Commit(pending, result, at, db, tx, ContactState.New("generic", "u-1"))));
            Assert.Null(await writes.Write((db, tx) => committer.Commit(pending, result, at, db, tx)));   // never decided twice
        }

        await Turn("m-1", "my item arrived broken", "normal", T0);
        await Turn("m-2", "this is unacceptable!!!", "high", T0 + Duration.FromMinutes(10));

        using var db = Database.Open();
        var open = Assert.Single(handoffs.List("open", null, 10, db));
        Assert.Equal((2, Priority.High, HandoffState.Queued), (open.Messages, open.Priority, open.State));   // joined, raised to high
        Assert.Equal(T0 + Duration.FromHours(2), open.FirstResponseDue);               // the first promise stands
        var state = conversations.LoadThread(key, db);
        Assert.Equal((2, true, "en"), (state.Turns, state.HeldByPerson, state.Language));
        Assert.Equal(["dm", "decision", "handoff", "ack", "dm", "decision", "handoff", "ack"], transcript.ForThread(key, db).Select(l => l.Kind));

        // The figures read the same rows on every provider.
        var berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var stats = ResponseStats.For(new LocalDate(2026, 11, 24), new LocalDate(2026, 11, 24), berlin, db);
        Assert.Equal((1, 1.0), (stats.Conversations, stats.ResponseRate));
        var figures = HandoffMetrics.For(T0 - Duration.FromDays(1), T0 + Duration.FromDays(1), "support", EscalationContract.Hours, db);
        Assert.Equal((1, 0, 1), (figures.Opened, figures.Resolved, figures.ByCategory["complaint"]));
    }

    [Fact]
    public async Task A_DM_the_engine_failed_on_is_set_aside_and_its_customer_still_gets_a_person()
    {
        var (inbox, conversations, handoffs, transcript, committer) = Stores();
        await using var writes = new WriteQueue(Database);
        var key = new ThreadKey("generic", "t-failed");
        var message = new InboundMessage(key, "m-1", new Sender("u-1", "Ana"), "where is order A-7731?", T0, T0);
        await writes.Write((db, tx) => inbox.AppendIfNew(message, db, tx));
        var pending = (await writes.Write((db, tx) => inbox.Claim("w", T0, Duration.FromSeconds(30), 10, db, tx))).Single();
        var request = new HandOffRequest("general", "EngineFailed", null, new Dictionary<string, string>())
        {
            WarnAt = T0 + Duration.FromMinutes(90), FirstResponseDue = T0 + Duration.FromHours(2), ResolutionDue = T0 + Duration.FromHours(24),
        };
        var handOff = new TurnResult(
            TurnDecision.HandOff(Reason.EngineFailed, [Reply.Of(ReplyKind.Ack, "A person will reply.")]) with { HandOffRequest = request, Detail = "the engine failed" },
            ConversationState.New(key) with { Turns = 1, Language = "en", LastInboundAt = T0 }, ContactState.New("generic", "u-1"));
        var contact = ContactState.New("generic", "u-1");

        Assert.Equal(1, await writes.Write((db, tx) => committer.CommitAll([new DecidedTurn(pending, handOff, "RegexMatchTimeoutException: timed out", contact)], T0, db, tx)));
        // Once: the claim is gone with the first commit.
        Assert.Equal(0, await writes.Write((db, tx) => committer.CommitAll([new DecidedTurn(pending, handOff, "again", contact)], T0, db, tx)));
        // And a failure the engine could not even hand off is set aside all the same, without a reply.
        var other = new InboundMessage(new ThreadKey("generic", "t-worse"), "m-2", new Sender("u-2", null), "hello", T0, T0);
        await writes.Write((db, tx) => inbox.AppendIfNew(other, db, tx));
        var worse = (await writes.Write((db, tx) => inbox.Claim("w", T0, Duration.FromSeconds(30), 10, db, tx))).Single();
        Assert.Equal(0, await writes.Write((db, tx) => committer.CommitAll([new DecidedTurn(worse, null, "NullReferenceException", contact)], T0, db, tx)));

        using var db = Database.Open();
        Assert.Equal(["dm", "decision", "handoff", "ack", "engine-failed"], transcript.ForThread(key, db).Select(l => l.Kind));
        Assert.Equal(["dm", "engine-failed"], transcript.ForThread(other.Thread, db).Select(l => l.Kind));
        var open = Assert.Single(handoffs.List("open", null, 10, db));
        Assert.Equal((key, "EngineFailed"), (open.Thread, open.Reason));
        Assert.Equal(2L, Dapper.SqlMapper.ExecuteScalar<long>(db, "SELECT COUNT(*) FROM inbox WHERE state = 2"));   // both set aside, visible
        Assert.True(conversations.LoadThread(key, db).HeldByPerson);
    }

    [Fact]
    public async Task Decisions_whose_claims_were_given_back_are_not_written_and_say_so()
    {
        var (inbox, _, _, transcript, committer) = Stores();
        await using var writes = new WriteQueue(Database);
        var key = new ThreadKey("generic", "t-fenced");
        foreach (var id in new[] { "m-1", "m-2" })
        {
            var message = new InboundMessage(key, id, new Sender("u-1", "Ana"), "hello", T0, T0);
            await writes.Write((db, tx) => inbox.AppendIfNew(message, db, tx));
        }
        var byA = await writes.Write((db, tx) => inbox.Claim("a", T0, Duration.FromSeconds(30), 10, db, tx));
        // a is taken for dead: its claims are given back, b claims both DMs; then a, awake again, commits its lane's turns.
        await writes.Write((db, tx) => inbox.Release("a", db, tx));
        var byB = await writes.Write((db, tx) => inbox.Claim("b", T0, Duration.FromSeconds(30), 10, db, tx));
        Assert.Equal(2, byB.Count);
        DecidedTurn Decided(PendingMessage p) => new(p, new TurnResult(TurnDecision.HandOff(Reason.NoConfidentAnswer, [Reply.Of(ReplyKind.Ack, "A person will reply.")]),
            ConversationState.New(key) with { Turns = 1, Language = "en", LastInboundAt = T0 }, ContactState.New("generic", "u-1")), null, ContactState.New("generic", "u-1"));

        await Assert.ThrowsAsync<ClaimLostException>(() => writes.Write((db, tx) => committer.CommitAll([.. byA.Select(Decided)], T0, db, tx)));
        using (var db = Database.Open())
        {
            Assert.Empty(transcript.ForThread(key, db));
            Assert.Equal(0L, Dapper.SqlMapper.ExecuteScalar<long>(db, "SELECT COUNT(*) FROM outbox"));
            Assert.Equal(2L, Dapper.SqlMapper.ExecuteScalar<long>(db, "SELECT COUNT(*) FROM inbox WHERE state = 0 AND lease_owner = 'b'"));
        }
        // One DM of the two given back is enough: the lane's turns are written together or not at all.
        var mixed = new[] { byA[0] with { Owner = "b" }, byA[1] };
        await Assert.ThrowsAsync<ClaimLostException>(() => writes.Write((db, tx) => committer.CommitAll([.. mixed.Select(Decided)], T0, db, tx)));
        Assert.Equal(2, await writes.Write((db, tx) => committer.CommitAll([.. byB.Select(Decided)], T0, db, tx)));   // b's commit stands
        using var after = Database.Open();
        Assert.Equal(["dm", "decision", "ack", "dm", "decision", "ack"], transcript.ForThread(key, after).Select(l => l.Kind));
    }

    [Fact]
    public async Task A_batch_of_turn_starts_reads_as_each_turn_start_alone()
    {
        var conversations = new ConversationStore();
        await using var writes = new WriteQueue(Database);
        var known = new ThreadKey("generic", "t-known");
        await writes.Write((db, tx) => conversations.SaveThread(
            ConversationState.New(known) with { Language = "de", Turns = 3, LastInboundAt = T0 }, true, disclosed: false, "u-1", db, tx));
        await writes.Write((db, tx) => conversations.SaveContact(ContactState.New("generic", "u-1") with { OptedOut = true, ChangedAt = T0 }, db, tx));

        // A thread and sender with rows, a new thread of that sender, one unknown on both sides, and a pair twice.
        (ThreadKey, string)[] starts =
        [
            (known, "u-1"), (new ThreadKey("generic", "t-new"), "u-1"), (new ThreadKey("generic", "t-other"), "u-2"), (known, "u-1"),
        ];
        using var read = Database.Open();
        var batch = await conversations.LoadTurns(starts, read);
        var alone = starts.Select(s => conversations.LoadTurn(s.Item1, s.Item2, read)).ToList();

        Assert.Equal(alone.Select(a => (a.Thread.Key, a.Thread.Language, a.Thread.Turns, a.Thread.HeldByPerson, a.Contact.SenderId, a.Contact.OptedOut)),
            batch.Select(b => (b.Thread.Key, b.Thread.Language, b.Thread.Turns, b.Thread.HeldByPerson, b.Contact.SenderId, b.Contact.OptedOut)));
        Assert.Equal(("de", 3, true, true), (batch[0].Thread.Language, batch[0].Thread.Turns, batch[0].Thread.HeldByPerson, batch[0].Contact.OptedOut));
        Assert.Equal((0, true), (batch[1].Thread.Turns, batch[1].Contact.OptedOut));   // a new thread of a sender who opted out
        Assert.Equal((0, false), (batch[2].Thread.Turns, batch[2].Contact.OptedOut));
    }

    [Fact]
    public async Task Consent_is_recorded_with_its_source_and_STOP_withdraws_it_for_good()
    {
        var platform = new PlatformStore(new TranscriptStore());
        var conversations = new ConversationStore();
        await using var writes = new WriteQueue(Database);
        await writes.Write((db, tx) => platform.SetMarketingConsent("messenger", "2001", true, "sign-up form", T0, db, tx));
        using (var read = Database.Open())
            Assert.Equal((true, false, T0, "sign-up form"), platform.MarketingConsent("messenger", "2001", read));

        await writes.Write((db, tx) => conversations.SaveContact(ContactState.New("messenger", "2001") with { OptedOut = true, ChangedAt = T0 + Duration.FromHours(1) }, db, tx));
        await writes.Write((db, tx) => conversations.SaveContact(ContactState.New("messenger", "2001") with { OptedOut = false, ChangedAt = T0 + Duration.FromHours(2) }, db, tx));
        using var after = Database.Open();
        Assert.Equal((false, false, (Instant?)null, (string?)null), platform.MarketingConsent("messenger", "2001", after));   // START is not consent
        Assert.False(conversations.LoadContact("messenger", "2001", after).OptedOut);
    }

    [Fact]
    public async Task A_turn_in_flight_cannot_put_back_a_hold_an_agent_released()
    {
        var conversations = new ConversationStore();
        var inbox = new InboxStore(Database);
        var committer = new TurnCommitter(inbox, conversations, new ReplyQueue(new OutboxStore(Database), new TranscriptStore()), new TranscriptStore(),
            new HandoffStore(), new OneTeam());
        await using var writes = new WriteQueue(Database);
        var key = new ThreadKey("generic", "t-9");
        var held = ConversationState.New(key) with { HeldByPerson = true, PersonAnswered = true, Turns = 3 };
        await writes.Write((db, tx) => conversations.SaveThread(held, putsOnHold: true, disclosed: false, "u-1", db, tx));
        var message = new InboundMessage(key, "m-9", new Sender("u-1", "Ana"), "STOP", T0, T0);
        await writes.Write((db, tx) => inbox.AppendIfNew(message, db, tx));
        var pending = await writes.Write((db, tx) => inbox.Claim("worker", T0, Duration.FromSeconds(30), 10, db, tx));
        ConversationState before;
        using (var read = Database.Open()) before = conversations.LoadThread(key, read);
        Assert.True(before.HeldByPerson);

        await writes.Write((db, tx) => conversations.SetHold(key, held: false, answered: false, T0, db, tx));   // the agent lets go meanwhile
        var decision = TurnDecision.Reply(Reason.OptedOut, Reply.Of(ReplyKind.Notice, "You won't get any more automated messages."));
        await writes.Write((db, tx) => committer.Commit(pending.Single(), new TurnResult(decision, before with { Turns = 4 }, ContactState.New("generic", "u-1")), T0, db, tx));

        using var after = Database.Open();
        var thread = conversations.LoadThread(key, after);
        Assert.Equal((false, 4), (thread.HeldByPerson, thread.Turns));
        Assert.Equal(T0, thread.HandedBackAt);   // the turn's stale copy does not undo the hand-back either
    }
}

public sealed class SqliteTurnContract() : TurnContract(TestDatabase.Sqlite());

[Collection(PostgresCollection.Name)]
public sealed class PostgresTurnContract(PostgresServer server) : TurnContract(TestDatabase.Postgres(server));
