using System.Net;
using System.Text;
using System.Text.Json;
using AutoReply.Channels.Signatures;
using AutoReply.Service.Tests.Harness;
using Dapper;
using Microsoft.Data.Sqlite;

namespace AutoReply.Service.Tests;

/// Thousands of mutated webhook bodies at /webhooks/meta and /webhooks/x — some correctly signed so the parser is
/// reached, some not: never a 5xx, never a crash, and a refused body stores nothing (the inbox count is read after
/// every request). What is stored from an accepted body is well-formed. Deterministic: a fixed seed per endpoint.
public sealed class WebhookFuzzTests
{
    const int Bodies = 2500;

    static readonly string[] MetaSeeds =
    [
        MetaChannelTests.Body(MetaChannelTests.Message("2001", "m.1", "where is my order?"), MetaChannelTests.Message("2002", "m.2", "hallo")),
        """{"object":"instagram","entry":[{"id":"1001","time":1,"messaging":[{"sender":{"id":"7"},"recipient":{"id":"1001"},"timestamp":1,"message":{"mid":"ig.1","text":"hi","attachments":[{"type":"image","payload":{"url":"https://cdn.example.com/a.jpg"}}]}}]}]}""",
        """{"object":"page","entry":[{"id":"1001","time":1,"messaging":[{"sender":{"id":"8"},"recipient":{"id":"1001"},"timestamp":1,"postback":{"title":"Talk to a person","payload":"P"}},{"sender":{"id":"8"},"recipient":{"id":"1001"},"timestamp":2,"message_edit":{"mid":"m.9","text":"edited","num_edit":1}},{"sender":{"id":"8"},"recipient":{"id":"1001"},"timestamp":3,"delivery":{"mids":["m.1"],"watermark":3}}]}]}""",
        """{"object":"page","entry":[{"id":"1001","time":1,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"c1","message":"my order is broken","from":{"id":"9","name":"N"},"created_time":1764000000}}]}]}""",
    ];

    static readonly string[] XSeeds =
    [
        XChannelTests.Body(XChannelTests.Dm("e-1", "5001", "What are your opening hours?"), XChannelTests.Dm("e-2", "5002", "hello")),
        """{"for_user_id":"4001","tweet_create_events":[{"id_str":"1","text":"@shop my parcel is missing","user":{"id_str":"5","screen_name":"s"}}]}""",
        """{"for_user_id":"4001","direct_message_events":[{"type":"message_create","id":"e-3","created_timestamp":"1","message_create":{"target":{"recipient_id":"4001"},"sender_id":"6","message_data":{"text":"","attachment":{"type":"media","media":{"media_url_https":"https://x.example.com/p.jpg","type":"photo"}}}}}]}""",
    ];

    [Fact]
    public Task Mutated_Meta_deliveries_never_break_the_service_or_store_refused_input() =>
        Fuzz("/webhooks/meta", MetaSeeds, seed: 20261123, sign: body => ("X-Hub-Signature-256", HmacSignature.Sign(MetaChannelTests.AppSecret, body)),
            settings: api => MetaChannelTests.Settings(api, publicReplies: true));

    [Fact]
    public Task Mutated_X_deliveries_never_break_the_service_or_store_refused_input() =>
        Fuzz("/webhooks/x", XSeeds, seed: 20261124, sign: body => ("x-twitter-webhooks-signature", HmacSignature.SignBase64(XChannelTests.ConsumerSecret, body)),
            settings: api => XChannelTests.Settings(api, publicReplies: true));

    static async Task Fuzz(string path, string[] seeds, int seed, Func<byte[], (string Header, string Value)> sign, Func<FakeApi, Dictionary<string, string?>> settings)
    {
        await using var api = await FakeApi.Start();
        await using var service = await TestService.Start(settings: settings(api));
        using var db = new SqliteConnection($"Data Source={service.DatabasePath}");
        var random = new Random(seed);
        var stored = 0L;
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < Bodies; i++)
        {
            var body = Mutate(Encoding.UTF8.GetBytes(seeds[random.Next(seeds.Length)]), random);
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            var signing = random.Next(10);
            if (signing < 7) { var (h, v) = sign(body); request.Headers.TryAddWithoutValidation(h, v); }
            else if (signing < 9) request.Headers.TryAddWithoutValidation(sign(body).Header, random.Next(2) == 0 ? "sha256=" + new string('0', 64) : "garbage");

            using var response = await service.Http.SendAsync(request);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"body {i} (seed {seed}) got {status}: {Encoding.UTF8.GetString(body)}");
            var now = db.ExecuteScalar<long>("SELECT COUNT(*) FROM inbox");
            if (status >= 400) Assert.True(now == stored, $"refused body {i} (seed {seed}, {status}) stored something: {Encoding.UTF8.GetString(body)}");
            if (signing >= 7) Assert.Equal(401, status);
            stored = now;
        }
        Assert.True(statuses.GetValueOrDefault(200) > Bodies / 10, $"too few bodies reached the parser and passed: {string.Join(", ", statuses)}");
        Assert.True(statuses.GetValueOrDefault(400) > Bodies / 20, $"too few bodies were refused as malformed: {string.Join(", ", statuses)}");
        // Everything stored is well-formed: ids, a thread of the platform's shape, and words or an attachment.
        var rows = db.Query<(string Channel, string PlatformId, string ThreadId, string SenderId, string Text, string? Attachments)>(
            "SELECT channel, platform_id, thread_id, sender_id, text, attachments FROM inbox").ToList();
        Assert.All(rows, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.PlatformId));
            Assert.Matches("^[^:]+:[^:]+$", r.ThreadId);
            Assert.False(string.IsNullOrWhiteSpace(r.SenderId));
            Assert.True(r.Text.Trim().Length > 0 || r.Attachments is not null);
        });
        Assert.Equal(HttpStatusCode.OK, (await service.Http.GetAsync("/healthz")).StatusCode);
    }

    /// One to three mutations: flip a byte, cut the body short, insert noise, swap a value for another type,
    /// blow a string up, nest deeply, or duplicate a stretch.
    static byte[] Mutate(byte[] body, Random random)
    {
        var text = Encoding.UTF8.GetString(body);
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var at = random.Next(Math.Max(1, text.Length));
            text = random.Next(8) switch
            {
                0 => text.Length == 0 ? text : text[..at] + (char)random.Next(32, 127) + text[Math.Min(text.Length, at + 1)..],
                1 => text[..at],
                2 => text.Insert(at, new[] { "{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "1e309", "\\u0000", "\uFFFF" }[random.Next(13)]),
                3 => Swap(text, random),
                4 => text.Insert(at, new string('a', random.Next(1, 9000))),
                5 => new string('[', 200) + text + new string(']', 200),
                6 => text.Length < 2 ? text : text.Insert(at, text.Substring(random.Next(text.Length / 2), random.Next(1, text.Length / 2))),
                _ => text.Replace("\"text\"", "\"text\":" + new[] { "123", "null", "[]", "{}" }[random.Next(4)] + ",\"x\""),
            };
        }
        return Encoding.UTF8.GetBytes(text);
    }

    static string Swap(string text, Random random)
    {
        var quotes = Enumerable.Range(0, text.Length).Where(i => text[i] == '"').ToList();
        if (quotes.Count < 2) return text;
        var start = quotes[random.Next(quotes.Count - 1)];
        var end = text.IndexOf('"', start + 1);
        return end < 0 ? text : text[..start] + new[] { "42", "null", "{}", "[]", "false", "\"\"" }[random.Next(6)] + text[(end + 1)..];
    }
}
