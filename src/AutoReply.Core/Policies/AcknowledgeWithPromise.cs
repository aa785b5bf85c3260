using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;
using AutoReply.Core.Time;
using NodaTime;

namespace AutoReply.Core.Policies;

/// A DM that nothing else answered goes to a person, and the customer gets an instant acknowledgement that says,
/// in business-hours terms, when that person will reply. At most one acknowledgement per thread per quiet period:
/// a customer who sends five lines in a row gets one, not five (the hand-off still happens for each).
sealed class AcknowledgeWithPromise(BusinessHours hours, Duration replyBudget, Duration quietPeriod, ReplyVariables variables) : ITurnStage
{
    static HandOffRequest Request(Turn turn) =>
        new("general", Reason.NoConfidentAnswer.ToString(), null, turn.Thread.Memory.Variables);

    public TurnDecision? Decide(Turn turn)
    {
        if (turn.Thread.LastAckAt is { } last && turn.Now - last < quietPeriod)
            return TurnDecision.HandOff(Reason.AckThrottled, []) with { HandOffRequest = Request(turn) };

        var promise = ReplyPromise.For(hours, turn.Now, replyBudget);
        var key = promise switch
        {
            { Within: not null } => MessageKeys.AckOpen,
            { OpenNow: true } => MessageKeys.AckLater,
            _ => MessageKeys.AckClosed,
        };
        var text = variables.Message(turn, key);
        return TurnDecision.HandOff(Reason.NoConfidentAnswer, [Reply.Of(ReplyKind.Ack, text)], turn.Thread with { LastAckAt = turn.Now })
            with { HandOffRequest = Request(turn) };
    }
}
