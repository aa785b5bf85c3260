using AutoReply.Core.Engine;
using AutoReply.Core.Handoffs;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;
using NodaTime;

namespace AutoReply.Core.Policies;

/// A DM that nothing else answered goes to a person, and the customer gets an instant acknowledgement that says,
/// in business-hours terms, when that person will reply — the first-response target of the hand-off it opens.
/// At most one acknowledgement per thread per quiet period: a customer who sends five lines in a row gets one,
/// not five (the hand-off still happens for each); a hand-off after a resolved or released one gets its own.
sealed class AcknowledgeWithPromise(SlaPolicies sla, Duration quietPeriod, ReplyVariables variables) : ITurnStage
{
    public TurnDecision? Decide(Turn turn) =>
        Decide(turn, new HandOffRequest(SlaPolicies.Fallback, Reason.NoConfidentAnswer.ToString(), null, turn.Thread.Memory.Variables));

    /// Acknowledges a hand-off of the given request's category and priority. <paramref name="rest"/>: the DM got answers
    /// to some of its questions, and the acknowledgement says a person replies to the rest (ack.rest). <paramref name="angry"/>:
    /// the DM was angry, and the acknowledgement opens with an apology (ack.angry): "Thanks for your message!" alone answered
    /// "SCHEISS LADEN!!! … Ich will mein GELD zurück!!!" (QA rounds 21 and 22). A complaint's opens with it too. <paramref name="also"/>: the DM got its answer,
    /// and a person looks at it as well (ack.also).
    public TurnDecision Decide(Turn turn, HandOffRequest request, bool rest = false, bool angry = false, bool also = false)
    {
        // "Ich möchte mich beschweren, die Jacke ist kaputt" that nothing answers is a complaint, though it is calm: its SLA
        // and figures are a complaint's, not a general question's. "You charged me twice" goes to billing.
        if (request.Category == SlaPolicies.Fallback)
            request = request with { Category = EscalationSignals.Complains(turn.Text) ? ComplaintCategory
                : EscalationSignals.AboutMoney(turn.Text) ? BillingCategory : SlaPolicies.Fallback };
        // The quiet period belongs to the hand-off the last acknowledgement was for, while it is open: once a person resolved
        // or released it, a new hand-off is acknowledged however soon it follows (before, a "no" to an answer minutes after
        // a resolve was handed to a person without a word to the customer).
        if (turn.Thread.HeldByPerson && turn.Thread.LastAckAt is { } last && turn.Now - last < quietPeriod)
            return TurnDecision.HandOff(Reason.AckThrottled, []) with { HandOffRequest = request };

        var scope = new PromiseScope(request.Category, SlaPolicies.ParsePriority(request.Priority));
        var memory = turn.Thread.Memory;
        string text;
        if (turn.Thread.HeldByPerson && memory.PromisedByMs is { } ms)
        {
            // The hand-off is open and its customer was promised a time: the same time again, or, once it has passed, an
            // apology rather than a fresh "within 2 minutes" that no due time backs.
            var kept = Instant.FromUnixTimeMilliseconds(ms);
            text = kept > turn.Now
                ? variables.Message(turn, MessageKeys.AckLater, scope with { Kept = kept })
                : TurnVariables.OptionalMessage(turn, MessageKeys.AckOverdue, OverdueBuiltIn);
        }
        else
        {
            var promise = sla.Promise(scope.Category, scope.Priority, turn.Now);
            var key = promise switch
            {
                { Within: not null } => MessageKeys.AckOpen,
                { OpenNow: true } => MessageKeys.AckLater,
                _ => MessageKeys.AckClosed,
            };
            text = also ? variables.OptionalMessage(turn, MessageKeys.AckAlso, AlsoBuiltIn, scope)
                : rest ? variables.OptionalMessage(turn, MessageKeys.AckRest, RestBuiltIn, scope)
                : variables.Message(turn, key, scope);
            // A complaint is apologised for too, calm as it may be (QA round 61: "the instructor simply didn't show up, we
            // waited 45 minutes in the cold" got "Danke für deine Nachricht!" alone); a calm threat of the law is not, where an
            // apology reads as an admission.
            if (angry || request.Category == ComplaintCategory && !ApologyAdmits(request)) text = Apology(variables, turn, scope) + " " + text;
            memory = memory with { PromisedByMs = promise.ReplyBy.ToUnixTimeMilliseconds() };
        }
        return TurnDecision.HandOff(Reason.NoConfidentAnswer, [Reply.Of(ReplyKind.Ack, text)], turn.Thread with { LastAckAt = turn.Now, Memory = memory })
            with { HandOffRequest = request };
    }

    /// <paramref name="handOff"/> (this stage's decision) with <paramref name="answer"/> suggested under its acknowledgement:
    /// a line that names the answer, and its title as a quick reply that ResolveSuggestion takes up. Null when the decision has
    /// no acknowledgement to put it under.
    public TurnDecision? Suggest(Turn turn, TurnDecision handOff, Library.Answer answer)
    {
        if (handOff.Replies is not [.., { Kind: ReplyKind.Ack } ack] || handOff.Thread is not { } thread) return null;
        // In a language the line has no text in (the library's or a built-in one), none: an English line under a Swedish
        // acknowledgement reads as two bots.
        if (!TurnVariables.HasOptionalMessage(turn, MessageKeys.AckSuggest, SuggestBuiltIn)) return null;
        var title = answer.TitleIn(turn.Language, turn.Library.DefaultLanguage);
        var line = variables.OptionalMessage(turn, MessageKeys.AckSuggest, SuggestBuiltIn, own: v => v == "answer" ? title : null);
        var replies = handOff.Replies.Take(handOff.Replies.Count - 1).Append(ack with { Text = ack.Text + "\n\n" + line, QuickReplies = [title] }).ToList();
        return handOff with
        {
            Replies = replies,
            Thread = thread with { Memory = thread.Memory with { Suggested = new Threads.SuggestedAnswer(answer.Id, turn.Thread.Turns + 1, turn.Message.Sender.Id) } },
        };
    }

    static readonly Dictionary<string, string> SuggestBuiltIn = new()
    {
        ["en"] = "If your question is about \"{answer}\", choose it and I'll send you our answer while you wait.",
        ["de"] = "Falls es um „{answer}“ geht, wähle es aus, dann schicke ich dir schon mal unsere Antwort.",
        ["fi"] = "Jos kysymyksesi koskee aihetta ”{answer}”, valitse se, niin lähetän vastauksemme odotellessa.",
    };

    internal const string ComplaintCategory = "complaint";
    const string BillingCategory = "billing";

    /// Whether an apology would read as an admission: beside a threat of the law.
    internal static bool ApologyAdmits(HandOffRequest request) => request.Reason.StartsWith(nameof(Reason.LegalOrSafety), StringComparison.Ordinal);

    /// <paramref name="decision"/> with its acknowledgement opening with the apology, when it does not yet: anger the stages
    /// before did not hand off as such (an eye-roll, "😤") raises the hand-off's priority only afterwards (QA round 60: "…
    /// meine tochter heißt aber Lea. war ein riesen drama auf der party 😤" was queued at high priority and thanked for its
    /// message).
    public TurnDecision Apologising(Turn turn, TurnDecision decision, PromiseScope scope)
    {
        if (decision.Replies.Count == 0 || decision.Replies[^1] is not { Kind: ReplyKind.Ack } ack) return decision;
        var apology = Apology(variables, turn, scope);
        if (ack.Text.StartsWith(apology, StringComparison.Ordinal)) return decision;
        return decision with { Replies = [.. decision.Replies.Take(decision.Replies.Count - 1), ack with { Text = apology + " " + ack.Text }] };
    }

    /// The apology an angry DM's acknowledgement opens with (ack.angry), and a hand-off answer to one (AnswerReplies).
    internal static string Apology(ReplyVariables variables, Turn turn, PromiseScope scope) =>
        variables.OptionalMessage(turn, MessageKeys.AckAngry, AngryBuiltIn, scope);

    static readonly Dictionary<string, string> AngryBuiltIn = new()
    {
        ["en"] = "I'm sorry about this.",
        ["de"] = "Das tut mir leid.",
        ["fi"] = "Olen pahoillani.",
    };

    static readonly Dictionary<string, string> AlsoBuiltIn = new()
    {
        ["en"] = "A member of our team will look at this as well by {reply_by}.",
        ["de"] = "Jemand aus unserem Team schaut sich das außerdem bis {reply_by} an.",
        ["fi"] = "Joku tiimistämme katsoo asiaa myös viimeistään {reply_by}.",
    };

    static readonly Dictionary<string, string> RestBuiltIn = new()
    {
        ["en"] = "A member of our team will reply to the rest of your message by {reply_by}.",
        ["de"] = "Auf den Rest deiner Nachricht antwortet dir jemand aus unserem Team bis {reply_by}.",
        ["fi"] = "Tiimimme vastaa viestisi muuhun osaan viimeistään {reply_by}.",
    };

    static readonly Dictionary<string, string> OverdueBuiltIn = new()
    {
        ["en"] = "Thanks for your message. We're sorry we haven't answered yet as we promised; your conversation is with our team and a person will reply as soon as they can.",
        ["de"] = "Danke für deine Nachricht. Es tut uns leid, dass wir noch nicht wie versprochen geantwortet haben; dein Anliegen liegt bei unserem Team und jemand antwortet dir so bald wie möglich.",
        ["fi"] = "Kiitos viestistäsi. Pahoittelemme, ettemme ole vielä vastanneet luvatusti; keskustelusi on tiimillämme ja joku vastaa sinulle niin pian kuin mahdollista.",
    };
}
