using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AutoReply.Channels.Signatures;
using AutoReply.Service.Tests.Harness;
using AutoReply.Service.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace AutoReply.Service.Tests;

/// The escalation check on the real Quartz scheduler, driven by a fake clock: a warning to tier 1 when three
/// quarters of the first-response budget are spent, the breach to tier 2, both counted in business time.
/// "Nothing fired yet" is shown with a sentinel: a second hand-off opened a minute earlier, whose step is due
/// exactly then — once its notification is in, the check has run at that instant.
public sealed class EscalationTests
{
    internal const string Secret = "whsec-test";

    internal static Dictionary<string, string?> Tiers(WebhookSink sink, string? tier2Team = null) => new()
    {
        ["Escalation:Tiers:0:Name"] = "team", ["Escalation:Tiers:0:WebhookUrl"] = sink.Url("tier1"),
        ["Escalation:Tiers:1:Name"] = "team lead", ["Escalation:Tiers:1:WebhookUrl"] = sink.Url("tier2"), ["Escalation:Tiers:1:Team"] = tier2Team,
        ["Escalation:WebhookSecret"] = Secret,
    };

    internal static async Task<JsonElement> HandoffOf(TestService service, string thread, HttpClient? http = null)
    {
        foreach (var state in new[] { "queued", "assigned", "waiting", "resolved" })
        {
            var list = await (http ?? service.Http).GetFromJsonAsync<JsonElement[]>($"/api/handoffs?state={state}");
            foreach (var h in list!)
                if (h.GetProperty("thread").GetString() == thread)
                    return await (http ?? service.Http).GetFromJsonAsync<JsonElement>($"/api/handoffs/{h.GetProperty("id").GetString()}");
        }
        throw new Xunit.Sdk.XunitException($"no hand-off for thread {thread}");
    }

    internal static Task<JsonElement> HandoffWhen(TestService service, string thread, Func<JsonElement, bool> condition, string what) =>
        Eventually.ValueAsync(async () => { try { return await HandoffOf(service, thread); } catch (Xunit.Sdk.XunitException) { return default; } },
            h => h.ValueKind == JsonValueKind.Object && condition(h), what);

    static string[] Kinds(JsonElement handoff) => handoff.GetProperty("escalations").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!).ToArray();

    [Theory]
    // Friday 16:00 Berlin: one business hour left; the warning (90 min) and breach (2 h) fall on Monday morning.
    [InlineData("2026-11-27T15:00:00Z", "2026-11-30T08:30:00Z", "2026-11-30T09:00:00Z")]
    // Wednesday 23 December 16:30: Christmas Eve to Boxing Day are holidays, then a Sunday: Monday 28th it is.
    [InlineData("2026-12-23T15:30:00Z", "2026-12-28T09:00:00Z", "2026-12-28T09:30:00Z")]
    public async Task The_warning_and_the_breach_fire_at_their_business_time_and_reach_their_tiers(string opened, string warn, string breach)
    {
        var t0 = DateTimeOffset.Parse(opened);
        var clock = new FakeTimeProvider(t0.AddMinutes(-1));
        await using var sink = await WebhookSink.Start();
        await using var receiver = await Receiver.Start();
        // The cron only hourly: the steps at :30 can only fire by the exact-time trigger the check sets.
        var settings = Tiers(sink);
        settings["Escalation:CheckCron"] = "0 0 * * * ?";
        await using var service = await TestService.Start(receiver, clock: clock, settings: settings);

        await service.Post(TestService.Dm("s-1", "sentinel", IngestTests.Unanswerable, sender: "u-s"));
        await HandoffWhen(service, "sentinel", _ => true, "the sentinel's hand-off");
        clock.Advance(TimeSpan.FromMinutes(1));
        await service.Post(TestService.Dm("a-1", "a", IngestTests.Unanswerable, sender: "u-a"));
        var handoff = await HandoffWhen(service, "a", _ => true, "the hand-off");
        Assert.Equal(DateTimeOffset.Parse(breach), handoff.GetProperty("firstResponseDue").GetDateTimeOffset());

        // A minute before its warning: the sentinel's warning fires, this one's does not.
        clock.Advance(DateTimeOffset.Parse(warn) - clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        await sink.WaitUntil(n => n.Any(x => x.Thread == "sentinel" && x.Kind == "warning"), "the sentinel's warning");
        Assert.DoesNotContain(sink.Received, n => n.Thread == "a");
        Assert.Empty(Kinds(await HandoffOf(service, "a")));

        clock.Advance(TimeSpan.FromMinutes(1));
        var warning = (await sink.WaitUntil(n => n.Any(x => x.Thread == "a"), "the warning")).Single(x => x.Thread == "a");
        Assert.Equal(("tier1", "warning", 1), (warning.Path, warning.Kind, warning.Tier));
        Assert.True(HmacSignature.Verify(Secret, Encoding.UTF8.GetBytes(warning.Body), warning.Signature), "the webhook is signed");
        Assert.NotEmpty(warning.IdempotencyKey);
        Assert.Equal(DateTimeOffset.Parse(warn), warning.Json.GetProperty("escalation").GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("queued", warning.Json.GetProperty("handoff").GetProperty("state").GetString());

        clock.Advance(DateTimeOffset.Parse(breach) - clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        await sink.WaitUntil(n => n.Any(x => x.Thread == "sentinel" && x.Kind == "first-response-breach"), "the sentinel's breach");
        Assert.Equal(["warning"], Kinds(await HandoffOf(service, "a")));

        clock.Advance(TimeSpan.FromMinutes(1));
        var breached = (await sink.WaitUntil(n => n.Any(x => x.Thread == "a" && x.Kind == "first-response-breach"), "the breach"))
            .Single(x => x.Thread == "a" && x.Kind == "first-response-breach");
        Assert.Equal(("tier2", 2), (breached.Path, breached.Tier));
        Assert.Equal("high", breached.Json.GetProperty("handoff").GetProperty("priority").GetString());   // a breach raises it
        var after = await HandoffOf(service, "a");
        Assert.Equal(["warning", "first-response-breach"], Kinds(after));
        Assert.Equal(2, sink.Received.Count(n => n.Thread == "a"));
        var transcript = await service.Thread("a");
        Assert.Equal(2, transcript!.Entries.Count(e => e.Kind == "escalation"));
    }
}

/// A mistake in the hand-off configuration stops start-up with the key and what is wrong, not at the first breach.
public sealed class HandoffConfigurationTests
{
    [Theory]
    [InlineData("Escalation:CheckCron", "every minute", "Escalation:CheckCron 'every minute' is not a Quartz cron expression")]
    [InlineData("Escalation:Tiers:0:WebhookUrl", "not a url", "Escalation:Tiers:0:WebhookUrl 'not a url' is not an absolute URL")]
    [InlineData("Escalation:Tiers:0:Email", "lead-at-example", "Escalation:Tiers:0:Email 'lead-at-example' is not an e-mail address")]
    [InlineData("Sla:Categories:returns:FirstResponse", "1.00:00:00", "Sla:Categories:returns: FirstResponse and Resolution are both required")]
    [InlineData("Sla:Categories:sales:Resolution", "01:00:00", "Sla:Categories:sales: Resolution is shorter than FirstResponse")]
    [InlineData("Sla:Priorities:asap:FirstResponse", "00:10:00", "Sla:Priorities:asap: 'asap' is not a priority")]
    [InlineData("Customers:Tiers:gold:Priority", "very", "Customers:Tiers:gold:Priority: 'very' is not a priority")]
    public void A_bad_setting_stops_start_up_and_names_itself(string key, string value, string message)
    {
        var e = Assert.ThrowsAny<InvalidOperationException>(() => ServiceHost.Build(["--urls", "http://127.0.0.1:0", "--Dialogs:Path", Repo.Dialogs,
            "--ConnectionStrings:AutoReply", "Data Source=" + Path.Combine(Repo.TempDirectory(), "a.db"), $"--{key}", value, Harness.LoopbackApp.NoReload]));
        Assert.StartsWith(message, e.Message);
    }

    /// Targets that promise a complaint a later reply than a calm DM are said at start-up (QA round 40: complaints within 10 h
    /// beside the general 2 h); the shipped targets (complaint 1 h) are not, and a high priority that tightens only angry
    /// complaints leaves the calm ones promised 10 h.
    [Theory]
    [InlineData("10:00:00", null, true)]
    [InlineData("01:00:00", null, false)]
    [InlineData("10:00:00", "01:00:00", true)]
    public void Targets_that_promise_a_complaint_a_later_reply_than_a_calm_DM_are_said(string complaint, string? high, bool warned)
    {
        var options = new SlaOptions();
        options.Categories["complaint"] = new SlaTargetOptions { FirstResponse = TimeSpan.Parse(complaint), Resolution = TimeSpan.FromDays(1) };
        if (high is not null) options.Priorities["high"] = new SlaTargetOptions { FirstResponse = TimeSpan.Parse(high), Resolution = TimeSpan.FromDays(1) };
        var hours = BusinessHoursConfig.Build(new BusinessHoursOptions { TimeZone = "Europe/Berlin", Week = new() { ["Monday"] = "09:00-17:00" } });
        var warnings = HandoffConfig.Warnings(HandoffConfig.Sla(options, hours)).ToList();
        Assert.Equal(warned, warnings.Count == 1);
        if (warned) Assert.StartsWith("Sla: a complaint is promised a first reply within 10 hours (Sla:Categories:complaint), a calm DM within 2 hours", warnings[0]);
    }

    /// `Sla:Priorities:urgent:AroundTheClock` counts the urgent budgets in clock time: due 15 minutes after a Saturday night's DM.
    [Fact]
    public void An_urgent_target_set_around_the_clock_is_due_in_clock_time()
    {
        var options = new SlaOptions();
        options.Priorities["urgent"] = new SlaTargetOptions { FirstResponse = TimeSpan.FromMinutes(15), Resolution = TimeSpan.FromHours(4), AroundTheClock = true };
        var hours = BusinessHoursConfig.Build(new BusinessHoursOptions { TimeZone = "Europe/Berlin", Week = new() { ["Monday"] = "09:00-17:00" } });
        var saturdayNight = NodaTime.Instant.FromUtc(2026, 11, 28, 21, 0);
        var sla = HandoffConfig.Sla(options, hours);
        Assert.Equal(saturdayNight + NodaTime.Duration.FromMinutes(15), sla.DueTimes("general", AutoReply.Core.Handoffs.Priority.Urgent, saturdayNight).FirstResponse);
        Assert.True(sla.DueTimes("general", AutoReply.Core.Handoffs.Priority.Normal, saturdayNight).FirstResponse > saturdayNight + NodaTime.Duration.FromDays(1));
    }
}
