using AutoReply.Core.Engine;
using AutoReply.Core.Matching;

namespace AutoReply.Core.Policies;

/// A DM that only closes the exchange — "ok", "alles klar", "selvä", "no that's all", "👍" — is recorded and not answered,
/// as a sticker is: it asks nothing. Before, it found no confident answer, so it was acknowledged ("a person will reply by
/// 11:00") and handed to a person, and the bot went quiet in the thread. It runs after the flows and the choice offered
/// (there "ok" can be the yes asked for) and after anger; a thank-you is left to the library's own answer when it has
/// one. A bare "?" is not closing: it asks again.
sealed class IgnoreClosingRemarks : ITurnStage
{
    static readonly HashSet<string> Remarks =
    [
        // en
        "ok", "okay", "okey", "okie", "k", "kk", "ok ok", "cool", "ok cool", "great", "ok great", "super", "fine", "ok fine", "alright",
        "all right", "got it", "ok got it", "gotcha", "understood", "ok understood", "noted", "sure", "ok sure", "perfect", "ok perfect",
        "nice", "awesome", "good", "ok good", "sounds good", "will do", "all good", "no worries", "np", "that s all", "thats all",
        "no that s all", "no thats all", "that s it", "thats it", "no that s it", "nothing else", "no nothing else", "ok bye", "bye",
        // de
        "passt", "passt schon", "alles klar", "ok alles klar", "klar", "gut", "ok gut", "prima", "verstanden", "ok verstanden",
        "perfekt", "geht klar", "in ordnung", "jo", "jup", "das wars", "das war s", "das wars schon", "nein das wars", "sonst nichts",
        "nichts weiter", "alles gut", "top", "tschuss", "ciao",
        // fi
        "okei", "selva", "selva juttu", "ok selva", "okei selva", "asia selva", "hyva", "hyva on", "jes", "jees", "joo", "ymmarran",
        "sopii", "siistia", "mahtavaa", "ei muuta", "siina kaikki", "moi moi", "heippa",
    ];

    public TurnDecision? Decide(Turn turn) => IsClosing(turn.Text)
        ? TurnDecision.Silence(Reason.ClosingRemark) with { Detail = "a closing remark: nothing to answer" }
        : null;

    /// The whole DM is a closing remark, or only emoji and punctuation without a question or exclamation mark.
    public static bool IsClosing(string text)
    {
        if (text.Length > 40) return false;
        var words = TextFolding.FoldedWords(text).ToList();
        if (words.Count == 0) return text.Any(c => char.IsSurrogate(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.OtherSymbol)
            && !text.Any(c => c is '?' or '!' or '？');
        return Remarks.Contains(string.Join(' ', words));
    }
}
