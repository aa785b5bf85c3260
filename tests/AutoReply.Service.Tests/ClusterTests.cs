using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using AutoReply.Service.Tests.Harness;
using Dapper;
using Xunit.Abstractions;

namespace AutoReply.Service.Tests;

/// Three instances (separate processes) on one PostgreSQL behind a "balancer" that posts each DM to a random instance.
/// One instance is SIGKILLed under load and started again. The platform posts a thread's DMs one after another and
/// re-posts, to another instance, whatever got no 2xx. Every DM is then decided exactly once, each thread's decisions
/// in the order its DMs were accepted, and every reply reaches the customer under the one key it was stored with.
[Collection(PostgresCollection.Name)]
public sealed class ClusterTests(PostgresServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task Three_instances_decide_every_DM_once_and_in_order_while_one_is_killed_and_restarted()
    {
        const int total = 5000, threads = 300;
        using var storage = StorageUnderTest.Postgres(server);
        await using var receiver = await Receiver.Start();
        var settings = new Dictionary<string, string>(storage.Settings)
        {
            ["Dialogs:Path"] = Repo.Dialogs,
            ["Channels:Generic:OutboundUrl"] = receiver.Url.ToString(),
            ["Acknowledgement:QuietPeriod"] = "00:00:00",   // every DM gets a reply of its own, so every DM is countable
            ["Outbox:BaseDelayMs"] = "50",
            ["Storage:Writers"] = "2",
        };
        var dir = Repo.TempDirectory();
        var instances = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ServiceProcess.Start(dir, settings)));
        var clients = instances.Select(i => new HttpClient { BaseAddress = i.Address }).ToArray();

        // DM n belongs to thread n % 300; a thread's DMs are posted in order, each after the one before got its 2xx.
        var byThread = Enumerable.Range(0, total).GroupBy(n => n % threads).ToDictionary(g => g.Key, g => g.Order().ToList());
        var accepted = 0;
        var queue = new ConcurrentQueue<int>(byThread.Keys);
        var posters = Enumerable.Range(0, 48).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var thread))
                foreach (var n in byThread[thread])
                {
                    var body = TestService.Dm($"m-{n}", $"t-{thread}", n % 3 == 0 ? "what are your opening hours?" : $"message {n}", sender: $"u-{thread}");
                    for (var attempt = 0; ; attempt++)
                    {
                        var client = clients[Random.Shared.Next(clients.Length)];
                        try
                        {
                            var response = await client.PostAsJsonAsync("/api/messages", body, TestService.Json);
                            if (response.StatusCode == HttpStatusCode.Accepted) break;
                        }
                        catch (Exception e) when (Posters.Unreachable(e)) { }   // that instance is down: the platform posts it again, elsewhere
                        catch (TaskCanceledException) { }
                        if (attempt > 200) throw new InvalidOperationException($"m-{n} was never accepted");
                        await Task.Delay(20);
                    }
                    Interlocked.Increment(ref accepted);
                }
        })).ToArray();

        await Eventually.Value(() => Volatile.Read(ref accepted), n => n >= total / 3, "a third of the DMs accepted before the kill", seconds: 120);
        instances[1].Kill();
        var acceptedAtKill = Volatile.Read(ref accepted);
        var deliveredAtKill = receiver.Delivered.Count;
        await Task.Delay(1000);
        instances[1].Dispose();
        instances[1] = await ServiceProcess.Start(dir, settings);
        clients[1] = new HttpClient { BaseAddress = instances[1].Address };
        await Task.WhenAll(posters);

        IReadOnlyList<ReceivedReply> delivered;
        try
        {
            delivered = await receiver.WaitUntil(d => d.Select(r => r.InReplyTo).Distinct().Count() == total, "a reply to every DM", seconds: 240);
        }
        catch (Xunit.Sdk.XunitException)
        {
            foreach (var i in instances) output.WriteLine(i.Output);
            throw;
        }
        output.WriteLine($"accepted at the kill: {acceptedAtKill}, delivered then: {deliveredAtKill}; deliveries in all: {delivered.Count} " +
            $"(again after the kill, same key: {delivered.Count - delivered.Select(r => r.IdempotencyKey).Distinct().Count()})");

        using var db = storage.Open();
        var decisions = db.Query<(string Thread, string RefId)>("SELECT thread_id, ref_id FROM transcript WHERE kind = 'decision' ORDER BY seq").ToList();
        Assert.Equal(total, decisions.Count);                                   // every DM decided
        Assert.Equal(total, decisions.Select(d => d.RefId).Distinct().Count()); // and none twice
        foreach (var thread in decisions.GroupBy(d => d.Thread))
        {
            var n = int.Parse(thread.Key.AsSpan(2));
            Assert.Equal(byThread[n].Select(i => $"m-{i}"), thread.Select(d => d.RefId));   // in the order accepted
        }
        // Every key the receiver saw is a stored reply of that DM, every stored reply arrived, and each thread's
        // replies arrived in the order they were decided.
        var stored = db.Query<(string Id, string InReplyTo)>("SELECT id, in_reply_to FROM outbox").ToDictionary(r => r.Id, r => r.InReplyTo);
        Assert.All(delivered, r => Assert.Equal(r.InReplyTo, stored[r.IdempotencyKey]));
        Assert.Equal(stored.Keys.Order(), delivered.Select(r => r.IdempotencyKey).Distinct().Order());
        foreach (var thread in delivered.GroupBy(r => r.Thread))
            Assert.Equal(byThread[int.Parse(thread.Key.AsSpan(2))].Select(i => $"m-{i}"), thread.Select(r => r.InReplyTo).Distinct());

        foreach (var i in instances) i.Dispose();
        Directory.Delete(dir, recursive: true);
    }
}

/// LISTEN/NOTIFY between instances: work committed on one wakes the others' workers long before their next poll.
[Collection(PostgresCollection.Name)]
public sealed class ClusterWakeupTests(PostgresServer server)
{
    [Fact]
    public async Task Work_committed_on_one_instance_wakes_the_others()
    {
        using var database = new Storage.Postgres.PostgresDatabase(server.CreateDatabase());
        (Workers.PipelineSignals Signals, Cluster.ClusterWakeups Wakeups) Instance(string id)
        {
            var signals = new Workers.PipelineSignals();
            var self = new Cluster.ServiceInstance(Microsoft.Extensions.Options.Options.Create(new Configuration.InstanceOptions { Id = id }));
            return (signals, new Cluster.ClusterWakeups(database, signals, self, Microsoft.Extensions.Logging.Abstractions.NullLogger<Cluster.ClusterWakeups>.Instance));
        }
        var a = Instance("a");
        var b = Instance("b");
        await a.Wakeups.StartAsync(CancellationToken.None);
        await b.Wakeups.StartAsync(CancellationToken.None);
        var forever = TimeSpan.FromMinutes(5);   // far beyond any poll: only a notice can end these waits in time

        // A notice sent before b listens is lost (polling covers that); announce until b has heard one.
        var heard = b.Signals.InboxChanged.Wait(forever, CancellationToken.None);
        while (!heard.IsCompleted)
        {
            a.Signals.InboxChanged.Set();
            await Task.WhenAny(heard, Task.Delay(100));
        }
        Assert.True(await heard);

        b.Signals.OutboxChanged.Set();
        Assert.True(await a.Signals.OutboxChanged.Wait(forever, CancellationToken.None));
        b.Signals.NotificationsChanged.Set();
        Assert.True(await a.Signals.NotificationsChanged.Wait(forever, CancellationToken.None));

        await a.Wakeups.StopAsync(CancellationToken.None);
        await b.Wakeups.StopAsync(CancellationToken.None);
    }
}
