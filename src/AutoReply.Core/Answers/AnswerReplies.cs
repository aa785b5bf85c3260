using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;
using AutoReply.Core.Threads;
using AutoReply.Core.Time;

namespace AutoReply.Core.Answers;

/// Turns a chosen answer into the reply a customer gets: the next variant (never the one this thread got last
/// time), variables filled in, quick replies attached; a hand-off answer also hands the thread to a person.
sealed class AnswerReplies(BusinessHours hours, NodaTime.Duration replyBudget)
{
    /// Set once the engine has built its dialog runtime (which needs these variables in turn).
    public Dialogs.DialogRuntime? Runtime { get; set; }

    /// The variables every reply may use besides the thread's own: business hours and the reply-by promise.
    public string? Variable(Turn turn, string name)
    {
        var language = turn.Language;
        return name switch
        {
            "business_hours" => TimeWording.Hours(hours, language),
            "reply_by" => TimeWording.When(ReplyPromise.For(hours, turn.Now, replyBudget).ReplyBy, turn.Now, hours.Zone, language),
            "reply_within" => TimeWording.Span(ReplyPromise.For(hours, turn.Now, replyBudget).Within ?? replyBudget, language),
            _ => TurnVariables.Common(turn, name),
        };
    }

    public string RenderMessage(Turn turn, string key) => turn.Library.Message(key, turn.Language).Render(v => Variable(turn, v));

    public TurnDecision Give(Turn turn, Answer answer, Reason reason, string detail)
    {
        var language = turn.Language;
        var text = answer.In(language, turn.Library.DefaultLanguage);
        var last = turn.Thread.Memory.LastVariant.TryGetValue(answer.Id, out var l) ? l : -1;
        var variant = (last + 1) % text.Replies.Count;
        var body = text.Replies[variant].Render(v => Variable(turn, v));
        var memory = turn.Thread.Memory.WithVariant(answer.Id, variant) with { PendingChoice = null };
        var reply = new Reply(ReplyKind.Answer, body, text.QuickReplies);
        if (answer.HandOff)
            return TurnDecision.HandOff(Reason.CustomerAskedForPerson, [reply], turn.Thread with { Memory = memory }) with
            {
                Detail = detail,
                HandOffRequest = new HandOffRequest(answer.Category, Reason.CustomerAskedForPerson.ToString(), null, memory.Variables),
            };
        if (answer.Flow is { } flowId && Runtime is { } runtime)
        {
            // The answer opens its flow: the answer's text, then the flow's first prompt, in one turn.
            var started = runtime.Start(turn, turn.Library.Flows[flowId], memory, [reply]);
            return Dialogs.ContinueActiveDialog.Decision(turn, started, reason) with { Detail = detail };
        }
        return TurnDecision.Reply(reason, reply, turn.Thread with { Memory = memory }) with { Detail = detail };
    }
}
