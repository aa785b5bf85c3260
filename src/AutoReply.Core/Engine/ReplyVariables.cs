using AutoReply.Core.Time;
using NodaTime;

namespace AutoReply.Core.Engine;

/// The variables any reply may use besides a thread's own values: {name}, {business_hours}, and the promise a
/// person's reply keeps — {reply_by} ("Monday 11:00"), {reply_within} ("2 hours") — in business time.
sealed class ReplyVariables(BusinessHours hours, Duration replyBudget)
{
    public string? Value(Turn turn, string name)
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

    /// One of the library's own messages (acknowledgements, flow notices) in the turn's language.
    public string Message(Turn turn, string key) => turn.Library.Message(key, turn.Language).Render(v => Value(turn, v));
}
