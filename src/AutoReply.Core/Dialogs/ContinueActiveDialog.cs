using AutoReply.Core.Answers;
using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;
using AutoReply.Core.Policies;

namespace AutoReply.Core.Dialogs;

/// A thread in a flow gets the flow's next step. Interruptions are checked first, in one place, at every step:
/// "cancel" ends the flow, "agent" hands it to a person with what was collected, and a new question the matcher is
/// confident about is answered — then the flow resumes (its prompt again) or ends, as the flow file says.
sealed partial class ContinueActiveDialog(DialogRuntime runtime, AnswerReplies answers, ReplyVariables variables, ConsentWords cancel, ConsentWords agent,
    MatchingSettings matching, Handoffs.EscalationSignals signals) : ITurnStage
{
    static readonly Dictionary<string, string> AngryBuiltIn = new()
    {
        ["en"] = "I'm sorry this has been frustrating. A colleague will take over from here and reply by {reply_by}.",
        ["de"] = "Es tut mir leid, dass das so mühsam war. Ein Kollege übernimmt ab hier und antwortet dir bis {reply_by}.",
        ["fi"] = "Pahoittelen, että tämä on ollut hankalaa. Kollegani jatkaa tästä ja vastaa viimeistään {reply_by}.",
    };

    public TurnDecision? Decide(Turn turn)
    {
        var memory = turn.Thread.Memory;
        if (!memory.InDialog) return null;
        var located = DialogRuntime.Locate(turn.Library, memory.Dialog[^1]);
        var flow = located?.Flow;

        // "no thanks" to a yes/no question is its answer, not a cancel.
        var yesNo = located is var (f, i) && f.Steps[i] is FlowStep.Ask { Kind: ValueKind.YesNo };
        // Nor is "cancel it please" to "a new date, or should we cancel it? [New date | Cancel booking]": it chooses the option
        // (QA round 22: the flow ended with "No problem, I've stopped that", and the cancellation reached nobody).
        if (located is var (cf, ci) && cf.Steps[ci] is FlowStep.Ask { Kind: ValueKind.Choice })
        {
            var chosen = runtime.Answer(turn, memory, out var chose);
            if (chose) return Decision(turn, chosen);
        }
        if ((cancel.Match(turn.Text) || cancel.OnlyOf(turn.Text)) && !(yesNo && Recognizers.BooleanRecognizer.SaysNo(turn.Text))) return Cancelled();
        TurnDecision Cancelled()
        {
            var text = variables.Message(turn, MessageKeys.FlowCancelled);
            return TurnDecision.Reply(Reason.FlowCancelled, Reply.Of(ReplyKind.Dialog, text), turn.Thread with { Memory = memory with { Dialog = [] } });
        }
        TurnDecision ToPerson()
        {
            var text = variables.Message(turn, MessageKeys.FlowHandOff, new PromiseScope(flow?.Category ?? "service", Handoffs.Priority.Normal));
            return Decision(turn, runtime.HandOff(turn, memory, [Reply.Of(ReplyKind.Dialog, text)], flow, Reason.CustomerAskedForPerson.ToString(), null));
        }
        if (agent.Match(turn.Text)) return ToPerson();

        // An answer to the prompt comes before a request for a person found inside it: "call me tomorrow at 3pm"
        // answers the callback flow's "when?", it does not leave the flow.
        var answered = runtime.Answer(turn, memory, out var understood);
        if (understood) return Decision(turn, answered);
        if (runtime.Correct(turn, memory) is { } corrected) return Decision(turn, corrected) with { Detail = "a value given before corrected" };
        if (turn.AsksForPerson) return ToPerson();
        // Anger that answers nothing ("this is the THIRD time I'm asking, you people are useless") is not asked the prompt
        // again: a person takes over at high priority, with what the flow collected — as outside a flow.
        if (signals.AngryByWords(turn.Text))
        {
            // Not "Sure — a colleague will take over" (flow.handoff, for a customer who asked for one): an apology first.
            var text = variables.OptionalMessage(turn, MessageKeys.FlowHandOffAngry, AngryBuiltIn,
                new PromiseScope(flow?.Category ?? "service", Handoffs.Priority.High));
            return Decision(turn, runtime.HandOff(turn, memory, [Reply.Of(ReplyKind.Dialog, text)], flow, "angry", "high"))
                with { Detail = "angry in the flow: a person answers, not the prompt again" };
        }
        // A polite no with its reason after it ("no thanks, I found it in my mailbox 😅") lets the flow go as the bare no does:
        // not one that answers the prompt ("ok found it: A-99120", above), asks for a person or is angry (above), reports
        // something ("found it, but the tracking says delivered"), or asks a question the library answers (below).
        var judged = Answers.JudgedMatch.ForAnswering(turn);
        if (!yesNo && cancel.Opens(turn.Text) && !ReportsMore().IsMatch(Matching.TextFolding.Fold(turn.Text)) && !(judged is not null && matching.WouldGive(judged)))
            return Cancelled();

        // Not an answer to the prompt: a new question, if the library is sure of it (MatchingSettings.InterruptFlowFrom).
        // Mid-flow the customer most likely answers the prompt in words it does not understand ("it's in my email
        // somewhere"); the flow asks again, where an unsure answer would drop what was collected. Nor does the flow's
        // own answer restart it.
        // The matcher's own confidence must reach InterruptFlowFrom, the DM must hold some evidence, and the answer must be
        // one that would be given outside a flow (MatchingSettings.WouldGive).
        // (No matcher: no judged match, and the flow's prompt again.)
        if (judged is not { First: var top }
            || top.Confidence < matching.InterruptFlowFrom || judged.Evidence < matching.MinimumEvidence || !matching.WouldGive(judged))
            return Decision(turn, answered);
        var answer = turn.Library.Answers[top.Label];
        if (answer.Flow is { } answerFlow && memory.Dialog.Any(d => d.Flow == answerFlow))
            return Decision(turn, answered);
        // A new question that drops the flow in its words ("actually never mind, how do I return something instead?") ends
        // it: its prompt again after the answer asks what the customer just let go (QA round 11).
        var folded = Matching.TextFolding.Fold(turn.Text);
        var resume = flow?.ResumeAfterInterruption == true && !answer.HandOff && answer.Flow is null
            && !DropsTheFlow.IsMatch(folded) && !(AsksAValue(located) && Indifferent.IsMatch(folded));
        var outside = turn with { Thread = turn.Thread with { Memory = memory with { Dialog = [] } } };
        var given = answers.Give(outside, answer, Reason.Answered, $"interrupted {flow?.Id}: {top.Label}");
        if (!resume) return given;
        var reprompted = runtime.Reprompt(turn, (given.Thread ?? turn.Thread).Memory with { Dialog = memory.Dialog }, [.. given.Replies]);
        return given with { Replies = reprompted.Replies, Thread = (given.Thread ?? turn.Thread) with { Memory = reprompted.Memory } };
    }

    /// A polite no that goes on to report something ("found it, but …", "…, aber …", "…, mutta …") or holds a number.
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:but|however|though|aber|doch|jedoch|mutta|mut|vaikka)\b|\d")]
    private static partial System.Text.RegularExpressions.Regex ReportsMore();

    /// Words that let the flow go, at the DM's start ("actually never mind, …", "vergiss es, …", "unohda se, …"): not a bare
    /// "instead" or "egal" anywhere ("could i get a gift card instead?" asks within the refund; "Egal. Wann habt ihr
    /// geöffnet?" and "ihan sama milloin" answer the time).
    static readonly System.Text.RegularExpressions.Regex DropsTheFlow = new(
        @"^\W*(?:(?:actually|oh|ok|okay|sorry|ah|hmm+|no|nah|ach|nein|ne|ei|joo|aa)\W+)*" +
        @"(?:never ?mind|nevermind|nvm|nvmd|forget (?:it|that|about (?:it|that))|scratch that|vergiss (?:es|das)|schon gut|lass (?:es|mal)" +
        @"|unohda (?:se|tuo|toi|koko juttu))\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// "egal", "whatever", "ihan sama" at the DM's start: where the flow asks for a number of the customer's, they let it go
    /// ("ach egal, wie kann ich zurückschicken?", QA round 12); where it asks when or which, they answer ("Egal. Wann habt
    /// ihr geöffnet?" to "when should we call you?").
    static readonly System.Text.RegularExpressions.Regex Indifferent = new(
        @"^\W*(?:(?:ach|oh|ok|ah|naja|na|no|hmm+|joo|aa|ai)\W+)?(?:egal|whatever|ihan sama|sama se|yks lysti)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    static bool AsksAValue((Flow Flow, int Step)? located) =>
        located is var (flow, step) && flow.Steps[step] is FlowStep.Ask { Kind: ValueKind.OrderNumber or ValueKind.Phone or ValueKind.Email };

    internal static TurnDecision Decision(Turn turn, DialogRuntime.Outcome outcome, Reason reason = Reason.FlowStep)
    {
        var thread = turn.Thread with { Memory = outcome.Memory };
        return outcome.HandOff is { } request
            ? TurnDecision.HandOff(Reason.FlowHandOff, outcome.Replies, thread) with { HandOffRequest = request, Sales = outcome.Sales }
            : new TurnDecision(DecisionKind.Reply, reason, outcome.Replies, thread) { Lookup = outcome.Lookup, Sales = outcome.Sales };
    }
}
