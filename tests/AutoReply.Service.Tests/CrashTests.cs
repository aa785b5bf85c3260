using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using AutoReply.Service.Tests.Harness;
using Dapper;
using Xunit.Abstractions;

namespace AutoReply.Service.Tests;

/// Kill the service (SIGKILL) while DMs are arriving, being decided and being delivered; restart it on the same
/// database; the platform re-posts what got no 2xx. Every DM is then decided exactly once, and the receiver
/// sees one reply key per DM (a delivery the kill cut off may arrive twice, but with the same key). On both providers.
[Collection(PostgresCollection.Name)]
public sealed class CrashTests(PostgresServer server, ITestOutputHelper output)
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Every_accepted_DM_is_answered_exactly_once_across_a_kill_and_restart(string provider)
    {
        const int total = 600, threads = 60;
        var dir = Repo.TempDirectory();
        using var storage = StorageUnderTest.For(provider, dir, server);
        await using var receiver = await Receiver.Start();
        receiver.Delay = TimeSpan.FromMilliseconds(3);   // keep deliveries in flight when the kill comes
        var settings = new Dictionary<string, string>(storage.Settings)
        {
            ["Dialogs:Path"] = Repo.Dialogs,
            ["Channels:Generic:OutboundUrl"] = receiver.Url.ToString(),
            ["Acknowledgement:QuietPeriod"] = "00:00:00",    // every DM gets its own reply, so every DM is countable
            ["Outbox:BaseDelayMs"] = "50",
        };
        var dms = Enumerable.Range(0, total).Select(i => (Id: $"m-{i}", Body: TestService.Dm($"m-{i}", $"t-{i % threads}", $"message {i}", sender: $"u-{i % threads}"))).ToArray();
        var accepted = new ConcurrentDictionary<string, bool>();

        using (var first = await ServiceProcess.Start(dir, settings))
        {
            using var http = new HttpClient { BaseAddress = first.Address };
            // Two thirds posted first, the last third only once replies flow, so that the kill comes while DMs still arrive
            // however slowly the first replies come (CI once saw all 600 accepted before the first delivery on PostgreSQL).
            var posters = Posters.Run(http, dms[..(2 * total / 3)], accepted);
            // Generous: under CI the other tests' processes share the two cores; the posters' tally says what went wrong.
            await Eventually.Value(() => accepted.Count, n => n >= total / 3, "a third of the DMs accepted before the kill", seconds: 90, seen: () => $"posts: {posters.Seen}");
            await Eventually.Value(() => receiver.Delivered.Count, n => n > 0, "some replies delivered before the kill", seconds: 90);
            var rest = Posters.Run(http, dms[(2 * total / 3)..], accepted);
            first.Kill();
            await Task.WhenAll(posters.Done, rest.Done);
        }
        Assert.True(accepted.Count < total, "the kill came while DMs were still arriving");
        var deliveredBeforeKill = receiver.Delivered.Count;
        var acceptedBeforeKill = accepted.Keys.ToHashSet();

        using (var second = await ServiceProcess.Start(dir, settings))
        {
            using var http = new HttpClient { BaseAddress = second.Address };
            // The platform retries everything it got no 2xx for; some of those were stored before the kill.
            foreach (var (id, body) in dms.Where(d => !acceptedBeforeKill.Contains(d.Id)))
            {
                var response = await http.PostAsJsonAsync("/api/messages", body, TestService.Json);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }

            IReadOnlyList<ReceivedReply> delivered;
            try
            {
                delivered = await receiver.WaitUntil(d => d.Select(r => r.InReplyTo).Distinct().Count() == total, "a reply to every DM", seconds: 90);
            }
            catch (Xunit.Sdk.XunitException)
            {
                var missing = dms.Select(d => d.Id).Except(receiver.Delivered.Select(r => r.InReplyTo!)).Take(10);
                output.WriteLine("missing replies to: " + string.Join(", ", missing));
                output.WriteLine(second.Output);
                throw;
            }

            output.WriteLine($"accepted before the kill: {acceptedBeforeKill.Count}, delivered before: {deliveredBeforeKill}, " +
                $"deliveries in all: {delivered.Count} (repeated after the kill: {delivered.Count - delivered.Select(r => r.IdempotencyKey).Distinct().Count()})");
            using var db = storage.Open();
            var decisions = db.Query<(string RefId, long N)>("SELECT ref_id, COUNT(*) FROM transcript WHERE kind = 'decision' GROUP BY ref_id").ToDictionary(r => r.RefId, r => r.N);
            Assert.Equal(total, decisions.Count);
            Assert.All(decisions, d => Assert.Equal(1, d.Value));
            Assert.Equal(total, db.ExecuteScalar<long>("SELECT COUNT(*) FROM inbox"));

            // One decision per DM, so one set of reply keys per DM: every key the receiver saw is a stored reply of
            // that DM, and every stored reply arrived (a delivery cut off by the kill may have arrived twice, same key).
            var stored = db.Query<(string Id, string InReplyTo)>("SELECT id, in_reply_to FROM outbox").ToList();
            var storedKeys = stored.ToDictionary(r => r.Id, r => r.InReplyTo);
            Assert.All(delivered, r => Assert.Equal(r.InReplyTo, storedKeys[r.IdempotencyKey]));
            Assert.Equal(storedKeys.Keys.Order(), delivered.Select(r => r.IdempotencyKey).Distinct().Order());
        }
        storage.Dispose();
        Directory.Delete(dir, recursive: true);
    }
}
