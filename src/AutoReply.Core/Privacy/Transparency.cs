using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;
using NodaTime;

namespace AutoReply.Core.Privacy;

/// When a thread is told it talks to an automated system: before the first automated message (EU AI Act Art. 50(1):
/// at the latest at the first interaction), again after <see cref="RepeatAfter"/> without one, and after a person has
/// handed the thread back to automation (Meta's Messenger policy names all three). Never before a person's reply: only
/// automated messages bring one.
public sealed record DisclosureSettings(bool Enabled, Duration RepeatAfter)
{
    public static readonly DisclosureSettings Default = new(true, Duration.FromHours(24));

    /// Whether the next automated message must be preceded by the disclosure.
    public bool IsDue(Instant? disclosedAt, Instant? handedBackAt, Instant now) =>
        Enabled && (disclosedAt is not { } at || now - at >= RepeatAfter || handedBackAt is { } back && back >= at);
}

/// The last step of every turn: the automated replies it decided, framed by what the customer must be told first —
/// the disclosure (see <see cref="DisclosureSettings"/>), then, when their DM held payment details that were masked,
/// once per thread, the notice not to send such details in chat. Both are separate messages of their own kind.
public sealed class Transparency(DisclosureSettings disclosure)
{
    public TurnResult Frame(Turn turn, TurnResult result)
    {
        if (result.Decision.Lookup is not null) return result;   // the turn resumes later and is framed then
        var thread = result.Thread;
        var replies = new List<Reply>(result.Replies.Count + 2);
        // The notice is a safety message for the customer, sent even while a person holds the thread; never to a sender
        // who opted out of automated messages.
        if (turn.Message.PaymentDataMasked && !thread.Memory.PaymentNoticeSent && !result.Contact.OptedOut)
        {
            replies.Add(Reply.Of(ReplyKind.Notice, Text(turn, MessageKeys.PaymentDataNotice)));
            thread = thread with { Memory = thread.Memory with { PaymentNoticeSent = true } };
        }
        replies.AddRange(result.Replies);
        // The confirmation of a STOP is the last automated message the sender asked for, and says itself that it ends the
        // automated ones ("You won't get any more automated messages from us"): no introduction of the assistant before it
        // (QA round 14: a first DM "STOP" got two messages). The thread is not marked told: a START brings the disclosure.
        if (replies.Count > 0 && result.Decision.Reason != Engine.Reason.OptedOut && disclosure.IsDue(thread.DisclosedAt, thread.HandedBackAt, turn.Now))
        {
            // The honest answer to "are you a bot?" says what the disclosure says: in the customer's language it is the
            // disclosure this time (its decision says so in the transcript), not a second message that repeats it. In
            // another language the disclosure comes first, as always.
            if (!result.Decision.AnswersBotQuestion || !Policies.AnswerBotQuestion.SpeaksIn(turn))
                replies.Insert(0, Reply.Of(ReplyKind.Disclosure, Text(turn, MessageKeys.Disclosure)));
            thread = thread with { DisclosedAt = turn.Now };
            return result with { Decision = result.Decision with { Replies = replies }, Thread = thread, Disclosed = true };
        }
        return replies.Count == result.Replies.Count && ReferenceEquals(thread, result.Thread)
            ? result
            : result with { Decision = result.Decision with { Replies = replies }, Thread = thread };
    }

    static string Text(Turn turn, string key) => turn.Library.Message(key, turn.Language).Render(v => TurnVariables.Common(turn, v));
}
