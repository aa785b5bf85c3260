using AutoReply.Service.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace AutoReply.Service.Tests;

/// Every escalation fires exactly once: deadlines that passed while the service was down fire at start-up, a
/// second start fires nothing again, and two instances on one database never both fire (or notify) a step.
public sealed class EscalationOnceTests
{
    static readonly DateTimeOffset Tuesday10 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);   // 10:00 Berlin

    /// How often each step fired for each thread (an escalation row names the kinds of the steps that fired together).
    static List<(string Thread, string Kind, long N)> Escalations(string databasePath)
    {
        using var db = new SqliteConnection($"Data Source={databasePath}");
        return db.Query<(string Thread, string Kinds)>("SELECT h.thread_id, COALESCE(e.kinds, e.kind) FROM escalations e JOIN handoffs h ON h.id = e.handoff_id")
            .SelectMany(r => r.Kinds.Split(',').Select(kind => (r.Thread, Kind: kind)))
            .GroupBy(r => r).Select(g => (g.Key.Thread, g.Key.Kind, (long)g.Count()))
            .OrderBy(r => r.Thread, StringComparer.Ordinal).ThenBy(r => r.Kind, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Deadlines_that_passed_while_the_service_was_down_fire_at_start_up_once()
    {
        var clock = new FakeTimeProvider(Tuesday10);
        var directory = Repo.TempDirectory();
        var database = Path.Combine(directory, "autoreply.db");
        await using var sink = await WebhookSink.Start();
        await using var receiver = await Receiver.Start();
        var settings = EscalationTests.Tiers(sink);
        try
        {
            await using (var first = await TestService.Start(receiver, settings, clock, database))
            {
                foreach (var t in new[] { "r1", "r2", "r3" })
                    await first.Post(TestService.Dm($"{t}-m", t, IngestTests.Unanswerable, sender: $"u-{t}"));
                foreach (var t in new[] { "r1", "r2", "r3" })
                    await EscalationTests.HandoffWhen(first, t, _ => true, $"{t}'s hand-off");
            }

            // Down from 10:00 to 12:30 Berlin: warning (11:30) and breach (12:00) of all three passed meanwhile.
            clock.Advance(TimeSpan.FromMinutes(150));
            await using (var second = await TestService.Start(receiver, settings, clock, database))
            {
                await sink.WaitUntil(n => n.Count == 6, "a warning and a breach for each hand-off");
                // A sentinel for the next start: opened now (12:30), its warning is due at 14:00.
                await second.Post(TestService.Dm("s-m", "sentinel", IngestTests.Unanswerable, sender: "u-s"));
                await EscalationTests.HandoffWhen(second, "sentinel", _ => true, "the sentinel's hand-off");
            }

            clock.Advance(TimeSpan.FromMinutes(100));   // 14:10: only the sentinel has a step due
            await using (var third = await TestService.Start(receiver, settings, clock, database))
                await sink.WaitUntil(n => n.Any(x => x.Thread == "sentinel"), "the sentinel's warning: the start-up check ran");

            Assert.Equal(
                [("r1", "first-response-breach", 1L), ("r1", "warning", 1L), ("r2", "first-response-breach", 1L), ("r2", "warning", 1L),
                 ("r3", "first-response-breach", 1L), ("r3", "warning", 1L), ("sentinel", "warning", 1L)],
                Escalations(database));
            Assert.Equal(7, sink.Received.Count);
            Assert.Equal(7, sink.Received.Select(n => n.IdempotencyKey).Distinct().Count());
            // Both fell due while the service was down: one escalation (one id) whose tiers each hear of their step, which
            // says when it had been due, not when the service came back.
            var r1 = sink.Received.Where(n => n.Thread == "r1").OrderBy(n => n.Json.GetProperty("escalation").GetProperty("dueAt").GetDateTimeOffset()).ToList();
            Assert.Single(r1.Select(n => n.Json.GetProperty("escalation").GetProperty("id").GetInt64()).Distinct());
            Assert.Equal(["warning", "first-response-breach"], r1.Select(n => n.Kind));
            Assert.Equal(Tuesday10.AddMinutes(90), r1[0].Json.GetProperty("escalation").GetProperty("dueAt").GetDateTimeOffset());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task Two_instances_on_one_database_fire_and_notify_each_step_once()
    {
        var clock = new FakeTimeProvider(Tuesday10);
        await using var sink = await WebhookSink.Start();
        await using var receiver = await Receiver.Start();
        var settings = EscalationTests.Tiers(sink);
        await using var first = await TestService.Start(receiver, settings, clock);
        settings["ConnectionStrings:AutoReply"] = $"Data Source={first.DatabasePath}";
        await using var second = await TestService.Start(receiver, settings, clock, first.DatabasePath);
        const int threads = 20;

        for (var t = 0; t < threads; t++)
            await (t % 2 == 0 ? first : second).Post(TestService.Dm($"t{t}-m", $"t{t}", IngestTests.Unanswerable, sender: $"u{t}"));
        for (var t = 0; t < threads; t++)
            await EscalationTests.HandoffWhen(first, $"t{t}", _ => true, $"t{t}'s hand-off");

        // Both schedulers run on the same clock: every step is due on both at the same instant.
        clock.Advance(TimeSpan.FromMinutes(121));
        await sink.WaitUntil(n => n.Count == threads * 2, "a warning and a breach for every hand-off");
        // The sentinel: a later step both instances' checks must pass through before it fires.
        await first.Post(TestService.Dm("s-m", "sentinel", IngestTests.Unanswerable, sender: "u-s"));
        await EscalationTests.HandoffWhen(first, "sentinel", _ => true, "the sentinel's hand-off");
        clock.Advance(TimeSpan.FromMinutes(91));
        await sink.WaitUntil(n => n.Any(x => x.Thread == "sentinel"), "the sentinel's warning");

        var fired = Escalations(first.DatabasePath).Where(e => e.Thread != "sentinel").ToList();
        Assert.Equal(threads * 2, fired.Count);
        Assert.All(fired, e => Assert.Equal(1, e.N));
        var notified = sink.Received.Where(n => n.Thread != "sentinel").ToList();
        Assert.Equal(threads * 2, notified.Count);
        Assert.Equal(threads * 2, notified.Select(n => (n.Thread, n.Kind)).Distinct().Count());
        using var db = new SqliteConnection($"Data Source={first.DatabasePath}");
        var transcriptEvents = db.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM transcript WHERE kind = 'escalation' AND thread_id <> 'sentinel'");
        Assert.Equal(threads, transcriptEvents);   // warning and breach fell due together: one line each, naming both
    }
}

public sealed class EscalationSwitchTests
{
    [Fact]
    public async Task An_instance_with_escalation_off_runs_no_scheduler_and_still_serves_the_queue()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        await using var sink = await WebhookSink.Start();
        var settings = EscalationTests.Tiers(sink);
        settings["Escalation:Enabled"] = "false";
        await using var service = await TestService.Start(settings: settings, clock: clock);
        var hosted = service.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Select(h => h.GetType().Name).ToList();
        Assert.DoesNotContain("QuartzHostedService", hosted);
        Assert.Contains("NotificationSender", hosted);   // notifications queued by another instance still go out from here
        await service.Post(TestService.Dm("m-1", "t-1", IngestTests.Unanswerable));
        var handoff = await EscalationTests.HandoffWhen(service, "t-1", _ => true, "the hand-off");
        var claimed = await service.Http.PostAsync($"/api/handoffs/{handoff.GetProperty("id").GetString()}/claim", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, claimed.StatusCode);
    }
}

public sealed class EscalationCoalescingTests
{
    [Fact]
    public async Task Steps_that_fall_due_together_reach_their_tier_once_with_every_step_named()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        await using var sink = await WebhookSink.Start();
        await using var service = await TestService.Start(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Escalation:Tiers:0:Name"] = "team", ["Escalation:Tiers:0:WebhookUrl"] = sink.Url("team"),   // one tier: it gets the breach too
        });
        await service.Post(TestService.Dm("m-1", "t-1", IngestTests.Unanswerable));
        await EscalationTests.HandoffWhen(service, "t-1", _ => true, "the hand-off");

        clock.Advance(TimeSpan.FromMinutes(125));   // past the warning (90 min) and the breach (120 min) at once
        var note = (await sink.WaitUntil(n => n.Count >= 1, "the notification")).Single();
        Assert.Equal("first-response-breach", note.Kind);
        Assert.Equal(["warning", "first-response-breach"], note.Json.GetProperty("escalation").GetProperty("steps").EnumerateArray().Select(s => s.GetString()));
        var handoff = await EscalationTests.HandoffOf(service, "t-1");
        Assert.Equal(2, handoff.GetProperty("escalations").GetArrayLength());   // both recorded, each once
        var thread = await service.Thread("t-1");
        Assert.Contains("warning", thread!.Entries.Single(e => e.Kind == "escalation").Text);
    }
}
