using System.Net.Http.Json;
using System.Text.Json;
using AutoReply.Service.Tests.Harness;
using Microsoft.Extensions.Time.Testing;

namespace AutoReply.Service.Tests;

/// What a customer sees over the generic channel: opt-out and opt-in, one acknowledgement per quiet period,
/// and reply-by times in business hours. Time is frozen with a fake clock.
public sealed class ConversationTests
{
    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    static FakeTimeProvider ClockAt(string berlinLocal)
    {
        var local = DateTime.Parse(berlinLocal, System.Globalization.CultureInfo.InvariantCulture);
        return new FakeTimeProvider(new DateTimeOffset(local, Berlin.GetUtcOffset(local)));
    }

    [Fact]
    public async Task Stop_silences_the_sender_after_one_confirmation_and_start_turns_replies_back_on()
    {
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: ClockAt("2026-11-24T10:00"));

        await service.Post(TestService.Dm("m-1", "t-1", "STOP"));
        // The opt-out holds from its decision on: m-4, in another thread, may be decided beside m-1 in another lane, so it is
        // sent once m-1 is decided (its confirmation delivered), as a customer's next DM would be.
        await receiver.WaitUntil(d => d.Any(r => r.InReplyTo == "m-1"), "the STOP's confirmation");
        await service.Post(TestService.Dm("m-2", "t-1", "hello?"));
        await service.Post(TestService.Dm("m-3", "t-1", "Stop!"));
        await service.Post(TestService.Dm("m-4", "t-other", "anyone there?"));   // same sender, other thread: silent too
        await service.Post(TestService.Dm("m-5", "t-1", "start"));
        await receiver.WaitUntil(d => d.Any(r => r.InReplyTo == "m-5"), "the START's confirmation");
        await service.Post(TestService.Dm("m-6", "t-1", "what are your opening hours?"));

        var delivered = await receiver.WaitUntil(d => d.Any(r => r.InReplyTo == "m-6" && r.Kind == "answer"), "the answer to m-6");
        Assert.Equal(["m-1", "m-5", "m-6"], delivered.Select(r => r.InReplyTo).Distinct());
        Assert.Equal("notice", delivered[0].Kind);
        Assert.Contains("won't get any more automated messages", delivered[0].Text);
        Assert.Contains("Welcome back", delivered[1].Text);
        // START hands the thread back to the bot: the hold was the opt-out's alone (QA rounds 17 and 18: it stayed quiet).
        Assert.Contains(delivered, r => r.InReplyTo == "m-6" && r.Kind == "answer");

        var transcript = await service.Thread("t-1");
        Assert.Equal(5, transcript!.Entries.Count(e => e.Direction == "in"));   // silenced DMs are still on record
        Assert.Contains(transcript.Entries, e => e.Kind == "decision" && e.Text!.StartsWith("handoff: SenderOptedOut", StringComparison.Ordinal));
        // Silent for the bot, not for the brand: the opted-out sender's DMs wait in the queue for a person.
        var handoffs = await service.Http.GetFromJsonAsync<JsonElement[]>("/api/handoffs", TestService.Json);
        Assert.Contains(handoffs!, h => h.GetProperty("thread").GetString() == "t-other");
    }

    [Theory]
    [InlineData("stopp")]
    [InlineData("ABMELDEN")]
    [InlineData("lopeta.")]
    public async Task Opt_out_words_work_in_german_and_finnish(string word)
    {
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: ClockAt("2026-11-24T10:00"));

        await service.Post(TestService.Dm("m-1", "t-1", word));
        await service.Post(TestService.Dm("m-2", "t-1", "hallo"));
        await service.Post(TestService.Dm("m-3", "t-2", "sentinel", sender: "u-2"));

        var delivered = await receiver.WaitUntil(d => d.Any(r => r.InReplyTo == "m-3"), "reply to the sentinel");
        Assert.Equal("notice", Assert.Single(delivered, r => r.Thread == "t-1").Kind);
    }

    [Fact]
    public async Task A_sentence_containing_stop_is_not_an_opt_out()
    {
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: ClockAt("2026-11-24T10:00"));

        await service.Post(TestService.Dm("m-1", "t-1", "please stop sending me the wrong size"));

        await service.Post(TestService.Dm("m-2", "t-2", "can i pay with paypal"));

        // Handed to a person (a complaint the exchange how-to would not answer), not confirmed as an opt-out: and the
        // sender's next DM, in another thread, is answered, as it would not be after an opt-out.
        var delivered = await receiver.WaitUntil(d => d.Count == 2, "two replies");
        Assert.Equal("ack", delivered.Single(d => d.Thread == "t-1").Kind);
        var answer = delivered.Single(d => d.Thread == "t-2");
        Assert.Equal("answer", answer.Kind);
        Assert.Contains("PayPal", answer.Text);
    }

    [Fact]
    public async Task A_thread_gets_one_acknowledgement_per_quiet_period()
    {
        var clock = ClockAt("2026-11-24T10:00");
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: clock);

        await service.Post(TestService.Dm("m-1", "t-1", IngestTests.Unanswerable));
        await service.Post(TestService.Dm("m-2", "t-1", "it's about the recycling figures"));
        await service.Post(TestService.Dm("m-3", "t-1", "the recycling numbers look odd"));
        await service.ThreadWhen("t-1", t => t.Entries.Count(e => e.Kind == "decision") == 3, "three decisions");
        clock.Advance(TimeSpan.FromMinutes(29));
        await service.Post(TestService.Dm("m-4", "t-1", "and the packaging targets"));
        await service.ThreadWhen("t-1", t => t.Entries.Count(e => e.Kind == "decision") == 4, "four decisions");
        clock.Advance(TimeSpan.FromMinutes(2));
        await service.Post(TestService.Dm("m-5", "t-1", "still waiting on that report question"));

        var delivered = await receiver.WaitUntil(d => d.Any(r => r.InReplyTo == "m-5"), "reply to m-5");
        Assert.Equal(["m-1", "m-5"], delivered.Select(r => r.InReplyTo));
    }

    [Theory]
    // Open, and two hours fit before closing.
    [InlineData("2026-11-24T10:00", "A member of our team will reply within 2 hours.")]
    // Open, but closing at 17:00 cuts the budget: 30 minutes today, 90 tomorrow.
    [InlineData("2026-11-24T16:30", "will reply by tomorrow 10:30.")]
    // Saturday: closed for the weekend.
    [InlineData("2026-11-28T11:00", "We're closed now; we'll reply by Monday 11:00.")]
    // Friday evening: also the weekend.
    [InlineData("2026-11-27T18:00", "We're closed now; we'll reply by Monday 11:00.")]
    // Wednesday 23 December, 16:30: 24–26 December are holidays, then the weekend.
    [InlineData("2026-12-23T16:30", "will reply by Monday 10:30.")]
    // Holiday itself.
    [InlineData("2026-12-25T10:00", "We're closed now; we'll reply by Monday 11:00.")]
    public async Task The_acknowledgement_promises_a_reply_in_business_hours(string berlinNow, string expected)
    {
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: ClockAt(berlinNow));

        await service.Post(TestService.Dm("m-1", "t-1", IngestTests.Unanswerable));

        var reply = (await receiver.WaitUntil(d => d.Count == 1, "the acknowledgement"))[0];
        Assert.Contains(expected, reply.Text);
    }

    [Fact]
    public async Task The_acknowledgement_is_in_the_configured_default_language()
    {
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: ClockAt("2026-11-28T11:00"),
            settings: new Dictionary<string, string?> { ["Dialogs:DefaultLanguage"] = "de" });

        await service.Post(TestService.Dm("m-1", "t-1", "Frage zu den CO2-Zahlen in eurem Jahresbericht"));

        var reply = (await receiver.WaitUntil(d => d.Count == 1, "the acknowledgement"))[0];
        Assert.Contains("Wir haben gerade geschlossen und antworten bis Montag 11:00", reply.Text);
        Assert.Contains("Mo–Fr 9:00–17:00", reply.Text);
    }
}
