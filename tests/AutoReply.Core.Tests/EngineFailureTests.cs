using AutoReply.Core.Engine;
using AutoReply.Core.Messages;
using AutoReply.Core.Threads;
using NodaTime;

namespace AutoReply.Core.Tests;

/// A DM the engine fails on (a defect) is not left unanswered: it is acknowledged and handed to a person.
public sealed class EngineFailureTests
{
    [Fact]
    public void A_failed_turn_is_acknowledged_and_handed_to_a_person_with_the_error()
    {
        var settings = new EngineSettings(BusinessHoursTests.Shop(), ["stop"], ["start"], Duration.FromHours(2), Duration.FromMinutes(30),
            Disclosure: Conversation.NoDisclosure);
        var now = BusinessHoursTests.At("2026-11-24T10:00:00");
        var key = new ThreadKey("test", "t");
        var thread = ConversationState.New(key) with { Turns = 3, Language = "de" };
        var turn = new Turn(new InboundMessage(key, "m", new Sender("u-1", null), "wo ist A-7731?", now, now), thread, ContactState.New("test", "u-1"),
            SampleLibrary.Shop, now);

        var result = new ConversationEngine(settings).HandOffAfterFailure(turn, "RegexMatchTimeoutException: timed out");

        Assert.Equal((DecisionKind.HandOff, Reason.EngineFailed), (result.Decision.Kind, result.Decision.Reason));
        Assert.Equal("EngineFailed", result.Decision.HandOffRequest!.Reason);
        Assert.NotNull(result.Decision.HandOffRequest.FirstResponseDue);
        Assert.Contains("Jemand aus unserem Team", Assert.Single(result.Replies).Text);   // the thread's language
        Assert.Contains("RegexMatchTimeoutException", result.Decision.Detail);
        Assert.Equal((4, true), (result.Thread.Turns, result.Thread.HeldByPerson));
    }
}

public sealed class EngineFailureQuietTests
{
    static TurnResult Fail(ConversationState thread, ContactState contact)
    {
        var settings = new EngineSettings(BusinessHoursTests.Shop(), ["stop"], ["start"], Duration.FromHours(2), Duration.FromMinutes(30));
        var now = BusinessHoursTests.At("2026-11-24T10:00:00");
        var turn = new Turn(new InboundMessage(thread.Key, "m", new Sender("u-1", null), "hello?", now, now), thread, contact, SampleLibrary.Shop, now);
        return new ConversationEngine(settings).HandOffAfterFailure(turn, "NullReferenceException");
    }

    [Fact]
    public void A_sender_who_opted_out_gets_no_word_but_a_person_still_sees_the_DM()
    {
        var key = new ThreadKey("test", "t");
        var result = Fail(ConversationState.New(key), ContactState.New("test", "u-1") with { OptedOut = true });
        Assert.Empty(result.Replies);   // not even the disclosure
        Assert.Equal((DecisionKind.HandOff, "EngineFailed"), (result.Decision.Kind, result.Decision.HandOffRequest!.Reason));
    }

    [Fact]
    public void A_thread_a_person_has_answered_in_gets_no_word_from_the_bot()
    {
        var key = new ThreadKey("test", "t");
        var held = ConversationState.New(key) with { HeldByPerson = true, PersonAnswered = true, Turns = 2 };
        var result = Fail(held, ContactState.New("test", "u-1"));
        Assert.Empty(result.Replies);
        Assert.True(result.Thread.HeldByPerson);
    }
}
