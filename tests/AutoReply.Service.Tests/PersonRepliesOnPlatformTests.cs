using System.Net;
using System.Text;
using System.Text.Json;
using AutoReply.Service.Tests.Harness;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace AutoReply.Service.Tests;

/// A person of the brand answering in the platform's own inbox (Meta Business Suite, the Page Inbox, X's app) rather
/// than through a hand-off here: the platform echoes the reply to the webhook with the other app's id. The bot must
/// not talk over that person, and the reply belongs in the records.
public sealed class PersonRepliesOnPlatformTests
{
    const string Page = MetaChannelTests.Page, OurApp = "555000", PageInbox = "263902037430900";
    static readonly DateTimeOffset Tuesday10 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    static object Echo(string customer, string mid, string text, string? appId) => new
    {
        sender = new { id = Page }, recipient = new { id = customer }, timestamp = 1764000030000,
        message = appId is null ? (object)new { mid, text, is_echo = true } : new { mid, text, is_echo = true, app_id = long.Parse(appId) },
    };

    static IEnumerable<ApiCall> Sends(FakeApi graph) => graph.Calls.Where(c => c.Path == $"/{Page}/messages");

    [Fact]
    public async Task A_reply_from_Metas_inbox_is_recorded_once_and_keeps_the_bot_out_of_the_thread_for_the_hold()
    {
        await using var graph = await FakeApi.Start();
        graph.Respond = (_, _) => new ApiAnswer(200, """{"recipient_id":"2001","message_id":"m.out"}""");
        var settings = MetaChannelTests.Settings(graph);
        settings["Channels:Meta:AppId"] = OurApp;
        var clock = new FakeTimeProvider(Tuesday10);
        await using var service = await TestService.Start(settings: settings, clock: clock);

        await MetaChannelTests.Post(service, MetaChannelTests.Body(MetaChannelTests.Message("2001", "m.1", "how long does delivery take?")));
        await graph.WaitUntil(_ => Sends(graph).Count() == 1, "the bot's answer");

        // Our own send reflected back (our app id), an echo without an app id (which cannot be told apart: taken as ours),
        // and a person's reply from the Page Inbox; the delivery comes twice, as Meta retries.
        var echoes = MetaChannelTests.Body(
            Echo("2001", "m.ours", "Delivery takes 2-3 working days.", OurApp),
            Echo("2001", "m.unknown", "an echo without an app id", null),
            Echo("2001", "m.person", "Hi, Maria here from the shop: I'll look into your parcel now.", PageInbox));
        Assert.Equal(HttpStatusCode.OK, (await MetaChannelTests.Post(service, echoes)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MetaChannelTests.Post(service, echoes)).StatusCode);

        var thread = await service.ThreadWhen($"{Page}:2001", t => t.Entries.Any(e => e.Actor == "platform-inbox"), "the person's reply recorded", "messenger");
        var person = Assert.Single(thread!.Entries, e => e.Actor == "platform-inbox");
        Assert.Equal(("out", "agent", "m.person"), (person.Direction, person.Kind, person.Id));
        Assert.Contains("Maria here", person.Text);
        Assert.DoesNotContain(thread.Entries, e => e.Id is "m.ours" or "m.unknown");

        // The customer answers the person: the bot says nothing, and no hand-off is opened for a queue the person does not work.
        await MetaChannelTests.Post(service, MetaChannelTests.Body(MetaChannelTests.Message("2001", "m.2", "great thanks! and what are your opening hours?")));
        await service.ThreadWhen($"{Page}:2001", t => t.Entries.Count(e => e.Kind == "decision") == 2, "the second DM decided", "messenger");
        thread = await service.Thread($"{Page}:2001", "messenger");
        Assert.Contains("HumanHoldsThread", thread!.Entries.Where(e => e.Kind == "decision").Last().Text);
        await Task.Delay(300);
        Assert.Single(Sends(graph));
        using (var db = new SqliteConnection($"Data Source={service.DatabasePath}"))
            Assert.Equal(0, db.ExecuteScalar<long>("SELECT COUNT(*) FROM handoffs"));

        // A person who answers before the bot has decided the customer's first DM (both in one delivery) holds it too.
        await MetaChannelTests.Post(service, MetaChannelTests.Body(MetaChannelTests.Message("2002", "m.20", "do you ship to Austria?"),
            Echo("2002", "m.21", "Yes we do! Anything else?", PageInbox)));
        await service.ThreadWhen($"{Page}:2002", t => t.Entries.Any(e => e.Kind == "decision"), "the first DM decided", "messenger");
        await Task.Delay(300);
        Assert.Single(Sends(graph));

        // Past the hold (12 hours by default) the bot answers the thread again.
        clock.Advance(TimeSpan.FromHours(13));
        await MetaChannelTests.Post(service, MetaChannelTests.Body(MetaChannelTests.Message("2001", "m.3", "what are your opening hours?")));
        await graph.WaitUntil(_ => Sends(graph).Count() == 2, "the bot answering after the hold");
    }

    [Fact]
    public async Task Without_the_apps_id_configured_an_echo_is_taken_for_our_own_send()
    {
        var body = Encoding.UTF8.GetBytes(MetaChannelTests.Body(Echo("2001", "m.person", "Maria here", PageInbox)));
        var now = NodaTime.SystemClock.Instance.GetCurrentInstant();
        var unconfigured = Channels.Meta.MetaWebhook.Parse(body, 4000, now).Batch!;
        Assert.Equal((0, 1), (unconfigured.Events.Count, unconfigured.Skipped));
        var configured = Channels.Meta.MetaWebhook.Parse(body, 4000, now, OurApp).Batch!;
        var reply = Assert.Single(configured.Events);
        Assert.Equal(("person_replied", "1001:2001", "m.person"), (reply.Kind, reply.Thread.ThreadId, reply.MessageId));
    }

    /// On X the account's own DMs come back with the app they were sent from (source_app_id). A person answering in X's app
    /// while a hand-off is open answers that hand-off: its first answer is recorded (the SLA is met), and the bot stays out
    /// until it is resolved here, however long that takes.
    [Fact]
    public async Task A_reply_from_Xs_app_answers_the_open_hand_off_and_holds_the_thread_until_it_is_resolved()
    {
        await using var api = await FakeApi.Start();
        var settings = XChannelTests.Settings(api);
        settings["Channels:X:AppId"] = "777";
        var clock = new FakeTimeProvider(Tuesday10);
        await using var service = await TestService.Start(settings: settings, clock: clock);
        var thread = $"{XChannelTests.Account}:5001";

        await XChannelTests.Post(service, XChannelTests.Body(XChannelTests.Dm("x.1", "5001", "I want to talk to a real person please")));
        await service.ThreadWhen(thread, t => t.Entries.Any(e => e.Kind == "handoff"), "the hand-off", "x");
        await api.WaitUntil(c => c.Any(x => x.Path.EndsWith("/5001/messages")), "the acknowledgement");
        var sentBefore = api.Calls.Count(c => c.Path.EndsWith("/5001/messages"));

        var person = new
        {
            type = "message_create", id = "x.person", created_timestamp = "1764000000000",
            message_create = new
            {
                target = new { recipient_id = "5001" }, sender_id = XChannelTests.Account, source_app_id = "268278",
                message_data = new { text = "Hi Dana, Sam here. Which order is it about?" },
            },
        };
        var ours = new
        {
            type = "message_create", id = "x.ours", created_timestamp = "1764000000000",
            message_create = new { target = new { recipient_id = "5001" }, sender_id = XChannelTests.Account, source_app_id = "777", message_data = new { text = "our ack" } },
        };
        Assert.Equal(HttpStatusCode.OK, (await XChannelTests.Post(service, XChannelTests.Body(person, ours))).StatusCode);
        var transcript = await service.ThreadWhen(thread, t => t.Entries.Any(e => e.Actor == "platform-inbox"), "the person's reply recorded", "x");
        Assert.Contains("Sam here", Assert.Single(transcript!.Entries, e => e.Actor == "platform-inbox").Text);
        Assert.DoesNotContain(transcript.Entries, e => e.Id == "x.ours");
        using (var db = new SqliteConnection($"Data Source={service.DatabasePath}"))
            Assert.Equal(Tuesday10.ToUnixTimeMilliseconds(), db.ExecuteScalar<long?>("SELECT first_response_at FROM handoffs"));

        // A day later (past the 12-hour hold) the hand-off is still open: the bot stays silent, not even an acknowledgement.
        clock.Advance(TimeSpan.FromHours(24));
        await XChannelTests.Post(service, XChannelTests.Body(XChannelTests.Dm("x.2", "5001", "It's order A-7731, hello??")));
        await service.ThreadWhen(thread, t => t.Entries.Count(e => e.Kind == "decision") == 2, "the second DM decided", "x");
        await Task.Delay(300);
        Assert.Equal(sentBefore, api.Calls.Count(c => c.Path.EndsWith("/5001/messages")));
    }
}
