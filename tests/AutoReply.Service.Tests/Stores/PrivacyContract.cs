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

/// Export, erasure and retention, run on every provider: the export holds the person's rows, the erasure removes them
/// (keeping the figures' skeleton), an erased DM is not taken again, and retention erases only quiet threads.
public abstract class PrivacyContract(TestDatabase database) : StoreContract(database)
{

    static readonly Instant T0 = Instant.FromUtc(2026, 11, 24, 9, 0);

    async Task HandOff(WriteQueue writes, string thread, string sender, string id, Instant at, string name = "Ana Example")
    {
        var inbox = new InboxStore(Database);
        var committer = new TurnCommitter(inbox, new ConversationStore(), new ReplyQueue(new OutboxStore(Database), new TranscriptStore()), new TranscriptStore(),
            new HandoffStore(), new OneTeam());
        var key = new ThreadKey("generic", thread);
        await writes.Write((db, tx) => inbox.AppendIfNew(new InboundMessage(key, id, new Sender(sender, name), "my parcel to Gartenweg 5 is late", at, at), db, tx));
        var pending = (await writes.Write((db, tx) => inbox.Claim("w", at, Duration.FromSeconds(30), 10, db, tx))).Single();
        var request = new HandOffRequest("service", "NoConfidentAnswer", "normal", new Dictionary<string, string> { ["order_number"] = "A-1" });
        var decision = TurnDecision.HandOff(Reason.NoConfidentAnswer, [Reply.Of(ReplyKind.Ack, "A person will reply.")]) with { HandOffRequest = request };
        var result = new TurnResult(decision, ConversationState.New(key) with { Turns = 1, LastInboundAt = at }, ContactState.New("generic", sender));
        await writes.Write((db, tx) => committer.Commit(pending, result, at, db, tx));
    }

    [Fact]
    public async Task A_person_is_exported_then_erased_and_their_DM_is_not_taken_again()
    {
        var privacy = new PrivacyStore();
        var inbox = new InboxStore(Database);
        await using var writes = new WriteQueue(Database);
        await HandOff(writes, "t-1", "u-1", "m-1", T0);
        await HandOff(writes, "t-2", "u-2", "m-2", T0);

        Dictionary<string, object?> export;
        using (var db = Database.Open()) export = privacy.Export("generic", "u-1", T0, db);
        var thread = Assert.Single((IEnumerable<Dictionary<string, object?>>)export["threads"]!);
        Assert.Single((IEnumerable<Dictionary<string, object?>>)thread["messages"]!);
        Assert.Single((IEnumerable<Dictionary<string, object?>>)thread["handoffs"]!);
        Assert.NotEmpty((IEnumerable<Dictionary<string, object?>>)thread["replies"]!);
        // The same words on every database: flags true/false, priorities and states by name, every time an instant.
        Assert.IsType<bool>(((Dictionary<string, object?>)thread["conversation"]!)["held"]);
        Assert.Equal("normal", Assert.Single((IEnumerable<Dictionary<string, object?>>)thread["handoffs"]!)["priority"]);
        Assert.IsType<string>(Assert.Single((IEnumerable<Dictionary<string, object?>>)thread["messages"]!)["state"]);
        Assert.All((IEnumerable<Dictionary<string, object?>>)thread["transcript"]!, l => Assert.IsType<DateTimeOffset>(l["at"]));
        Assert.All((IEnumerable<Dictionary<string, object?>>)thread["replies"]!, r => Assert.False(r.ContainsKey("lease_owner")));

        var counts = await writes.Write((db, tx) => privacy.Erase("generic", "u-1", T0, db, tx));
        Assert.Equal((1, 1, 1, 1), (counts["threads"], counts["messages"], counts["handoffs"], counts["conversations"]));
        using (var db = Database.Open())
        {
            Assert.Empty((IEnumerable<Dictionary<string, object?>>)privacy.Export("generic", "u-1", T0, db)["threads"]!);
            Assert.Single((IEnumerable<Dictionary<string, object?>>)privacy.Export("generic", "u-2", T0, db)["threads"]!);   // the other customer stays
            var stats = ResponseStats.For(new LocalDate(2026, 11, 24), new LocalDate(2026, 11, 24), DateTimeZoneProviders.Tzdb["Europe/Berlin"], db);
            Assert.Equal(2, stats.Conversations);   // the figures keep the erased conversation, of nobody
            // Its open hand-off was closed by the erasure, resolved by nobody: not a resolution in the hand-off figures.
            var figures = HandoffMetrics.For(T0 - Duration.FromDays(1), T0 + Duration.FromDays(1), null, EscalationContract.Hours, db);
            Assert.Equal((2, 0, 1), (figures.Opened, figures.Resolved, figures.ClosedByErasure));
            Assert.Equal(0, figures.Resolution.Count);
        }
        var redelivered = new InboundMessage(new ThreadKey("generic", "t-1"), "m-1", new Sender("u-1", "Ana Example"), "again", T0, T0);
        Assert.False(await writes.Write((db, tx) => inbox.AppendIfNew(redelivered, db, tx)));
    }

    /// A thread two people wrote in (a group DM, a shared generic thread): each one's export holds their own part only,
    /// and erasing one leaves the other's DMs, replies and hand-off.
    [Fact]
    public async Task In_a_shared_thread_only_the_subjects_own_part_is_exported_and_erased()
    {
        var privacy = new PrivacyStore();
        var inbox = new InboxStore(Database);
        await using var writes = new WriteQueue(Database);
        await HandOff(writes, "shared", "u-a", "m-a", T0);
        var key = new ThreadKey("generic", "shared");
        await writes.Write((db, tx) => inbox.AppendIfNew(new InboundMessage(key, "m-b", new Sender("u-b", "Bea"), "and my carolword question", T0, T0), db, tx));

        using (var db = Database.Open())
        {
            var theirs = Assert.Single((IEnumerable<Dictionary<string, object?>>)privacy.Export("generic", "u-b", T0, db)["threads"]!);
            Assert.Equal(true, theirs["shared"]);
            Assert.Equal("m-b", Assert.Single((IEnumerable<Dictionary<string, object?>>)theirs["messages"]!)["platform_id"]);
            Assert.Empty((IEnumerable<Dictionary<string, object?>>)theirs["handoffs"]!);
            Assert.False(theirs.ContainsKey("conversation"));
            var hers = Assert.Single((IEnumerable<Dictionary<string, object?>>)privacy.Export("generic", "u-a", T0, db)["threads"]!);
            Assert.Equal("m-a", Assert.Single((IEnumerable<Dictionary<string, object?>>)hers["messages"]!)["platform_id"]);
        }

        var counts = await writes.Write((db, tx) => privacy.Erase("generic", "u-b", T0, db, tx));
        Assert.Equal((1, 1, 1), (counts["threads"], counts["sharedThreads"], counts["messages"]));
        using (var db = Database.Open())
        {
            var hers = Assert.Single((IEnumerable<Dictionary<string, object?>>)privacy.Export("generic", "u-a", T0, db)["threads"]!);
            Assert.Equal("m-a", Assert.Single((IEnumerable<Dictionary<string, object?>>)hers["messages"]!)["platform_id"]);
            Assert.Single((IEnumerable<Dictionary<string, object?>>)hers["handoffs"]!);
            Assert.NotEmpty((IEnumerable<Dictionary<string, object?>>)hers["replies"]!);
            Assert.Equal(0L, Dapper.SqlMapper.ExecuteScalar<long>(db, "SELECT COUNT(*) FROM inbox WHERE text LIKE '%carolword%'"));
        }
        Assert.False(await writes.Write((db, tx) => inbox.AppendIfNew(new InboundMessage(key, "m-b", new Sender("u-b", "Bea"), "again", T0, T0), db, tx)));
    }

    /// Another's DM joining a hand-off does not name it after them (QA round 14: "Hi Bob" in a saved reply to Alice, and
    /// Bob's name in Alice's export and after Bob's erasure); a hand-off named so before loses the name with the erasure.
    [Fact]
    public async Task A_hand_off_keeps_its_own_senders_name_and_an_erasure_takes_the_subjects_name_from_anothers_hand_off()
    {
        var privacy = new PrivacyStore();
        await using var writes = new WriteQueue(Database);
        await HandOff(writes, "shared-names", "u-a", "m-a", T0);
        await HandOff(writes, "shared-names", "u-b", "m-b", T0 + Duration.FromMinutes(1), name: "Bob Berg");
        const string NameSql = "SELECT sender_name FROM handoffs WHERE thread_id = 'shared-names' AND sender_id = 'u-a'";
        using (var db = Database.Open()) Assert.Equal("Ana Example", Dapper.SqlMapper.ExecuteScalar<string>(db, NameSql));

        // As a hand-off was named before this version.
        await writes.Write((db, tx) => Dapper.SqlMapper.Execute(db, "UPDATE handoffs SET sender_name = 'Bob Berg' WHERE thread_id = 'shared-names'", transaction: tx));
        await writes.Write((db, tx) => privacy.Erase("generic", "u-b", T0, db, tx));
        using (var db = Database.Open())
        {
            Assert.Null(Dapper.SqlMapper.ExecuteScalar<string?>(db, NameSql));
            Assert.Equal(0L, Dapper.SqlMapper.ExecuteScalar<long>(db, "SELECT COUNT(*) FROM handoffs WHERE sender_name = 'Bob Berg'"));
        }
    }

    /// A sale erased with its customer is not stored again when the shop reports it again (a retry after the erasure).
    [Fact]
    public async Task An_erased_sale_reported_again_is_not_stored()
    {
        var privacy = new PrivacyStore();
        var sales = new Storage.Outcomes.ConversionStore();
        await using var writes = new WriteQueue(Database);
        var sale = new Storage.Outcomes.Conversion("SO-ERASED-1", "generic", "u-sale", 49.90m, "EUR", T0, "shop");
        Assert.True(await writes.Write((db, tx) => sales.Record(sale, T0, db, tx)));
        Assert.Equal(1, (await writes.Write((db, tx) => privacy.Erase("generic", "u-sale", T0, db, tx)))["sales"]);
        Assert.False(await writes.Write((db, tx) => sales.Record(sale, T0, db, tx)));
        Assert.True(await writes.Write((db, tx) => sales.Record(sale with { OrderId = "SO-OTHER-2" }, T0, db, tx)));
        using var read = Database.Open();
        Assert.Equal(0L, Dapper.SqlMapper.ExecuteScalar<long>(read, "SELECT COUNT(*) FROM conversions WHERE order_id = 'SO-ERASED-1'"));
    }

    /// A sender who said STOP and is then erased stays opted out: only the opt-out and its date are kept, no marketing consent.
    [Fact]
    public async Task An_erased_sender_who_said_STOP_stays_opted_out_and_nothing_else_of_the_contact_is_kept()
    {
        var privacy = new PrivacyStore();
        await using var writes = new WriteQueue(Database);
        await HandOff(writes, "t-stop", "u-stop", "m-stop", T0);
        await HandOff(writes, "t-go", "u-go", "m-go", T0);
        await writes.Write((db, tx) => Dapper.SqlMapper.Execute(db, """
            INSERT INTO contacts (channel, sender_id, opted_out, changed_at, marketing_consent_at, marketing_consent_source)
            VALUES ('generic', 'u-stop', TRUE, 1, 1, 'form'), ('generic', 'u-go', FALSE, 1, 1, 'form')
            ON CONFLICT (channel, sender_id) DO UPDATE SET opted_out = excluded.opted_out, marketing_consent_at = 1, marketing_consent_source = 'form'
            """, transaction: tx));

        var counts = await writes.Write((db, tx) => privacy.Erase("generic", "u-stop", T0, db, tx));
        Assert.Equal((0, 1), (counts["contacts"], counts["optOutKept"]));
        Assert.Equal((1, 0), await writes.Write((db, tx) =>
        {
            var c = privacy.Erase("generic", "u-go", T0, db, tx);
            return (c["contacts"], c["optOutKept"]);
        }));
        using var check = Database.Open();
        Assert.True(new ConversationStore().LoadContact("generic", "u-stop", check).OptedOut);
        Assert.Equal(0L, Dapper.SqlMapper.ExecuteScalar<long>(check, "SELECT COUNT(*) FROM contacts WHERE marketing_consent_source IS NOT NULL"));
        Assert.Equal(0L, Dapper.SqlMapper.ExecuteScalar<long>(check, "SELECT COUNT(*) FROM contacts WHERE sender_id = 'u-go'"));
    }

    [Fact]
    public async Task A_public_comment_of_an_erased_author_is_not_invited_again_when_redelivered()
    {
        var privacy = new PrivacyStore();
        var platform = new AutoReply.Storage.Platforms.PlatformStore(new TranscriptStore());
        await using var writes = new WriteQueue(Database);
        var invite = new AutoReply.Storage.Platforms.PublicInvite("messenger", "page-1", "c-1", "u-9", "Ann", "my order is broken", T0, "r-1");
        Assert.True(await writes.Write((db, tx) => platform.TryInvite(invite, Duration.FromDays(1), db, tx)));
        var counts = await writes.Write((db, tx) => privacy.Erase("messenger", "u-9", T0, db, tx));
        Assert.Equal(1, counts["publicComments"]);
        Assert.False(await writes.Write((db, tx) => platform.TryInvite(invite with { InvitedAt = T0 + Duration.FromDays(3) }, Duration.FromDays(1), db, tx)));
    }

    [Fact]
    public async Task Retention_erases_quiet_threads_without_an_open_hand_off_in_batches()
    {
        var privacy = new PrivacyStore();
        await using var writes = new WriteQueue(Database);
        for (var i = 0; i < 5; i++) await HandOff(writes, $"t-{i}", $"u-{i}", $"m-{i}", T0);
        await HandOff(writes, "t-new", "u-new", "m-new", T0 + Duration.FromDays(10));
        using (var db = Database.Open())
            Dapper.SqlMapper.Execute(db, "UPDATE handoffs SET state = 'resolved' WHERE thread_id <> 't-0'");   // t-0 stays open

        using (var db = Database.Open())   // two old contacts without threads: one opted out (STOP), one not
            Dapper.SqlMapper.Execute(db, "INSERT INTO contacts (channel, sender_id, opted_out, changed_at) VALUES ('generic', 'u-stop', TRUE, 0), ('generic', 'u-idle', FALSE, 0)");

        var cutoff = T0 + Duration.FromDays(5);
        var first = await writes.Write((db, tx) => privacy.EraseExpired(cutoff, 3, T0 + Duration.FromDays(20), db, tx));
        var second = await writes.Write((db, tx) => privacy.EraseExpired(cutoff, 3, T0 + Duration.FromDays(20), db, tx));
        Assert.Equal((3, 1), (first["threads"], second["threads"]));   // t-1..t-4 in two batches; t-0 (open) and t-new (recent) stay
        using var read = Database.Open();
        Assert.Equal(["t-0", "t-new"], Dapper.SqlMapper.Query<string>(read, "SELECT thread_id FROM conversations ORDER BY thread_id"));
        // The opt-out outlives retention (the bot must not start talking to that sender again); the idle contact goes.
        Assert.Equal(["u-stop"], Dapper.SqlMapper.Query<string>(read, "SELECT sender_id FROM contacts WHERE sender_id IN ('u-stop', 'u-idle')"));
    }
}

public sealed class SqlitePrivacyContract() : PrivacyContract(TestDatabase.Sqlite());

[Collection(PostgresCollection.Name)]
public sealed class PostgresPrivacyContract(PostgresServer server) : PrivacyContract(TestDatabase.Postgres(server));
