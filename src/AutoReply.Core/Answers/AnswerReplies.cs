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
    public TurnDecision Give(Turn turn, Answer answer, Reason reason, string detail)
    {
        var language = turn.Language;
        var text = answer.In(language, turn.Library.DefaultLanguage);
        var last = turn.Thread.Memory.LastVariant.TryGetValue(answer.Id, out var l) ? l : -1;
        var variant = (last + 1) % text.Replies.Count;
        var promise = ReplyPromise.For(hours, turn.Now, replyBudget);
        var body = text.Replies[variant].Render(v => v switch
        {
            "business_hours" => TimeWording.Hours(hours, language),
            "reply_by" => TimeWording.When(promise.ReplyBy, turn.Now, hours.Zone, language),
            "reply_within" => TimeWording.Span(promise.Within ?? replyBudget, language),
            _ => TurnVariables.Common(turn, v),
        });
        var thread = turn.Thread with { Memory = turn.Thread.Memory.WithVariant(answer.Id, variant) with { PendingChoice = null } };
        var reply = new Reply(ReplyKind.Answer, body, text.QuickReplies);
        return answer.HandOff
            ? TurnDecision.HandOff(Reason.CustomerAskedForPerson, [reply], thread) with { Detail = detail }
            : TurnDecision.Reply(reason, reply, thread) with { Detail = detail };
    }
}
