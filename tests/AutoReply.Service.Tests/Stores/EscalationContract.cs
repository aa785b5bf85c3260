using AutoReply.Core.Engine;
using AutoReply.Core.Handoffs;
using AutoReply.Core.Messages;
using AutoReply.Service.Configuration;
using AutoReply.Service.Tests.Harness;
using AutoReply.Storage;
using AutoReply.Storage.Handoffs;
using AutoReply.Storage.Outbox;
using AutoReply.Storage.Transcript;
using NodaTime;

namespace AutoReply.Service.Tests.Stores;

/// Escalation's contract, run on every provider: each step of a hand-off fires once, however many instances check
/// at the same moment, and the queue lists hand-offs earliest promise first.
public abstract class EscalationContract(TestDatabase database) : StoreContract(database)
{

    static readonly Instant Opened = Instant.FromUtc(2026, 11, 24, 9, 0);   // Tuesday 10:00 in Berlin
    internal static readonly Core.Time.BusinessHours Hours = BusinessHoursConfig.Build(new BusinessHoursOptions
    {
        Week = new() { ["Monday"] = "09:00-17:00", ["Tuesday"] = "09:00-17:00", ["Wednesday"] = "09:00-17:00", ["Thursday"] = "09:00-17:00", ["Friday"] = "09:00-17:00" },
    });

    static readonly EscalationPlan Plan = new(Hours,
    [
        new(1, "team", Duration.Zero, null, [], null),
        new(2, "team lead", Duration.Zero, null, [], "leads"),
        new(3, "head of care", Duration.FromHours(2), null, [], null),
    ]);

    static HandOffRequest Request(string priority, Duration firstResponse) => new("general", "NoConfidentAnswer", priority, new Dictionary<string, string>())
    {
        WarnAt = Opened + firstResponse - Duration.FromMinutes(30), FirstResponseDue = Opened + firstResponse, ResolutionDue = Opened + Duration.FromHours(24),
    };

    [Fact]
    public async Task Each_step_fires_once_however_many_instances_check_at_once()
    {
        var handoffs = new HandoffStore();
        var escalations = new EscalationStore(new TranscriptStore(), Database);
        await using (var setup = new WriteQueue(Database))
            for (var i = 0; i < 10; i++)
            {
                var thread = new ThreadKey("generic", $"t-{i}");
                await setup.Write((db, tx) => handoffs.OpenOrAdd(thread, new Sender($"u-{i}", null), Request("normal", Duration.FromHours(2)), "support", Opened, db, tx));
            }

        var now = Instant.FromUtc(2026, 11, 24, 14, 0);   // 15:00: warning, breach and tier 3 are all due
        var writers = Enumerable.Range(0, 3).Select(_ => new WriteQueue(Database)).ToArray();
        var fired = new System.Collections.Concurrent.ConcurrentBag<FiredEscalation>();
        await Task.WhenAll(writers.Select((w, n) => Task.Run(async () =>
        {
            for (var pass = 0; pass < 20; pass++)
            {
                var result = await w.Write((db, tx) => escalations.Check(Plan, now, $"i{n}", 3, db, tx));
                foreach (var f in result.Fired) fired.Add(f);
                if (result.Examined == 0) break;
            }
        })));
        foreach (var w in writers) await w.DisposeAsync();

        Assert.Equal(30, fired.Count);   // 10 hand-offs × 3 steps, each once across the three instances
        Assert.Equal(30, fired.Select(f => (f.HandoffId, f.Kind)).Distinct().Count());
        using var read = Database.Open();
        var queue = handoffs.List("open", null, 100, read);
        Assert.All(queue, h => Assert.Equal("leads", h.Team));   // tier 2 moved the unclaimed hand-offs to its team
        // The three steps fell due together: one escalation (one seq) of each hand-off, listing them in due order.
        Assert.All(queue, h => Assert.Equal(["warning", "first-response-breach", "first-response-breach-tier-3"], escalations.For(h.Id, read).Select(e => e.Kind)));
        Assert.All(queue, h => Assert.Single(escalations.For(h.Id, read).Select(e => e.Seq).Distinct()));
        // A privacy export shows the escalation with its earlier steps, their times as instants.
        var export = new AutoReply.Storage.Privacy.PrivacyStore().Export("generic", "u-0", now, read);
        var handoff = ((List<Dictionary<string, object?>>)((List<Dictionary<string, object?>>)export["threads"]!)[0]["handoffs"]!)[0];
        var escalation = Assert.Single((List<Dictionary<string, object?>>)handoff["escalations"]!);
        Assert.Equal("first-response-breach-tier-3", escalation["kind"]);
        var earlier = (List<Dictionary<string, object?>>)escalation["earlier"]!;
        Assert.Equal(["warning", "first-response-breach"], earlier.Select(e => e["kind"]));
        Assert.Equal(Opened.Plus(Duration.FromMinutes(90)).ToDateTimeOffset(), earlier[0]["due_at"]);
        // Figures count steps, not escalations.
        var figures = HandoffMetrics.For(Opened, now, null, Hours, read);
        Assert.Equal((10, 10), (figures.Warnings, figures.FirstResponseBreaches));
        // Each hand-off's transcript tells of its steps; a breach raised it to high priority (one statement for a whole pass
        // on PostgreSQL, a statement each on SQLite: the same outcome).
        Assert.All(queue, h => Assert.Equal(Priority.High, h.Priority));
        Assert.All(queue, h => Assert.Equal(3, new TranscriptStore().ForThread(h.Thread, read)
            .Where(l => l.Kind == TranscriptWords.Escalation).Sum(l => l.Text!.Split(" told; it was due ").Length - 1)));
    }

    /// An agent's re-judging on every provider: due times tighten and never loosen, the check looks again at once, and a
    /// new team takes the hand-off back into its queue; the holder claiming again leaves a wait for the customer as it is.
    [Fact]
    public async Task A_re_judged_hand_off_tightens_its_due_times_and_moves_to_its_new_team()
    {
        var handoffs = new HandoffStore();
        await using var writes = new WriteQueue(Database);
        var thread = new ThreadKey("generic", "rejudged");
        await writes.Write((db, tx) => handoffs.OpenOrAdd(thread, new Sender("u-r", null), Request("normal", Duration.FromHours(2)), "support", Opened, db, tx));
        string id;
        using (var read = Database.Open()) id = handoffs.List("open", null, 10, read).Single().Id;
        var now = Opened + Duration.FromMinutes(5);
        Assert.True(await writes.Write((db, tx) => handoffs.Claim(id, "ana", now, db, tx)));
        await writes.Write((db, tx) => handoffs.Responded(id, "ana", now, db, tx, waitForCustomer: true));
        Assert.True(await writes.Write((db, tx) => handoffs.Claim(id, "ana", now, db, tx)));
        using (var read = Database.Open()) Assert.Equal(HandoffState.Waiting, handoffs.Find(id, read)!.State);

        var tight = (Opened + Duration.FromMinutes(15), Opened + Duration.FromHours(4), Opened + Duration.FromMinutes(10));
        Assert.True(await writes.Write((db, tx) => handoffs.Change(id, Priority.Urgent, "general", tight, "support", now, db, tx)));
        var loose = (Opened + Duration.FromHours(8), Opened + Duration.FromHours(48), Opened + Duration.FromHours(7));
        Assert.True(await writes.Write((db, tx) => handoffs.Change(id, Priority.Low, "billing", loose, "billing", now, db, tx)));
        using (var read = Database.Open())
        {
            var h = handoffs.Find(id, read)!;
            Assert.Equal((Priority.Low, "billing", "billing", HandoffState.Queued, (string?)null), (h.Priority, h.Category, h.Team, h.State, h.Assignee));
            Assert.Equal((tight.Item1, tight.Item2), (h.FirstResponseDue, h.ResolutionDue));
            Assert.Equal(now.ToUnixTimeMilliseconds(), Dapper.SqlMapper.ExecuteScalar<long>(read, "SELECT next_check_at FROM handoffs"));
        }
    }

    /// A hand-off opened by a DM without a name (or with a blank one) takes the name an earlier DM of the thread gave; a
    /// later nameless DM keeps it.
    [Fact]
    public async Task A_hand_off_opened_without_a_name_takes_the_threads_latest_one()
    {
        var handoffs = new HandoffStore();
        var inbox = new AutoReply.Storage.Inbox.InboxStore(Database);
        await using var writes = new WriteQueue(Database);
        var thread = new ThreadKey("generic", "named");
        InboundMessage Dm(string id, string? name) => new(thread, id, new Sender("u-n", name), "hi", Opened, Opened);
        foreach (var dm in new[] { Dm("n-1", "Ben Buyer"), Dm("n-2", "  "), Dm("n-3", null) })
            await writes.Write((db, tx) => inbox.AppendIfNew(dm, db, tx));
        await writes.Write((db, tx) => handoffs.OpenOrAdd(thread, new Sender("u-n", "  "), Request("normal", Duration.FromHours(2)), "support", Opened, db, tx));
        await writes.Write((db, tx) => handoffs.OpenOrAdd(thread, new Sender("u-n", null), Request("normal", Duration.FromHours(2)), "support", Opened, db, tx));
        using var read = Database.Open();
        Assert.Equal("Ben Buyer", handoffs.List("open", null, 10, read).Single().SenderName);
    }

    /// A later DM joins the open hand-off: its summary values are added to those the hand-off had (the order number the
    /// first DM gave stays), and only a raised priority tightens the due times — a later DM's request, of the general
    /// category, pulled a sales hand-off onto general deadlines, and moved a first response already given (QA round 19).
    [Fact]
    public async Task A_later_DM_keeps_the_summary_and_tightens_due_times_only_when_it_raises_the_priority()
    {
        var handoffs = new HandoffStore();
        await using var writes = new WriteQueue(Database);
        var thread = new ThreadKey("generic", "later");
        var sender = new Sender("u-l", null);
        var sales = new HandOffRequest("sales", "NoConfidentAnswer", "normal", new Dictionary<string, string> { ["order_number"] = "SP-61947205", ["topic"] = "Lost ticket" })
        {
            WarnAt = Opened + Duration.FromHours(18), FirstResponseDue = Opened + Duration.FromHours(24), ResolutionDue = Opened + Duration.FromHours(72),
        };
        await writes.Write((db, tx) => handoffs.OpenOrAdd(thread, sender, sales, "sales", Opened, db, tx));
        var calm = Request("normal", Duration.FromHours(2)) with { Summary = new Dictionary<string, string> { ["email"] = "a@example.com" } };
        await writes.Write((db, tx) => handoffs.OpenOrAdd(thread, sender, calm, "support", Opened + Duration.FromMinutes(5), db, tx));
        using (var read = Database.Open())
        {
            var h = handoffs.List("open", null, 10, read).Single();
            Assert.Equal(new Dictionary<string, string> { ["order_number"] = "SP-61947205", ["topic"] = "Lost ticket", ["email"] = "a@example.com" }, h.Summary);
            Assert.Equal((sales.FirstResponseDue, sales.ResolutionDue), (h.FirstResponseDue, h.ResolutionDue));
        }
        var angry = Request("high", Duration.FromHours(1));
        await writes.Write((db, tx) => handoffs.OpenOrAdd(thread, sender, angry, "support", Opened + Duration.FromMinutes(10), db, tx));
        using (var read = Database.Open())
        {
            var h = handoffs.List("open", null, 10, read).Single();
            Assert.Equal((angry.FirstResponseDue, angry.ResolutionDue), (h.FirstResponseDue, h.ResolutionDue));
            Assert.Equal("SP-61947205", h.Summary["order_number"]);
        }
    }

    [Fact]
    public async Task A_step_already_recorded_does_not_fire_again_even_when_the_hand_off_forgot_it()
    {
        var handoffs = new HandoffStore();
        var escalations = new EscalationStore(new TranscriptStore(), Database);
        await using var writes = new WriteQueue(Database);
        var thread = new ThreadKey("generic", "forgot");
        await writes.Write((db, tx) => handoffs.OpenOrAdd(thread, new Sender("u-f", null), Request("normal", Duration.FromHours(2)), "support", Opened, db, tx));
        var warned = await writes.Write((db, tx) => escalations.Check(Plan, Opened + Duration.FromMinutes(95), "i0", 10, db, tx));
        Assert.Equal(["warning"], warned.Fired.Select(f => f.Kind));

        // The hand-off's own list of fired steps is lost (a bug elsewhere, a hand edit): the escalations still know.
        using (var db = Database.Open())
            Dapper.SqlMapper.Execute(db, "UPDATE handoffs SET fired = '', next_check_at = warn_at");
        var later = await writes.Write((db, tx) => escalations.Check(Plan, Instant.FromUtc(2026, 11, 24, 14, 0), "i1", 10, db, tx));
        Assert.Equal(["first-response-breach", "first-response-breach-tier-3"], later.Fired.Select(f => f.Kind));
        using var read = Database.Open();
        var id = handoffs.List("open", null, 10, read).Single().Id;
        Assert.Equal(["warning", "first-response-breach", "first-response-breach-tier-3"], escalations.For(id, read).Select(e => e.Kind));
        Assert.Empty((await writes.Write((db, tx) => escalations.Check(Plan, Instant.FromUtc(2026, 11, 24, 14, 0), "i2", 10, db, tx))).Fired);
    }

    [Fact]
    public async Task Notifications_are_claimed_once_across_instances_and_a_satisfaction_question_is_asked_and_answered_once()
    {
        var handoffs = new HandoffStore();
        var transcript = new TranscriptStore();
        var escalations = new EscalationStore(transcript, Database);
        var notifications = new NotificationStore(Database);
        var plan = new EscalationPlan(Hours, [new(1, "team", Duration.Zero, "https://hooks.example/team", ["lead@example.com"], null)]);
        await using var writes = new WriteQueue(Database);
        for (var i = 0; i < 6; i++)
        {
            var thread = new ThreadKey("generic", $"n-{i}");
            await writes.Write((db, tx) => handoffs.OpenOrAdd(thread, new Sender($"u-{i}", null), Request("normal", Duration.FromHours(2)), "support", Opened, db, tx));
        }
        await writes.Write((db, tx) => escalations.Check(plan, Instant.FromUtc(2026, 11, 24, 10, 45), "i0", 100, db, tx));   // the warnings

        var instances = Enumerable.Range(0, 3).Select(_ => new WriteQueue(Database)).ToArray();
        var claimed = new System.Collections.Concurrent.ConcurrentBag<ClaimedNotification>();
        var now = Instant.FromUtc(2026, 11, 24, 10, 46);
        await Task.WhenAll(instances.Select((w, i) => Task.Run(async () =>
        {
            for (var round = 0; round < 10; round++)
                foreach (var n in await w.Write((db, tx) => notifications.ClaimDue($"i{i}", now, Duration.FromMinutes(1), 2, db, tx))) claimed.Add(n);
        })));
        foreach (var w in instances) await w.DisposeAsync();
        Assert.Equal(12, claimed.Count);   // six warnings, each to the webhook and to the e-mail address
        Assert.Equal(12, claimed.Select(n => n.Id).Distinct().Count());

        var csat = new CsatStore(new ReplyQueue(new OutboxStore(Database), transcript), transcript);
        var key = new ThreadKey("generic", "n-0");
        await writes.Write((db, tx) => csat.Schedule("h-1", key, "u-0", Opened, db, tx));
        await writes.Write((db, tx) => csat.Schedule("h-1", key, "u-0", Opened, db, tx));   // scheduled once
        var due = await writes.Write((db, tx) => csat.Due(Opened + Duration.FromMinutes(1), 10, db, tx));
        var question = Assert.Single(due);
        Assert.False(question.OptedOut);
        // Two instances read it due at the same moment and both ask: one question goes out. On PostgreSQL each holds its
        // transaction open until both have read, as two instances' passes overlap; SQLite's writers take turns.
        var overlap = Database.Dialect == Dialect.Postgres;
        var bothRead = new Barrier(2);
        var asking = Enumerable.Range(0, 2).Select(_ => new WriteQueue(Database)).ToArray();
        var asked = await Task.WhenAll(asking.Select(w => Task.Run(() => w.Write((db, tx) =>
        {
            var mine = csat.Due(Opened + Duration.FromMinutes(1), 10, db, tx);
            if (overlap) bothRead.SignalAndWait(TimeSpan.FromSeconds(10));
            return mine.Count == 1 && csat.Ask(mine[0], "How happy are you?", null, Opened + Duration.FromMinutes(1), db, tx);
        }))));
        foreach (var w in asking) await w.DisposeAsync();
        Assert.Equal(1, asked.Count(a => a));
        using (var sent = Database.Open())
            Assert.Equal(1L, Dapper.SqlMapper.ExecuteScalar<long>(sent, "SELECT COUNT(*) FROM outbox WHERE text = 'How happy are you?'"));
        await writes.Write((db, tx) => csat.Answer(key, 5, "5", Opened + Duration.FromMinutes(2), db, tx));
        Assert.Empty(await writes.Write((db, tx) => csat.Due(Opened + Duration.FromMinutes(3), 10, db, tx)));
        using var read = Database.Open();
        Assert.Equal(5.0, ResponseStats.For(new NodaTime.LocalDate(2026, 11, 24), new NodaTime.LocalDate(2026, 11, 24), DateTimeZoneProviders.Tzdb["Europe/Berlin"], read).Csat);
    }

    [Fact]
    public async Task Many_hand_offs_escalated_in_one_pass_reach_each_target_as_one_digest()
    {
        var handoffs = new HandoffStore();
        var escalations = new EscalationStore(new TranscriptStore(), Database);
        var notifications = new NotificationStore(Database);
        var plan = new EscalationPlan(Hours, [new(1, "team", Duration.Zero, "https://hooks.example/team", ["lead@example.com"], null)]);
        await using var writes = new WriteQueue(Database);
        var count = EscalationStore.DigestAbove + 5;
        for (var i = 0; i < count; i++)
        {
            var thread = new ThreadKey("generic", $"d-{i}");
            await writes.Write((db, tx) => handoffs.OpenOrAdd(thread, new Sender($"u-{i}", null), Request("normal", Duration.FromHours(2)), "support", Opened, db, tx));
        }

        // After an outage: every warning is due at once, and every one fires, once each.
        var pass = await writes.Write((db, tx) => escalations.Check(plan, Instant.FromUtc(2026, 11, 24, 10, 45), "i0", 1000, db, tx));
        Assert.Equal(count, pass.Fired.Count);
        Assert.Empty((await writes.Write((db, tx) => escalations.Check(plan, Instant.FromUtc(2026, 11, 24, 10, 46), "i0", 1000, db, tx))).Fired);

        // The tier hears of them as one webhook call and one mail, each listing the hand-offs.
        var told = await writes.Write((db, tx) => notifications.ClaimDue("i0", Instant.FromUtc(2026, 11, 24, 10, 46), Duration.FromMinutes(1), 100, db, tx));
        Assert.Equal(["email", "webhook"], told.Select(n => n.TargetKind).Order());
        foreach (var n in told)
        {
            using var payload = System.Text.Json.JsonDocument.Parse(n.Payload);
            Assert.Equal("handoff.escalation.digest", payload.RootElement.GetProperty("type").GetString());
            Assert.Equal(count, payload.RootElement.GetProperty("count").GetInt32());
            Assert.Equal(count, payload.RootElement.GetProperty("steps").GetProperty(EscalationPlan.Warning).GetInt32());
            Assert.Equal(pass.Fired.Select(f => f.HandoffId).Order(),
                payload.RootElement.GetProperty("handoffs").EnumerateArray().Select(h => h.GetProperty("id").GetString()!).Order());
        }
    }

    [Fact]
    public async Task The_queue_lists_the_earliest_promise_first_then_the_most_urgent()
    {
        var handoffs = new HandoffStore();
        await using var writes = new WriteQueue(Database);
        foreach (var (thread, priority, minutes) in new[] { ("a", "normal", 120), ("b", "urgent", 15), ("c", "high", 120), ("d", "low", 240) })
            await writes.Write((db, tx) => handoffs.OpenOrAdd(new ThreadKey("generic", thread), new Sender("u-" + thread, null), Request(priority, Duration.FromMinutes(minutes)), "support", Opened, db, tx));
        using var read = Database.Open();
        Assert.Equal(["b", "c", "a", "d"], handoffs.List("queued", "support", 10, read).Select(h => h.Thread.ThreadId));
        Assert.Empty(handoffs.List("queued", "sales", 10, read));
    }
}

public sealed class SqliteEscalationContract() : EscalationContract(TestDatabase.Sqlite());

[Collection(PostgresCollection.Name)]
public sealed class PostgresEscalationContract(PostgresServer server) : EscalationContract(TestDatabase.Postgres(server));
