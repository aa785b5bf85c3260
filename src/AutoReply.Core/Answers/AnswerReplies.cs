using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;
using AutoReply.Core.Threads;

namespace AutoReply.Core.Answers;

/// Turns a chosen answer into the reply a customer gets: the next variant (never the one this thread got last
/// time), variables filled in, quick replies attached; a hand-off answer also hands the thread to a person.
sealed class AnswerReplies(ReplyVariables variables, Dialogs.DialogRuntime runtime, Handoffs.EscalationSignals signals)
{
    /// The category (Library.Answer.Categories) whose hand-off answers are urgent.
    internal const string UrgentCategory = "urgent";

    static readonly Dictionary<string, string> NotItBuiltIn = new()
    {
        ["en"] = "Not what you asked? Reply \"no\" and a person from our team will take over.",
        ["de"] = "Nicht das, was du wissen wolltest? Antworte „nein“, dann übernimmt ein Mensch aus unserem Team.",
        ["fi"] = "Eikö tämä vastannut kysymykseesi? Vastaa ”ei”, niin joku tiimistämme jatkaa.",
    };

    /// <see cref="Give"/> for an answer the matcher was not sure of: the reply ends with the offer of a person
    /// (the library's answer.not_it message, or a built-in one), and a "no" to it in the next DM hands the thread over
    /// as a repeated miss. An answer that hands off or opens a flow needs no offer: it leads on by itself.
    public TurnDecision GiveWithOffer(Turn turn, Answer answer, Reason reason, string detail)
    {
        if (answer.HandOff || answer.Flow is not null) return Give(turn, answer, reason, detail);
        var given = Give(turn, answer, reason, detail);
        // The offer in the language the answer was given in: an English answer (the library has none in Finnish) under a
        // Finnish footer read as two bots.
        var language = answer.LanguageOf(turn.Language, turn.Library.DefaultLanguage);
        var offer = TurnVariables.OptionalMessage(turn.SpeakingIn(language), MessageKeys.AnswerNotIt, NotItBuiltIn);
        var replies = given.Replies.Select((r, i) => i == given.Replies.Count - 1 ? r with { Text = r.Text + "\n\n" + offer } : r).ToList();
        var thread = given.Thread! with { Memory = given.Thread!.Memory with { NotItOfferedFor = turn.Thread.Turns + 1 } };
        return given with { Replies = replies, Thread = thread, Detail = detail + "; offered a person" };
    }

    public TurnDecision Give(Turn turn, Answer answer, Reason reason, string detail)
    {
        // The answer's variables ({reply_by}, {business_hours}) read in the language of its text.
        var language = answer.LanguageOf(turn.Language, turn.Library.DefaultLanguage);
        var text = answer.In(language, turn.Library.DefaultLanguage);
        var said = turn.SpeakingIn(language);
        var last = turn.Thread.Memory.LastVariant.TryGetValue(answer.Id, out var l) ? l : -1;
        var variant = (last + 1) % text.Replies.Count;
        // A way to a person asked for in anger hands off a complaint, and its text promises a complaint's reply time. The
        // library's "talk to a person" takes the category of what the DM is about (QA round 20: a wholesale enquiry asking
        // for a person went to service, not sales).
        Answer? topic = null;
        var summary = answer.HandOff && turn.AsksForPerson ? Handoffs.HandOffWhenAskedForPerson.WithTopic(turn, turn.Thread.Memory.Variables, out topic) : null;
        // Asked in anger it stays a complaint, whatever the topic's team.
        var category = answer.HandOff && (answer.ForReachingAPerson || turn.AsksForPerson) ? signals.RequestCategory(answer.Category, turn.Text) : answer.Category;
        if (answer.ForReachingAPerson && topic is not null && category != "complaint") category = signals.RequestCategory(topic.Category, turn.Text);
        // A hand-off answer of the urgent category ("my dog ate chocolate" → the emergency numbers) hands off at urgent
        // priority, with its target (15 minutes by default): QA round 31's was queued at normal.
        var urgent = answer.HandOff && category == UrgentCategory;
        var scope = answer.HandOff ? new PromiseScope(category, urgent ? Handoffs.Priority.Urgent : Handoffs.Priority.Normal) : PromiseScope.General;
        var body = text.Replies[variant].Render(v => variables.Value(said, v, scope));
        // A hand-off answer to an angry DM opens with the apology the acknowledgement would have (QA rounds 29–31: "ICH WILL
        // SOFORT MIT EINEM MENSCHEN SPRECHEN. seit 3 tagen warte ich auf einen rückruf!!!" got the library's plain "someone will
        // take over"). Shouting counts here, as for the priority; only a flow is skipped for angry words alone.
        if (answer.HandOff && signals.AngryByWords(turn.Text))
            body = Policies.AcknowledgeWithPromise.Apology(variables, turn, scope) + " " + body;
        var memory = turn.Thread.Memory.WithVariant(answer.Id, variant) with { PendingChoice = null };
        var reply = new Reply(ReplyKind.Answer, body, text.QuickReplies);
        if (answer.HandOff)
        {
            // An answer for reaching a person says the customer asked for one, and so does any hand-off answer given to a DM
            // that asked for a person ("is there a way to reach a real person? my card was charged twice"); a damage
            // answer alone hands off as answered.
            var why = answer.ForReachingAPerson || turn.AsksForPerson ? Reason.CustomerAskedForPerson : reason;
            return TurnDecision.HandOff(why, [reply], turn.Thread with { Memory = memory }) with
            {
                Detail = detail,
                AnswerId = answer.Id,
                // (the flow's values are the thread's: the variant chosen above does not change them)
                HandOffRequest = new HandOffRequest(category, why.ToString(), urgent ? Handoffs.PriorityNames.Name(Handoffs.Priority.Urgent) : null, summary ?? memory.Variables),
            };
        }
        if (answer.Flow is { } flowId)
        {
            // The answer opens its flow: the answer's text, then the flow's first prompt, in one turn.
            var started = runtime.Start(turn, turn.Library.Flows[flowId], memory, [reply]);
            return Dialogs.ContinueActiveDialog.Decision(turn, started, reason) with { Detail = detail, AnswerId = answer.Id };
        }
        var answered = new Threads.AnsweredDm(answer.Id, turn.Text, turn.Thread.Turns + 1, turn.Now.ToUnixTimeMilliseconds());
        return TurnDecision.Reply(reason, reply, turn.Thread with { Memory = memory with { Answered = answered } }) with { Detail = detail, AnswerId = answer.Id };
    }
}
