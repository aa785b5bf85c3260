using System.Collections.Concurrent;
using AutoReply.Service.Tests.Harness;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AutoReply.Service.Tests;

/// Whole conversations in flows through the real host over HTTP, with a loopback stand-in for the shop's order system.
public sealed class FlowServiceTests
{
    static FakeTimeProvider Tuesday10() => new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    /// The shop's order system: /orders/{number} → 200 with status, 404 for unknown orders, or slow on request.
    sealed class OrderSystem : IAsyncDisposable
    {
        readonly WebApplication app;
        public readonly ConcurrentQueue<string> Asked = new();
        public TimeSpan Delay { get; set; }
        public string Url { get; }

        OrderSystem(WebApplication app, string url) { this.app = app; Url = url; }

        public static async Task<OrderSystem> Start()
        {
            OrderSystem? system = null;
            var (app, address) = await LoopbackApp.Start(app => app.MapGet("/orders/{number}", async (string number) =>
            {
                system!.Asked.Enqueue(number);
                if (system.Delay > TimeSpan.Zero) await Task.Delay(system.Delay);
                return number == "A-1234"
                    ? Results.Json(new { status = "shipped with DHL", eta = "Thursday", carrier = "DHL" })
                    : Results.NotFound();
            }));
            system = new OrderSystem(app, address + "/orders/{order_number}");
            return system;
        }

        public async ValueTask DisposeAsync() { await app.StopAsync(); await app.DisposeAsync(); }
    }

    static async Task<(Receiver, OrderSystem, TestService)> Start(double lookupTimeoutSeconds = 2)
    {
        var receiver = await Receiver.Start();
        var orders = await OrderSystem.Start();
        var service = await TestService.Start(receiver, clock: Tuesday10(), settings: new Dictionary<string, string?>
        {
            ["Lookups:orders:Url"] = orders.Url,
            ["Lookups:orders:TimeoutSeconds"] = lookupTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return (receiver, orders, service);
    }

    [Fact]
    public async Task Order_status_flow_asks_for_the_number_looks_it_up_and_answers()
    {
        var (receiver, orders, service) = await Start();
        await using var _ = receiver; await using var __ = orders; await using var ___ = service;

        await service.Post(TestService.Dm("m-1", "t-1", "where is my order?"));
        var first = await receiver.WaitUntil(d => d.Count == 2, "the answer and the prompt");
        Assert.Equal(["I can help with that.", "What's your order number? (It looks like A-1234.)"], first.Select(r => r.Text));
        Assert.Equal(["answer", "dialog"], first.Select(r => r.Kind));

        await service.Post(TestService.Dm("m-2", "t-1", "it's 1234"));
        var retry = await receiver.WaitUntil(d => d.Count == 3, "the re-prompt");
        Assert.Equal("\"1234\" doesn't look like one of our numbers. What's your order number? (It looks like A-1234.)", retry[2].Text);

        await service.Post(TestService.Dm("m-3", "t-1", "sorry: a-1234"));
        var status = await receiver.WaitUntil(d => d.Count == 4, "the status");
        Assert.Equal("Order A-1234: shipped with DHL. Expected delivery: Thursday.", status[3].Text);
        Assert.Equal(["A-1234"], orders.Asked);
    }

    /// A stop (SIGTERM) while the one lane waits on a slow shop system: the DMs the service acknowledged are decided before
    /// the host is gone, not left to the restart (Worker:DrainSeconds). Without the drain the stop cancelled the lookup
    /// and the lane dropped its batch: all five were still pending.
    [Fact]
    public async Task A_stop_decides_the_DMs_it_acknowledged_before_the_host_is_gone()
    {
        await using var receiver = await Receiver.Start();
        await using var orders = await OrderSystem.Start();
        orders.Delay = TimeSpan.FromMilliseconds(200);   // five DMs, one lane: a second of lookups when the stop comes
        var dir = Repo.TempDirectory();
        var databasePath = Path.Combine(dir, "autoreply.db");
        var service = await TestService.Start(receiver, clock: Tuesday10(), databasePath: databasePath, settings: new Dictionary<string, string?>
        {
            ["Lookups:orders:Url"] = orders.Url,
            ["Worker:Lanes"] = "1",
        });
        for (var i = 0; i < 5; i++)
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await service.Post(TestService.Dm($"m-{i}", $"t-{i}", "Can you check order A-1234?"))).StatusCode);
        await service.DisposeAsync();

        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databasePath};Pooling=False");
        db.Open();
        Assert.Equal(0L, Dapper.SqlMapper.ExecuteScalar<long>(db, "SELECT COUNT(*) FROM inbox WHERE state = 0"));
        Assert.Equal(5L, Dapper.SqlMapper.ExecuteScalar<long>(db, "SELECT COUNT(DISTINCT ref_id) FROM transcript WHERE kind = 'decision'"));
        // Each decision's status reply is stored (sent, or waiting in the outbox for the next start).
        Assert.Equal(5L, Dapper.SqlMapper.ExecuteScalar<long>(db, "SELECT COUNT(*) FROM outbox WHERE text LIKE 'Order A-1234:%'"));
        Assert.Equal(5, orders.Asked.Count);
        db.Close();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    /// The host waits for the drain and the sends in flight after it; its own default (30 s) would cut a longer drain off.
    [Fact]
    public async Task The_host_waits_long_enough_for_the_drain_and_the_sends_after_it()
    {
        await using var service = await TestService.Start(settings: new Dictionary<string, string?>
        {
            ["Worker:DrainSeconds"] = "40", ["Outbox:TimeoutSeconds"] = "10",
        });
        var host = service.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Hosting.HostOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(65), host.ShutdownTimeout);
    }

    [Theory]
    [InlineData("Can you check order A-1234?", "Order A-1234: shipped with DHL. Expected delivery: Thursday.")]
    [InlineData("Wo bleibt mein Paket? Bestellnummer A-1234", "Bestellung A-1234: shipped with DHL. Voraussichtliche Lieferung: Thursday.")]
    [InlineData("missä tilaukseni on? tilausnumero on A-1234", "Tilaus A-1234: shipped with DHL. Arvioitu toimitus: Thursday.")]
    public async Task Issue12_an_order_number_in_the_first_DM_is_never_asked_for(string dm, string status)
    {
        var (receiver, orders, service) = await Start();
        await using var _ = receiver; await using var __ = orders; await using var ___ = service;

        await service.Post(TestService.Dm("m-1", "t-1", dm));
        var replies = await receiver.WaitUntil(d => d.Count == 2, "the answer and the status");
        Assert.Equal(status, replies[1].Text);
        Assert.DoesNotContain(replies, r => r.Text.Contains("A-1234.)") || r.Text.Contains("order number?", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["A-1234"], orders.Asked);
    }

    /// A lookup client that fails in a way no flow expects (a defect, not an answer of the shop system).
    sealed class BrokenHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a defect in the lookup");
    }

    [Fact]
    public async Task A_DM_the_service_fails_on_is_acknowledged_and_handed_to_a_person_and_the_thread_goes_on()
    {
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: Tuesday10(),
            settings: new Dictionary<string, string?> { ["Lookups:orders:Url"] = "http://127.0.0.1:9/orders/{order_number}" },
            customize: b => b.Services.AddHttpClient("lookups").ConfigurePrimaryHttpMessageHandler(() => new BrokenHandler()));

        await service.Post(TestService.Dm("m-1", "t-1", "Can you check order A-1234?"));
        var replies = await receiver.WaitUntil(d => d.Count == 1, "the acknowledgement");
        Assert.Equal("ack", replies[0].Kind);
        var thread = await service.ThreadWhen("t-1", t => t.Entries.Any(e => e.Kind == "engine-failed"), "the failure in the transcript");
        Assert.Contains("a defect in the lookup", thread!.Entries.Single(e => e.Kind == "engine-failed").Text);
        Assert.Contains(thread.Entries, e => e.Kind == "decision" && e.Text!.Contains("EngineFailed"));
        Assert.Contains(thread.Entries, e => e.Kind == "handoff" && e.Text!.Contains("EngineFailed"));

        // The thread goes on: a person holds it now, and the next DM joins the hand-off rather than being lost or refused.
        await service.Post(TestService.Dm("m-2", "t-1", "hello?"));
        await service.ThreadWhen("t-1", t => t.Entries.Count(e => e.Kind == "dm") == 2 && t.Entries.Count(e => e.Kind == "decision") == 2, "the next DM decided");
    }

    [Fact]
    public async Task An_unknown_order_goes_to_a_person_and_a_slow_order_system_gets_the_fallback()
    {
        var (receiver, orders, service) = await Start(lookupTimeoutSeconds: 0.3);
        await using var _ = receiver; await using var __ = orders; await using var ___ = service;

        await service.Post(TestService.Dm("m-1", "t-1", "Wo ist meine Bestellung?"));
        await service.Post(TestService.Dm("m-2", "t-1", "B-99999"));
        var unknown = await receiver.WaitUntil(d => d.Count == 3, "the hand-off");
        Assert.Contains("Ich finde die Bestellung B-99999 nicht", unknown[2].Text);
        var transcript = await service.Thread("t-1");
        Assert.Contains(transcript!.Entries, e => e.Kind == "handoff" && e.Text!.Contains("\"order_number\":\"B-99999\""));

        orders.Delay = TimeSpan.FromSeconds(2);
        await service.Post(TestService.Dm("m-3", "t-2", "where is my order", sender: "u-2"));
        await service.Post(TestService.Dm("m-4", "t-2", "A-1234", sender: "u-2"));
        var slow = await receiver.WaitUntil(d => d.Count(r => r.Thread == "t-2") == 3, "the fallback");
        Assert.Contains("I can't see its status from here right now", slow.Last(r => r.Thread == "t-2").Text);
        Assert.Contains(TestLog.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("Lookup orders failed") && l.Message.Contains("no answer within"));
    }

    [Fact]
    public async Task Callback_flow_in_German_over_HTTP_keeps_its_state_between_turns()
    {
        var (receiver, orders, service) = await Start();
        await using var _ = receiver; await using var __ = orders; await using var ___ = service;

        await service.Post(TestService.Dm("m-1", "t-1", "Könnt ihr mich zurückrufen?"));
        await receiver.WaitUntil(d => d.Count == 2, "the prompt");
        await service.Post(TestService.Dm("m-2", "t-1", "gestern"));
        await receiver.WaitUntil(d => d.Count == 3, "the re-prompt");
        await service.Post(TestService.Dm("m-3", "t-1", "übermorgen um 15 Uhr"));
        await receiver.WaitUntil(d => d.Count == 4, "the phone prompt");
        await service.Post(TestService.Dm("m-4", "t-1", "0171 2345678"));

        var delivered = await receiver.WaitUntil(d => d.Count == 5, "the confirmation");
        Assert.Equal(["Wann sollen wir dich anrufen?", "Unter welcher Nummer erreichen wir dich?"], new[] { delivered[1].Text, delivered[3].Text });
        Assert.Contains("Das habe ich nicht als Zeitpunkt in der Zukunft verstanden", delivered[2].Text);
        Assert.Equal("Danke! Wir rufen dich am Donnerstag um 15:00 unter +49 171 2345678 an.", delivered[4].Text);
    }

    [Fact]
    public async Task A_photo_alone_answers_the_refund_flows_damage_question_and_reaches_the_hand_off()
    {
        var (receiver, orders, service) = await Start();
        await using var _ = receiver; await using var __ = orders; await using var ___ = service;

        await service.Post(TestService.Dm("m-1", "t-1", "I want a refund"));
        await service.Post(TestService.Dm("m-2", "t-1", "A-1234"));
        await service.Post(TestService.Dm("m-3", "t-1", "damaged"));
        await receiver.WaitUntil(d => d.Count == 4, "the photo question");
        var photoOnly = new { id = "m-4", thread = "t-1", sender = new { id = "u-1" }, attachments = new[] { new { type = "image", url = "https://cdn.example.com/p/123.jpg" } } };
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await service.Post(photoOnly)).StatusCode);

        var delivered = await receiver.WaitUntil(d => d.Count == 5, "the hand-off");
        Assert.Contains("Your refund request for order A-1234 is with our billing team", delivered[4].Text);
        var transcript = await service.Thread("t-1");
        Assert.Contains(transcript!.Entries, e => e.Direction == "in" && e.Text == "[image: https://cdn.example.com/p/123.jpg]");
        Assert.Contains(transcript.Entries, e => e.Kind == "handoff" && e.Text!.Contains("\"damage\":\"https://cdn.example.com/p/123.jpg\""));
    }

    [Fact]
    public async Task A_flow_edited_mid_conversation_finishes_on_the_version_the_thread_started()
    {
        var dialogs = Cli.CopyOfDialogs();
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: Tuesday10(), settings: new Dictionary<string, string?> { ["Dialogs:Path"] = dialogs });
        var reloaded = 0;
        service.Services.GetRequiredService<AutoReply.Service.Dialogs.LibraryWatcher>().Reloaded += (ok, _) => { if (ok) Interlocked.Increment(ref reloaded); };

        await service.Post(TestService.Dm("m-1", "t-1", "can you call me back?"));
        await receiver.WaitUntil(d => d.Count == 2, "the first prompt");

        var file = Path.Combine(dialogs, "flows", "callback.yaml");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("Which number should we call?", "What's the best number to reach you?"));
        await Eventually.Value(() => reloaded, n => n >= 1, "the edited flow to load");

        await service.Post(TestService.Dm("m-2", "t-1", "tomorrow at 3pm"));
        await service.Post(TestService.Dm("m-3", "t-2", "can you call me back?", sender: "u-2"));
        await service.Post(TestService.Dm("m-4", "t-2", "tomorrow at 3pm", sender: "u-2"));
        var delivered = await receiver.WaitUntil(d => d.Count == 6, "both threads at the number prompt");
        Assert.Equal("Which number should we call?", delivered.Single(r => r.InReplyTo == "m-2").Text);            // started before the edit
        Assert.Equal("What's the best number to reach you?", delivered.Single(r => r.InReplyTo == "m-4").Text);    // started after it
    }

    /// Issue 18: the callback flow reads the time the way a customer says it, in the brand's zone (Europe/Berlin), and
    /// the hand-off carries it.
    [Fact]
    public async Task A_callback_asked_for_tomorrow_around_4_in_the_afternoon_is_booked_for_16_00_the_next_day()
    {
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: Tuesday10());
        await service.Post(TestService.Dm("m-1", "t-1", "can you call me back?"));
        await receiver.WaitUntil(d => d.Count == 2, "the time prompt");
        await service.Post(TestService.Dm("m-2", "t-1", "tomorrow around 4 in the afternoon"));
        await receiver.WaitUntil(d => d.Any(r => r.InReplyTo == "m-2"), "the number prompt");
        await service.Post(TestService.Dm("m-3", "t-1", "0171 2233114"));
        var delivered = await receiver.WaitUntil(d => d.Any(r => r.InReplyTo == "m-3"), "the confirmation");

        Assert.Equal("Which number should we call?", delivered.Single(r => r.InReplyTo == "m-2").Text);
        Assert.Contains("on Wednesday at 16:00", delivered.Single(r => r.InReplyTo == "m-3").Text);
        var thread = await service.Thread("t-1");
        var handoff = thread!.Entries.Single(e => e.Kind == "handoff").Text!;
        Assert.True(handoff.Contains("\"callback_time\":\"2026-11-25T16:00:00\""), handoff);   // the brand's local time
    }

    [Fact]
    public async Task Interruptions_over_HTTP_cancel_agent_new_question_and_the_retry_limit()
    {
        var (receiver, orders, service) = await Start();
        await using var _ = receiver; await using var __ = orders; await using var ___ = service;
        async Task<string> Say(string thread, string id, string text, int replies = 1)
        {
            await service.Post(TestService.Dm(id, thread, text, sender: "u-" + thread));
            var delivered = await receiver.WaitUntil(d => d.Count(r => r.InReplyTo == id) >= replies, $"{replies} replies to {id}");
            return string.Join(" | ", delivered.Where(r => r.InReplyTo == id).Select(r => r.Text));
        }

        // cancel at the second step
        Assert.Contains("When should we call you?", await Say("a", "a1", "please call me back", replies: 2));
        Assert.Contains("Which number should we call?", await Say("a", "a2", "tomorrow at 10am"));
        Assert.Contains("I've stopped that", await Say("a", "a3", "cancel"));
        Assert.Contains("will reply within", await Say("a", "a4", "Question about the carbon figures in your annual report"));   // out of the flow again

        // a person, asked for mid-flow, gets everything collected so far
        await Say("b", "b1", "I want a refund", replies: 2);
        await Say("b", "b2", "A-1234");
        Assert.Contains("a colleague will take over from here", await Say("b", "b3", "agent"));
        var b = await service.Thread("b");
        Assert.Contains(b!.Entries, e => e.Kind == "handoff" && e.Text!.Contains("\"order_number\":\"A-1234\""));

        // a new question mid-flow is answered, and the flow asks again
        await Say("c", "c1", "please call me back", replies: 2);
        var interrupted = await Say("c", "c2", "how long does shipping take?", replies: 2);
        Assert.Contains("Orders ship within 1–2 working days", interrupted);
        Assert.Contains("When should we call you?", interrupted);

        // three answers that do not fit: a person takes over
        await Say("d", "d1", "please call me back", replies: 2);
        await Say("d", "d2", "whenever");
        await Say("d", "d3", "no idea");
        Assert.Contains("couldn't make that out. A colleague will take over from here", await Say("d", "d4", "hmm"));
        var d = await service.Thread("d");
        Assert.Contains(d!.Entries, e => e.Kind == "handoff" && e.Text!.Contains("PromptExhausted"));
    }
}
