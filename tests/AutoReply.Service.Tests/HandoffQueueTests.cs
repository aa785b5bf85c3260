using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoReply.Service.Tests.Harness;
using Microsoft.Extensions.Time.Testing;

namespace AutoReply.Service.Tests;

/// The hand-off queue as far as it goes so far: every hand-off the engine decides is queued, with due times from the
/// SLA policies in business time; later DMs of the thread join it instead of opening another.
public sealed class HandoffQueueTests
{
    [Fact]
    public async Task An_unanswerable_DM_is_queued_with_the_reply_by_time_its_acknowledgement_promised()
    {
        // Saturday: closed; the acknowledgement promises Monday 11:00, and the queue holds the same promise.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: clock);

        await service.Post(TestService.Dm("m-1", "t-1", IngestTests.Unanswerable));
        await service.Post(TestService.Dm("m-2", "t-1", "it's about page 12"));
        var ack = (await receiver.WaitUntil(d => d.Count == 1, "the acknowledgement"))[0];
        Assert.Contains("we'll reply by Monday 11:00", ack.Text);

        var queue = await Eventually.ValueAsync(() => service.Http.GetFromJsonAsync<JsonElement[]>("/api/handoffs?state=queued")!,
            q => q!.Length == 1 && q[0].GetProperty("messages").GetInt32() == 2, "one hand-off holding both DMs");
        var handoff = queue![0];
        Assert.Equal("t-1", handoff.GetProperty("thread").GetString());
        Assert.Equal("general", handoff.GetProperty("category").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), handoff.GetProperty("firstResponseDue").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_flows_hand_off_is_queued_with_its_category_priority_and_summary_earliest_promise_first()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));   // Tuesday 10:00 Berlin
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: clock);

        foreach (var (id, text) in new[] { ("l1", "bulk order for our company please"), ("l2", "300 mugs"), ("l3", "about 1500"), ("l4", "by 20 January") })
            await service.Post(TestService.Dm(id, "lead", text, sender: "u-lead"));
        await service.Post(TestService.Dm("c1", "complaint", "my item arrived broken", sender: "u-c"));

        var queue = await Eventually.ValueAsync(() => service.Http.GetFromJsonAsync<JsonElement[]>("/api/handoffs")!, q => q!.Length == 2, "two hand-offs");
        // The complaint (1 h) is due before the sales lead (8 h of business time), so it comes first.
        Assert.Equal(["complaint", "lead"], queue!.Select(h => h.GetProperty("thread").GetString()!));
        var lead = queue![1];
        Assert.Equal("sales", lead.GetProperty("category").GetString());
        Assert.Equal("high", lead.GetProperty("priority").GetString());
        Assert.Equal("300 mugs", lead.GetProperty("summary").GetProperty("need").GetString());
        Assert.Equal("1500", lead.GetProperty("summary").GetProperty("budget").GetString());

        var bad = await service.Http.GetAsync("/api/handoffs?state=lost");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
