using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AutoReply.Service.Tests.Harness;

/// A notification as a webhook received it: which path (tier) it went to, its key and signature, its JSON.
public sealed record Notification(string Path, string IdempotencyKey, string? Signature, string Body, JsonElement Json)
{
    public string Kind => Json.GetProperty("escalation").GetProperty("kind").GetString()!;
    public int Tier => Json.GetProperty("escalation").GetProperty("tier").GetInt32();
    public string Thread => Json.GetProperty("handoff").GetProperty("thread").GetString()!;
}

/// A real HTTP server on loopback standing in for the brand's escalation webhooks: any POST to /{path} is recorded.
public sealed class WebhookSink : IAsyncDisposable
{
    readonly WebApplication app;
    readonly ConcurrentQueue<Notification> received = new();

    WebhookSink(WebApplication app, string address)
    {
        this.app = app;
        Address = address;
    }

    public string Address { get; }
    public string Url(string path) => $"{Address}/{path}";
    public IReadOnlyList<Notification> Received => received.ToArray();

    public static async Task<WebhookSink> Start()
    {
        WebhookSink? sink = null;
        var (app, address) = await LoopbackApp.Start(a => a.MapPost("/{path}", async (string path, HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            sink!.received.Enqueue(new Notification(path, request.Headers["Idempotency-Key"].ToString(), request.Headers["X-AutoReply-Signature"].FirstOrDefault(),
                body, JsonDocument.Parse(body).RootElement.Clone()));
            return Results.Ok();
        }));
        sink = new WebhookSink(app, address);
        return sink;
    }

    public Task<IReadOnlyList<Notification>> WaitUntil(Func<IReadOnlyList<Notification>, bool> condition, string what, int seconds = Eventually.Limit) =>
        Eventually.Value(() => Received, condition, what, seconds);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
