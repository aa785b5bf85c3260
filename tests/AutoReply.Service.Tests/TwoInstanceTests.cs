using AutoReply.Service.Tests.Harness;
using Dapper;

namespace AutoReply.Service.Tests;

/// Two service instances on one database (a rolling deploy, or two hosts behind a balancer): each DM is decided by
/// exactly one of them, and the replies of a thread still leave in order. On both providers (SQLite: one shared file).
[Collection(PostgresCollection.Name)]
public sealed class TwoInstanceTests(PostgresServer server)
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Two_hosts_on_one_database_decide_each_DM_once_and_keep_threads_in_order(string provider)
    {
        var dir = Repo.TempDirectory();
        using var storage = StorageUnderTest.For(provider, dir, server);
        await using var receiver = await Receiver.Start();
        var settings = storage.Settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        settings["Acknowledgement:QuietPeriod"] = "00:00:00";
        await using var first = await TestService.Start(receiver, settings);
        await using var second = await TestService.Start(receiver, settings);
        const int threads = 20, perThread = 15;

        // Each thread's DMs go alternately to one host and the other, as a balancer would spread them.
        await Task.WhenAll(Enumerable.Range(0, threads).Select(async t =>
        {
            for (var i = 0; i < perThread; i++)
            {
                var host = (t + i) % 2 == 0 ? first : second;
                await host.Post(TestService.Dm($"t{t}-m{i}", $"t{t}", $"note {i} about the carbon figures in your annual report", sender: $"u{t}"));
            }
        }));

        var delivered = await receiver.WaitUntil(d => d.Select(r => r.InReplyTo).Distinct().Count() == threads * perThread, "a reply to every DM");
        using var db = storage.Open();
        var decisions = db.Query<(string RefId, long N)>("SELECT ref_id, COUNT(*) FROM transcript WHERE kind = 'decision' GROUP BY ref_id").ToList();
        Assert.Equal(threads * perThread, decisions.Count);
        Assert.All(decisions, d => Assert.Equal(1, d.N));
        for (var t = 0; t < threads; t++)
            Assert.Equal(Enumerable.Range(0, perThread).Select(i => $"t{t}-m{i}"),
                delivered.Where(r => r.Thread == $"t{t}").Select(r => r.InReplyTo).Distinct());
    }
}
