using AutoReply.Core.Engine;
using AutoReply.Core.Handoffs;
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

    /// A customer tier whose list of senders cannot be read: every hand-off looks the sender up in it, the failure's too.
    sealed class Unreadable : IReadOnlyCollection<string>
    {
        public int Count => throw new InvalidOperationException("the tier list is unreadable");
        public IEnumerator<string> GetEnumerator() => throw new InvalidOperationException("the tier list is unreadable");
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [Fact]
    public void A_failure_in_what_reads_the_DM_for_a_hand_off_still_hands_it_to_a_person_unread()
    {
        // Session 50's crash was in a detector the failure's hand-off used as well (the anger phrases), and the DM was set
        // aside unanswered. Here the sender's tier cannot be looked up, which the engine and every hand-off do.
        var signals = new EscalationSignals(new SignalWords([], [], []), [new CustomerTier("gold", Priority.High, new Unreadable())]);
        var settings = new EngineSettings(BusinessHoursTests.Shop(), ["stop"], ["start"], Duration.FromHours(2), Duration.FromMinutes(30),
            Signals: signals, Disclosure: Conversation.NoDisclosure);
        var now = BusinessHoursTests.At("2026-11-24T10:00:00");
        var key = new ThreadKey("test", "t");
        var thread = ConversationState.New(key) with { Turns = 1, Language = "en" };
        var turn = new Turn(new InboundMessage(key, "m", new Sender("u-1", null), "I was charged twice for A-7731, this is a scam!!", now, now),
            thread, ContactState.New("test", "u-1"), SampleLibrary.Shop, now);
        var engine = new ConversationEngine(settings);
        var failure = Assert.Throws<InvalidOperationException>(() => engine.Handle(turn));

        var result = engine.HandOffAfterFailure(turn, failure.Message);

        var request = result.Decision.HandOffRequest!;
        Assert.Equal((DecisionKind.HandOff, Reason.EngineFailed), (result.Decision.Kind, result.Decision.Reason));
        // Read by nothing: the general queue, at normal priority, no tier, no order number taken from the text.
        Assert.Equal((SlaPolicies.Fallback, "normal", "EngineFailed", null), (request.Category, request.Priority, request.Reason, request.CustomerTier));
        Assert.DoesNotContain("A-7731", request.Summary.Values);
        Assert.NotNull(request.FirstResponseDue);
        Assert.Contains("reading the DM for its hand-off failed too", result.Decision.Detail);
        Assert.Equal(ReplyKind.Ack, Assert.Single(result.Replies).Kind);
        Assert.True(result.Thread.HeldByPerson);
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
