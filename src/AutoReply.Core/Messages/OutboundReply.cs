using NodaTime;

namespace AutoReply.Core.Messages;

/// A reply as it is stored and sent: the engine's <see cref="Reply"/> with its id (also the idempotency key),
/// its thread and recipient, and the inbound message it answers.
public sealed record OutboundReply(
    string Id,
    ThreadKey Thread,
    string Recipient,
    ReplyKind Kind,
    string Text,
    IReadOnlyList<string> QuickReplies,
    string? InReplyTo,
    Instant CreatedAt);
