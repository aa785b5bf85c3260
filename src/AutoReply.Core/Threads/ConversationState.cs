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
    int Turns,
    ThreadMemory Memory)
{
    public static ConversationState New(ThreadKey key) => new(key, null, null, null, 0, ThreadMemory.Empty);
}

/// The small things a thread remembers for the engine, stored as one JSON value with the thread:
/// the answers offered in a "Did you mean …?" (so the next DM can pick one), and the reply variant each answer
/// used last (so a customer does not get the same text twice in a row).
public sealed record ThreadMemory(IReadOnlyList<string>? PendingChoice, IReadOnlyDictionary<string, int> LastVariant)
{
    public static readonly ThreadMemory Empty = new(null, new Dictionary<string, int>());

    public ThreadMemory WithVariant(string answer, int variant)
    {
        var last = new Dictionary<string, int>(LastVariant) { [answer] = variant };
        return this with { LastVariant = last };
    }
}

/// What the brand may send to one sender, across all their threads on a channel.
/// Opt-out is per sender, not per thread: "STOP" in one thread silences them everywhere on that channel.
public sealed record ContactState(string Channel, string SenderId, bool OptedOut, Instant? ChangedAt)
{
    public static ContactState New(string channel, string senderId) => new(channel, senderId, false, null);
}
