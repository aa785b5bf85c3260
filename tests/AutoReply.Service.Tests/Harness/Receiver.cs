using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AutoReply.Service.Tests.Harness;

/// A reply as the customer's side received it.
public sealed record ReceivedReply(string IdempotencyKey, string Id, string Thread, string Recipient, string Text, string Kind, string? InReplyTo, string[] QuickReplies);

/// A real HTTP server on loopback standing in for the generic channel's outbound endpoint. It records every
/// delivery attempt and answers with whatever status the test scripts (200 unless told otherwise).
public sealed class Receiver : IAsyncDisposable
{
    readonly WebApplication app;
    readonly ConcurrentQueue<ReceivedReply> attempts = new();
    readonly ConcurrentDictionary<string, int> attemptsByKey = new();

    /// Decides the status for a delivery: (reply, how many times this key was seen before) -> HTTP status.
    public Func<ReceivedReply, int, int> Respond { get; set; } = (_, _) => 200;
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    Receiver(WebApplication app) => this.app = app;

    public Uri Url { get; private init; } = null!;

    public static async Task<Receiver> Start()
    {
        Receiver? receiver = null;
        var (app, address) = await LoopbackApp.Start(app => app.MapPost("/replies", async (HttpRequest request) =>
        {
            using var doc = await JsonDocument.ParseAsync(request.Body);
            var r = doc.RootElement;
            var reply = new ReceivedReply(request.Headers["Idempotency-Key"].ToString(), r.GetProperty("id").GetString()!, r.GetProperty("thread").GetString()!,
                r.GetProperty("recipient").GetString()!, r.GetProperty("text").GetString()!, r.GetProperty("kind").GetString()!,
                r.GetProperty("inReplyTo").GetString(), r.GetProperty("quickReplies").EnumerateArray().Select(q => q.GetString()!).ToArray());
            var seen = receiver!.attemptsByKey.AddOrUpdate(reply.IdempotencyKey, 0, (_, n) => n + 1);
            if (receiver.Delay > TimeSpan.Zero) await Task.Delay(receiver.Delay);
            var status = receiver.Respond(reply, seen);
            if (status is >= 200 and < 300) receiver.attempts.Enqueue(reply);
            else receiver.Failed.Enqueue(reply);
            return Results.StatusCode(status);
        }));
        receiver = new Receiver(app) { Url = new Uri(address + "/replies") };
        return receiver;
    }

    /// Deliveries answered 2xx, in the order they arrived.
    public IReadOnlyList<ReceivedReply> Delivered => attempts.ToArray();

    /// Deliveries answered with a failure status.
    public ConcurrentQueue<ReceivedReply> Failed { get; } = new();

    /// Waits until <paramref name="condition"/> holds over the deliveries; fails the test after a generous limit.
    public Task<IReadOnlyList<ReceivedReply>> WaitUntil(Func<IReadOnlyList<ReceivedReply>, bool> condition, string what, int seconds = Eventually.Limit) =>
        Eventually.Value(() => Delivered, condition, what, seconds);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
