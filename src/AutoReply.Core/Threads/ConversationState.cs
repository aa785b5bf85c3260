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

    /// Handed to a person and not yet resolved or handed back: the bot does not answer it.
    public bool HeldByPerson { get; init; }

    /// A person has written to the customer in this hand-off: from then on not even an acknowledgement is sent.
    public bool PersonAnswered { get; init; }

    /// When the satisfaction question was sent, while its answer is awaited.
    public Instant? CsatAskedAt { get; init; }

    /// When the thread was last told it talks to an automated system.
    public Instant? DisclosedAt { get; init; }

    /// When a person last handed the thread back to automation (released or resolved its hand-off).
    public Instant? HandedBackAt { get; init; }

    /// Until when a person who answered in the platform's own inbox (not through a hand-off here) holds the thread: the
    /// bot says nothing in it until then.
    public Instant? PersonHoldUntil { get; init; }

    /// A person answered in the platform's own inbox lately (<see cref="PersonHoldUntil"/>).
    public bool HeldOnPlatform(Instant now) => PersonHoldUntil > now;

    /// A person holds the thread, here (a hand-off) or on the platform.
    public bool PersonHolds(Instant now) => HeldByPerson || HeldOnPlatform(now);
}

/// The small things a thread remembers for the engine, stored as one JSON value with the thread:
/// the answers offered in a "Did you mean …?" (so the next DM can pick one), and the reply variant each answer
/// used last (so a customer does not get the same text twice in a row).
public sealed record ThreadMemory(IReadOnlyList<string>? PendingChoice, IReadOnlyDictionary<string, int> LastVariant)
{
    public static readonly ThreadMemory Empty = new(null, new Dictionary<string, int>());

    /// The thread went to a person only because its sender had opted out (HandOffOptedOutSenders): opting back in hands
    /// it back to the bot when no person has answered (QA rounds 17 and 18: after START the bot stayed quiet).
    public bool HeldForOptOut { get; init; }

    /// The flows this thread is in, innermost last (a flow can call another); empty when none.
    public IReadOnlyList<DialogFrame> Dialog { get; init; } = [];

    /// Values collected by flows and set by them ({order_number}, {callback_time}); they outlive the flow,
    /// so a hand-off summary and later replies can use them.
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    public bool InDialog => Dialog.Count > 0;

    /// The customer was told not to send payment details in chat (once per thread).
    public bool PaymentNoticeSent { get; init; }

    /// When the customer was last asked to write as text after a message the platform cannot show (epoch ms).
    public long? UnsupportedNoticeAtMs { get; init; }

    /// The thread's turn count at which a "no" hands the thread to a person: set by a stock answer given with the offer
    /// ("Not what you asked? Reply no …"), so only the very next DM can take it up.
    public int? NotItOfferedFor { get; init; }

    /// The thread's turn count of the DM after a recorded satisfaction score: that DM, when it is a score again, replaces it.
    public int? RatedFor { get; init; }

    /// When the acknowledgement of the thread's open hand-off promised a person's reply (epoch ms). A later acknowledgement
    /// while a person holds the thread states this promise again, or owns up to it once it has passed; it never makes a
    /// new one that the hand-off's due time does not back.
    public long? PromisedByMs { get; init; }

    /// The name the thread's latest DM that had one gave (platforms send it with some DMs only): {name} in a reply to a
    /// DM without one still greets the customer by it.
    public string? SenderName { get; init; }

    /// Whose name <see cref="SenderName"/> is (the sender id): in a thread others write in too (a group DM, a shared generic
    /// thread), a DM of one sender is not greeted by another's name. Null for a name kept before it was recorded.
    public string? SenderNameOf { get; init; }

    /// The DM the bot's last turn answered with a stock answer, for the very next DM only: a short follow-up ("and on
    /// saturday?") is judged again read after it (MatchStockAnswer).
    public AnsweredDm? Answered { get; init; }

    /// The answer the acknowledgement of the thread's open hand-off suggested: its title (the quick reply), or a plain yes in
    /// the very next DM, gets the answer while the hand-off waits (ResolveSuggestion). Gone once the hand-off is closed or a
    /// person has written.
    public SuggestedAnswer? Suggested { get; init; }

    public ThreadMemory WithVariant(string answer, int variant)
    {
        var last = new Dictionary<string, int>(LastVariant) { [answer] = variant };
        return this with { LastVariant = last };
    }
}

/// A DM that got a stock answer: which answer, the DM's text, the turn count of the DM after it, and when (epoch ms).
public sealed record AnsweredDm(string AnswerId, string Text, int ForTurn, long AtMs)
{
    /// Every answer the DM got, in the order given, when it got more than one (a DM of several questions): a follow-up
    /// that only narrows ("entä viroon?") continues them all.
    public IReadOnlyList<string>? All { get; init; }
}

/// An answer suggested under an acknowledgement, the turn count of the DM that may take it up, and the sender it was
/// offered to.
public sealed record SuggestedAnswer(string AnswerId, int ForTurn, string? SenderId = null);

/// What the brand may send to one sender, across all their threads on a channel.
/// Opt-out is per sender, not per thread: "STOP" in one thread silences them everywhere on that channel.
public sealed record ContactState(string Channel, string SenderId, bool OptedOut, Instant? ChangedAt)
{
    public static ContactState New(string channel, string senderId) => new(channel, senderId, false, null);
}

/// Where a thread is in one flow: which flow and version, which step, how many tries the current prompt has had,
/// and when the customer last moved it on (for the flow timeout). Small and typed: no object bags.
public sealed record DialogFrame(string Flow, string Version, string Step, int Attempts, long LastActivityMs)
{
    /// The day an answer to the current date-time prompt named without a time of day (ISO date): a time alone next
    /// completes it ("tomorrow" … "at 3pm" is tomorrow at 3pm, not today).
    public string? DateSaid { get; init; }

    /// The asks of this flow the DM that started it already answered (their variables saved then): skipped once when the
    /// flow reaches them.
    public IReadOnlyList<string>? Given { get; init; }
}
