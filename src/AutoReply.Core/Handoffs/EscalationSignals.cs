using AutoReply.Core.Engine;
using AutoReply.Core.Matching;
using AutoReply.Core.Policies;

namespace AutoReply.Core.Handoffs;

/// A group of customers a brand serves faster ("gold", "enterprise"): their hand-offs get at least this priority.
/// Senders are ids ("u-123") or channel-qualified ids ("meta:123").
public sealed record CustomerTier(string Name, Priority Priority, IReadOnlyCollection<string> Senders);

/// The words the signals look for; an empty list means the built-in one.
public sealed record SignalWords(IReadOnlyCollection<string> LegalOrSafety, IReadOnlyCollection<string> Anger, IReadOnlyCollection<string> Impact)
{
    // A property, not a field: a static field here and one in EscalationSignals referring to each other would see
    // null depending on which type is touched first.
    public static SignalWords Default => new(EscalationSignals.DefaultLegalOrSafety, EscalationSignals.DefaultAnger, EscalationSignals.DefaultImpact);
}

/// Signs that a DM needs a person soon, whatever the library could answer. A hand-off's priority is the highest
/// of: what the flow or answer states (urgency), legal or safety words (urgent), the customer's tier (customer
/// value), business impact (money taken twice, an outage, a whole order lost: high) and anger ("!!!", shouting,
/// anger words: high). Words are matched as folded words of the DM, not as substrings ("sue" is not in "issue");
/// impact phrases as folded word sequences.
public sealed class EscalationSignals
{
    public static readonly string[] DefaultLegalOrSafety =
    [
        "lawyer", "attorney", "sue", "lawsuit", "court", "police", "fraud", "scam", "chargeback", "injured", "injury", "fire", "allergic", "dangerous",
        "anwalt", "rechtsanwalt", "klage", "verklagen", "gericht", "polizei", "betrug", "abzocke", "verbraucherzentrale", "verletzt", "gefahrlich", "allergisch",
        "asianajaja", "poliisi", "huijaus", "vaarallinen",
    ];

    public static readonly string[] DefaultAnger = ["unacceptable", "ridiculous", "disgusting", "worst", "furious", "unverschamt", "frechheit", "katastrophe", "sauerei"];

    /// Business impact: money taken wrongly, a service down, many orders or customers affected.
    public static readonly string[] DefaultImpact =
    [
        "charged twice", "double charged", "charged me twice", "payment taken twice", "outage", "site is down", "website is down", "checkout is broken",
        "all my orders", "all orders", "whole order", "entire order", "wedding", "business account", "bulk order",
        "doppelt abgebucht", "zweimal abgebucht", "doppelt belastet", "ausfall", "seite ist down", "alle bestellungen", "ganze bestellung", "hochzeit", "firmenkunde",
        "veloitettu kahdesti", "kaksi kertaa veloitettu",
    ];

    readonly HashSet<string> legal;
    readonly HashSet<string> anger;
    readonly string[][] impact;
    readonly CustomerTier[] tiers;

    public EscalationSignals(SignalWords words, IEnumerable<CustomerTier> customerTiers)
    {
        legal = (words.LegalOrSafety.Count > 0 ? words.LegalOrSafety : DefaultLegalOrSafety).Select(w => TextFolding.Fold(w)).ToHashSet();
        anger = (words.Anger.Count > 0 ? words.Anger : DefaultAnger).Select(w => TextFolding.Fold(w)).ToHashSet();
        impact = (words.Impact.Count > 0 ? words.Impact : DefaultImpact).Select(p => TextFolding.Words(p).Select(w => TextFolding.Fold(w)).ToArray()).Where(p => p.Length > 0).ToArray();
        tiers = customerTiers.OrderByDescending(t => t.Priority).ToArray();
    }

    public static readonly EscalationSignals Default = new(new SignalWords(DefaultLegalOrSafety, DefaultAnger, DefaultImpact), []);

    public bool LegalOrSafety(Turn turn) => Words(turn).Any(legal.Contains);

    /// The customer's tier, when the brand lists the sender in one (the highest tier wins).
    public CustomerTier? TierOf(Turn turn) =>
        tiers.FirstOrDefault(t => t.Senders.Contains(turn.Message.Sender.Id) || t.Senders.Contains($"{turn.Message.Thread.Channel}:{turn.Message.Sender.Id}"));

    /// The priority the DM itself calls for (Normal when nothing stands out), and why — "legal or safety words",
    /// "customer tier gold", "business impact", "angry" — for the agent reading the queue.
    public (Priority Priority, IReadOnlyList<string> Why) PriorityOf(Turn turn)
    {
        var why = new List<string>();
        var priority = Priority.Normal;
        void Raise(Priority to, string because)
        {
            why.Add(because);
            if (to > priority) priority = to;
        }
        var words = Words(turn).ToArray();
        if (words.Any(legal.Contains)) Raise(Priority.Urgent, "legal or safety words");
        if (TierOf(turn) is { } tier) Raise(tier.Priority, $"customer tier {tier.Name}");
        if (impact.Any(phrase => Contains(words, phrase))) Raise(Priority.High, "business impact");
        if (Angry(turn.Text, words)) Raise(Priority.High, "angry");
        return (priority, why);
    }

    /// A complaint by its words alone — legal or safety words, business impact, anger — whoever wrote it.
    public bool SoundsLikeComplaint(string text)
    {
        var words = TextFolding.Words(text).Select(w => TextFolding.Fold(w)).ToArray();
        return words.Any(legal.Contains) || impact.Any(phrase => Contains(words, phrase)) || Angry(text, words);
    }

    bool Angry(string text, string[] words)
    {
        var letters = text.Count(char.IsLetter);
        var shouting = letters >= 12 && text.Count(char.IsUpper) >= letters * 0.8;
        return shouting || text.Contains("!!!", StringComparison.Ordinal) || words.Any(anger.Contains);
    }

    static bool Contains(string[] words, string[] phrase)
    {
        for (var i = 0; i + phrase.Length <= words.Length; i++)
            if (words.AsSpan(i, phrase.Length).SequenceEqual(phrase)) return true;
        return false;
    }

    static IEnumerable<string> Words(Turn turn) => TextFolding.Words(turn.Text).Select(w => TextFolding.Fold(w));
}

/// A DM with legal or safety words goes to a person at once, even when the library has an answer: it gets the
/// acknowledgement (once per quiet period) with the urgent promise, and an urgent complaint hand-off.
sealed class HandOffOnLegalOrSafetyWords(EscalationSignals signals, AcknowledgeWithPromise acknowledge) : ITurnStage
{
    public TurnDecision? Decide(Turn turn)
    {
        if (!signals.LegalOrSafety(turn)) return null;
        var ack = acknowledge.Decide(turn, new HandOffRequest("complaint", Reason.LegalOrSafety.ToString(), "urgent", turn.Thread.Memory.Variables));
        return ack with { Reason = Reason.LegalOrSafety };
    }
}
