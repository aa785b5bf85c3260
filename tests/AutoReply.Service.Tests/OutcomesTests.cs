using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AutoReply.Channels.Signatures;
using AutoReply.Service.Tests.Harness;
using Microsoft.Extensions.Time.Testing;

namespace AutoReply.Service.Tests;

/// The two figures besides response times: DM → sale, and complaints raised in private versus in public.
public sealed class OutcomesTests
{
    const string ShopSecret = "shop-secret";

    static Task<HttpResponseMessage> Sale(TestService service, object sale, string? secret = null)
    {
        var body = JsonSerializer.Serialize(sale);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/conversions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null) request.Headers.Add("X-AutoReply-Signature", HmacSignature.Sign(secret, Encoding.UTF8.GetBytes(body)));
        return service.Http.SendAsync(request);
    }

    [Fact]
    public async Task A_sale_counts_for_the_DM_thread_that_led_to_it_inside_the_window_once_and_a_sale_before_the_first_DM_waits_for_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));   // Tuesday 10:00 Berlin
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, new Dictionary<string, string?> { ["Conversions:WebhookSecret"] = ShopSecret }, clock);

        await service.Post(TestService.Dm("m-1", "t-1", "which payment methods do you accept?", sender: "u-1"));
        await service.Post(TestService.Dm("m-2", "t-2", "do you ship to austria?", sender: "u-2"));
        // Both decided before the clock moves on (they may be decided in either order, in two lanes).
        await service.ThreadWhen("t-1", t => t.Entries.Any(e => e.Kind == "decision"), "decided");
        await service.ThreadWhen("t-2", t => t.Entries.Any(e => e.Kind == "decision"), "decided");

        // Inside the window: attributed to t-1 and recorded there; the same order again changes nothing.
        clock.Advance(TimeSpan.FromHours(27));
        var sale = new { channel = "generic", sender = "u-1", orderId = "SO-1001", value = 49.90, currency = "EUR", at = "2026-11-25T12:00:00+01:00" };
        var first = await Sale(service, sale);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("t-1", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("thread").GetString());
        var again = await Sale(service, sale with { value = 99.0 });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        var thread = await service.ThreadWhen("t-1", t => t.Entries.Any(e => e.Kind == "sale"), "the sale in the thread");
        Assert.Contains("SO-1001", thread!.Entries.Single(e => e.Kind == "sale").Text);

        // Outside the window (8 days after u-2's DM): stored, not attributed.
        clock.Advance(TimeSpan.FromDays(7));
        var late = await Sale(service, new { channel = "generic", sender = "u-2", orderId = "SO-1002", value = 10, currency = "EUR" }, ShopSecret);
        Assert.Equal(HttpStatusCode.Created, late.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("thread").ValueKind);

        // Before the first DM (signed by the shop): it waits, and goes to the customer's first DM within the window.
        var early = await Sale(service, new { channel = "generic", sender = "u-3", orderId = "SO-1003", value = 20, currency = "EUR" }, ShopSecret);
        Assert.Equal(JsonValueKind.Null, (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("thread").ValueKind);
        clock.Advance(TimeSpan.FromHours(2));
        await service.Post(TestService.Dm("m-3", "t-3", "hi, where is my order?", sender: "u-3"));
        await service.ThreadWhen("t-3", t => t.Entries.Any(e => e.Kind == "sale"), "the waiting sale attributed to the first DM");
        // The sale is attributed when the DM arrives; the figures count the conversation once its turn is decided.
        await service.ThreadWhen("t-3", t => t.Entries.Any(e => e.Kind == "decision"), "decided");

        // Bad input changes nothing.
        Assert.Equal(HttpStatusCode.BadRequest, (await Sale(service, new { channel = "generic", sender = "u-1", orderId = "SO-9", value = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Sale(service, new { channel = "fax", sender = "u-1", orderId = "SO-9", value = 5, currency = "EUR" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Sale(service, new { channel = "generic", sender = "u-1", orderId = "SO-9", value = -5, currency = "EUR" })).StatusCode);
        // A currency ISO 4217 does not know, and a time without its offset (which zone did the shop mean?), are refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await Sale(service, new { channel = "generic", sender = "u-1", orderId = "SO-9", value = 5, currency = "XYZ" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Sale(service, new { channel = "generic", sender = "u-1", orderId = "SO-9", value = 5, currency = "EUR",
            at = "2026-11-24T08:00:00" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Sale(service, new { channel = "generic", sender = "u-1", orderId = "SO-9", value = 5, currency = "EUR" }, "wrong-secret")).StatusCode);

        var stats = await service.Http.GetFromJsonAsync<JsonElement>("/api/stats?from=2026-11-24&to=2026-12-02");
        Assert.Equal(3, stats.GetProperty("conversations").GetInt32());
        Assert.Equal(2, stats.GetProperty("conversions").GetInt32());                        // t-1 and t-3; SO-1002 led from no DM
        Assert.Equal(0.667, stats.GetProperty("conversionRate").GetDouble());
        Assert.Equal(69.90m, stats.GetProperty("revenue").GetProperty("EUR").GetDecimal());   // the first report of SO-1001 stands
        Assert.Equal(1, stats.GetProperty("days").EnumerateArray().Single(d => d.GetProperty("date").GetString() == "2026-11-24").GetProperty("conversions").GetInt32());
        Assert.True(stats.GetProperty("medianMinutesToSale").GetDouble() > 0);
        Assert.True(stats.GetProperty("conversionRateByCategory").EnumerateObject().Any());
    }

    [Fact]
    public async Task Complaints_are_counted_once_where_raised_and_a_public_one_that_moved_to_a_DM_counts_as_moved()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        await using var graph = await FakeApi.Start();
        await using var service = await TestService.Start(settings: MetaChannelTests.Settings(graph, publicReplies: true), clock: clock);
        static string Comment(string id, string author, string text) => JsonSerializer.Serialize(new
        {
            @object = "page",
            entry = new[] { new { id = MetaChannelTests.Page, time = 1, changes = new[] { new { field = "feed", value = new
            {
                item = "comment", verb = "add", comment_id = id, post_id = "1001_77", message = text, from = new { id = author, name = "Cem Customer" }, created_time = 1795510800,   // 2026-11-24 09:00 UTC
            } } } } },
        });
        // Two public complaints; the first one's author then writes a DM (moved), the second stays public.
        await MetaChannelTests.Post(service, Comment("77_1", "3001", "My order never arrived and nobody answers. Unacceptable!"));
        await MetaChannelTests.Post(service, Comment("77_2", "3002", "Still waiting for my refund, terrible service"));
        await MetaChannelTests.Post(service, Comment("77_3", "3003", "Love the new collection!"));   // no complaint
        await graph.WaitUntil(c => c.Any(x => x.Path == "/77_1/comments"), "the public invite");
        await MetaChannelTests.Post(service, MetaChannelTests.Body(MetaChannelTests.Message("3001", "m.moved", "this is unacceptable, where is my order?!", 1795510860000)));
        await service.ThreadWhen($"{MetaChannelTests.Page}:3001", t => t.Entries.Any(e => e.Kind == "decision"), "the moved DM decided", "messenger");

        // A complaint raised in a DM, twice in one thread: one complaint.
        await service.Post(TestService.Dm("m-1", "t-1", "the vase arrived smashed, this is the third time!! useless", sender: "u-1"));
        await service.Post(TestService.Dm("m-2", "t-1", "I want a refund NOW", sender: "u-1"));
        await service.ThreadWhen("t-1", t => t.Entries.Count(e => e.Kind == "decision") == 2, "both decided");

        var stats = await service.Http.GetFromJsonAsync<JsonElement>("/api/stats?from=2026-11-24&to=2026-11-24");
        Assert.Equal(1, stats.GetProperty("complaintsPrivate").GetInt32());
        Assert.Equal(1, stats.GetProperty("complaintsPublic").GetInt32());
        Assert.Equal(1, stats.GetProperty("complaintsMovedToDm").GetInt32());
        Assert.Equal(0.667, stats.GetProperty("privateComplaintShare").GetDouble());
        var day = stats.GetProperty("days")[0];
        Assert.Equal((1, 1, 1), (day.GetProperty("complaintsPrivate").GetInt32(), day.GetProperty("complaintsPublic").GetInt32(), day.GetProperty("complaintsMovedToDm").GetInt32()));
    }

    [Fact]
    public async Task A_sale_a_flow_closes_counts_for_its_thread()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        await using var receiver = await Receiver.Start();
        var dialogs = Cli.CopyOfDialogs();
        await File.WriteAllTextAsync(Path.Combine(dialogs, "answers", "styling.yaml"), """
            answers:
              - id: styling-session
                category: sales
                title: { en: "Book a styling session" }
                examples:
                  en: [book a styling session, i want a personal styling appointment, can i book a stylist, styling session please, personal stylist booking]
                replies:
                  en: ["Gladly!"]
                flow: styling
            """);
        await File.WriteAllTextAsync(Path.Combine(dialogs, "flows", "styling.yaml"), """
            flows:
              - id: styling
                category: sales
                on_interrupt: end
                steps:
                  - id: budget
                    ask: number
                    prompt: { en: "Which package: 49 or 99 (€)?" }
                    save: package
                  - id: sold
                    sale: { order_id: "styling-{package}", value: "{package}", currency: "EUR" }
                  - id: done
                    end: { en: "Booked: the {package} € package." }
            """);
        await using var service = await TestService.Start(receiver, new Dictionary<string, string?> { ["Dialogs:Path"] = dialogs }, clock);

        await service.Post(TestService.Dm("m-1", "t-1", "i want to book a styling session", sender: "u-1"));
        await receiver.WaitUntil(d => d.Any(r => r.Text.Contains("Which package")), "the flow's question");
        await service.Post(TestService.Dm("m-2", "t-1", "99", sender: "u-1"));
        await service.ThreadWhen("t-1", t => t.Entries.Any(e => e.Kind == "sale"), "the sale recorded in the thread");

        var stats = await service.Http.GetFromJsonAsync<JsonElement>("/api/stats?from=2026-11-24&to=2026-11-24");
        Assert.Equal(1, stats.GetProperty("conversions").GetInt32());
        Assert.Equal(99m, stats.GetProperty("revenue").GetProperty("EUR").GetDecimal());
        Assert.Equal(1.0, stats.GetProperty("conversionRateByCategory").GetProperty("self-served").GetDouble());
    }
}
