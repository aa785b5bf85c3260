using AutoReply.Core.Messages;
using NodaTime;

namespace AutoReply.Channels.Meta;

/// Meta's messaging windows, in one place: an automated message only within 24 hours of the customer's last message
/// (RESPONSE, or UPDATE for marketing); a person's reply after that with the HUMAN_AGENT tag, up to 7 days; nothing
/// after 7 days until the customer writes again. MetaSender sends by it, the CSAT job and conversation tests ask it.
public static class MetaWindow
{
    public static readonly Duration Standard = Duration.FromHours(24);
    public static readonly Duration HumanAgent = Duration.FromDays(7);

    /// How a reply of this kind may go, <paramref name="age"/> after the customer's last message (null: never wrote):
    /// its messaging type and tag, or why it is held.
    public static (string? Type, string? Tag, string? Held) For(ReplyKind kind, Duration? age)
    {
        if (age is { } a && a <= Standard) return (kind == ReplyKind.Marketing ? "UPDATE" : "RESPONSE", null, null);
        if (kind == ReplyKind.Agent && age is { } b && b <= HumanAgent) return ("MESSAGE_TAG", "HUMAN_AGENT", null);
        if (kind == ReplyKind.Agent)
            return (null, null, "the customer last wrote more than 7 days ago: Meta allows no reply, not even a person's, until they write again");
        return (null, null, "outside Meta's 24-hour messaging window: an automated message may not be sent until the customer writes again");
    }

    /// Whether an automated message may go now (the satisfaction question, a bot reply).
    public static bool AllowsAutomated(Instant? lastInbound, Instant now) => lastInbound is { } last && now - last <= Standard;
}
