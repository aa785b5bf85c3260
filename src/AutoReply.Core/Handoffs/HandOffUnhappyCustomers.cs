using System.Text.RegularExpressions;
using AutoReply.Core.Engine;
using AutoReply.Core.Policies;

namespace AutoReply.Core.Handoffs;

/// An angry DM reaches a person, not a stock answer: "stop sending me the wrong size!!" may match the exchange
/// how-to, but a customer who is already angry and gets a canned how-to feels unheard. It is handed off as a
/// complaint with the acknowledgement (the priority is raised to high by the anger signal, with the reason). Only the anger
/// words and signs route a DM here: the anger model, which also reads "where is my order" as a little angry, only raises
/// the priority of a hand-off (EscalationSignals.PriorityOf), where a false finding costs an earlier answer, not the answer.
/// "That's not what I asked" after a bot answer hands off too, as a repeated miss: a second guess would be worse; so does
/// a "no" right after an answer that offered a person because the matcher was not sure of it.
sealed partial class HandOffUnhappyCustomers(EscalationSignals signals, AcknowledgeWithPromise acknowledge) : ITurnStage
{
    public TurnDecision? Decide(Turn turn)
    {
        // A request for a person wins, angry or not: the library's way to a person is given next (MatchStockAnswer), and
        // the anger still raises the hand-off's priority. Not one the model alone found in an angry DM: it reads anger as
        // asking for someone ("Tää on ihan naurettavaa!!! … Haluan rahat takaisin heti" got the refund flow's questions).
        if (turn.AsksForPerson && (turn.PersonRequest.ByFrames || !signals.AngryByWords(turn.Text))) return null;
        var saidNoToOffer = turn.Thread.Memory.NotItOfferedFor == turn.Thread.Turns && Recognizers.BooleanRecognizer.OpensWithNo(turn.Text);
        var folded = Matching.TextFolding.Fold(turn.Text);
        // The answer of the DM before, when the thread got one: a miss of it keeps its category.
        var answered = turn.Thread.Memory.Answered is { } before && before.ForTurn == turn.Thread.Turns ? before : null;
        if (saidNoToOffer || (turn.Thread.Turns > 0 && NotWhatIAsked().IsMatch(folded)))
        {
            // The hand-off keeps the missed answer's category (a password answer that missed goes to the team of accounts, with
            // its reply time), as a repeated miss the matching stage finds does (QA round 16: these went to "general").
            var category = answered is not null && turn.Library.Answers.TryGetValue(answered.AnswerId, out var missedAnswer)
                ? missedAnswer.Category : SlaPolicies.Fallback;
            var missed = acknowledge.Decide(turn, new HandOffRequest(category, Reason.RepeatedMiss.ToString(), null, turn.Thread.Memory.Variables));
            return missed with
            {
                Reason = Reason.RepeatedMiss,
                Detail = saidNoToOffer ? "the customer said no to the answer, which offered a person" : "the customer said the answer missed",
            };
        }
        if (!signals.AngryByWords(turn.Text)) return null;
        var ack = acknowledge.Decide(turn, new HandOffRequest("complaint", Reason.NoConfidentAnswer.ToString(), null, turn.Thread.Memory.Variables), angry: true);
        return ack with { Detail = EscalationSignals.AngerHandOff };
    }

    [GeneratedRegex(
        // "That's" or the DM's start before "not what I …": "the jacket is not what i wanted, how do i return it?" is a return.
        @"\b(?:(?:that'?s|that is|this is|thats) not what i (?:asked|meant|wanted|was asking|asked for)|^\W*not what i (?:asked|meant|was asking|asked for)\b" +
        @"|(?:that|this|it) (?:doesn'?t|does not|didn'?t|did not) answer (?:my|the) question|not my question|wrong answer|that'?s not it\b" +
        @"|you (?:didn'?t|did not) (?:answer|understand)|you (?:don'?t|do not) understand|you misunderstood|i (?:didn'?t|did not) ask (?:about|for) (?:that|this)(?=\s*(?:$|[.!?,]))" +
        @"|^\W*no,? i (?:mean|meant)\b" +
        @"|das (?:war|ist) nicht (?:meine frage|was ich (?:gefragt|gemeint|meinte|wollte))|das beantwortet (?:nicht|meine frage nicht)|das meinte ich nicht" +
        @"|falsche antwort|(?:du hast|sie haben) mich (?:nicht|falsch) verstanden|(?:hab|habe) ich nicht gefragt|^\W*nein,? ich mein(?:e|te)\b" +
        @"|ei (?:vastannut|vastaa) kysymykseeni|en kysynyt (?:sita|tata)|et ymmartanyt|vaara vastaus|en tarkoittanut (?:sita|tata)" +
        @"|(?:se|tuo|tama|toi|ta) ei ollut (?:se )?(?:mita|mitä) (?:kysyin|tarkoitin)|^\W*ei,? (?:vaan|tarkoitin)\b)",
        RegexOptions.CultureInvariant)]
    private static partial Regex NotWhatIAsked();
}
