using AutoReply.Core.Messages;
using AutoReply.Core.Threads;

namespace AutoReply.Core.Engine;

/// Why the engine decided what it did; stored with the turn so that "why did the bot say that?" has an answer.
public enum Reason
{
    OptedOut,
    OptedIn,
    SenderOptedOut,
    Acknowledged,
    AckThrottled,
    Answered,
    AnsweredChoice,
    AskedWhichAnswer,
    CustomerAskedForPerson,
    NoConfidentAnswer,
    OutOfScope,
    FlowStep,
    FlowCancelled,
    FlowHandOff,
    PromptExhausted,
    /// The customer has not got what a flow asked for ("I don't have the order number"): a person takes over.
    CustomerLacksValue,
    HumanHoldsThread,
    LegalOrSafety,
    SatisfactionRecorded,
    AnsweredBotQuestion,
    RepeatedMiss,
    /// The engine failed on the DM (a defect): it is acknowledged and handed to a person instead.
    EngineFailed,
    StickerOnly,
    UnsupportedMessage,
    /// "ok", "alles klar", "👍": recorded, not answered.
    ClosingRemark,
    /// A DM of several questions: the library's answers to those it covers, and a person for the rest.
    PartlyAnswered,
    /// The customer has waited longer than the answer's own time ("returned it 2 weeks ago" under a refund "within 5 working
    /// days"): a person checks, rather than the policy told again.
    PromisePassed,
    /// The customer asks for their personal data to be erased or disclosed (GDPR): only a person can act on it.
    PrivacyRequest,
    /// The customer left a flow that only a person can finish (a callback, a lead, a refund) before its hand-off: when it
    /// lapses, a person gets what it collected (<see cref="ConversationEngine.Lapse"/>).
    FlowLapsed,
}

public enum DecisionKind { Reply, Silence, HandOff }

/// What the engine asks of the hand-off queue: the category decides the SLA, the summary saves the agent from
/// asking again what the customer already said.
/// A call a flow needs made: the configured lookup's name and the thread's variables to fill its URL with.
public sealed record LookupRequest(string Name, IReadOnlyDictionary<string, string> Variables);

/// What came back: the fields of the answer, or not found, or failed (error, timeout, not configured).
public sealed record LookupResult(LookupOutcome Outcome, IReadOnlyDictionary<string, string> Fields, string? Error = null);

public enum LookupOutcome { Found, NotFound, Failed }

/// A sale a flow closed: the order's id, its value and currency.
public sealed record RecordedSale(string OrderId, decimal Value, string Currency);

public sealed record HandOffRequest(string Category, string Reason, string? Priority, IReadOnlyDictionary<string, string> Summary)
{
    /// When a person must first answer, and resolve, by the SLA of the category and priority (set by the engine).
    public NodaTime.Instant? FirstResponseDue { get; init; }
    public NodaTime.Instant? ResolutionDue { get; init; }
    public NodaTime.Instant? WarnAt { get; init; }
    /// The customer's tier when the brand lists the sender in one (customer value).
    public string? CustomerTier { get; init; }

    /// The time a flow gave the customer for what the person will do (a callback at 11:00, a trial lesson to confirm before
    /// it starts): the first response is due by then at the latest, whatever the category's SLA allows (QA round 17: a
    /// callback promised for 11:00 was due at 12:00, and a lesson's confirmation was promised for after the lesson).
    public NodaTime.Instant? DueBy { get; init; }
}

/// What one stage decided: the replies to send and the state that changes with them.
/// A stage returns null to pass the turn on; it never sends anything itself.
public sealed record TurnDecision(DecisionKind Kind, Reason Reason, IReadOnlyList<Reply> Replies, ConversationState? Thread = null,
    ContactState? Contact = null)
{
    public static TurnDecision Reply(Reason reason, Reply reply, ConversationState? thread = null, ContactState? contact = null) =>
        new(DecisionKind.Reply, reason, [reply], thread, contact);

    public static TurnDecision Silence(Reason reason, ConversationState? thread = null, ContactState? contact = null) =>
        new(DecisionKind.Silence, reason, [], thread, contact);

    public static TurnDecision HandOff(Reason reason, IReadOnlyList<Reply> replies, ConversationState? thread = null) =>
        new(DecisionKind.HandOff, reason, replies, thread);

    /// Why, in a line: the matched answer and its confidence, for the transcript and `autoreply ask`.
    public string? Detail { get; init; }

    /// The replies hold the honest answer to "are you a bot?" (<see cref="Policies.AnswerBotQuestion"/>), which in the
    /// customer's language stands in for the disclosure.
    public bool AnswersBotQuestion { get; init; }

    /// The stock answer this decision gave, if it gave one.
    public string? AnswerId { get; init; }

    /// The customer's satisfaction score (1–5), when this DM answered the satisfaction question.
    public int? Satisfaction { get; init; }

    /// For a hand-off: what a person needs to take over (category, priority, everything the flows collected).
    public HandOffRequest? HandOffRequest { get; init; }

    /// Sales a flow recorded this turn (a sale step): the host stores them for this thread.
    public IReadOnlyList<RecordedSale> Sales { get; init; } = [];

    /// A flow waits on a brand system: the host makes the call and resumes the turn with the answer
    /// (<see cref="ConversationEngine.Resume"/>). The engine itself never does I/O.
    public LookupRequest? Lookup { get; init; }

    /// Whether this turn puts the thread in a person's hands. The one rule for the hold: a turn can put a thread on
    /// hold (it handed off) but never take it off — only an agent's resolve or release does that. The engine applies
    /// it to the thread it returns (<see cref="HoldAfter"/>); the store writes this, never the turn's copy of the flag,
    /// which is stale when an agent let go while the turn ran.
    public bool PutsOnHold => Kind == DecisionKind.HandOff;

    /// The turn lets go of the thread's hold (an opt-in after a hold that only the opt-out made; the store releases it
    /// unless a person has answered meanwhile).
    public bool ReleasesHold { get; init; }

    /// The thread's hold after this decision, given the hold it had before.
    public bool HoldAfter(ConversationState before) => before.HeldByPerson && !ReleasesHold || PutsOnHold;
}

/// The outcome of a whole turn, ready to be committed in one transaction: replies, the new thread and contact
/// state, and the decision that explains them.
public sealed record TurnResult(TurnDecision Decision, ConversationState Thread, ContactState Contact)
{
    public IReadOnlyList<Reply> Replies => Decision.Replies;

    /// The DM is a complaint: handed to a person as one (anger, legal or safety words, a complaint answer's hand-off),
    /// or answered with an answer of the complaint category. Counted once per thread (the private-complaint figure).
    public bool Complaint { get; init; }

    /// This turn told the customer they talk to an automated assistant (<see cref="Privacy.Transparency"/>). Only such a
    /// turn writes the thread's disclosure time: a turn that told nothing leaves it as it is when the turn commits, so a
    /// disclosure found undelivered meanwhile (held or dead-lettered, which clears the time) is not written back.
    public bool Disclosed { get; init; }

    /// What the turn changes about the moment the thread's flow lapses; null when nothing (no flow that goes to a person when
    /// left, before the turn or after it).
    public FlowLapseChange? Lapse { get; init; }
}

/// The thread is left in a flow that goes to a person when the customer leaves it (<see cref="Dialogs.Flow.HandsOffWhenLapsed"/>):
/// <see cref="At"/> is when it lapses unless the customer writes again; null when the thread left such a flow, and nothing
/// is due any more.
public sealed record FlowLapseChange(NodaTime.Instant? At);

/// A rule of the engine. It takes the turn and returns a decision, or null to let the next stage decide.
public interface ITurnStage
{
    TurnDecision? Decide(Turn turn);
}
