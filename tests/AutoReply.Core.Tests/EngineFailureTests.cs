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
