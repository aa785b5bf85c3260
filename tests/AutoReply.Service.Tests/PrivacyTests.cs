using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AutoReply.Service.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoReply.Service.Tests;

/// Privacy and transparency over HTTP: the bot says it is a bot, a person's data can be exported and erased, and
/// payment details never reach the database.
public sealed class PrivacyTests
{
    static readonly DateTimeOffset Tuesday10 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);   // 10:00 in Berlin

    static Dictionary<string, string?> Settings(bool disclosure = false) => new()
    {
        ["Agents:0:Id"] = "ana", ["Agents:0:Team"] = "support", ["Agents:0:TokenSha256"] = Agents.Hash("ana-token"),
        ["Disclosure:Enabled"] = disclosure ? "true" : "false",
    };

    static HttpRequestMessage Operator(HttpMethod method, string path, object? body = null) => Agents.As(TestService.OperatorToken, method, path, body);

    static async Task<string> HandoffId(TestService service, string thread)
    {
        using var asOperator = new HttpClient { BaseAddress = service.Http.BaseAddress };
        asOperator.DefaultRequestHeaders.Authorization = new("Bearer", TestService.OperatorToken);
        var handoff = await Eventually.ValueAsync(async () =>
            { try { return await EscalationTests.HandoffOf(service, thread, asOperator); } catch (Xunit.Sdk.XunitException) { return default; } },
            h => h.ValueKind == JsonValueKind.Object, "the hand-off");
        return handoff.GetProperty("id").GetString()!;
    }

    /// Ids may hold "/" (a brand's own sender ids: "team/joe"); a caller writes it as %2F in the path, and the export,
    /// the erasure, the consent and the transcript all find the same person and thread the DM API stored.
    [Fact]
    public async Task Ids_with_a_slash_are_found_by_every_endpoint_that_takes_them_in_the_path()
    {
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, settings: Settings());
        await service.Post(TestService.Dm("q6", "x/y", "I need a human", sender: "team/joe"));
        await service.ThreadWhen("x/y", t => t.Entries.Any(e => e.Kind == "decision"), "the DM decided");   // the thread, by %2F

        var export = JsonDocument.Parse(await (await service.Http.SendAsync(Operator(HttpMethod.Get, "/api/privacy/generic/team%2Fjoe")))
            .Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("team/joe", export.GetProperty("sender").GetString());
        Assert.Equal("x/y", Assert.Single(export.GetProperty("threads").EnumerateArray()).GetProperty("thread").GetString());
        var consent = await service.Http.SendAsync(Operator(HttpMethod.Get, "/api/consent/generic/team%2Fjoe"));
        Assert.Equal("team/joe", (await consent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sender").GetString());

        var erased = await (await service.Http.SendAsync(Operator(HttpMethod.Delete, "/api/privacy/generic/team%2Fjoe"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, erased.GetProperty("erased").GetProperty("threads").GetInt32());
        Assert.Null(await service.Thread("x/y"));
    }

    [Fact]
    public async Task The_bot_discloses_itself_before_its_first_reply_again_after_a_day_and_after_a_hand_back_but_never_before_an_agent()
    {
        var clock = new FakeTimeProvider(Tuesday10);
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: clock, settings: Settings(disclosure: true));
        string[] Kinds() => receiver.Delivered.Where(r => r.Thread == "t-d").Select(r => r.Kind).ToArray();

        await service.Post(TestService.Dm("d1", "t-d", "what are your opening hours?", sender: "u-d"));
        await receiver.WaitUntil(d => d.Count(r => r.Thread == "t-d") == 2, "the disclosure and the answer");
        Assert.Equal(["disclosure", "answer"], Kinds());
        Assert.Contains("automated assistant", receiver.Delivered[0].Text);

        await service.Post(TestService.Dm("d2", "t-d", "what are your opening hours?", sender: "u-d"));
        await receiver.WaitUntil(d => d.Count(r => r.Thread == "t-d") == 3, "the second answer");
        clock.Advance(TimeSpan.FromHours(25));
        await service.Post(TestService.Dm("d3", "t-d", "what are your opening hours?", sender: "u-d"));
        await receiver.WaitUntil(d => d.Count(r => r.Thread == "t-d") == 5, "a day later: the disclosure again and the answer");
        Assert.Equal(["disclosure", "answer", "answer", "disclosure", "answer"], Kinds());

        // A person takes over: their reply comes without a disclosure; when they hand back, the bot says what it is again.
        await service.Post(TestService.Dm("d4", "t-d", "I want to talk to a real person please", sender: "u-d"));
        var handoff = await HandoffId(service, "t-d");
        var before = Kinds().Length;
        Assert.Equal(HttpStatusCode.OK, (await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{handoff}/claim"))).StatusCode);
        await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{handoff}/reply", new { text = "Hi, Ana here. How can I help?" }));
        await receiver.WaitUntil(d => d.Any(r => r.Kind == "agent"), "the agent's reply");
        Assert.Equal("agent", Kinds()[^1]);
        Assert.DoesNotContain("disclosure", Kinds()[before..]);
        Assert.Equal(HttpStatusCode.OK, (await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{handoff}/release"))).StatusCode);

        clock.Advance(TimeSpan.FromMinutes(5));
        await service.Post(TestService.Dm("d5", "t-d", "what are your opening hours?", sender: "u-d"));
        await receiver.WaitUntil(d => d.Count(r => r.Thread == "t-d") == Kinds().Length && Kinds()[^1] == "answer" && Kinds().Length > before + 1, "the answer after the hand-back");
        Assert.Equal(["disclosure", "answer"], Kinds()[^2..]);

        // A hand-off released without a person's word: the customer talked to the bot all along, so the bot's next answer
        // comes without a second disclosure (QA, session 30: one came 11 seconds after the first).
        var sent = Kinds().Length;
        await service.Post(TestService.Dm("d6", "t-d", "I want to talk to a real person please", sender: "u-d"));
        await receiver.WaitUntil(d => d.Count(r => r.Thread == "t-d") == sent + 1, "the way to a person");
        var second = await Eventually.ValueAsync(() => HandoffId(service, "t-d"), id => id != handoff, "the second hand-off");
        Assert.Equal(HttpStatusCode.OK, (await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{second}/release"))).StatusCode);
        var count = Kinds().Length;
        await service.Post(TestService.Dm("d7", "t-d", "what are your opening hours?", sender: "u-d"));
        await receiver.WaitUntil(d => d.Count(r => r.Thread == "t-d") == count + 1, "the answer after the second release");
        Assert.Equal(["answer"], Kinds()[count..]);
    }

    const string Sender = "petra-7781";
    const string Name = "Petra Privatperson";
    const string Card = "4111 1111 1111 1111";
    const string Iban = "DE89 3704 0044 0532 0130 00";

    [Fact]
    public async Task A_persons_data_is_exported_whole_then_erased_from_every_table_and_file_and_a_redelivery_is_not_answered()
    {
        var clock = new FakeTimeProvider(Tuesday10);
        await using var receiver = await Receiver.Start();
        var settings = Settings();
        settings["Escalation:Tiers:0:Name"] = "team";
        settings["Escalation:Tiers:0:WebhookUrl"] = "http://127.0.0.1:9/nobody-listens";   // the notification waits in its table
        await using var service = await TestService.Start(receiver, clock: clock, settings: settings);
        var http = service.Http;
        var first = TestService.Dm("p1", "t-p", $"my card is {Card} and my IBAN {Iban}, where is my order to Elbchaussee 12?", sender: Sender, name: Name);
        await service.Post(first);
        await service.Post(TestService.Dm("p2", "t-p", "I want to talk to a real person please", sender: Sender, name: Name));
        var handoff = await HandoffId(service, "t-p");
        clock.Advance(TimeSpan.FromMinutes(100));   // the warning fires, and its notification is written
        await Eventually.ValueAsync(async () => await (await http.SendAsync(Operator(HttpMethod.Get, $"/api/handoffs/{handoff}"))).Content.ReadFromJsonAsync<JsonElement>(),
            h => h.GetProperty("escalations").GetArrayLength() > 0, "the warning");
        await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{handoff}/claim"));
        await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{handoff}/note", new { text = "Petra prefers a call back" }));
        await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{handoff}/reply", new { text = "Hi Petra, let me check your parcel." }));
        await http.SendAsync(Operator(HttpMethod.Post, "/api/consent", new { channel = "generic", sender = Sender, marketing = true, source = "newsletter form" }));
        await receiver.WaitUntil(d => d.Any(r => r.Kind == "agent"), "the agent's reply");
        await http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{handoff}/resolve"));
        clock.Advance(TimeSpan.FromMinutes(11));   // the satisfaction question goes, and Petra answers it
        await receiver.WaitUntil(d => d.Any(r => r.Text.StartsWith("How happy are you")), "the satisfaction question");
        await service.Post(TestService.Dm("p3", "t-p", "5", sender: Sender, name: Name));
        await receiver.WaitUntil(d => d.Any(r => r.Text.StartsWith("Thank you for your feedback")), "the thanks");

        // Operator only.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/privacy/generic/{Sender}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(Agents.As("ana-token", HttpMethod.Get, $"/api/privacy/generic/{Sender}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(Agents.As("ana-token", HttpMethod.Delete, $"/api/privacy/generic/{Sender}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.DeleteAsync($"/api/privacy/generic/{Sender}")).StatusCode);

        // The export holds every kind of record, and no payment details.
        var exportResponse = await http.SendAsync(Operator(HttpMethod.Get, $"/api/privacy/generic/{Sender}"));
        var exportText = await exportResponse.Content.ReadAsStringAsync();
        var export = JsonDocument.Parse(exportText).RootElement;
        Assert.Equal("newsletter form", export.GetProperty("contact").GetProperty("marketing_consent_source").GetString());
        var thread = Assert.Single(export.GetProperty("threads").EnumerateArray());
        Assert.Equal(3, thread.GetProperty("messages").GetArrayLength());
        Assert.Contains(thread.GetProperty("transcript").EnumerateArray(), l => l.GetProperty("kind").GetString() == "note" && l.GetProperty("text").GetString() == "Petra prefers a call back");
        Assert.Contains(thread.GetProperty("replies").EnumerateArray(), r => r.GetProperty("kind").GetString() == "agent");
        var exported = Assert.Single(thread.GetProperty("handoffs").EnumerateArray());
        Assert.Equal(Name, exported.GetProperty("sender_name").GetString());
        Assert.NotEqual(0, exported.GetProperty("escalations").GetArrayLength());
        Assert.NotEqual(0, exported.GetProperty("notifications").GetArrayLength());
        Assert.Equal(5, Assert.Single(thread.GetProperty("satisfaction").EnumerateArray()).GetProperty("score").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, thread.GetProperty("conversation").ValueKind);
        // In the words the README uses (QA, session 30): times as ISO instants — a transcript line's too, and the thread
        // memory's — flags as true/false, priorities and states by name, and none of the service's own bookkeeping.
        Assert.All(thread.GetProperty("transcript").EnumerateArray(), l => Assert.True(l.GetProperty("at").TryGetDateTimeOffset(out _)));
        Assert.Equal(JsonValueKind.False, thread.GetProperty("conversation").GetProperty("held").ValueKind);
        if (thread.GetProperty("conversation").GetProperty("memory") is { ValueKind: JsonValueKind.Object } memory)
            foreach (var field in memory.EnumerateObject().Where(f => f.Name.EndsWith("Ms") && f.Value.ValueKind != JsonValueKind.Null))
                Assert.True(field.Value.TryGetDateTimeOffset(out _), field.Name);
        Assert.Contains(exported.GetProperty("priority").GetString(), Core.Handoffs.PriorityNames.All);
        Assert.All(thread.GetProperty("messages").EnumerateArray(), m => Assert.Contains(m.GetProperty("state").GetString(), new[] { "pending", "decided" }));
        Assert.All(thread.GetProperty("replies").EnumerateArray(), r => Assert.Contains(r.GetProperty("state").GetString(), new[] { "pending", "sent" }));
        Assert.DoesNotContain("lease_owner", exportText);
        Assert.DoesNotContain("next_check_at", exportText);
        Assert.Contains("•••• •••• •••• 1111", exportText);
        Assert.DoesNotContain(Card, exportText);
        Assert.DoesNotContain("3704 0044", exportText);

        // Masked in the stored DM and the transcript too.
        using (var db = service.Services.GetRequiredService<Storage.Database>().Open())
        {
            var stored = Dapper.SqlMapper.ExecuteScalar<string>(db, "SELECT text FROM inbox WHERE platform_id = 'p1'")!;
            Assert.Contains("•••• •••• •••• 1111", stored);
            Assert.Contains("•••• •••• •••• •••• ••30 00", stored);
            Assert.DoesNotContain("3704", stored);
            Assert.Equal(0L, Dapper.SqlMapper.ExecuteScalar<long>(db, "SELECT COUNT(*) FROM transcript WHERE text LIKE '%4111 1111%' OR text LIKE '%3704 0044%'"));
        }
        Assert.DoesNotContain(TestLog.Lines, l => l.Message.Contains(Card) || l.Message.Contains("3704 0044"));

        // Erased: nothing left in the API, nothing in the database's bytes (WAL included), and a redelivery is not taken.
        var erased = await http.SendAsync(Operator(HttpMethod.Delete, $"/api/privacy/generic/{Sender}"));
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var result = await erased.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, result.GetProperty("erased").GetProperty("messages").GetInt32());
        Assert.True(result.GetProperty("compacted").GetBoolean());

        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(Operator(HttpMethod.Get, "/api/threads/t-p"))).StatusCode);
        var after = await (await http.SendAsync(Operator(HttpMethod.Get, $"/api/privacy/generic/{Sender}"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, after.GetProperty("contact").ValueKind);
        Assert.Equal(0, after.GetProperty("threads").GetArrayLength());
        var queue = await (await http.SendAsync(Operator(HttpMethod.Get, "/api/handoffs?state=open"))).Content.ReadAsStringAsync();
        Assert.DoesNotContain(Sender, queue);

        foreach (var file in new[] { service.DatabasePath, service.DatabasePath + "-wal" }.Where(File.Exists))
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
            }
            foreach (var secret in new[] { Name, Sender, "Elbchaussee", "Petra prefers", "Hi Petra", "newsletter form" })
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"'{secret}' is still in {Path.GetFileName(file)}");
        }

        var redelivered = await service.Post(first);   // the platform redelivers: acknowledged (as a duplicate), not taken
        Assert.Equal(HttpStatusCode.Accepted, redelivered.StatusCode);
        Assert.True((await redelivered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        using (var db = service.Services.GetRequiredService<Storage.Database>().Open())
            Assert.Equal(0L, Dapper.SqlMapper.ExecuteScalar<long>(db, "SELECT COUNT(*) FROM inbox WHERE platform_id = 'p1'"));

        // The record says who did what, and names the person only by a hash.
        var log = await (await http.SendAsync(Operator(HttpMethod.Get, "/api/privacy/log"))).Content.ReadAsStringAsync();
        var records = JsonDocument.Parse(log).RootElement.EnumerateArray().ToList();
        Assert.Equal(["export", "erasure", "export"], records.Select(r => r.GetProperty("action").GetString()));
        Assert.Single(records.Select(r => r.GetProperty("subject").GetString()).Distinct());
        Assert.DoesNotContain(Sender, log);
    }

    [Fact]
    public async Task The_privacy_verbs_export_and_erase_on_the_configured_database()
    {
        var databasePath = Path.Combine(Repo.TempDirectory(), "autoreply.db");   // outlives the service
        await using (var receiver = await Receiver.Start())
        await using (var service = await TestService.Start(receiver, databasePath: databasePath))
        {
            await service.Post(TestService.Dm("v1", "t-v", "where is my order to Lindenallee 4?", sender: "verb-9", name: "Vera Verb"));
            await receiver.WaitUntil(d => d.Any(r => r.Thread == "t-v"), "the answer");
        }
        var directory = Repo.TempDirectory();
        File.WriteAllText(Path.Combine(directory, "appsettings.json"),
            JsonSerializer.Serialize(new { ConnectionStrings = new { AutoReply = $"Data Source={databasePath}" } }));

        var (exported, export) = await Cli.Run(directory, "privacy", "export", "--channel", "generic", "--sender", "verb-9");
        Assert.Equal(0, exported);
        Assert.Contains("Lindenallee 4", export);
        var (erasedExit, erased) = await Cli.Run(directory, "privacy", "erase", "--channel", "generic", "--sender", "verb-9");
        Assert.Equal(0, erasedExit);
        Assert.Equal(1, JsonDocument.Parse(erased).RootElement.GetProperty("erased").GetProperty("messages").GetInt32());
        var (_, after) = await Cli.Run(directory, "privacy", "export", "--channel", "generic", "--sender", "verb-9");
        Assert.DoesNotContain("Lindenallee", after);
        Assert.Equal(2, (await Cli.Run(directory, "privacy", "erase", "--channel", "generic")).ExitCode);   // --sender missing
    }

    [Fact]
    public async Task Retention_erases_threads_quiet_for_longer_than_configured_keeps_open_hand_offs_and_the_figures()
    {
        var clock = new FakeTimeProvider(Tuesday10);
        await using var receiver = await Receiver.Start();
        var settings = Settings();
        settings["Privacy:RetainFor"] = "1.00:00:00";
        settings["Privacy:RetentionCron"] = "0 * * * * ?";
        await using var service = await TestService.Start(receiver, clock: clock, settings: settings);
        var http = service.Http;
        await service.Post(TestService.Dm("r1", "t-old", "what are your opening hours?", sender: "u-old", name: "Otto Old"));
        await service.Post(TestService.Dm("r2", "t-open", IngestTests.Unanswerable, sender: "u-open"));
        await HandoffId(service, "t-open");
        await receiver.WaitUntil(d => d.Any(r => r.Thread == "t-old") && d.Any(r => r.Thread == "t-open"), "both threads answered");
        var before = await (await http.SendAsync(Operator(HttpMethod.Get, "/api/stats?from=2026-11-24&to=2026-11-24"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, before.GetProperty("conversations").GetInt32());

        clock.Advance(TimeSpan.FromDays(2));
        var log = await Eventually.ValueAsync(
            async () => await (await http.SendAsync(Operator(HttpMethod.Get, "/api/privacy/log"))).Content.ReadFromJsonAsync<JsonElement[]>(),
            l => l!.Any(r => r.GetProperty("action").GetString() == "retention" && r.GetProperty("counts").GetProperty("threads").GetInt32() > 0), "a retention run");
        Assert.Equal(1, log!.First(r => r.GetProperty("action").GetString() == "retention").GetProperty("counts").GetProperty("threads").GetInt32());

        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(Operator(HttpMethod.Get, "/api/threads/t-old"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Operator(HttpMethod.Get, "/api/threads/t-open"))).StatusCode);   // its hand-off is open
        var after = await (await http.SendAsync(Operator(HttpMethod.Get, "/api/stats?from=2026-11-24&to=2026-11-24"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(before.GetProperty("conversations").GetInt32(), after.GetProperty("conversations").GetInt32());
        Assert.Equal(before.GetProperty("responseRate").GetDouble(), after.GetProperty("responseRate").GetDouble());
        var metrics = await (await http.SendAsync(Operator(HttpMethod.Get, "/metrics"))).Content.ReadAsStringAsync();
        Assert.Contains("autoreply_privacy_retention_threads", metrics);
    }
}
