using System.Net.Http.Json;
using System.Text.Json;
using AutoReply.Service.Tests.Harness;
using Microsoft.Extensions.Logging;

namespace AutoReply.Service.Tests;

/// Getting replies to the receiver: retries with the same key, dead letters, and order within a thread.
public sealed class DeliveryTests
{
    static readonly Dictionary<string, string?> EveryDmAcknowledged = new() { ["Acknowledgement:QuietPeriod"] = "00:00:00" };

    [Fact]
    public async Task A_failing_receiver_gets_the_same_reply_again_with_the_same_key_until_it_accepts()
    {
        await using var receiver = await Receiver.Start();
        receiver.Respond = (_, seenBefore) => seenBefore < 2 ? 503 : 200;
        await using var service = await TestService.Start(receiver);

        await service.Post(TestService.Dm("m-1", "t-1", "hello"));

        var delivered = await receiver.WaitUntil(d => d.Count == 1, "the reply, third time lucky");
        Assert.Equal(2, receiver.Failed.Count);
        Assert.All(receiver.Failed, f => Assert.Equal(delivered[0].IdempotencyKey, f.IdempotencyKey));
        var transcript = await service.ThreadWhen("t-1", t => t.Entries.Any(e => e.Delivery == "sent"), "delivery recorded");
        Assert.Equal("sent", transcript!.Entries.Single(e => e.Direction == "out").Delivery);
    }

    [Fact]
    public async Task A_reply_that_never_gets_through_is_dead_lettered_listed_and_logged()
    {
        await using var receiver = await Receiver.Start();
        receiver.Respond = (_, _) => 500;
        await using var service = await TestService.Start(receiver, settings: new Dictionary<string, string?> { ["Outbox:MaxAttempts"] = "3" });

        await service.Post(TestService.Dm("m-1", "t-dead", "hello"));

        var dead = await Eventually.ValueAsync(() => service.Http.GetFromJsonAsync<JsonElement[]>("/api/deadletters")!, d => d!.Length == 1, "a dead letter");
        Assert.Equal("t-dead", dead![0].GetProperty("thread").GetString());
        Assert.Equal(3, dead[0].GetProperty("attempts").GetInt32());
        Assert.Contains("500", dead[0].GetProperty("lastError").GetString());
        Assert.Equal(3, receiver.Failed.Count);
        Assert.Contains(TestLog.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("dead-lettered") && l.Message.Contains("t-dead"));
        var transcript = await service.Thread("t-dead");
        Assert.Equal("dead", transcript!.Entries.Single(e => e.Direction == "out").Delivery);
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_is_retried()
    {
        await using var receiver = await Receiver.Start();
        receiver.Delay = TimeSpan.FromMilliseconds(800);
        await using var service = await TestService.Start(receiver, settings: new Dictionary<string, string?> { ["Outbox:TimeoutSeconds"] = "0.3" });

        await service.Post(TestService.Dm("m-1", "t-1", "hello"));
        await Eventually.Value(() => receiver.Delivered.Count + receiver.Failed.Count, n => n >= 2, "a second attempt after the timeout");
        receiver.Delay = TimeSpan.Zero;

        await service.ThreadWhen("t-1", t => t.Entries.Any(e => e.Delivery == "sent"), "delivered after the receiver sped up");
        Assert.Single(receiver.Delivered.Select(d => d.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task Replies_of_a_thread_arrive_in_the_order_its_DMs_were_accepted()
    {
        await using var receiver = await Receiver.Start();
        // Failures on the way must not let a later reply overtake an earlier one.
        receiver.Respond = (r, seenBefore) => r.InReplyTo!.EndsWith("-3") && seenBefore == 0 ? 500 : 200;
        await using var service = await TestService.Start(receiver, settings: EveryDmAcknowledged);
        const int threads = 6, perThread = 15;

        await Task.WhenAll(Enumerable.Range(0, threads).Select(async t =>
        {
            for (var i = 0; i < perThread; i++)
                await service.Post(TestService.Dm($"t{t}-m-{i}", $"t{t}", $"message {i}", sender: $"u{t}"));
        }));

        var delivered = await receiver.WaitUntil(d => d.Count == threads * perThread, "every reply");
        for (var t = 0; t < threads; t++)
            Assert.Equal(Enumerable.Range(0, perThread).Select(i => $"t{t}-m-{i}"), delivered.Where(r => r.Thread == $"t{t}").Select(r => r.InReplyTo));
    }
}
