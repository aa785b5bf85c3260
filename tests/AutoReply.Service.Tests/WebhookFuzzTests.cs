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

    /// Bytes no JSON parser should be trusted with, put inside a string value of a valid body: invalid and overlong UTF-8,
    /// an encoded surrogate, a cut-off sequence, escaped lone surrogates, NUL; and numbers and nesting past any limit.
    static readonly (string Name, byte[] Inside)[] BadBytes =
    [
        ("invalid UTF-8", [0xC3, 0x28]),
        ("overlong UTF-8", [0xC0, 0xAF]),
        ("overlong NUL", [0xC0, 0x80]),
        ("encoded surrogate", [0xED, 0xA0, 0x80]),
        ("0xFF", [0xFF, 0xFE]),
        ("cut-off sequence", [0xE2, 0x82]),
        ("escaped lone high surrogate", Encoding.ASCII.GetBytes("\\ud800")),
        ("escaped lone low surrogate", Encoding.ASCII.GetBytes("\\udc00x")),
        ("escaped reversed pair", Encoding.ASCII.GetBytes("\\udc00\\ud800")),
        ("escaped NUL", Encoding.ASCII.GetBytes("\\u0000")),
    ];

    static byte[] WithInText(string body, string marker, byte[] inside)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var at = body.IndexOf(marker, StringComparison.Ordinal);
        var offset = Encoding.UTF8.GetByteCount(body[..at]);
        return [.. bytes[..offset], .. inside, .. bytes[offset..]];
    }

    static IEnumerable<(string Name, byte[] Body)> Corrupted(string body, string marker)
    {
        foreach (var (name, inside) in BadBytes) yield return (name, WithInText(body, marker, inside));
        yield return ("huge number", Encoding.UTF8.GetBytes(body.Replace("\"timestamp\":1", "\"timestamp\":1" + new string('9', 400))));
        yield return ("huge exponent", Encoding.UTF8.GetBytes(body.Replace("\"timestamp\":1", "\"timestamp\":1e999999")));
        yield return ("deep nesting", Encoding.UTF8.GetBytes(new string('[', 5000) + body + new string(']', 5000)));
        yield return ("deep object", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000)));
    }

    [Fact]
    public async Task Bad_bytes_numbers_and_nesting_get_a_4xx_from_every_endpoint_and_store_nothing()
    {
        await using var api = await FakeApi.Start();
        var settings = MetaChannelTests.Settings(api, publicReplies: true);
        foreach (var (k, v) in XChannelTests.Settings(api, publicReplies: true)) settings[k] = v;
        await using var service = await TestService.Start(settings: settings);
        await service.Post(TestService.Dm("h-1", "t-h", IngestTests.Unanswerable));
        var handoff = (await EscalationTests.HandoffWhen(service, "t-h", _ => true, "a hand-off")).GetProperty("id").GetString()!;
        using var db = new SqliteConnection($"Data Source={service.DatabasePath}");
        // What a request stores at once (replies and transcript lines follow later, from DMs accepted before).
        long Count() => db.ExecuteScalar<long>("SELECT (SELECT COUNT(*) FROM inbox) + (SELECT COUNT(*) FROM public_invites) + (SELECT COUNT(*) FROM outbox WHERE kind = 'agent')");

        var generic = JsonSerializer.Serialize(new { id = "g-1", thread = "t-g", sender = new { id = "u-g" }, text = "MARK where is my order?", timestamp = 1 });
        var meta = MetaChannelTests.Body(MetaChannelTests.Message("2001", "m.b", "MARK where is my order?"));
        var x = XChannelTests.Body(XChannelTests.Dm("e-b", "5001", "MARK where is my order?"));
        var reply = """{"text":"MARK thanks for waiting","timestamp":1}""";
        var targets = new (string Path, string Body, Func<byte[], (string, string)?> Sign)[]
        {
            ("/api/messages", generic, _ => null),
            ("/webhooks/meta", meta, b => ("X-Hub-Signature-256", HmacSignature.Sign(MetaChannelTests.AppSecret, b))),
            ("/webhooks/x", x, b => ("x-twitter-webhooks-signature", HmacSignature.SignBase64(XChannelTests.ConsumerSecret, b))),
            ($"/api/handoffs/{handoff}/reply", reply, _ => null),
        };
        var failures = new List<string>();
        foreach (var (path, body, sign) in targets)
            foreach (var (name, bytes) in Corrupted(body, "MARK"))
            {
                var before = Count();
                var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                if (sign(bytes) is var (header, value)) request.Headers.TryAddWithoutValidation(header, value);
                using var response = await service.Http.SendAsync(request);
                var status = (int)response.StatusCode;
                // Bytes that are not text are refused; valid JSON with a NUL or a huge number may be taken (never stored raw).
                var mustRefuse = BadBytes.Any(b => b.Name == name && name != "escaped NUL") || name.StartsWith("deep");
                if (status >= 500 || (mustRefuse && status < 400)) failures.Add($"{path}, {name}: {status} {await response.Content.ReadAsStringAsync()}");
                else if (status >= 400 && Count() != before) failures.Add($"{path}, {name}: {status} but something was stored");
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
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
