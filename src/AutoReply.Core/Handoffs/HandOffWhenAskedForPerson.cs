using AutoReply.Core.Engine;
using AutoReply.Core.Policies;

namespace AutoReply.Core.Handoffs;

/// A DM that asks for a person gets one, whatever else it matches: no stock answer, no flow step. It is handed off
/// with reason CustomerAskedForPerson and the acknowledgement's promise; the hand-off's summary carries the DM's
/// topic (the answer it resembles most, when any does) so the agent need not ask what it is about, and takes that
/// answer's category, so a complaint's SLA applies to a complaint.
/// One exception: when the library confidently matches an answer that is itself the brand's way to a person — a
/// hand-off answer ("talk to a person") or one whose flow's last step is a hand-off (the callback flow asks for a time
/// and a number first) — that answer is given: it says more than the acknowledgement, and a person still takes over.
/// On the matcher's confidence (MatchingSettings.PersonAnswerFrom), here and where the answer is given (MatchStockAnswer).
sealed class HandOffWhenAskedForPerson(AcknowledgeWithPromise acknowledge, Answers.MatchingSettings matching) : ITurnStage
{
    const float TopicConfidence = 0.3f;

    public TurnDecision? Decide(Turn turn)
    {
        // Inside a flow the flow hands off itself, keeping what it collected (ContinueActiveDialog).
        if (turn.Thread.Memory.InDialog || !turn.AsksForPerson) return null;
        var summary = new Dictionary<string, string>(turn.Thread.Memory.Variables);
        var category = SlaPolicies.Fallback;
        if (turn.Library.Matcher?.Match(turn.Text, turn.Language, 1, out _) is [{ } top, ..] && top.Confidence >= TopicConfidence
            && turn.Library.Answers.TryGetValue(top.Label, out var answer))
        {
            if (top.Confidence >= matching.PersonAnswerFrom && turn.Library.ReachesAPerson(answer)) return null;
            summary["topic"] = answer.TitleIn(turn.Language, turn.Library.DefaultLanguage);
            category = answer.Category;
        }
        var request = new HandOffRequest(category, Reason.CustomerAskedForPerson.ToString(), null, summary);
        var ack = acknowledge.Decide(turn, request);
        return ack with
        {
            Reason = Reason.CustomerAskedForPerson,
            Detail = (summary.TryGetValue("topic", out var t) ? $"asked for a person; topic {t}" : "asked for a person") + $"; found by {turn.PersonRequest.Why}"
        };
    }
}
