using NodaTime;

namespace AutoReply.Core.Time;

/// What an acknowledgement promises: a person will reply by <see cref="ReplyBy"/>.
/// <see cref="Within"/> is set only when the business is open now and the whole budget fits before it closes,
/// so that "within 2 hours" is literally true; otherwise the wording names the day and time.
public sealed record ReplyPromise(bool OpenNow, Instant ReplyBy, Duration? Within)
{
    public static ReplyPromise For(BusinessHours hours, Instant now, Duration budget)
    {
        var replyBy = hours.AddBusinessTime(now, budget);
        var open = hours.IsOpenAt(now);
        return new ReplyPromise(open, replyBy, open && replyBy - now == budget ? budget : null);
    }
}
