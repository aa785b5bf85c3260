using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoReply.Service.Tests.Harness;
using Microsoft.Extensions.Time.Testing;

namespace AutoReply.Service.Tests;

/// The agent API: bearer tokens per agent (stored as SHA-256), team rules, claim, reply through the outbox, resolve.
public sealed class AgentApiTests
{
    /// Re-judging a hand-off re-dates it: "urgent" tightens its due times to the urgent targets counted from the first DM
    /// (never loosening a promise made), and a category another team works moves it to that team's queue.
    [Fact]
    public async Task A_new_priority_or_category_brings_its_due_times_and_its_team()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));   // 10:00 in Berlin, a Tuesday
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: clock, settings: new Dictionary<string, string?>
        {
            ["Agents:0:Id"] = "ana", ["Agents:0:Team"] = "support", ["Agents:0:TokenSha256"] = Agents.Hash("ana-token"),
            ["Agents:1:Id"] = "carl", ["Agents:1:Team"] = "billing", ["Agents:1:TokenSha256"] = Agents.Hash("carl-token"),
            ["Handoffs:Teams:billing"] = "billing",
        });
        var http = service.Http;
        await service.Post(TestService.Dm("g1", "t-g", "I want to talk to a person"));
        var queued = await OnlyHandoff(service);
        var id = queued![0].GetProperty("id").GetString();
        var opened = queued[0].GetProperty("openedAt").GetDateTimeOffset();
        var firstDue = queued[0].GetProperty("firstResponseDue").GetDateTimeOffset();
        Assert.True(firstDue > opened.AddMinutes(15), "a general hand-off has more than the urgent target");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/claim"))).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(5));

        var urgent = await (await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/priority", new { priority = "urgent" })))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(opened.AddMinutes(15), urgent.GetProperty("firstResponseDue").GetDateTimeOffset());
        Assert.Equal(opened.AddHours(4), urgent.GetProperty("resolutionDue").GetDateTimeOffset());
        Assert.Equal(("assigned", "ana", "support"), (urgent.GetProperty("state").GetString(), urgent.GetProperty("assignee").GetString(), urgent.GetProperty("team").GetString()));
        var low = await (await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/priority", new { priority = "low" })))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(opened.AddMinutes(15), low.GetProperty("firstResponseDue").GetDateTimeOffset());   // a promise made stands

        var billing = await (await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/priority", new { category = "billing" })))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("billing", "queued", JsonValueKind.Null), (billing.GetProperty("team").GetString(), billing.GetProperty("state").GetString(), billing.GetProperty("assignee").ValueKind));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Agents.As("carl-token", HttpMethod.Post, $"/api/handoffs/{id}/claim"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(Agents.As("ana-token", HttpMethod.Get, $"/api/handoffs/{id}"))).StatusCode);
        var transcript = await service.Thread("t-g");
        Assert.Contains(transcript!.Entries, e => e.Actor == "ana" && e.Text == "priority low, category billing; moved to team billing");
    }

    /// Handing a thread back to the bot closes its hand-off but resolves nothing: the metrics count it apart, and it does not
    /// shorten the time to resolution.
    [Fact]
    public async Task A_hand_back_to_the_bot_is_no_resolution_in_the_metrics()
    {
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, settings: new Dictionary<string, string?>
        {
            ["Agents:0:Id"] = "ana", ["Agents:0:Team"] = "support", ["Agents:0:TokenSha256"] = Agents.Hash("ana-token"),
        });
        var http = service.Http;
        await service.Post(TestService.Dm("b1", "t-b", "I want to talk to a person"));
        var queued = await OnlyHandoff(service);
        var id = queued![0].GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/claim"))).StatusCode);
        var released = await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/release"));
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        // Closed, and how: the API says "released" where the metrics count it as handed back (QA round 11).
        Assert.Equal("released", (await released.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("closedAs").GetString());

        var metrics = await (await http.SendAsync(Agents.As(TestService.OperatorToken, HttpMethod.Get, "/api/handoffs/metrics"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 0, 1), (metrics.GetProperty("opened").GetInt32(), metrics.GetProperty("resolved").GetInt32(), metrics.GetProperty("handedBack").GetInt32()));
        Assert.Equal(0, metrics.GetProperty("resolution").GetProperty("count").GetInt32());
    }

    /// The agent holding a hand-off that waits for the customer claims it again (a double click in the console): it
    /// stays waiting, its resolution clock still stopped, and the transcript has one claim, not one a click (QA finding,
    /// session 24).
    [Fact]
    public async Task Claiming_again_what_you_hold_changes_nothing()
    {
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, settings: new Dictionary<string, string?>
        {
            ["Agents:0:Id"] = "ana", ["Agents:0:Team"] = "support", ["Agents:0:TokenSha256"] = Agents.Hash("ana-token"),
        });
        var http = service.Http;
        await service.Post(TestService.Dm("w1", "t-w", "I want to talk to a person"));
        var queued = await OnlyHandoff(service);
        var id = queued![0].GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/claim"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/reply",
            new { text = "Which size did you order?", waitForCustomer = true }))).StatusCode);
        var again = await (await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/claim"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("waiting", again.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.String, again.GetProperty("waitingSince").ValueKind);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/claim"))).StatusCode);
        var transcript = await (await http.SendAsync(Agents.As(TestService.OperatorToken, HttpMethod.Get, "/api/threads/t-w"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Single(transcript.GetProperty("entries").EnumerateArray(), e => e.GetProperty("kind").GetString() == "claim");
    }

    /// A reply sent twice under one Idempotency-Key — two requests at once, as a client's retry racing its first try —
    /// reaches the customer once, and both requests are answered as the first was (QA finding, session 30: both got 202
    /// and the customer got the text twice). Another key, or none, is another reply.
    [Fact]
    public async Task A_reply_under_one_idempotency_key_is_sent_once()
    {
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, settings: new Dictionary<string, string?>
        {
            ["Agents:0:Id"] = "ana", ["Agents:0:Team"] = "support", ["Agents:0:TokenSha256"] = Agents.Hash("ana-token"),
        });
        var http = service.Http;
        await service.Post(TestService.Dm("k1", "t-k", "I want to talk to a person"));
        var id = (await OnlyHandoff(service))![0].GetProperty("id").GetString();
        HttpRequestMessage Keyed(string text, string? key)
        {
            var request = Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/reply", new { text });
            if (key is not null) request.Headers.Add("Idempotency-Key", key);
            return request;
        }
        var both = await Task.WhenAll(http.SendAsync(Keyed("Your parcel left today.", "k-1")), http.SendAsync(Keyed("Your parcel left today.", "k-1")));
        Assert.All(both, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(Keyed("Your parcel left today.", "k-1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(Keyed("Tracking: 123.", "k-2"))).StatusCode);
        // Another text under a key already used: refused, so the agent knows it was not sent (QA round 11: it was dropped).
        var reused = await http.SendAsync(Keyed("Something else entirely.", "k-2"));
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Contains("Idempotency-Key was used for another reply", await reused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(Keyed("Tracking: 123.", null))).StatusCode);
        var tooLong = await http.SendAsync(Keyed("x", new string('k', 201)));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);

        await receiver.WaitUntil(r => r.Count(x => x.Kind == "agent") == 3, "three agent replies");
        var transcript = await service.Thread("t-k");
        Assert.Single(transcript!.Entries, e => e.Actor == "ana" && e.Direction == "out" && e.Text == "Your parcel left today.");
        Assert.Equal(2, transcript.Entries.Count(e => e.Actor == "ana" && e.Direction == "out" && e.Text == "Tracking: 123."));
        Assert.DoesNotContain(transcript.Entries, e => e.Text == "Something else entirely.");
        // A retry that comes after the hand-off was resolved is answered as the first request was, not 409 "resolved".
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/resolve"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(Keyed("Your parcel left today.", "k-1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.SendAsync(Keyed("A new text after the resolve.", "k-3"))).StatusCode);
        Assert.Single(receiver.Delivered, x => x.Text == "Your parcel left today.");
    }

    /// A body or query the endpoints cannot bind gets a 400 that says what was wrong, as problem+json, and changes
    /// nothing: never an empty 400, never the framework's exception page with the caller's headers in it.
    [Fact]
    public async Task A_body_or_query_of_the_wrong_shape_gets_a_400_that_says_why_and_changes_nothing()
    {
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, settings: new Dictionary<string, string?>
        {
            ["Agents:0:Id"] = "ana", ["Agents:0:Team"] = "support", ["Agents:0:TokenSha256"] = Agents.Hash("ana-token"),
        });
        await service.Post(TestService.Dm("c1", "t-1", "I want to talk to a person"));
        var handoff = await OnlyHandoff(service);
        var id = handoff![0].GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/claim"))).StatusCode);

        foreach (var body in new[] { """{"text":5}""", "[]", """{"text":"hi","waitForCustomer":"yes"}""", "" })
        {
            var request = Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/reply");
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            var response = await service.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("body", problem.GetProperty("detail").GetString());
            Assert.DoesNotContain("Service instead", problem.GetProperty("detail").GetString());   // the framework's words, not the caller's
            Assert.DoesNotContain("ana-token", await response.Content.ReadAsStringAsync());
            Assert.DoesNotContain("AutoReply.", problem.GetProperty("detail").GetString());   // no type of ours (QA, session 30)
        }
        var numberText = Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/reply");
        numberText.Content = new StringContent("""{"text":5}""", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal("the body's 'text' must be a string",
            (await (await service.Http.SendAsync(numberText)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        // Each refusal says what is wrong with the text: a control character is not "required, at most 2000 characters".
        var escape = await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/note", new { text = "a\u001b[31mred" }));
        Assert.Equal(HttpStatusCode.BadRequest, escape.StatusCode);
        Assert.Contains("control character U+001B", (await escape.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var both = await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/reply", new { text = "x", savedReply = "closing" }));
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Contains("not both", (await both.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var wrongType = await service.Http.SendAsync(Agents.As(TestService.OperatorToken, HttpMethod.Get, "/api/deadletters?limit=abc"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal("'limit' is \"abc\": it must be a whole number", (await wrongType.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var transcript = await service.Thread("t-1");
        Assert.DoesNotContain(transcript!.Entries, e => e.Actor == "ana" && e.Direction == "out");   // nothing was sent
    }

    /// The queue as ana sees it, once it holds the one hand-off the test made.
    static Task<JsonElement[]?> OnlyHandoff(TestService service) =>
        Eventually.ValueAsync(async () => await (await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Get, "/api/handoffs")))
            .Content.ReadFromJsonAsync<JsonElement[]>(), q => q is { Length: 1 }, "the hand-off queued");

    [Fact]
    public async Task Agents_work_their_teams_queue_claim_reply_through_the_outbox_and_resolve()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: clock, settings: new Dictionary<string, string?>
        {
            ["Agents:0:Id"] = "ana", ["Agents:0:Team"] = "support", ["Agents:0:TokenSha256"] = Agents.Hash("ana-token"),
            ["Agents:1:Id"] = "bo", ["Agents:1:Team"] = "support", ["Agents:1:TokenSha256"] = Agents.Hash("bo-token"),
            ["Agents:2:Id"] = "sam", ["Agents:2:Team"] = "sales", ["Agents:2:TokenSha256"] = Agents.Hash("sam-token"),
            ["Handoffs:Teams:sales"] = "sales",
        });
        var http = service.Http;
        await service.Post(TestService.Dm("c1", "complaint", "my item arrived broken", sender: "u-c"));
        foreach (var (id, text) in new[] { ("l1", "bulk order for our company please"), ("l2", "300 mugs"), ("l3", "about 1500"), ("l4", "by 20 January") })
            await service.Post(TestService.Dm(id, "lead", text, sender: "u-lead"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/handoffs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Agents.As("wrong", HttpMethod.Get, "/api/handoffs"))).StatusCode);

        var anaQueue = await Eventually.ValueAsync(async () => await (await http.SendAsync(Agents.As("ana-token", HttpMethod.Get, "/api/handoffs"))).Content.ReadFromJsonAsync<JsonElement[]>(),
            q => q!.Length == 1, "ana's queue");
        var complaint = anaQueue![0].GetProperty("id").GetString()!;
        Assert.Equal("support", anaQueue[0].GetProperty("team").GetString());
        var samQueue = await Eventually.ValueAsync(async () => await (await http.SendAsync(Agents.As("sam-token", HttpMethod.Get, "/api/handoffs"))).Content.ReadFromJsonAsync<JsonElement[]>(),
            q => q!.Length == 1, "sam's queue");
        var lead = samQueue![0].GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(Agents.As("ana-token", HttpMethod.Get, $"/api/handoffs/{lead}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(Agents.As("sam-token", HttpMethod.Post, $"/api/handoffs/{complaint}/claim"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, "/api/handoffs/nope/claim"))).StatusCode);

        var claimed = await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{complaint}/claim"));
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Equal("ana", (await claimed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignee").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await http.SendAsync(Agents.As("bo-token", HttpMethod.Post, $"/api/handoffs/{complaint}/claim"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{complaint}/reply", new { text = " " }))).StatusCode);

        clock.Advance(TimeSpan.FromMinutes(20));
        var replied = await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{complaint}/reply", new { text = "So sorry! A replacement is on its way." }));
        Assert.Equal(HttpStatusCode.Accepted, replied.StatusCode);
        var agentReply = (await receiver.WaitUntil(d => d.Any(r => r.Kind == "agent"), "the agent's reply")).Single(r => r.Kind == "agent");
        Assert.Equal(("complaint", "u-c", "So sorry! A replacement is on its way."), (agentReply.Thread, agentReply.Recipient, agentReply.Text));
        var view = await (await http.SendAsync(Agents.As("ana-token", HttpMethod.Get, $"/api/handoffs/{complaint}"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 20, 0, TimeSpan.Zero), view.GetProperty("firstResponseAt").GetDateTimeOffset());

        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{complaint}/note", new { text = "customer is a regular; send express" }))).StatusCode);
        var raised = await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{complaint}/priority", new { priority = "urgent" }));
        Assert.Equal("urgent", (await raised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("priority").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{complaint}/priority", new { priority = "asap" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{complaint}/resolve"))).StatusCode);
        var again = await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{complaint}/resolve"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Contains("already resolved", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Agents.As("sam-token", HttpMethod.Post, $"/api/handoffs/{lead}/release"))).StatusCode);

        var transcript = await (await http.SendAsync(Agents.As(TestService.OperatorToken, HttpMethod.Get, "/api/threads/complaint"))).Content.ReadFromJsonAsync<JsonElement>();
        var actions = transcript.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("actor").GetString() == "ana").Select(e => e.GetProperty("kind").GetString());
        Assert.Equal(["claim", "agent", "note", "change", "resolve"], actions);
        Assert.DoesNotContain(receiver.Delivered, r => r.Text.Contains("regular"));   // a note never reaches the customer
    }

    [Fact]
    public async Task While_a_person_holds_a_thread_the_bot_is_quiet_and_after_release_it_answers_again()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: clock, settings: new Dictionary<string, string?>
        {
            ["Agents:0:Id"] = "ana", ["Agents:0:Team"] = "support", ["Agents:0:TokenSha256"] = Agents.Hash("ana-token"),
        });
        await service.Post(TestService.Dm("m-1", "t-1", IngestTests.Unanswerable));
        await receiver.WaitUntil(d => d.Count == 1, "the acknowledgement");
        var queue = await Eventually.ValueAsync(async () => await (await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Get, "/api/handoffs"))).Content.ReadFromJsonAsync<JsonElement[]>(),
            q => q!.Length == 1, "the hand-off");
        var id = queue![0].GetProperty("id").GetString()!;
        await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/reply", new { text = "Hi, Ana here — page 12 is a typo." }));
        await receiver.WaitUntil(d => d.Count == 2, "the agent's reply");

        clock.Advance(TimeSpan.FromHours(1));   // past the quiet period: still no acknowledgement, a person is talking
        await service.Post(TestService.Dm("m-2", "t-1", "thanks! and where is my order?"));
        var transcript = await Eventually.ValueAsync(() => service.Thread("t-1"), t => t!.Entries.Count(e => e.Kind == "decision") == 2, "the second DM decided");
        Assert.Equal(["ack", "agent"], transcript!.Entries.Where(e => e.Direction == "out").Select(e => e.Kind));   // nothing decided for m-2
        var held = await Eventually.ValueAsync(async () => await (await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Get, $"/api/handoffs/{id}"))).Content.ReadFromJsonAsync<JsonElement>(),
            h => h.GetProperty("messages").GetInt32() == 2, "the DM added to the hand-off");
        Assert.Equal("assigned", held.GetProperty("state").GetString());

        await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/release"));
        await service.Post(TestService.Dm("m-3", "t-1", "where is my order?"));
        var delivered = await receiver.WaitUntil(d => d.Any(r => r.InReplyTo == "m-3"), "the bot again");
        Assert.Contains(delivered, r => r.InReplyTo == "m-3" && r.Text == "I can help with that.");
    }
}
