using System.Net.Http.Json;
using System.Text.Json;
using AutoReply.Service.Tests.Harness;
using Microsoft.Extensions.Time.Testing;

namespace AutoReply.Service.Tests;

/// A flow the customer left before its hand-off, over HTTP and Quartz: once it lapses (Flows:Timeout after its last step) a
/// person gets it with what it collected, once, and the customer is sent nothing; a flow that can end with its own answer
/// ends silently.
public sealed class FlowLapseTests
{
    static readonly DateTimeOffset Tuesday10 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_callback_the_customer_left_reaches_a_person_with_what_it_collected_and_nothing_is_sent()
    {
        var clock = new FakeTimeProvider(Tuesday10);
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: clock);
        await service.Post(TestService.Dm("a1", "t-a", "Can you call me back please?", sender: "u-a"));
        await service.Post(TestService.Dm("b1", "t-b", "where is my order?", sender: "u-b"));
        await service.Post(TestService.Dm("c1", "t-c", "Can you call me back please?", sender: "u-c"));
        await receiver.WaitUntil(r => r.Any(x => x.Thread == "t-a") && r.Any(x => x.Thread == "t-b") && r.Any(x => x.Thread == "t-c"), "three prompts");
        clock.Advance(TimeSpan.FromMinutes(20));
        await service.Post(TestService.Dm("c2", "t-c", "tomorrow at 3pm", sender: "u-c"));
        await receiver.WaitUntil(r => r.Any(x => x.Text.Contains("Which number")), "c asked for the number");
        var sent = receiver.Delivered.Count;

        clock.Advance(TimeSpan.FromMinutes(12));   // a left 32 minutes ago; c 12
        var a = await EscalationTests.HandoffWhen(service, "t-a", _ => true, "a's hand-off");
        Assert.Equal(("FlowLapsed", "service"), (a.GetProperty("reason").GetString(), a.GetProperty("category").GetString()));
        Assert.Equal("callback", a.GetProperty("summary").GetProperty("flow").GetString());
        var decided = await service.ThreadWhen("t-a", t => t.Entries.Any(e => e.Kind == "decision" && e.Text?.Contains("FlowLapsed") == true), "a's lapse in the transcript");
        Assert.Contains("flow callback left at callback_time for 32 min; a person follows up", decided!.Entries.Single(e => e.Kind == "decision" && e.Text?.Contains("FlowLapsed") == true).Text);

        clock.Advance(TimeSpan.FromMinutes(20));
        var c = await EscalationTests.HandoffWhen(service, "t-c", _ => true, "c's hand-off");
        Assert.Equal("phone", c.GetProperty("summary").GetProperty("left_at").GetString());
        Assert.StartsWith("2026-11-25T15:00", c.GetProperty("summary").GetProperty("callback_time").GetString());

        // The order-status flow has an end of its own: no hand-off for b. And nothing was sent to anyone.
        clock.Advance(TimeSpan.FromMinutes(2));
        await service.ThreadWhen("t-c", t => t.Entries.Any(e => e.Kind == "decision" && e.Text?.Contains("FlowLapsed") == true), "c's lapse in the transcript");
        var open = await service.Http.GetFromJsonAsync<JsonElement[]>("/api/handoffs?state=open");
        Assert.Equal(["t-a", "t-c"], open!.Select(h => h.GetProperty("thread").GetString()).Order());
        Assert.Equal(sent, receiver.Delivered.Count);

        // The customer comes back: the DM joins the hand-off a person now holds, and no flow asks anything again.
        await service.Post(TestService.Dm("a2", "t-a", "sorry, tomorrow morning works", sender: "u-a"));
        var back = await service.ThreadWhen("t-a", t => t.Entries.Count(e => e.Kind == "decision") == 3, "a's second DM decided");
        Assert.Contains("HumanHoldsThread", back!.Entries.Last(e => e.Kind == "decision").Text);
    }

    /// A lapse written under a shorter Flows:Timeout than the service now runs with is due again at the new time, not dropped:
    /// a restart with the timeout raised from 30 to 60 minutes had left the callback with nobody.
    [Fact]
    public async Task A_lapse_not_due_under_a_raised_timeout_is_due_again_later_and_then_reaches_a_person()
    {
        var clock = new FakeTimeProvider(Tuesday10);
        var directory = Repo.TempDirectory();
        var database = Path.Combine(directory, "autoreply.db");
        await using var receiver = await Receiver.Start();
        try
        {
            await using (var first = await TestService.Start(receiver, clock: clock, databasePath: database))
            {
                await first.Post(TestService.Dm("a1", "t-a", "Can you call me back please?", sender: "u-a"));
                await receiver.WaitUntil(r => r.Any(x => x.Thread == "t-a"), "the prompt");
            }
            var raised = new Dictionary<string, string?> { ["Flows:Timeout"] = "01:00:00" };
            await using var second = await TestService.Start(receiver, raised, clock, database);
            clock.Advance(TimeSpan.FromMinutes(32));   // the row said 30 minutes; the flow now lapses at 60
            var dueAgain = Tuesday10.AddHours(1).ToUnixTimeMilliseconds();
            await Eventually.Value(() => DueAt(database), due => due == dueAgain, "the lapse due again at 60 minutes");
            var early = await second.Http.GetFromJsonAsync<JsonElement[]>("/api/handoffs?state=open");
            Assert.Empty(early!);

            clock.Advance(TimeSpan.FromMinutes(30));
            var a = await EscalationTests.HandoffWhen(second, "t-a", _ => true, "a's hand-off");
            Assert.Equal("FlowLapsed", a.GetProperty("reason").GetString());
            Assert.Null(DueAt(database));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    static long? DueAt(string database)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT due_at FROM flow_lapses WHERE thread_id = 't-a'";
        return command.ExecuteScalar() is long due ? due : null;
    }
}
