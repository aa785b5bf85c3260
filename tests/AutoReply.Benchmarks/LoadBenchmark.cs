using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using AutoReply.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoReply.Benchmarks;

/// Posts N DMs over HTTP, spread over many threads, to the running service (a real host on loopback with its
/// SQLite file on disk) and waits until every reply has reached a loopback receiver. Prints throughput and
/// ingest-to-delivery latency: from just before the POST to the reply's arrival at the receiver.
static class LoadBenchmark
{
    public static async Task<int> Run(string[] argv)
    {
        var a = new Args(argv);
        int dms = a.Int("dms", 50_000), threads = a.Int("threads", 1000), concurrency = a.Int("concurrency", 64);
        var rate = a.Double("rate", 0);   // 0: as fast as the service takes them
        var durability = a.Get("durability") ?? "Full";
        // --provider postgres --connection "Host=…;Database=…" runs the same load on PostgreSQL (an empty database).
        var provider = a.Get("provider") ?? "sqlite";
        var connection = a.Get("connection");
        if (provider == "postgres" && connection is null) throw new ArgumentException("--provider postgres needs --connection \"Host=…;Username=…;Database=…\"");

        var dir = Path.Combine(Path.GetTempPath(), "autoreply-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var arrived = new long[dms];
        var sentAt = new long[dms];
        var deliveries = 0;
        var done = new TaskCompletionSource();

        var receiver = await StartReceiver(id =>
        {
            var i = int.Parse(id.AsSpan(2));
            if (Interlocked.CompareExchange(ref arrived[i], Stopwatch.GetTimestamp(), 0) == 0 && Interlocked.Increment(ref deliveries) == dms)
                done.TrySetResult();
        });
        var service = ServiceHost.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = provider,
                ["ConnectionStrings:AutoReply"] = provider == "postgres" ? connection : $"Data Source={Path.Combine(dir, "autoreply.db")}",
                ["Dialogs:Path"] = FindDialogs(),
                ["Channels:Generic:OutboundUrl"] = receiver.Url,
                ["Acknowledgement:QuietPeriod"] = "00:00:00",   // every DM gets a reply, so every DM is measured
                ["Storage:Durability"] = durability,
            });
            b.Logging.ClearProviders();
            b.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        });
        await service.StartAsync();
        var address = service.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(address) };
        var bodies = Enumerable.Range(0, dms).Select(i => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            id = $"m-{i}", thread = $"t-{i % threads}", sender = new { id = $"u-{i % threads}", name = "Bench" }, text = $"where is my order {i}?",
        }))).ToArray();

        Console.WriteLine($"load: {dms} DMs over {threads} threads, {(rate > 0 ? $"{rate} DMs/s" : "as fast as accepted")}, {concurrency} concurrent posts, {provider}, durability {durability}");
        var start = Stopwatch.GetTimestamp();
        var next = -1;
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < dms)
            {
                if (rate > 0)
                {
                    var due = start + (long)(i / rate * Stopwatch.Frequency);
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero) await Task.Delay(wait);
                }
                sentAt[i] = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(bodies[i]);
                content.Headers.ContentType = new("application/json");
                using var response = await http.PostAsync("/api/messages", content);
                if (response.StatusCode != HttpStatusCode.Accepted) Interlocked.Increment(ref failures);
            }
        })));
        var ingested = Stopwatch.GetElapsedTime(start);
        if (await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromMinutes(5))) != done.Task)
            Console.WriteLine($"gave up: {deliveries} of {dms} replies arrived");
        var total = Stopwatch.GetElapsedTime(start);

        double[] Latencies(int from) => Enumerable.Range(from, Math.Max(0, dms - from)).Where(i => arrived[i] != 0)
            .Select(i => Stopwatch.GetElapsedTime(sentAt[i], arrived[i]).TotalMilliseconds).Order().ToArray();
        var all = Latencies(0);
        // The first DMs meet a cold process (JIT tiers, connection pools); steady state is reported apart from them.
        var warmup = Math.Min(a.Int("warmup", rate > 0 ? (int)(2 * rate) : 0), dms / 2);
        var latencies = Latencies(warmup);
        static double Q(double[] xs, double q) => xs.Length == 0 ? double.NaN : xs[Math.Min(xs.Length - 1, (int)(q * xs.Length))];
        double P(double q) => Q(latencies, q);
        Console.WriteLine($"ingest: {dms / ingested.TotalSeconds:F0} DMs/s ({ingested.TotalSeconds:F2} s, {failures} not accepted)");
        Console.WriteLine($"end to end: {deliveries / total.TotalSeconds:F0} DMs/s ({deliveries} replies in {total.TotalSeconds:F2} s)");
        Console.WriteLine($"ingest-to-delivery latency{(warmup > 0 ? $" after the first {warmup} DMs (2 s of warm-up)" : "")}: p50 {P(0.50):F1} ms, p99 {P(0.99):F1} ms, max {latencies.LastOrDefault():F1} ms");
        if (warmup > 0) Console.WriteLine($"  including the warm-up: p50 {Q(all, 0.50):F1} ms, p99 {Q(all, 0.99):F1} ms, max {all.LastOrDefault():F1} ms");
        var (busy, batches, units) = service.Services.GetRequiredService<AutoReply.Storage.WriteQueue>().Stats;
        Console.WriteLine($"writer: busy {busy.TotalSeconds:F2} s in {batches} transactions of {units / (double)Math.Max(1, batches):F1} units on average");
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MB");

        await service.StopAsync();
        await receiver.App.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
        return deliveries == dms && failures == 0 ? 0 : 1;
    }

    sealed record ReceiverHost(WebApplication App, string Url);

    static async Task<ReceiverHost> StartReceiver(Action<string> onReply)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/replies", async (HttpRequest request) =>
        {
            using var doc = await JsonDocument.ParseAsync(request.Body);
            onReply(doc.RootElement.GetProperty("inReplyTo").GetString()!);
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ReceiverHost(app, address + "/replies");
    }

    static string FindDialogs() => Path.Combine(FindRoot(), "dialogs");

    public static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "AutoReply.sln"))) return d.FullName;
        throw new InvalidOperationException("run from inside the repository");
    }
}
