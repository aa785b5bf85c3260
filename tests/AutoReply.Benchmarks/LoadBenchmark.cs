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

/// Posts N DMs over HTTP, spread over many threads, to the running service (real hosts on loopback, on a SQLite file on
/// disk or a PostgreSQL database) and waits until every reply has reached a loopback receiver. Prints throughput and
/// ingest-to-delivery latency: from just before the POST to the reply's arrival at the receiver.
static class LoadBenchmark
{
    /// --provider postgres --connection "Host=…;Username=…;Database=…" runs on PostgreSQL (each run in a new database made
    /// beside the one named, dropped afterwards) with --instances N service hosts sharing it, the DMs spread over them
    /// as a balancer would; SQLite (one instance) runs first with the same load, so both figures come from one run.
    /// --provider echo --instances N runs the harness alone (<see cref="StartEcho"/>).
    public static async Task<int> Run(string[] argv)
    {
        var a = new Args(argv);
        var provider = a.Get("provider") ?? "sqlite";
        var connection = a.Get("connection");
        if (provider == "postgres" && connection is null) throw new ArgumentException("--provider postgres needs --connection \"Host=…;Username=…;Database=…\"");
        var load = new Load(a.Int("dms", 50_000), a.Int("threads", 1000), a.Int("concurrency", 64), a.Double("rate", 0), a.Get("durability") ?? "Full",
            a.Int("prime", 0));
        var warmup = a.Get("warmup") is null ? (int?)null : a.Int("warmup", 0);
        // --runs N repeats each run and prints the median: on this machine two identical runs differ by up to 15%.
        var runs = Math.Max(1, a.Int("runs", 1));
        var failed = 0;
        async Task Repeat(string runProvider, string? runConnection, int instances)
        {
            var rates = new List<double>();
            for (var r = 0; r < runs; r++)
            {
                var (runFailed, endToEnd) = await RunOnce(load, runProvider, runConnection, instances, warmup);
                failed += runFailed;
                rates.Add(endToEnd);
            }
            if (runs > 1)
                Console.WriteLine($"{runProvider}, {instances} instance(s): median end to end {rates.Order().ElementAt(runs / 2):F0} DMs/s " +
                    $"(runs: {string.Join(", ", rates.Select(x => x.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))})");
        }
        if (provider == "postgres" && a.Get("compare") != "none") await Repeat("sqlite", null, 1);
        await Repeat(provider, connection, provider != "sqlite" ? a.Int("instances", 1) : 1);
        return failed == 0 ? 0 : 1;
    }

    /// Prime: DMs posted as fast as accepted and answered before the measured run starts, on threads of their own. A
    /// service runs for days; the first thousands of DMs meet a cold process (the JIT's tiers, connection pools, a young
    /// table's statistics), and a run of 10,000 DMs is mostly that start-up unless the process is primed first.
    sealed record Load(int Dms, int Threads, int Concurrency, double Rate, string Durability, int Prime);

    static async Task<(int Failed, double EndToEnd)> RunOnce(Load load, string provider, string? connection, int instanceCount, int? warmupArg)
    {
        var (dms, threads, concurrency, rate, durability, prime) = load;
        var dir = Path.Combine(Path.GetTempPath(), "autoreply-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var database = provider == "postgres" ? PostgresScratch.Create(connection!) : null;
        var arrived = new long[dms];
        var arrivedAt = new long[dms];   // wall clock (Unix ms), to line up with the times the service stores
        var sentAt = new long[dms];
        var deliveries = 0;
        var done = new TaskCompletionSource();

        var primed = 0;
        var primedAt = new int[prime];
        var primeDone = new TaskCompletionSource();
        var receiver = await StartReceiver(id =>
        {
            if (id.StartsWith("p-", StringComparison.Ordinal))
            {
                // Counted once per DM: some DMs get two replies.
                if (Interlocked.Exchange(ref primedAt[int.Parse(id.AsSpan(2))], 1) == 0 && Interlocked.Increment(ref primed) == prime)
                    primeDone.TrySetResult();
                return;
            }
            var i = int.Parse(id.AsSpan(2));
            if (Interlocked.CompareExchange(ref arrived[i], Stopwatch.GetTimestamp(), 0) != 0) return;
            arrivedAt[i] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            if (Interlocked.Increment(ref deliveries) == dms) done.TrySetResult();
        });
        var services = new List<WebApplication>();
        for (var n = 0; n < instanceCount; n++)
        {
            if (provider == "echo")
            {
                services.Add(await StartEcho(receiver.Url, concurrency));
                continue;
            }
            var service = ServiceHost.Build(["--urls", "http://127.0.0.1:0"], b =>
            {
                b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Storage:Provider"] = provider,
                    ["ConnectionStrings:AutoReply"] = database?.ConnectionString ?? $"Data Source={Path.Combine(dir, "autoreply.db")}",
                    ["Dialogs:Path"] = FindDialogs(),
                    ["Channels:Generic:OutboundUrl"] = receiver.Url,
                    ["Acknowledgement:QuietPeriod"] = "00:00:00",   // every DM gets a reply, so every DM is measured
                    ["Storage:Durability"] = durability,
                });
                b.Logging.ClearProviders();
                b.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
            });
            await service.StartAsync();
            services.Add(service);
        }
        var clients = services.Select(service => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency })
        {
            BaseAddress = new Uri(service.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
        }).ToArray();
        byte[][] Bodies(string prefix, int count) => Enumerable.Range(0, count).Select(i => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            id = $"{prefix}-{i}", thread = $"{prefix}t-{i % threads}", sender = new { id = $"{prefix}u-{i % threads}", name = "Bench" },
            text = $"where is my order {i}?",
        }))).ToArray();
        var bodies = Bodies("m", dms);
        var failures = 0;

        // Posts the bodies from `concurrency` posters, paced at `pace` DMs/s from `from` when pace > 0.
        async Task Post(byte[][] posts, long[]? postedAt, double pace, long from)
        {
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < posts.Length)
                {
                    if (pace > 0)
                    {
                        var due = from + (long)(i / pace * Stopwatch.Frequency);
                        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                        if (wait > TimeSpan.Zero) await Task.Delay(wait);
                    }
                    if (postedAt is not null) postedAt[i] = Stopwatch.GetTimestamp();
                    using var content = new ByteArrayContent(posts[i]);
                    content.Headers.ContentType = new("application/json");
                    using var response = await clients[i % clients.Length].PostAsync("/api/messages", content);
                    if (response.StatusCode != HttpStatusCode.Accepted) Interlocked.Increment(ref failures);
                }
            })));
        }

        if (prime > 0)
        {
            var priming = Stopwatch.GetTimestamp();
            await Post(Bodies("p", prime), null, 0, 0);
            await Task.WhenAny(primeDone.Task, Task.Delay(TimeSpan.FromMinutes(5)));
            Console.WriteLine($"primed with {prime} DMs on threads of their own ({primed} answered) in {Stopwatch.GetElapsedTime(priming).TotalSeconds:F1} s");
        }

        Console.WriteLine($"load: {dms} DMs over {threads} threads{(prime > 0 ? $" (after {prime} to prime the process)" : "")}, {(rate > 0 ? $"{rate} DMs/s" : "as fast as accepted")}, {concurrency} concurrent posts, " +
            $"{provider}{(provider != "sqlite" ? $", {instanceCount} instance{(instanceCount == 1 ? "" : "s")}" : $", durability {durability}")}");
        var (pausedBefore, gen2Before) = (GC.GetTotalPauseDuration(), GC.CollectionCount(2));
        using var gcPauses = new GcPauses();
        var startedAt = DateTime.UtcNow;
        var (cpuBefore, postgresBefore) = (HostCpu.Process(), provider == "postgres" ? HostCpu.Postgres() : null);
        var (jitMethodsBefore, jitTimeBefore) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        var start = Stopwatch.GetTimestamp();
        await Post(bodies, sentAt, rate, start);
        var ingested = Stopwatch.GetElapsedTime(start);
        // Waits while replies keep arriving; a minute without one is a stall, and the missing DMs' rows say where they stopped.
        for (var seen = -1; !done.Task.IsCompleted && seen != Volatile.Read(ref deliveries);)
        {
            seen = Volatile.Read(ref deliveries);
            await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromMinutes(1)));
        }
        if (!done.Task.IsCompleted && provider != "echo")
        {
            Console.WriteLine($"gave up: {deliveries} of {dms} replies arrived, none in the last minute");
            using var db = services[0].Services.GetRequiredService<AutoReply.Storage.Database>().Open();
            foreach (var i in Enumerable.Range(0, dms).Where(i => arrived[i] == 0).Take(5))
                ShowWhereItStopped(db, $"m-{i}", $"t-{i % threads}");
        }
        var total = Stopwatch.GetElapsedTime(start);
        var (cpu, postgresCpu) = (HostCpu.Process() - cpuBefore, provider == "postgres" ? HostCpu.Postgres() - postgresBefore : null);
        var (jitMethods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethodsBefore, System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore);

        double[] Latencies(int from) => Enumerable.Range(from, Math.Max(0, dms - from)).Where(i => arrived[i] != 0)
            .Select(i => Stopwatch.GetElapsedTime(sentAt[i], arrived[i]).TotalMilliseconds).Order().ToArray();
        var all = Latencies(0);
        // The first DMs meet a cold process (JIT tiers, connection pools); steady state is reported apart from them.
        var warmup = Math.Min(warmupArg ?? (rate > 0 ? (int)(2 * rate) : 0), dms / 2);
        var latencies = Latencies(warmup);
        static double Q(double[] xs, double q) => xs.Length == 0 ? double.NaN : xs[Math.Min(xs.Length - 1, (int)(q * xs.Length))];
        double P(double q) => Q(latencies, q);
        Console.WriteLine($"  ingest: {dms / ingested.TotalSeconds:F0} DMs/s ({ingested.TotalSeconds:F2} s, {failures} not accepted)");
        Console.WriteLine($"  end to end: {deliveries / total.TotalSeconds:F0} DMs/s ({deliveries} replies in {total.TotalSeconds:F2} s)");
        Console.WriteLine($"  ingest-to-delivery latency{(warmup > 0 ? $" after the first {warmup} DMs (2 s of warm-up)" : "")}: p50 {P(0.50):F1} ms, p99 {P(0.99):F1} ms, max {latencies.LastOrDefault():F1} ms");
        if (warmup > 0) Console.WriteLine($"    including the warm-up: p50 {Q(all, 0.50):F1} ms, p99 {Q(all, 0.99):F1} ms, max {all.LastOrDefault():F1} ms");
        // Is the tail a few stalls (everything posted in one moment waits: a pause of the process or the server) or spread
        // thin (queueing)? The slowest hundredth, by the 100 ms of the run in which each was posted.
        var p99 = P(0.99);
        var stalls = Enumerable.Range(warmup, Math.Max(0, dms - warmup))
            .Where(i => arrived[i] != 0 && Stopwatch.GetElapsedTime(sentAt[i], arrived[i]).TotalMilliseconds >= p99)
            .GroupBy(i => (long)(Stopwatch.GetElapsedTime(start, sentAt[i]).TotalMilliseconds / 100)).OrderByDescending(g => g.Count()).ToList();
        if (stalls.Count > 0)
            Console.WriteLine($"    the {stalls.Sum(g => g.Count())} DMs at p99 or over were posted in {stalls.Count} spans of 100 ms; the most in " +
                string.Join(", ", stalls.Take(4).Select(g => $"{g.Key / 10.0:F1} s ({g.Count()})")));
        if (provider != "echo" && stalls.Count > 0)
        {
            using var db = services[0].Services.GetRequiredService<AutoReply.Storage.Database>().Open();
            var slow = stalls.SelectMany(g => g).ToArray();
            var rest = Enumerable.Range(warmup, Math.Max(0, dms - warmup)).Where(i => arrived[i] != 0).Except(slow).Where(i => i % 20 == 0).ToArray();
            var stored = ReadStoredTimes(db);
            Console.WriteLine($"    where they waited (medians, ms): {Stages(stored, slow, arrivedAt)}; the other DMs: {Stages(stored, rest, arrivedAt)}");
        }
        foreach (var (service, n) in services.Select((s, n) => (s, n)).Where(_ => provider != "echo"))
        {
            var (busy, batches, units) = service.Services.GetRequiredService<AutoReply.Storage.WriteQueue>().Stats;
            Console.WriteLine($"  writer{(services.Count > 1 ? $" {n + 1}" : "")}: busy {busy.TotalSeconds:F2} s in {batches} transactions of {units / (double)Math.Max(1, batches):F1} units on average");
        }
        // Compare builds by these rather than by throughput alone: on a machine that is busy throughout, they move much less.
        Console.WriteLine($"  CPU during the run: this process {cpu:F1} s ({1000 * cpu / dms:F2} ms a DM)" +
            (postgresCpu is { } pg ? $", PostgreSQL's processes on this host {pg:F1} s ({1000 * pg / dms:F2} ms a DM)" : ""));
        // The runtime compiles hot methods again, optimised, for a minute or more after start-up: on the 2-core machine two
        // instances measured after 10,000 DMs to prime spent 12.4 s compiling against 22.0 s of the process's CPU, and
        // after 50,000, 2.0 s against 10.8 s. Prime longer to measure the service as it runs for days.
        Console.WriteLine($"  JIT during the run: {jitMethods:N0} methods compiled in {jitTime.TotalSeconds:F1} s (this process, all instances)");
        Console.WriteLine($"  garbage collection during the run: {(GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds:F0} ms paused, " +
            $"{GC.CollectionCount(2) - gen2Before} full collections (this process, all instances)");
        var pauses = gcPauses.Longest(startedAt, 0);
        if (pauses.Count > 0)
            Console.WriteLine($"    {pauses.Count} pauses seen; the longest: {string.Join(", ", pauses.Take(4).Select(p => $"{p.Ms:F0} ms at {(p.At - startedAt).TotalSeconds:F1} s (gen {p.Generation})"))}");
        Console.WriteLine($"  peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MB (this process, all instances)");

        foreach (var service in services) await service.StopAsync();
        foreach (var service in services) await service.DisposeAsync();
        await receiver.App.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        database?.Dispose();
        Directory.Delete(dir, recursive: true);
        return (deliveries == dms && failures == 0 ? 0 : 1, deliveries / total.TotalSeconds);
    }

    /// The medians of a DM's stages as the service stored them: accepted → decided (the inbox's claim and the lane), decided →
    /// its first reply sent (the group commit, the outbox's claim and the send), and sent → at the receiver.
    static string Stages(StoredTimes stored, int[] dms, long[] arrivedAt)
    {
        var rows = dms.Select(i => $"m-{i}").Where(id => stored.Inbox.ContainsKey(id) && stored.SentAt.ContainsKey(id))
            .Select(id => (Id: id, stored.Inbox[id].Received, stored.Inbox[id].Decided, Sent: stored.SentAt[id])).ToList();
        static double Median(IEnumerable<long> xs) => xs.Order().ToArray() is { Length: > 0 } a ? a[a.Length / 2] : double.NaN;
        var decided = Median(rows.Where(r => r.Decided is not null).Select(r => r.Decided!.Value - r.Received));
        var sent = Median(rows.Where(r => r.Decided is not null && r.Sent is not null).Select(r => r.Sent!.Value - r.Decided!.Value));
        var arrived = Median(rows.Where(r => r.Sent is not null).Select(r => arrivedAt[int.Parse(r.Id.AsSpan(2))] - r.Sent!.Value));
        return $"accepted → decided {decided:F0}, decided → sent {sent:F0}, sent → arrived {arrived:F0} ({rows.Count} DMs)";
    }

    sealed record StoredTimes(Dictionary<string, (string Id, long Received, long? Decided)> Inbox, Dictionary<string, long?> SentAt);

    /// The run's DMs as the service stored them, in two scans joined here: the outbox has no index on in_reply_to, and a
    /// query a DM took 15 ms of the server's time.
    static StoredTimes ReadStoredTimes(System.Data.Common.DbConnection db)
    {
        const string InboxSql = "SELECT platform_id, received_at, decided_at FROM inbox WHERE platform_id LIKE 'm-%'";
        const string OutboxSql = "SELECT in_reply_to, MIN(sent_at) FROM outbox WHERE in_reply_to LIKE 'm-%' GROUP BY in_reply_to";
        return new(Dapper.SqlMapper.Query<(string Id, long Received, long? Decided)>(db, InboxSql).ToDictionary(r => r.Id),
            Dapper.SqlMapper.Query<(string Id, long? Sent)>(db, OutboxSql).ToDictionary(r => r.Id, r => r.Sent));
    }

    /// A DM whose reply never arrived: its inbox row, and its thread's replies still in the outbox.
    static void ShowWhereItStopped(System.Data.Common.DbConnection db, string id, string thread)
    {
        const string InboxSql = "SELECT seq, state, lease_owner, lease_until, decided_at, error FROM inbox WHERE platform_id = @id";
        const string OutboxSql = "SELECT seq, state, blocked, in_reply_to, lease_owner, lease_until, attempts, next_attempt_at, last_error FROM outbox " +
            "WHERE thread_id = @thread AND (state <> 1 OR in_reply_to = @id) ORDER BY seq";
        static string Row(object r) => string.Join(", ", ((IDictionary<string, object?>)r).Select(kv => $"{kv.Key} {kv.Value ?? "null"}"));
        Console.WriteLine($"  {id} ({thread}):");
        foreach (var r in Dapper.SqlMapper.Query(db, InboxSql, new { id })) Console.WriteLine($"    inbox: {Row(r)}");
        foreach (var r in Dapper.SqlMapper.Query(db, OutboxSql, new { id, thread })) Console.WriteLine($"    outbox: {Row(r)}");
    }

    sealed record ReceiverHost(WebApplication App, string Url);

    /// `--provider echo`: in place of the service, a host that accepts each DM (202) and posts its reply to the receiver at
    /// once, deciding and storing nothing. What it costs is the harness's share of a run — the posting client, the
    /// receiver and one HTTP hop in and out — which shares this machine's two cores with the service in every other run.
    static async Task<WebApplication> StartEcho(string receiverUrl, int concurrency)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
        app.MapPost("/api/messages", async (HttpRequest request) =>
        {
            using var doc = await JsonDocument.ParseAsync(request.Body);
            var reply = JsonSerializer.SerializeToUtf8Bytes(new { inReplyTo = doc.RootElement.GetProperty("id").GetString(), text = "echo" });
            _ = Task.Run(async () =>
            {
                using var content = new ByteArrayContent(reply);
                content.Headers.ContentType = new("application/json");
                using var response = await client.PostAsync(receiverUrl, content);
            });
            return Results.Accepted();
        });
        await app.StartAsync();
        return app;
    }

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
