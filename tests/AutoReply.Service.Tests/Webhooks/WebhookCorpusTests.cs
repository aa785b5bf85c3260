using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoReply.Channels.Signatures;
using AutoReply.Service.Tests.Harness;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace AutoReply.Service.Tests.Webhooks;

/// Webhook bodies others wrote down — the platforms' documentation and open-source projects' test fixtures, listed with
/// their sources in corpus/cases.tsv — replayed signed through the real host, each into a fresh service: every body is
/// answered 2xx, every customer message in it is in the inbox as what it is (text, sticker, attachment, unsupported),
/// nothing else becomes a DM, a second delivery adds nothing, and every DM is decided exactly once.
public sealed class WebhookCorpusTests
{
    static readonly DateTimeOffset Tuesday10 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    static string Corpus => Path.Combine(Repo.Root, "tests", "AutoReply.Service.Tests", "Webhooks", "corpus");

    public sealed record Case(string File, string Source, string Holds, string Note)
    {
        public override string ToString() => File;   // the name the test runner shows
    }

    public static TheoryData<Case> Cases()
    {
        var data = new TheoryData<Case>();
        foreach (var c in Listed()) data.Add(c);
        return data;
    }

    static List<Case> Listed()
    {
        var data = new List<Case>();
        var lines = File.ReadAllLines(Path.Combine(Corpus, "cases.tsv"));
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var f = lines[i].Split('\t');
            if (f.Length != 4) throw new FormatException($"cases.tsv:{i + 1}: expected file, source, holds, note");
            data.Add(new Case(f[0], f[1], f[2], f[3]));
        }
        return data;
    }

    [Fact]
    public void The_corpus_covers_every_platform_and_cites_every_body()
    {
        var cases = Listed();
        foreach (var platform in new[] { "messenger", "instagram", "x" })
            Assert.True(cases.Count(c => c.File.StartsWith(platform + "/", StringComparison.Ordinal)) >= 5, $"at least five {platform} bodies");
        Assert.All(cases, c => Assert.False(string.IsNullOrWhiteSpace(c.Source), c.File + " has no source"));
        var listed = cases.Select(c => c.File).ToHashSet();
        var files = Directory.GetFiles(Corpus, "*.json", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Corpus, f).Replace('\\', '/'));
        Assert.All(files, f => Assert.Contains(f, listed));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_body_is_taken_and_becomes_exactly_the_customer_messages_it_holds(Case c)
    {
        var clock = new FakeTimeProvider(Tuesday10);
        await using var api = await FakeApi.Start();
        var settings = MetaChannelTests.Settings(api);
        foreach (var (k, v) in XChannelTests.Settings(api)) settings[k] = v;
        await using var service = await TestService.Start(settings: settings, clock: clock);

        var x = c.File.StartsWith("x/", StringComparison.Ordinal);
        var body = WithTimestamps(await File.ReadAllTextAsync(Path.Combine(Corpus, c.File)), clock.GetUtcNow());
        var first = await Post(service, body, x);
        Assert.True(first.IsSuccessStatusCode, $"{c.File}: HTTP {(int)first.StatusCode} {await first.Content.ReadAsStringAsync()}");
        var stored = Inbox(service);

        var expected = c.Holds == "none" ? [] : c.Holds.Split(';', StringSplitOptions.TrimEntries);
        Assert.True(expected.Length == stored.Count,
            $"{c.File}: expected {expected.Length} customer message(s) ({c.Holds}), stored {stored.Count}: {string.Join(" | ", stored.Select(s => s.Shown))}");
        for (var i = 0; i < expected.Length; i++) Assert.True(Matches(expected[i], stored[i]), $"{c.File}: expected {expected[i]}, stored {stored[i].Shown}");

        // The platform delivers again (a retry): answered 2xx, nothing new.
        Assert.True((await Post(service, body, x)).IsSuccessStatusCode);
        Assert.Equal(stored.Count, Inbox(service).Count);

        // Every DM decided once: one decision line per message, however often it came.
        if (stored.Count == 0) return;
        await Eventually.Value(() => Pending(service), n => n == 0, $"{c.File}: every DM decided");
        using var db = new SqliteConnection($"Data Source={service.DatabasePath}");
        foreach (var s in stored)
            Assert.Equal(1, db.ExecuteScalar<long>("SELECT COUNT(*) FROM transcript WHERE kind = 'decision' AND ref_id = @id", new { id = s.PlatformId }));
    }

    sealed record Stored(string PlatformId, string Text, IReadOnlyList<(string Kind, string Url)> Attachments)
    {
        public string Shown => Text + string.Concat(Attachments.Select(a => $" [{a.Kind}]"));
    }

    static bool Matches(string expected, Stored s)
    {
        var (what, value) = expected.IndexOf(':') is > 0 and var at ? (expected[..at], Unescape(expected[(at + 1)..])) : (expected, "");
        var kinds = s.Attachments.Select(a => a.Kind).ToList();
        if (what == "text" && value.IndexOf("+attachment:", StringComparison.Ordinal) is > 0 and var plus)
            return s.Text == value[..plus] && kinds.Contains(value[(plus + "+attachment:".Length)..]);
        return what switch
        {
            "text" or "postback" or "quick_reply" => s.Text == value && kinds.Count == 0,
            "sticker" => s.Text.Length == 0 && kinds.Count > 0 && kinds.All(k => k == "sticker"),
            "unsupported" => kinds.Contains("unsupported"),
            "attachment" => s.Text.Trim().Length == 0 && kinds.Contains(value),
            _ => throw new FormatException($"cases.tsv: unknown item '{expected}'"),
        };
    }

    static string Unescape(string s) => System.Text.RegularExpressions.Regex.Unescape(s);

    static List<Stored> Inbox(TestService service)
    {
        using var db = new SqliteConnection($"Data Source={service.DatabasePath}");
        return db.Query<(string PlatformId, string Text, string? Attachments)>("SELECT platform_id, text, attachments FROM inbox ORDER BY seq")
            .Select(r => new Stored(r.PlatformId, r.Text, r.Attachments is null ? []
                : JsonDocument.Parse(r.Attachments).RootElement.EnumerateArray().Select(a => (a.GetProperty("Kind").GetString()!, a.GetProperty("Url").GetString()!)).ToList()))
            .ToList();
    }

    static long Pending(TestService service)
    {
        using var db = new SqliteConnection($"Data Source={service.DatabasePath}");
        return db.ExecuteScalar<long>("SELECT COUNT(*) FROM inbox WHERE state = 0");
    }

    static Task<HttpResponseMessage> Post(TestService service, string body, bool x)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, x ? "/webhooks/x" : "/webhooks/meta") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (x) request.Headers.Add("x-twitter-webhooks-signature", HmacSignature.SignBase64(XChannelTests.ConsumerSecret, bytes));
        else request.Headers.Add("X-Hub-Signature-256", HmacSignature.Sign(MetaChannelTests.AppSecret, bytes));
        return service.Http.SendAsync(request);
    }

    /// The body with every timestamp moved to now, in the unit and type it had (milliseconds or seconds, number or
    /// string, ISO date): the bodies are years old, and the service reads when a DM was sent.
    static string WithTimestamps(string json, DateTimeOffset now)
    {
        var root = JsonNode.Parse(json)!;
        Rewrite(root, now);
        return root.ToJsonString();
    }

    static readonly HashSet<string> TimeFields = ["timestamp", "time", "created_timestamp", "watermark", "created_time", "date_time", "timestamp_ms"];

    static void Rewrite(JsonNode node, DateTimeOffset now)
    {
        if (node is JsonArray array) { foreach (var item in array) if (item is not null) Rewrite(item, now); return; }
        if (node is not JsonObject obj) return;
        foreach (var (name, value) in obj.ToList())
        {
            if (value is null) continue;
            if (!TimeFields.Contains(name)) { Rewrite(value, now); continue; }
            if (value is JsonValue v && v.TryGetValue<long>(out var n))
                obj[name] = n > 100_000_000_000 ? now.ToUnixTimeMilliseconds() : now.ToUnixTimeSeconds();
            else if (value is JsonValue s && s.TryGetValue<string>(out var text))
            {
                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var m))
                    obj[name] = (m > 100_000_000_000 ? now.ToUnixTimeMilliseconds() : now.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
                else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    obj[name] = now.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            }
        }
    }
}
