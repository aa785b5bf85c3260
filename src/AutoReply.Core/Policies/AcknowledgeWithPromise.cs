using AutoReply.Core.Engine;
using AutoReply.Core.Handoffs;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;
using NodaTime;

namespace AutoReply.Core.Policies;

/// A DM that nothing else answered goes to a person, and the customer gets an instant acknowledgement that says,
/// in business-hours terms, when that person will reply — the first-response target of the hand-off it opens.
/// At most one acknowledgement per thread per quiet period: a customer who sends five lines in a row gets one,
/// not five (the hand-off still happens for each).
sealed class AcknowledgeWithPromise(SlaPolicies sla, Duration quietPeriod, ReplyVariables variables) : ITurnStage
{
    public TurnDecision? Decide(Turn turn) =>
        Decide(turn, new HandOffRequest(SlaPolicies.Fallback, Reason.NoConfidentAnswer.ToString(), null, turn.Thread.Memory.Variables));

    /// Acknowledges a hand-off of the given request's category and priority.
    public TurnDecision Decide(Turn turn, HandOffRequest request)
    {
        if (turn.Thread.LastAckAt is { } last && turn.Now - last < quietPeriod)
            return TurnDecision.HandOff(Reason.AckThrottled, []) with { HandOffRequest = request };

        var scope = new PromiseScope(request.Category, SlaPolicies.ParsePriority(request.Priority));
        var key = sla.Promise(scope.Category, scope.Priority, turn.Now) switch
        {
            { Within: not null } => MessageKeys.AckOpen,
            { OpenNow: true } => MessageKeys.AckLater,
            _ => MessageKeys.AckClosed,
        };
        var text = variables.Message(turn, key, scope);
        return TurnDecision.HandOff(Reason.NoConfidentAnswer, [Reply.Of(ReplyKind.Ack, text)], turn.Thread with { LastAckAt = turn.Now })
            with { HandOffRequest = request };
    }
}
