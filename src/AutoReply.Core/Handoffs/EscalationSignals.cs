using AutoReply.Core.Engine;
using AutoReply.Core.Matching;

namespace AutoReply.Core.Handoffs;

/// Signs that a DM needs a person soon, whatever the library could answer: legal or safety words ("lawyer",
/// "Anwalt", "injured") make it urgent, a VIP sender or an angry DM ("!!!", shouting, swearing) make it high.
/// Words are matched as folded words or stems of the DM, not as substrings ("sue" is not in "issue").
public sealed class EscalationSignals(IEnumerable<string> legalOrSafetyWords, IEnumerable<string> vipSenders, IEnumerable<string> angerWords)
{
    public static readonly string[] DefaultLegalOrSafety =
    [
        "lawyer", "attorney", "sue", "lawsuit", "court", "police", "fraud", "scam", "chargeback", "injured", "injury", "fire", "allergic", "dangerous",
        "anwalt", "rechtsanwalt", "klage", "verklagen", "gericht", "polizei", "betrug", "abzocke", "verbraucherzentrale", "verletzt", "gefahrlich", "allergisch",
        "asianajaja", "poliisi", "huijaus", "vaarallinen",
    ];

    public static readonly string[] DefaultAnger = ["unacceptable", "ridiculous", "disgusting", "worst", "furious", "unverschamt", "frechheit", "katastrophe", "sauerei"];

    readonly HashSet<string> legal = legalOrSafetyWords.Select(w => TextFolding.Fold(w)).ToHashSet();
    readonly HashSet<string> anger = angerWords.Select(w => TextFolding.Fold(w)).ToHashSet();
    readonly HashSet<string> vips = vipSenders.ToHashSet(StringComparer.Ordinal);

    public bool LegalOrSafety(Turn turn) => Words(turn).Any(legal.Contains);

    /// The priority the DM itself calls for (Normal when nothing stands out).
    public Priority PriorityOf(Turn turn)
    {
        if (LegalOrSafety(turn)) return Priority.Urgent;
        if (vips.Contains(turn.Message.Sender.Id) || vips.Contains($"{turn.Message.Thread.Channel}:{turn.Message.Sender.Id}")) return Priority.High;
        return Angry(turn) ? Priority.High : Priority.Normal;
    }

    bool Angry(Turn turn)
    {
        var text = turn.Text;
        var letters = text.Count(char.IsLetter);
        var shouting = letters >= 12 && text.Count(char.IsUpper) >= letters * 0.8;
        return shouting || text.Contains("!!!", StringComparison.Ordinal) || Words(turn).Any(anger.Contains);
    }

    static IEnumerable<string> Words(Turn turn) => TextFolding.Words(turn.Text).Select(w => TextFolding.Fold(w));
}

/// A DM with legal or safety words goes to a person at once, even when the library has an answer: it gets the
/// acknowledgement (once per quiet period) and an urgent complaint hand-off.
sealed class HandOffOnLegalOrSafetyWords(EscalationSignals signals, ITurnStage acknowledge) : ITurnStage
{
    public TurnDecision? Decide(Turn turn)
    {
        if (!signals.LegalOrSafety(turn) || acknowledge.Decide(turn) is not { } ack) return null;
        return ack with
        {
            Reason = Reason.LegalOrSafety,
            HandOffRequest = new HandOffRequest("complaint", Reason.LegalOrSafety.ToString(), "urgent", turn.Thread.Memory.Variables),
        };
    }
}
