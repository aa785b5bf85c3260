using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AutoReply.Service.Tests.Harness;

/// A request as a fake platform API received it.
public sealed record ApiCall(string Method, string Path, string? Authorization, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}

/// What the fake answers: a status, a JSON body, headers.
public sealed record ApiAnswer(int Status, string Body = "{}", IReadOnlyDictionary<string, string>? Headers = null);

/// A faithful-enough stand-in for a platform's API (Meta's Graph API, X's API v2) on loopback: it records every call
/// and answers with what the test scripts — by default 200 with an id, as the real ones do.
public sealed class FakeApi : IAsyncDisposable
{
    readonly WebApplication app;
    readonly ConcurrentQueue<ApiCall> calls = new();

    FakeApi(WebApplication app, string address)
    {
        this.app = app;
        Url = address + "/";
    }

    public string Url { get; }
    public IReadOnlyList<ApiCall> Calls => calls.ToArray();

    /// (call, how many calls came before it) → the answer.
    public Func<ApiCall, int, ApiAnswer> Respond { get; set; } = (_, _) => new ApiAnswer(200, """{"recipient_id":"x","message_id":"m_1"}""");

    public static async Task<FakeApi> Start()
    {
        FakeApi? fake = null;
        var (app, address) = await LoopbackApp.Start(a => a.Map("/{**path}", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var call = new ApiCall(http.Request.Method, http.Request.Path.Value ?? "", http.Request.Headers.Authorization.FirstOrDefault(), body);
            var before = fake!.calls.Count;
            fake.calls.Enqueue(call);
            var answer = fake.Respond(call, before);
            http.Response.StatusCode = answer.Status;
            foreach (var (k, v) in answer.Headers ?? new Dictionary<string, string>()) http.Response.Headers[k] = v;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(answer.Body);
        }));
        fake = new FakeApi(app, address);
        return fake;
    }

    /// The calls once the condition holds. Taken again after it held: a condition that reads the live calls (through a
    /// helper like Sends(api)) may have seen calls newer than the snapshot it was handed, and calls only grow.
    public async Task<IReadOnlyList<ApiCall>> WaitUntil(Func<IReadOnlyList<ApiCall>, bool> condition, string what, int seconds = Eventually.Limit)
    {
        await Eventually.Value(() => Calls, condition, what, seconds);
        return Calls;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
