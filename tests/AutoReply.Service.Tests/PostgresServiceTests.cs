using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoReply.Service.Tests.Harness;
using Microsoft.Extensions.Time.Testing;

namespace AutoReply.Service.Tests;

/// The whole service on PostgreSQL (Storage:Provider=Postgres): DMs in, decisions, replies out, the hand-off queue and
/// the agent API — as on SQLite.
[Collection(PostgresCollection.Name)]
public sealed class PostgresServiceTests(PostgresServer server)
{
    [Fact]
    public async Task A_DM_is_answered_once_and_an_unanswerable_one_reaches_an_agent_on_PostgreSQL()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: clock, settings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres", ["ConnectionStrings:AutoReply"] = server.CreateDatabase(),
            ["Agents:0:Id"] = "ana", ["Agents:0:Team"] = "support", ["Agents:0:TokenSha256"] = Agents.Hash("ana-token"),
        });
        Assert.Equal(HttpStatusCode.Accepted, (await service.Post(TestService.Dm("m-1", "t-1", "What are your opening hours?"))).StatusCode);
        var duplicate = await (await service.Post(TestService.Dm("m-1", "t-1", "What are your opening hours?"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(duplicate.GetProperty("duplicate").GetBoolean());
        await service.Post(TestService.Dm("m-2", "t-2", IngestTests.Unanswerable, sender: "u-2"));

        var replies = await receiver.WaitUntil(d => d.Count >= 2, "the answer and the acknowledgement");
        Assert.Contains(replies, r => r.Thread == "t-1" && r.Kind == "answer" && r.Text.Contains("9:00"));
        Assert.Contains(replies, r => r.Thread == "t-2" && r.Kind == "ack");
        var thread = await service.ThreadWhen("t-1", t => t.Entries.Any(e => e.Delivery == "sent"), "the answer sent");
        Assert.Single(thread!.Entries, e => e.Kind == "dm");

        var queue = await Eventually.ValueAsync(async () => await (await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Get, "/api/handoffs"))).Content.ReadFromJsonAsync<JsonElement[]>(),
            q => q!.Length == 1, "the hand-off");
        var id = queue![0].GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/claim"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/reply", new { text = "Page 12 has the figures." }))).StatusCode);
        await receiver.WaitUntil(d => d.Any(r => r.Kind == "agent"), "the agent's reply");
        Assert.Equal(HttpStatusCode.OK, (await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{id}/resolve"))).StatusCode);
        var health = await service.Http.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.Equal("ok", health.GetProperty("database").GetString());
        Assert.Equal(2, receiver.Delivered.Count(r => r.Kind is "answer" or "ack"));   // each DM decided once
        Assert.DoesNotContain(TestLog.Lines, l => l.Message.Contains("PostgresException") || l.Message.Contains("NpgsqlException"));
    }
}
