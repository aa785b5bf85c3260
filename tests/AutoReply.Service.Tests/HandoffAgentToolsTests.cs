using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoReply.Service.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoReply.Service.Tests;

/// What agents work with beyond claim and reply: saved replies filled from the hand-off, waiting for the
/// customer (the resolution clock stops), e-mail to a tier through SMTP.
public sealed class HandoffAgentToolsTests
{
    static readonly DateTimeOffset Tuesday10 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Saved_replies_are_filled_from_the_hand_off_and_never_sent_with_a_hole()
    {
        var clock = new FakeTimeProvider(Tuesday10);
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: clock);
        // The refund flow collects the order number, then a person takes over. Only the first DM carries the
        // customer's name; the hand-off, opened on the last, still has it.
        foreach (var (dm, text, name) in new[] { ("m1", "I want a refund", "Ben Buyer"), ("m2", "A-1234", null), ("m3", "Wrong item", null) })
            await service.Post(TestService.Dm(dm, "t-r", text, sender: "u-r", name: name));
        var handoff = await EscalationTests.HandoffWhen(service, "t-r", h => h.GetProperty("summary").TryGetProperty("order_number", out _), "the refund hand-off");
        var id = handoff.GetProperty("id").GetString()!;

        var listed = await service.Http.GetFromJsonAsync<JsonElement[]>($"/api/saved-replies?handoff={id}");
        var refund = listed!.Single(r => r.GetProperty("id").GetString() == "refund-started");
        Assert.StartsWith("Hi Ben, I've started the refund for order A-1234.", refund.GetProperty("rendered").GetString());
        var callback = listed!.Single(r => r.GetProperty("id").GetString() == "callback-booked");
        Assert.Equal(JsonValueKind.Null, callback.GetProperty("rendered").ValueKind);
        // The caller here is the operator, who has no name to sign with: {agent} is missing too.
        Assert.Equal(["phone", "callback_time", "agent"], callback.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));

        var holey = await service.Http.PostAsJsonAsync($"/api/handoffs/{id}/reply", new { savedReply = "callback-booked" });
        Assert.Equal(HttpStatusCode.Conflict, holey.StatusCode);
        Assert.Contains("{phone}, {callback_time}", await holey.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Http.PostAsJsonAsync($"/api/handoffs/{id}/reply", new { savedReply = "no-such-reply" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Http.GetAsync("/api/saved-replies?handoff=nope")).StatusCode);
        // Without the customer's name the greeting still reads well: the name is the one value that may be missing.
        await service.Post(TestService.Dm("n1", "t-nameless", IngestTests.Unanswerable, sender: "u-nameless", name: null));
        var nameless = (await EscalationTests.HandoffWhen(service, "t-nameless", _ => true, "the nameless hand-off")).GetProperty("id").GetString();
        var closing = (await service.Http.GetFromJsonAsync<JsonElement[]>($"/api/saved-replies?handoff={nameless}"))!.Single(r => r.GetProperty("id").GetString() == "closing");
        Assert.StartsWith("Glad I could help! If anything else comes up", closing.GetProperty("rendered").GetString());

        var given = await service.Http.PostAsJsonAsync($"/api/handoffs/{id}/reply",
            new { savedReply = "callback-booked", variables = new Dictionary<string, string> { ["phone"] = "+49 30 1234567", ["callback_time"] = "Wednesday 15:00", ["agent"] = "Carla" } });
        Assert.Equal(HttpStatusCode.Accepted, given.StatusCode);
        var sent = (await receiver.WaitUntil(d => d.Any(r => r.Kind == "agent"), "the saved reply")).Single(r => r.Kind == "agent");
        Assert.Equal("Hi Ben, we'll call you on +49 30 1234567 on Wednesday 15:00. Talk soon, Carla", sent.Text);
    }

    /// A saved reply without a text in the customer's language is rendered in the default language, values and all: the
    /// callback's time in English words for an English text, not "maanantaina klo 14.00" inside it (QA round 18).
    [Fact]
    public async Task A_saved_reply_in_the_default_language_has_its_values_in_that_language_too()
    {
        var clock = new FakeTimeProvider(Tuesday10);
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: clock);
        foreach (var (dm, text) in new[] { ("m1", "Voitteko soittaa minulle takaisin?"), ("m2", "ensi maanantaina klo 14"), ("m3", "040 123 4567") })
            await service.Post(TestService.Dm(dm, "t-fi", text, sender: "u-fi", name: "Aino Asiakas"));
        var handoff = await EscalationTests.HandoffWhen(service, "t-fi", h => h.GetProperty("summary").TryGetProperty("phone", out _), "the callback hand-off");
        var listed = await service.Http.GetFromJsonAsync<JsonElement[]>($"/api/saved-replies?handoff={handoff.GetProperty("id").GetString()}");
        var callback = listed!.Single(r => r.GetProperty("id").GetString() == "callback-booked");
        // The operator has no name: {agent} is missing, so the text is rendered once it is given, as an agent would.
        var given = await service.Http.PostAsJsonAsync($"/api/handoffs/{handoff.GetProperty("id").GetString()}/reply",
            new { savedReply = "callback-booked", variables = new Dictionary<string, string> { ["agent"] = "Carla" } });
        Assert.Equal(HttpStatusCode.Accepted, given.StatusCode);
        var sent = (await receiver.WaitUntil(d => d.Any(r => r.Kind == "agent"), "the saved reply")).Single(r => r.Kind == "agent").Text;
        Assert.StartsWith("Hi Aino, we'll call you on +358 40 1234567 on Monday", sent);
        Assert.DoesNotContain("maanantai", sent);
        Assert.Equal(["agent"], callback.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task Waiting_for_the_customer_stops_the_resolution_clock_until_they_write()
    {
        var clock = new FakeTimeProvider(Tuesday10);
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: clock);
        await service.Post(TestService.Dm("m1", "t-w", IngestTests.Unanswerable, sender: "u-w"));
        var handoff = await EscalationTests.HandoffWhen(service, "t-w", _ => true, "the hand-off");
        var id = handoff.GetProperty("id").GetString()!;
        var resolutionDue = handoff.GetProperty("resolutionDue").GetDateTimeOffset();

        var asked = await service.Http.PostAsJsonAsync($"/api/handoffs/{id}/reply", new { text = "Which page of the report do you mean?", waitForCustomer = true });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var waiting = await asked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("waiting", waiting.GetProperty("state").GetString());
        Assert.Equal(Tuesday10, waiting.GetProperty("waitingSince").GetDateTimeOffset());

        // The customer answers the next day at 11:00 Berlin: 7 h of Tuesday and 2 h of Wednesday were spent waiting.
        clock.Advance(TimeSpan.FromHours(25));
        await service.Post(TestService.Dm("m2", "t-w", "page 12, the table", sender: "u-w"));
        var answered = await EscalationTests.HandoffWhen(service, "t-w", h => h.GetProperty("state").GetString() == "assigned", "the hand-off back from waiting");
        Assert.Equal(JsonValueKind.Null, answered.GetProperty("waitingSince").ValueKind);   // at once, not after the next check
        clock.Advance(TimeSpan.FromMinutes(1));   // the next check (the cron runs every minute) adds the paused time back
        var back = await EscalationTests.HandoffWhen(service, "t-w", h => h.GetProperty("state").GetString() == "assigned"
            && h.GetProperty("resolutionDue").GetDateTimeOffset() != resolutionDue, "the hand-off back from waiting, with the time added");
        // Due Wednesday 2 December 10:00 Berlin; 9 business hours later: 7 that Wednesday, 2 on Thursday — 11:00.
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero), resolutionDue);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero), back.GetProperty("resolutionDue").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, back.GetProperty("waitingSince").ValueKind);
    }

    [Fact]
    public async Task A_tier_with_an_address_gets_the_escalation_by_e_mail()
    {
        var clock = new FakeTimeProvider(Tuesday10);
        await using var smtp = new SmtpSink();
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: clock, settings: new Dictionary<string, string?>
        {
            ["Escalation:Tiers:0:Name"] = "team", ["Escalation:Tiers:0:Email"] = "care-team@example.com, lead@example.com",
            ["Escalation:Tiers:1:Name"] = "team lead",
            ["Escalation:Smtp:Host"] = "127.0.0.1", ["Escalation:Smtp:Port"] = smtp.Port.ToString(), ["Escalation:Smtp:Security"] = "None",
            ["Escalation:Smtp:From"] = "autoreply@shop.example",
        });
        await service.Post(TestService.Dm("m1", "t-e", IngestTests.Unanswerable, sender: "u-e"));
        var id = (await EscalationTests.HandoffWhen(service, "t-e", _ => true, "the hand-off")).GetProperty("id").GetString()!;

        clock.Advance(TimeSpan.FromMinutes(90));
        var mail = (await smtp.WaitUntil(m => m.Count == 1, "the warning e-mail"))[0];
        Assert.Equal("<autoreply@shop.example>", mail.From);
        Assert.Equal(["<care-team@example.com>", "<lead@example.com>"], mail.To);
        using var parsed = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(mail.Data)));
        Assert.Equal($"[AutoReply] warning: normal general hand-off {id}", parsed.Subject);
        Assert.Contains("Escalation: warning (tier 1, team)", parsed.TextBody);
    }

    [Fact]
    public async Task Many_hand_offs_escalated_at_once_reach_the_tier_as_one_e_mail_listing_them()
    {
        var clock = new FakeTimeProvider(Tuesday10);
        await using var smtp = new SmtpSink();
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: clock, settings: new Dictionary<string, string?>
        {
            ["Escalation:Tiers:0:Name"] = "team", ["Escalation:Tiers:0:Email"] = "care-team@example.com",
            ["Escalation:Smtp:Host"] = "127.0.0.1", ["Escalation:Smtp:Port"] = smtp.Port.ToString(), ["Escalation:Smtp:Security"] = "None",
            ["Escalation:Smtp:From"] = "autoreply@shop.example",
        });
        var count = Storage.Handoffs.EscalationStore.DigestAbove + 2;
        for (var i = 0; i < count; i++) await service.Post(TestService.Dm($"m{i}", $"t-d{i}", IngestTests.Unanswerable, sender: $"u-d{i}"));
        var ids = new List<string>();
        for (var i = 0; i < count; i++) ids.Add((await EscalationTests.HandoffWhen(service, $"t-d{i}", _ => true, "a hand-off")).GetProperty("id").GetString()!);

        clock.Advance(TimeSpan.FromMinutes(90));
        var mail = (await smtp.WaitUntil(m => m.Count >= 1, "the digest e-mail"))[0];
        using var parsed = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(mail.Data)));
        Assert.Equal($"[AutoReply] {count} hand-offs escalated to tier 1 (team)", parsed.Subject);
        Assert.All(ids, id => Assert.Contains(id, parsed.TextBody));
        using var db = service.Services.GetRequiredService<Storage.Database>().Open();
        Assert.Equal(1L, Dapper.SqlMapper.ExecuteScalar<long>(db, "SELECT COUNT(*) FROM notifications"));   // one mail, not one per hand-off
    }
}
