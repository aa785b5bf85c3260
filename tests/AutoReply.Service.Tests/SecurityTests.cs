using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AutoReply.Channels.Signatures;
using AutoReply.Service.Health;
using AutoReply.Service.Security;
using AutoReply.Service.Tests.Harness;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AutoReply.Service.Tests;

/// Issue 11: each attack of the probe, performed, and now refused.
public sealed class SecurityTests
{
    static readonly Dictionary<string, string?> Team = new()
    {
        ["Agents:0:Id"] = "ana", ["Agents:0:Team"] = "support", ["Agents:0:TokenSha256"] = Agents.Hash("ana-token"),
        ["Agents:1:Id"] = "bo", ["Agents:1:Team"] = "support", ["Agents:1:TokenSha256"] = Agents.Hash("bo-token"),
    };

    [Fact]
    public async Task Issue11_the_X_CRC_signs_no_forged_delivery()
    {
        await using var api = await FakeApi.Start();
        await using var service = await TestService.Start(settings: XChannelTests.Settings(api));
        var forged = XChannelTests.Body(XChannelTests.Dm("e-forged", "5001", "STOP"));

        // The attack: have the CRC sign a whole delivery, then post the delivery with that "signature".
        var crc = await service.Http.GetAsync("/webhooks/x?crc_token=" + Uri.EscapeDataString(forged));
        Assert.Equal(HttpStatusCode.BadRequest, crc.StatusCode);
        Assert.DoesNotContain("response_token", await crc.Content.ReadAsStringAsync());
        Assert.Contains(TestLog.Lines, l => l.Message.Contains("X CRC refused") && !l.Message.Contains("STOP"));

        // Any answer the CRC does give signs a token, and no token is a delivery the webhook takes.
        foreach (var token in new[] { "dGhpcyBpcyBhIGNyYyB0b2tlbg", "12345678", "abc_DEF-123=" })
        {
            var answer = await service.Http.GetFromJsonAsync<JsonElement>("/webhooks/x?crc_token=" + Uri.EscapeDataString(token));
            var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/x") { Content = new StringContent(token, Encoding.UTF8, "application/json") };
            request.Headers.Add("x-twitter-webhooks-signature", answer.GetProperty("response_token").GetString());
            Assert.Equal(HttpStatusCode.BadRequest, (await service.Http.SendAsync(request)).StatusCode);
        }
        Assert.Equal(0, MetaChannelTests.InboxCount(service));
    }

    [Fact]
    public async Task Issue11_CRC_requests_are_rate_limited_per_caller()
    {
        await using var api = await FakeApi.Start();
        var settings = XChannelTests.Settings(api);
        settings["Channels:X:CrcPerMinute"] = "3";
        await using var service = await TestService.Start(settings: settings);
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++) codes.Add((await service.Http.GetAsync($"/webhooks/x?crc_token=token{i}abc")).StatusCode);
        // Ten requests cannot fit into two windows of three, however the minute falls.
        Assert.InRange(codes.Count(c => c == HttpStatusCode.OK), 1, 6);
        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
    }

    [Fact]
    public async Task Issue11_a_Kestrel_endpoint_beyond_loopback_without_tokens_stops_start_up_with_exit_1()
    {
        var dir = Repo.TempDirectory();
        var (exit, output) = await Cli.Run(Repo.Root, "--Kestrel:Endpoints:Web:Url=http://0.0.0.0:0",
            $"--ConnectionStrings:AutoReply=Data Source={Path.Combine(dir, "a.db")}");
        Assert.Equal(1, exit);
        Assert.Contains("cannot start: refusing to listen on http://0.0.0.0:0 without Channels:Generic:Secret and Api:TokenSha256", output);
    }

    [Fact]
    public async Task A_service_on_loopback_stops_cleanly_on_SIGTERM_with_exit_0()
    {
        using var service = await ServiceProcess.Start(Repo.Root, new Dictionary<string, string>
        {
            ["ConnectionStrings:AutoReply"] = "Data Source=" + Path.Combine(Repo.TempDirectory(), "a.db"),
        });
        Assert.Equal(0, service.Terminate());
        Assert.DoesNotContain("Unhandled exception", service.Output);
    }

    [Fact]
    public async Task Issue11_an_address_bound_by_code_is_checked_after_start_and_never_served()
    {
        var dir = Repo.TempDirectory();
        var app = ServiceHost.Build(["--urls", "http://127.0.0.1:0", LoopbackApp.NoReload, "--Dialogs:Path", Repo.Dialogs,
            "--ConnectionStrings:AutoReply", "Data Source=" + Path.Combine(dir, "a.db")], b =>
        {
            b.Logging.ClearProviders();
            b.WebHost.ConfigureKestrel(k => k.ListenAnyIP(0));   // configured where no setting shows it
        });
        await app.StartAsync();
        var guard = app.Services.GetRequiredService<ExposureGuard>();
        var port = new Uri(app.Urls.First()).Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            var response = await http.GetAsync("/api/threads/t-1");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
        catch (HttpRequestException) { }   // or already stopped: either way nothing was served
        Assert.Contains("refusing to listen", guard.Refusal);
        Assert.True(app.Lifetime.ApplicationStopping.IsCancellationRequested, "the host is stopping");
        await app.StopAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Issue11_with_agents_but_no_operator_token_transcripts_and_dead_letters_are_not_open()
    {
        var settings = new Dictionary<string, string?>(Team) { ["Api:TokenSha256"] = "" };
        await using var service = await TestService.Start(settings: settings);
        await service.Post(TestService.Dm("m-1", "t-1", "question about your annual report"));
        foreach (var path in new[] { "/api/threads/t-1", "/api/deadletters", "/api/consent/x/1" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await service.Http.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Get, path))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Http.GetAsync("/api/handoffs")).StatusCode);
    }

    [Fact]
    public async Task Issue11_only_the_holder_or_the_operator_resolves_releases_or_reprioritises_a_claimed_handoff()
    {
        await using var service = await TestService.Start(settings: Team);
        var http = service.Http;
        await service.Post(TestService.Dm("m-1", "t-1", "my item arrived broken"));
        var queue = await Eventually.ValueAsync(async () => await (await http.SendAsync(Agents.As("ana-token", HttpMethod.Get, "/api/handoffs"))).Content.ReadFromJsonAsync<JsonElement[]>(),
            q => q!.Length == 1, "the hand-off");
        var id = queue![0].GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/claim"))).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await http.SendAsync(Agents.As("bo-token", HttpMethod.Post, $"/api/handoffs/{id}/priority", new { priority = "low" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.SendAsync(Agents.As("bo-token", HttpMethod.Post, $"/api/handoffs/{id}/release"))).StatusCode);
        var refused = await http.SendAsync(Agents.As("bo-token", HttpMethod.Post, $"/api/handoffs/{id}/resolve"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("claimed by ana", await refused.Content.ReadAsStringAsync());
        var still = await (await http.SendAsync(Agents.As("ana-token", HttpMethod.Get, $"/api/handoffs/{id}"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("assigned", "normal"), (still.GetProperty("state").GetString(), still.GetProperty("priority").GetString()));

        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Agents.As(TestService.OperatorToken, HttpMethod.Post, $"/api/handoffs/{id}/resolve"))).StatusCode);
        var thread = await service.Thread("t-1");
        Assert.Contains(thread!.Entries, e => e.Kind == "resolve" && e.Actor == "operator" && e.Text!.Contains("operator override of ana's claim"));
    }

    [Theory]
    [InlineData("t-1\r\n2026-11-30T00:00:00.000Z info: AutoReply: forged line")]
    [InlineData("t-\u001b[2J\u001b[31mred")]
    [InlineData("t-\u202Egnp.exe")]
    public async Task Issue11_control_characters_in_ids_are_refused_at_the_door(string thread)
    {
        await using var service = await TestService.Start();
        var response = await service.Post(TestService.Dm("m-1", thread, "where is my order?"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("control or invisible formatting characters", await response.Content.ReadAsStringAsync());
        var sender = await service.Post(TestService.Dm("m-2", "t-2", "hi", sender: "u\n1"));
        Assert.Equal(HttpStatusCode.BadRequest, sender.StatusCode);
    }

    [Fact]
    public void Issue11_log_lines_escape_control_characters_in_values()
    {
        var formatter = new EscapingConsoleFormatter();
        var writer = new StringWriter();
        var state = "Reply to thread t-1\r\nfail: forged \u001b[31m entry";
        formatter.Write(new LogEntry<string>(LogLevel.Warning, "AutoReply.Outbox", new EventId(0), state, null, (s, _) => s), null, writer);
        var output = writer.ToString();
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain('\u001b', output);
        Assert.Contains(@"t-1\r\nfail: forged \u001b[31m entry", output);
        Assert.DoesNotContain("trace=", output);

        // Inside a trace, the line names it.
        using var activity = new System.Diagnostics.Activity("turn").Start();
        var traced = new StringWriter();
        formatter.Write(new LogEntry<string>(LogLevel.Warning, "AutoReply.Outbox", new EventId(0), "held", null, (s, _) => s), null, traced);
        Assert.EndsWith($" trace={activity.TraceId.ToHexString()}", traced.ToString().TrimEnd());
    }

    [Fact]
    public async Task Issue11_an_oversized_agent_body_is_refused_with_413()
    {
        // Just over the 64 KB limit, so the whole body is on the wire before the 413 (a much larger one races the
        // server's early answer and the client sees a broken pipe instead).
        await using var service = await TestService.Start(settings: Team);
        await service.Post(TestService.Dm("m-1", "t-1", "my item arrived broken"));
        var queue = await Eventually.ValueAsync(async () => await (await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Get, "/api/handoffs"))).Content.ReadFromJsonAsync<JsonElement[]>(),
            q => q!.Length == 1, "the hand-off");
        var id = queue![0].GetProperty("id").GetString()!;
        var huge = await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/note", new { text = new string('x', 100_000) }));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        var consent = await service.Http.SendAsync(Agents.As(TestService.OperatorToken, HttpMethod.Post, "/api/consent", new { channel = "x", sender = "1", source = new string('x', 100_000) }));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, consent.StatusCode);
    }

    [Fact]
    public async Task Issue11_a_cross_site_text_plain_post_is_refused_with_415_and_nothing_is_stored()
    {
        await using var service = await TestService.Start();
        var body = JsonSerializer.Serialize(TestService.Dm("m-1", "t-1", "STOP"));
        var response = await service.Http.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Null(await service.Thread("t-1"));
    }

    /// QA finding (session 24): 401, 415, 404 and 405 left with an empty body, so a caller could not tell a wrong token from
    /// a wrong signature, or a text/plain post from a bad route. Each is a problem+json that says why; so are the 403s
    /// (a webhook handshake with the wrong verify token, an agent's token where the operator's is needed).
    [Fact]
    public async Task Refusals_the_framework_answers_say_why_as_problem_json()
    {
        await using var service = await TestService.Start(settings: new Dictionary<string, string?>(Team)
        {
            ["Channels:Generic:Secret"] = "s3cret", ["Channels:Meta:AppSecret"] = "app-secret", ["Channels:Meta:VerifyToken"] = "verify-me",
        });
        var body = JsonSerializer.Serialize(TestService.Dm("m-1", "t-1", "hello"));
        using var asAgent = new HttpRequestMessage(HttpMethod.Get, "/api/deadletters");
        asAgent.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "ana-token");
        var cases = new (HttpResponseMessage Response, HttpStatusCode Status, string Says)[]
        {
            (await service.Http.GetAsync("/api/handoffs"), HttpStatusCode.Unauthorized, "Authorization: Bearer"),
            (await service.Http.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json")), HttpStatusCode.Unauthorized, "X-AutoReply-Signature"),
            (await service.Http.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType, "Content-Type: application/json"),
            (await service.Http.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound, "nothing is served at GET /api/nothing-here"),
            (await service.Http.DeleteAsync("/api/messages"), HttpStatusCode.MethodNotAllowed, "does not take DELETE"),
            (await service.Http.GetAsync("/webhooks/meta?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=42"), HttpStatusCode.Forbidden,
                "the verify token does not match"),
            (await service.Http.SendAsync(asAgent), HttpStatusCode.Forbidden, "needs the operator's token"),
        };
        foreach (var (response, status, says) in cases)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            Assert.Contains(says, problem.GetProperty("detail").GetString());
        }
        Assert.Null(await service.Thread("t-1"));
    }

    /// QA finding (session 24): a misspelt channel in a read ("messanger") answered as a channel nobody writes on — no
    /// consent, an empty export, no thread — which reads as "nothing recorded". It is a 400 with the channels' names.
    [Fact]
    public async Task A_channel_nobody_writes_on_is_refused_with_the_names()
    {
        await using var service = await TestService.Start(settings: Team);
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/api/consent/messanger/u-1"), (HttpMethod.Get, "/api/privacy/messanger/u-1"),
                     (HttpMethod.Delete, "/api/privacy/messanger/u-1"), (HttpMethod.Get, "/api/threads/t-1?channel=messanger") })
        {
            var response = await service.Http.SendAsync(Agents.As(TestService.OperatorToken, method, path));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("'channel' must be one of generic, messenger, instagram, x",
                (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }
        var known = await service.Http.SendAsync(Agents.As(TestService.OperatorToken, HttpMethod.Get, "/api/consent/messenger/u-1"));
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
    }

    [Fact]
    public async Task Issue11_customer_data_is_not_cached_nor_sniffed_and_names_lose_their_bidi_controls()
    {
        await using var service = await TestService.Start(settings: Team);
        await service.Post(TestService.Dm("m-1", "t-1", "my item arrived broken", name: "Ana\u202Egnp.exe"));
        var list = await Eventually.ValueAsync(() => service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Get, "/api/handoffs")),
            r => r.IsSuccessStatusCode && r.Content.ReadAsStringAsync().Result.Contains("\"id\""), "the hand-off");
        var thread = await service.Http.SendAsync(Agents.As(TestService.OperatorToken, HttpMethod.Get, "/api/threads/t-1"));
        foreach (var response in new[] { list, thread })
        {
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
        var name = (await list.Content.ReadFromJsonAsync<JsonElement[]>())![0].GetProperty("senderName").GetString();
        Assert.Equal("Ana\uFFFDgnp.exe", name);
    }
}

/// Review finding: a blank operator hash is no token, for the exposure guard as for the access rule.
public sealed class ExposureRuleTests
{
    [Theory]
    [InlineData(" ")]
    [InlineData("not-a-hash")]
    public void A_blank_or_malformed_operator_hash_does_not_open_a_public_address(string hash)
    {
        var e = Assert.Throws<InvalidOperationException>(() => ServiceHost.Build(["--urls", "http://0.0.0.0:0", "--Dialogs:Path", Repo.Dialogs,
            "--Channels:Generic:Secret", "s3cret", "--Api:TokenSha256", hash,
            "--ConnectionStrings:AutoReply", "Data Source=" + Path.Combine(Repo.TempDirectory(), "a.db")]));
        Assert.Contains("Api:TokenSha256", e.Message);
    }
}
