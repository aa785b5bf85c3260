using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AutoReply.Channels.Signatures;
using AutoReply.Service.Tests.Harness;
using Microsoft.Extensions.Time.Testing;

namespace AutoReply.Service.Tests;

/// X through the Account Activity webhook and the API v2 DM endpoint, against a fake X API on loopback.
public sealed class XChannelTests
{
    internal const string ConsumerSecret = "x-consumer-secret";
    internal const string Account = "4001";
    static readonly DateTimeOffset Tuesday10 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    internal static Dictionary<string, string?> Settings(FakeApi api, bool publicReplies = false) => new()
    {
        ["Channels:X:ConsumerSecret"] = ConsumerSecret, ["Channels:X:ApiBaseUrl"] = api.Url,
        ["Channels:X:Accounts:0:UserId"] = Account, ["Channels:X:Accounts:0:AccessToken"] = "x-user-token", ["Channels:X:Accounts:0:PublicReplies"] = publicReplies.ToString(),
        ["Channels:X:MessagesPerSecond"] = "1000",
    };

    internal static object Dm(string id, string sender, string text, string recipient = Account) => new
    {
        type = "message_create", id, created_timestamp = "1764000000000",
        message_create = new { target = new { recipient_id = recipient }, sender_id = sender, message_data = new { text } },
    };

    internal static string Body(params object[] events) => JsonSerializer.Serialize(new
    {
        for_user_id = Account,
        direct_message_events = events,
        users = new Dictionary<string, object> { ["5001"] = new { id = "5001", name = "Dana Doe", screen_name = "dana" } },
    });

    internal static Task<HttpResponseMessage> Post(TestService service, string body, string? secret = ConsumerSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/x") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null) request.Headers.Add("x-twitter-webhooks-signature", HmacSignature.SignBase64(secret, Encoding.UTF8.GetBytes(body)));
        return service.Http.SendAsync(request);
    }

    static IEnumerable<ApiCall> Dms(FakeApi api, string to) => api.Calls.Where(c => c.Path == $"/2/dm_conversations/with/{to}/messages");

    /// X escapes the sender's display name as it escapes the text: "Tom &amp; Jerry &lt;3" is "Tom & Jerry <3".
    /// X's DM API shows no quick replies: a reply's options are listed under its text, so "which of these do you mean?" does
    /// not arrive without them. Not numbered: a number answers no reply but some (a review of session 32).
    [Fact]
    public void A_replys_options_are_listed_under_its_text()
    {
        var thread = new Core.Messages.ThreadKey("x", "acct:9");
        Core.Messages.OutboundReply Reply(params string[] options) => new("r-1", thread, "9", Core.Messages.ReplyKind.Answer, "Which of these do you mean?",
            options, "m-1", NodaTime.Instant.FromUnixTimeSeconds(0));
        Assert.Equal("Which of these do you mean?\n\n• Returns\n• Exchange", Channels.X.XSender.WithOptions(Reply("Returns", "Exchange")));
        Assert.Equal("Which of these do you mean?", Channels.X.XSender.WithOptions(Reply()));
    }

    [Fact]
    public void A_senders_name_is_unescaped_like_the_text()
    {
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            for_user_id = Account,
            direct_message_events = new[] { Dm("e1", "5001", "fish &amp; chips?") },
            users = new Dictionary<string, object> { ["5001"] = new { id = "5001", name = "Tom &amp; Jerry &lt;3", screen_name = "tj" } },
        }));
        var message = Channels.X.XWebhook.Parse(body, 4000, NodaTime.SystemClock.Instance.GetCurrentInstant()).Batch!.Messages.Single();
        Assert.Equal(("fish & chips?", "Tom & Jerry <3"), (message.Text, message.Sender.Name));
    }

    [Fact]
    public async Task The_CRC_challenge_is_answered_with_the_HMAC_of_the_token()
    {
        await using var api = await FakeApi.Start();
        await using var service = await TestService.Start(settings: Settings(api));
        var answer = await service.Http.GetFromJsonAsync<JsonElement>("/webhooks/x?crc_token=challenge-123");
        var expected = "sha256=" + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(ConsumerSecret), Encoding.UTF8.GetBytes("challenge-123")));
        Assert.Equal(expected, answer.GetProperty("response_token").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Http.GetAsync("/webhooks/x")).StatusCode);
    }

    [Fact]
    public async Task DMs_are_verified_stored_once_and_answered_through_the_DM_endpoint_skipping_our_own_sends()
    {
        await using var api = await FakeApi.Start();
        api.Respond = (_, _) => new ApiAnswer(201, """{"data":{"dm_conversation_id":"4001-5001","dm_event_id":"e1"}}""");
        await using var service = await TestService.Start(settings: Settings(api));
        var body = Body(Dm("e-1", "5001", "What are your opening hours?"), Dm("e-own", Account, "our own earlier send", recipient: "5001"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post(service, body, secret: "nope")).StatusCode);
        Assert.Equal(0, MetaChannelTests.InboxCount(service));
        Assert.Equal(HttpStatusCode.OK, (await Post(service, body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(service, body)).StatusCode);   // a retried delivery

        await api.WaitUntil(c => Dms(api, "5001").Any(), "the reply");
        var sent = Dms(api, "5001").Single();
        Assert.Equal("Bearer x-user-token", sent.Authorization);
        Assert.Contains("9:00", sent.Json.GetProperty("text").GetString());
        Assert.Equal(1, MetaChannelTests.InboxCount(service));
        var thread = await service.ThreadWhen($"{Account}:5001", t => t.Entries.Any(e => e.Delivery == "sent"), "the reply sent", "x");
        Assert.Equal("5001", thread!.Entries.First(e => e.Kind == "dm").Actor);
    }

    [Fact]
    public async Task When_X_says_the_limit_is_used_up_the_account_waits_for_the_reset()
    {
        var clock = new FakeTimeProvider(Tuesday10);
        await using var api = await FakeApi.Start();
        var reset = Tuesday10.AddMinutes(15).ToUnixTimeSeconds().ToString();
        api.Respond = (_, before) => new ApiAnswer(201, """{"data":{"dm_event_id":"e"}}""",
            new Dictionary<string, string> { ["x-rate-limit-remaining"] = before == 0 ? "0" : "10", ["x-rate-limit-reset"] = reset });
        await using var service = await TestService.Start(settings: Settings(api), clock: clock);

        await Post(service, Body(Dm("e-1", "5001", "What are your opening hours?")));
        await api.WaitUntil(c => c.Count == 1, "the first reply, which uses the last of the limit");
        await Post(service, Body(Dm("e-2", "5002", "What are your opening hours?")));
        var held = await service.ThreadWhen($"{Account}:5002", t => t.Entries.Any(e => e.Kind == "answer"), "the second reply decided", "x");
        // Not sent while the account is held: it waits in the outbox for the reset (saying why), then goes.
        await Eventually.Value(() =>
        {
            using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={service.DatabasePath}");
            return Dapper.SqlMapper.ExecuteScalar<string?>(db, "SELECT last_error FROM outbox WHERE thread_id = '4001:5002'");
        }, e => e?.Contains("rate-limited") == true, "the second reply held back by the account's limit");
        Assert.Single(api.Calls);
        clock.Advance(TimeSpan.FromMinutes(16));
        await api.WaitUntil(c => Dms(api, "5002").Any(), "the second reply after the reset");
        Assert.NotNull(held);
    }

    [Fact]
    public async Task A_mention_that_is_a_complaint_gets_a_public_reply_inviting_a_DM_and_the_DM_is_linked()
    {
        await using var api = await FakeApi.Start();
        api.Respond = (_, _) => new ApiAnswer(201, """{"data":{"id":"t-reply"}}""");
        await using var service = await TestService.Start(settings: Settings(api, publicReplies: true));
        var mention = JsonSerializer.Serialize(new
        {
            for_user_id = Account,
            tweet_create_events = new[] { new { id_str = "9001", text = "@shop my parcel is missing for two weeks!!!", user = new { id_str = "5001", screen_name = "dana" } } },
        });
        Assert.Equal(HttpStatusCode.OK, (await Post(service, mention)).StatusCode);
        var reply = (await api.WaitUntil(c => c.Any(x => x.Path == "/2/tweets"), "the public reply")).Single(x => x.Path == "/2/tweets");
        Assert.Equal("9001", reply.Json.GetProperty("reply").GetProperty("in_reply_to_tweet_id").GetString());
        Assert.Contains("direct message", reply.Json.GetProperty("text").GetString());

        await Post(service, Body(Dm("e-9", "5001", "hi, about the missing parcel")));
        var thread = await service.ThreadWhen($"{Account}:5001", t => t.Entries.Any(e => e.Kind == "linked"), "the DM linked to the mention", "x");
        Assert.Contains("9001", thread!.Entries.Single(e => e.Kind == "linked").Text);
    }

    /// X's user_event revoke, as its Account Activity documentation shows it: the only event without for_user_id.
    internal static string Revoke(string account = Account) =>
        """{"user_event":{"revoke":{"date_time":"2026-11-24T09:30:00+00:00","target":{"app_id":"13090192"},"source":{"user_id":""" + "\"" + account + "\"}}}}";

    static string? HeldReason(TestService service, string thread)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={service.DatabasePath}");
        return Dapper.SqlMapper.ExecuteScalar<string?>(db, "SELECT last_error FROM outbox WHERE thread_id = @thread AND state = 3", new { thread });
    }

    [Fact]
    public async Task A_revoked_account_is_answered_200_its_replies_are_held_the_operator_is_told_and_a_new_token_resumes()
    {
        var clock = new FakeTimeProvider(Tuesday10);
        await using var api = await FakeApi.Start();
        api.Respond = (_, _) => new ApiAnswer(201, """{"data":{"dm_event_id":"e"}}""");
        await using var sink = await WebhookSink.Start();
        var settings = Settings(api);
        foreach (var (k, v) in EscalationTests.Tiers(sink)) settings[k] = v;
        var database = Path.Combine(Repo.TempDirectory(), "autoreply.db");
        await using (var service = await TestService.Start(settings: settings, clock: clock, databasePath: database))
        {
            // A revoke by an account this service does not send for changes nothing (it is answered 200: X does not retry).
            Assert.Equal(HttpStatusCode.OK, (await Post(service, Revoke("9999"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Post(service, Revoke())).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Post(service, Revoke())).StatusCode);   // delivered again: nothing new
            var told = await sink.WaitUntil(n => n.Count >= 1, "the tier-1 target told");
            Assert.Equal("tier1", told[0].Path.Trim('/'));
            Assert.Equal("channel.account.disconnected", told[0].Json.GetProperty("type").GetString());
            Assert.Equal(Account, told[0].Json.GetProperty("account").GetString());

            var health = await service.Http.GetFromJsonAsync<JsonElement>("/healthz");
            var listed = health.GetProperty("disconnectedAccounts").EnumerateArray().Single();
            Assert.Equal("x", listed.GetProperty("channel").GetString());
            Assert.Equal(Account, listed.GetProperty("account").GetString());

            // A DM still comes in and is decided, but its reply is held with the reason instead of sent into a 401.
            Assert.Equal(HttpStatusCode.OK, (await Post(service, Body(Dm("e-1", "5001", "What are your opening hours?")))).StatusCode);
            var thread = await service.ThreadWhen($"{Account}:5001", t => t.Entries.Any(e => e.Kind == "held"), "the reply held", "x");
            Assert.Contains("revoked the app's access", thread!.Entries.Single(e => e.Kind == "held").Text);
            Assert.StartsWith("account disconnected: ", HeldReason(service, $"{Account}:5001"));
            Assert.Empty(api.Calls);
            Assert.Single(sink.Received);
        }

        // The same token after a restart: still disconnected, nothing sent.
        await using (var service = await TestService.Start(settings: settings, clock: clock, databasePath: database))
        {
            var health = await service.Http.GetFromJsonAsync<JsonElement>("/healthz");
            Assert.Single(health.GetProperty("disconnectedAccounts").EnumerateArray());
            await Task.Delay(300);
            Assert.Empty(api.Calls);
        }

        // A new token: connected again, and the held reply goes out with it.
        settings["Channels:X:Accounts:0:AccessToken"] = "x-new-user-token";
        await using (var service = await TestService.Start(settings: settings, clock: clock, databasePath: database))
        {
            var sent = (await api.WaitUntil(c => Dms(api, "5001").Any(), "the held reply sent")).Single();
            Assert.Equal("Bearer x-new-user-token", sent.Authorization);
            Assert.Contains("9:00", sent.Json.GetProperty("text").GetString());
            var health = await service.Http.GetFromJsonAsync<JsonElement>("/healthz");
            Assert.Empty(health.GetProperty("disconnectedAccounts").EnumerateArray());
        }
    }

    [Fact]
    public async Task A_revoke_without_the_account_is_refused_and_typing_likes_and_follows_are_taken_without_a_DM()
    {
        await using var api = await FakeApi.Start();
        await using var service = await TestService.Start(settings: Settings(api));
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(service, """{"user_event":{"revoke":{"date_time":"2026-11-24T09:30:00+00:00","source":{}}}}""")).StatusCode);
        var others = JsonSerializer.Serialize(new
        {
            for_user_id = Account,
            direct_message_indicate_typing_events = new[] { new { created_timestamp = "1764000000000", sender_id = "5001", target = new { recipient_id = Account } } },
            favorite_events = new[] { new { id = "f1", created_at = "Mon Nov 24 09:00:00 +0000 2026" } },
            follow_events = new[] { new { type = "follow", created_timestamp = "1764000000000" } },
        });
        Assert.Equal(HttpStatusCode.OK, (await Post(service, others)).StatusCode);
        Assert.Equal(0, MetaChannelTests.InboxCount(service));
    }
}
