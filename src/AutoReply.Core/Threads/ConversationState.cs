using AutoReply.Core.Messages;
using NodaTime;

namespace AutoReply.Core.Threads;

/// What the engine remembers about a conversation between turns. Immutable: a turn returns a new one.
/// It holds no transcript; the transcript is written beside it, not read back by the engine.
public sealed record ConversationState(
    ThreadKey Key,
    string? Language,
    Instant? LastAckAt,
    Instant? LastInboundAt,
    int Turns)
{
    public static ConversationState New(ThreadKey key) => new(key, null, null, null, 0);
}

/// What the brand may send to one sender, across all their threads on a channel.
/// Opt-out is per sender, not per thread: "STOP" in one thread silences them everywhere on that channel.
public sealed record ContactState(string Channel, string SenderId, bool OptedOut, Instant? ChangedAt)
{
    public static ContactState New(string channel, string senderId) => new(channel, senderId, false, null);
}
