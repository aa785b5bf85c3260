using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using AutoReply.Service.Tests.Harness;
using Dapper;
using Xunit.Abstractions;

namespace AutoReply.Service.Tests;

/// SIGTERM while DMs pour in, as systemd or an orchestrator stops the service: it exits cleanly (0, well within the
/// harness's 30 s), every DM it acknowledged is decided once — by it, or after the restart — and no reply goes twice.
public sealed class GracefulStopTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_service_stopped_under_load_exits_cleanly_and_loses_or_repeats_nothing()
    {
        const int total = 600, threads = 60;
        var dir = Repo.TempDirectory();
        var databasePath = Path.Combine(dir, "autoreply.db");
        await using var receiver = await Receiver.Start();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:AutoReply"] = $"Data Source={databasePath}",
            ["Dialogs:Path"] = Repo.Dialogs,
            ["Channels:Generic:OutboundUrl"] = receiver.Url.ToString(),
            ["Acknowledgement:QuietPeriod"] = "00:00:00",
            ["Disclosure:Enabled"] = "false",
        };
        var dms = Enumerable.Range(0, total).Select(i => (Id: $"m-{i}", Body: TestService.Dm($"m-{i}", $"t-{i % threads}", $"message {i}", sender: $"u-{i % threads}"))).ToArray();
        var accepted = new ConcurrentDictionary<string, bool>();
        long pendingAfterStop;
        using (var first = await ServiceProcess.Start(dir, settings))
        {
            using var http = new HttpClient { BaseAddress = first.Address };
            var posters = Posters.Run(http, dms, accepted);
            // Generous: under CI the other tests' processes share the two cores; the posters' tally says what went wrong.
            await Eventually.Value(() => accepted.Count, n => n >= total / 3, "a third of the DMs accepted before the stop", seconds: 90, seen: () => $"posts: {posters.Seen}");
            Assert.Equal(0, first.Terminate());
            await posters.Done;
            using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databasePath};Pooling=False");
            pendingAfterStop = db.ExecuteScalar<long>("SELECT COUNT(*) FROM inbox WHERE state = 0");
            output.WriteLine($"accepted before the stop: {accepted.Count}, undecided at the stop: {pendingAfterStop}, replies delivered: {receiver.Delivered.Count}, posts: {posters.Seen}");
        }
        Assert.True(accepted.Count < total, "the stop came while DMs were still arriving");
        Assert.Equal(0, pendingAfterStop);   // the restart finds no backlog: what it acknowledged, it decided before it went

        using (var second = await ServiceProcess.Start(dir, settings))
        {
            using var http = new HttpClient { BaseAddress = second.Address };
            foreach (var (id, body) in dms.Where(d => !accepted.ContainsKey(d.Id)))
                Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/messages", body, TestService.Json)).StatusCode);
            var delivered = await receiver.WaitUntil(d => d.Select(r => r.InReplyTo).Distinct().Count() == total, "a reply to every DM", seconds: 90);
            Assert.Equal(delivered.Count, delivered.Select(r => r.IdempotencyKey).Distinct().Count());   // a graceful stop repeats no send
            using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databasePath};Pooling=False");
            var decisions = db.Query<long>("SELECT COUNT(*) FROM transcript WHERE kind = 'decision' GROUP BY ref_id").ToList();
            Assert.Equal(total, decisions.Count);
            Assert.All(decisions, n => Assert.Equal(1, n));
        }
        Directory.Delete(dir, recursive: true);
    }
}
