using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoReply.Service.Tests.Harness;

namespace AutoReply.Service.Tests;

/// Marketing only to senders who opted in (consent with time and source; STOP withdraws it), never into a support
/// conversation, and group DMs only within what the platform allows.
public sealed class MarketingTests
{
    [Fact]
    public async Task Marketing_goes_only_to_consenting_senders_outside_support_conversations()
    {
        await using var graph = await FakeApi.Start();
        await using var service = await TestService.Start(settings: MetaChannelTests.Settings(graph));
        var http = service.Http;
        await MetaChannelTests.Post(service, MetaChannelTests.Body(MetaChannelTests.Message("2001", "m.1", "What are your opening hours?")));
        await MetaChannelTests.Post(service, MetaChannelTests.Body(MetaChannelTests.Message("2003", "m.3", IngestTests.Unanswerable)));
        await EscalationTests.HandoffWhen(service, $"{MetaChannelTests.Page}:2003", _ => true, "2003's open hand-off");
        await graph.WaitUntil(c => c.Count(x => x.Path.EndsWith("/messages")) == 2, "both DMs answered");

        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync("/api/consent", new { channel = "messenger", sender = "2001", marketing = true })).StatusCode);
        var given = await (await http.PostAsJsonAsync("/api/consent", new { channel = "messenger", sender = "2001", marketing = true, source = "newsletter sign-up form" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(given.GetProperty("marketing").GetBoolean());
        Assert.Equal("newsletter sign-up form", given.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.String, given.GetProperty("at").ValueKind);
        // A request that is not exactly right changes nothing: no "marketing" is not a withdrawal, an unknown channel and
        // an id with a control character are refused, and each refusal says what was wrong.
        foreach (var (bad, says) in new (object, string)[]
                 {
                     (new { channel = "messenger", sender = "2001" }, "'marketing' is required"),
                     (new { channel = "fax", sender = "2001", marketing = true, source = "x" }, "'channel' must be one of"),
                     (new { channel = "messenger", sender = "g\u0001x", marketing = true, source = "x" }, "control or invisible"),
                     (new { channel = "messenger", sender = "2001", marketing = true, source = new string('s', 3000) }, "the limit is 256"),
                 })
        {
            var answer = await http.PostAsJsonAsync("/api/consent", bad);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Contains(says, (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }
        var still = await http.GetFromJsonAsync<JsonElement>("/api/consent/messenger/2001");
        Assert.True(still.GetProperty("marketing").GetBoolean());
        Assert.Equal("newsletter sign-up form", still.GetProperty("source").GetString());
        await http.PostAsJsonAsync("/api/consent", new { channel = "messenger", sender = "2003", marketing = true, source = "in-store" });

        var result = await (await http.PostAsJsonAsync("/api/marketing", new
        {
            channel = "messenger", account = MetaChannelTests.Page, recipients = new[] { "2001", "2002", "2003" }, text = "Our winter sale starts Friday!",
        })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["2001"], result.GetProperty("queued").EnumerateArray().Select(q => q.GetString()));
        var refused = result.GetProperty("refused").EnumerateArray().ToDictionary(r => r.GetProperty("recipient").GetString()!, r => r.GetProperty("reason").GetString());
        Assert.Equal("no marketing consent recorded", refused["2002"]);
        Assert.Equal("in an open support conversation", refused["2003"]);
        var sent = (await graph.WaitUntil(c => c.Any(x => x.Body.Contains("winter sale")), "the marketing message")).Single(x => x.Body.Contains("winter sale"));
        Assert.Equal("UPDATE", sent.Json.GetProperty("messaging_type").GetString());
        Assert.Equal("2001", sent.Json.GetProperty("recipient").GetProperty("id").GetString());

        // STOP withdraws the consent; START later turns replies back on, not marketing.
        await MetaChannelTests.Post(service, MetaChannelTests.Body(MetaChannelTests.Message("2001", "m.stop", "STOP")));
        await MetaChannelTests.Post(service, MetaChannelTests.Body(MetaChannelTests.Message("2001", "m.start", "START")));
        await service.ThreadWhen($"{MetaChannelTests.Page}:2001", t => t.Entries.Count(e => e.Kind == "notice") == 2, "both confirmations", "messenger");
        var again = await (await http.PostAsJsonAsync("/api/marketing", new { channel = "messenger", account = MetaChannelTests.Page, recipients = new[] { "2001" }, text = "Last chance!" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("no marketing consent recorded", again.GetProperty("refused")[0].GetProperty("reason").GetString());

        // A consent given while opted out is on record, and says so, but marketing may go only after START.
        await MetaChannelTests.Post(service, MetaChannelTests.Body(MetaChannelTests.Message("2001", "m.stop2", "STOP")));
        await service.ThreadWhen($"{MetaChannelTests.Page}:2001", t => t.Entries.Count(e => e.Kind == "notice") == 3, "the second opt-out", "messenger");
        var whileOut = await (await http.PostAsJsonAsync("/api/consent", new { channel = "messenger", sender = "2001", marketing = true, source = "form again" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((false, true, true), (whileOut.GetProperty("marketing").GetBoolean(), whileOut.GetProperty("consentRecorded").GetBoolean(),
            whileOut.GetProperty("optedOut").GetBoolean()));
        // Writing on while opted out keeps that consent; START then lets marketing go.
        await MetaChannelTests.Post(service, MetaChannelTests.Body(MetaChannelTests.Message("2001", "m.still", "where is my order?")));
        await MetaChannelTests.Post(service, MetaChannelTests.Body(MetaChannelTests.Message("2001", "m.start2", "START")));
        await service.ThreadWhen($"{MetaChannelTests.Page}:2001", t => t.Entries.Count(e => e.Kind == "notice") == 4, "the second opt-in", "messenger");
        var back = await http.GetFromJsonAsync<JsonElement>("/api/consent/messenger/2001");
        Assert.Equal((true, "form again"), (back.GetProperty("marketing").GetBoolean(), back.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task Group_DMs_stay_within_the_platforms_limits()
    {
        await using var api = await FakeApi.Start();
        await using var graph = await FakeApi.Start();
        var settings = XChannelTests.Settings(api);
        foreach (var (k, v) in MetaChannelTests.Settings(graph)) settings[k] = v;
        await using var service = await TestService.Start(settings: settings);
        var http = service.Http;
        foreach (var r in new[] { "5001", "5002", "5003" })
            await http.PostAsJsonAsync("/api/consent", new { channel = "x", sender = r, marketing = true, source = "DM keyword JOIN" });

        var tooMany = await http.PostAsJsonAsync("/api/marketing", new { channel = "x", account = XChannelTests.Account, group = true, text = "hi",
            recipients = Enumerable.Range(0, 50).Select(i => $"60{i:00}").ToArray() });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("at most 50 participants", await tooMany.Content.ReadAsStringAsync());
        var instagram = await http.PostAsJsonAsync("/api/marketing", new { channel = "instagram", account = MetaChannelTests.Page, group = true, text = "hi",
            recipients = Enumerable.Range(0, 15).Select(i => $"70{i:00}").ToArray() });
        Assert.Contains("at most 15 participants", await instagram.Content.ReadAsStringAsync());
        Assert.Contains("send individually", await (await http.PostAsJsonAsync("/api/marketing", new { channel = "instagram", account = MetaChannelTests.Page, group = true,
            text = "hi", recipients = new[] { "7001" } })).Content.ReadAsStringAsync());

        var ok = await (await http.PostAsJsonAsync("/api/marketing", new { channel = "x", account = XChannelTests.Account, group = true, text = "VIP preview tonight",
            recipients = new[] { "5001", "5002", "5003", "5004" } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, ok.GetProperty("queued").GetArrayLength());
        var group = (await api.WaitUntil(c => c.Any(x => x.Path == "/2/dm_conversations"), "the group DM")).Single(x => x.Path == "/2/dm_conversations");
        Assert.Equal(["5001", "5002", "5003"], group.Json.GetProperty("participant_ids").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("Group", group.Json.GetProperty("conversation_type").GetString());
    }
}
