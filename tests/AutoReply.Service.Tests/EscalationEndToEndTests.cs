using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoReply.Service.Tests.Harness;
using Microsoft.Extensions.Time.Testing;

namespace AutoReply.Service.Tests;

/// The whole way over HTTP: a DM the library cannot answer, the acknowledgement with its reply-by time, the hand-off
/// queued, nobody claims it, the warning, the breach escalated to tier 2 (whose team takes the unclaimed hand-off),
/// a team lead claims it and answers with a saved reply, the customer receives it, the hand-off is resolved — and
/// the metrics say what happened.
public sealed class EscalationEndToEndTests
{
    [Fact]
    public async Task An_unanswered_DM_is_acknowledged_queued_warned_escalated_claimed_answered_and_resolved()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));   // Tuesday 10:00 Berlin
        await using var sink = await WebhookSink.Start();
        await using var receiver = await Receiver.Start();
        var settings = EscalationTests.Tiers(sink, tier2Team: "leads");
        settings["Agents:0:Id"] = "ana"; settings["Agents:0:Team"] = "support"; settings["Agents:0:TokenSha256"] = Agents.Hash("ana-token");
        settings["Agents:1:Id"] = "lee"; settings["Agents:1:Name"] = "Lee"; settings["Agents:1:Team"] = "leads"; settings["Agents:1:TokenSha256"] = Agents.Hash("lee-token");
        settings["Api:TokenSha256"] = Agents.Hash("operator-token");
        await using var service = await TestService.Start(receiver, settings, clock);
        var http = service.Http;
        async Task<JsonElement[]> Queue(string token, string state = "queued") =>
            (await (await http.SendAsync(Agents.As(token, HttpMethod.Get, $"/api/handoffs?state={state}"))).Content.ReadFromJsonAsync<JsonElement[]>())!;

        // 1. The DM, and the acknowledgement with the promise.
        await service.Post(TestService.Dm("m-1", "t-1", IngestTests.Unanswerable, sender: "u-1", name: "Ana Customer"));
        var ack = (await receiver.WaitUntil(d => d.Count == 1, "the acknowledgement"))[0];
        Assert.Equal("ack", ack.Kind);
        Assert.Contains("within 2 hours", ack.Text);

        // 2. Queued for support, due when the acknowledgement said.
        var queued = (await Eventually.ValueAsync(() => Queue("ana-token"), q => q.Length == 1, "the hand-off in support's queue"))[0];
        var id = queued.GetProperty("id").GetString()!;
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 11, 0, 0, TimeSpan.Zero), queued.GetProperty("firstResponseDue").GetDateTimeOffset());
        Assert.Equal("support", queued.GetProperty("team").GetString());

        // 3. Nobody claims it: at 11:30 the warning goes to tier 1.
        clock.Advance(TimeSpan.FromMinutes(90));
        var warning = (await sink.WaitUntil(n => n.Count == 1, "the warning"))[0];
        Assert.Equal(("tier1", "warning", id), (warning.Path, warning.Kind, warning.Json.GetProperty("handoff").GetProperty("id").GetString()));

        // 4. At 12:00 the promise is broken: tier 2 hears of it, and its team takes the unclaimed hand-off.
        clock.Advance(TimeSpan.FromMinutes(30));
        var breach = (await sink.WaitUntil(n => n.Count == 2, "the escalation to tier 2"))[1];
        Assert.Equal(("tier2", "first-response-breach", 2), (breach.Path, breach.Kind, breach.Tier));
        Assert.Equal("leads", breach.Json.GetProperty("escalation").GetProperty("movedToTeam").GetString());
        Assert.Empty(await Eventually.ValueAsync(() => Queue("ana-token"), q => q.Length == 0, "the hand-off gone from support's queue"));
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/claim"))).StatusCode);
        var leads = await Queue("lee-token");
        Assert.Equal(("high", "leads"), (leads.Single().GetProperty("priority").GetString(), leads.Single().GetProperty("team").GetString()));

        // 5. The team lead claims it and answers with a saved reply: the customer receives it.
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Agents.As("lee-token", HttpMethod.Post, $"/api/handoffs/{id}/claim"))).StatusCode);
        var replied = await http.SendAsync(Agents.As("lee-token", HttpMethod.Post, $"/api/handoffs/{id}/reply", new { savedReply = "greeting" }));
        Assert.Equal(HttpStatusCode.Accepted, replied.StatusCode);
        var agentReply = (await receiver.WaitUntil(d => d.Any(r => r.Kind == "agent"), "the agent's reply")).Single(r => r.Kind == "agent");
        Assert.Equal("Hi Ana, this is Lee from the customer care team. I've read your messages and I'm on it.", agentReply.Text);
        Assert.Equal(("t-1", "u-1"), (agentReply.Thread, agentReply.Recipient));

        // 6. Resolved; the record says what happened, and the metrics count it.
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Agents.As("lee-token", HttpMethod.Post, $"/api/handoffs/{id}/resolve"))).StatusCode);
        var final = await (await http.SendAsync(Agents.As("lee-token", HttpMethod.Get, $"/api/handoffs/{id}"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("resolved", final.GetProperty("state").GetString());
        Assert.Equal(["warning", "first-response-breach"], final.GetProperty("escalations").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        var transcript = await (await http.SendAsync(Agents.As("operator-token", HttpMethod.Get, "/api/threads/t-1"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["dm", "decision", "handoff", "ack", "escalation", "escalation", "claim", "agent", "resolve"],
            transcript.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));

        var metrics = await (await http.SendAsync(Agents.As("operator-token", HttpMethod.Get, "/api/handoffs/metrics"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, metrics.GetProperty("opened").GetInt32());
        Assert.Equal(1, metrics.GetProperty("resolved").GetInt32());
        Assert.Equal(1, metrics.GetProperty("warnings").GetInt32());
        Assert.Equal(1, metrics.GetProperty("firstResponseBreaches").GetInt32());
        Assert.Equal(1, metrics.GetProperty("firstResponsesLate").GetInt32());
        Assert.Equal(125.0, metrics.GetProperty("firstResponse").GetProperty("median").GetDouble());
    }
}
