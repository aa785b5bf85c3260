using AutoReply.Core.Engine;
using System.Text;
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
        "bye then", "ok bye then", "bye bye", "goodbye", "good bye", "cya", "see ya", "see you",
        // good wishes, as the remark after or before a goodbye (QA round 53: "ok alles klar, schönen abend noch tschüss" was
        // acknowledged and went to a person)
        "have a nice day", "have a good day", "have a nice evening", "have a good evening", "have a nice weekend",
        "have a good weekend", "have a good one", "enjoy your day", "enjoy your evening", "enjoy your weekend",
        // de
        "passt", "passt schon", "alles klar", "ok alles klar", "klar", "gut", "ok gut", "prima", "verstanden", "ok verstanden",
        "perfekt", "geht klar", "in ordnung", "jo", "jup", "das wars", "das war s", "das wars schon", "nein das wars", "sonst nichts",
        "nichts weiter", "alles gut", "top", "tschuss", "tschus", "tschau", "ciao", "ok tschuss", "bis dann", "bis bald",
        "schonen abend", "schonen abend noch", "schonen tag", "schonen tag noch", "schones wochenende", "schones wochenende noch",
        "einen schonen abend", "einen schonen tag", "ein schones wochenende", "schonen feierabend",
        // Austrian and Bavarian goodbyes (QA round 65: "passt, baba!" went to a person as out of scope)
        "baba", "pfiat di", "pfiat eich", "pfiati", "ade",
        // fi
        "okei", "selva", "selva juttu", "ok selva", "okei selva", "asia selva", "hyva", "hyva on", "jes", "jees", "joo", "ymmarran",
        "sopii", "siistia", "mahtavaa", "ei muuta", "siina kaikki", "moi moi", "heippa", "nahdaan", "hei hei",
        // spoken (QA round 75: "okei moikka nähään" went to a person as out of scope)
        "nahaan", "nahdaa", "nahaa",
        "hyvaa paivanjatkoa", "hyvaa illanjatkoa", "hyvaa viikonloppua",
    ];

    /// "no", "no thanks", "nein danke", "ei kiitos": after the bot has said something in the thread, the answer to its
    /// "anything else?" (a "no" to an answer that offered a person is a repeated miss, decided before this stage). As the
    /// first DM of a thread it closes nothing, and goes on to be answered or handed off.
    static readonly HashSet<string> Declines =
    [
        "no", "nope", "nah", "no thanks", "no thank you", "no thx", "no ty", "nope thanks", "no im good", "no i m good", "no im fine",
        "nein", "nee", "ne", "nein danke", "ne danke", "nee danke", "nein danke das wars", "nein alles gut",
        "ei", "ei kiitos", "ei kiitti", "ei tarvii", "ei tarvitse", "ei muuta kiitos", "ei kiitos siina kaikki",
    ];

    public TurnDecision? Decide(Turn turn) => IsClosing(turn.Text) || (turn.Thread.Turns > 0 && IsDecline(turn.Text))
        ? TurnDecision.Silence(Reason.ClosingRemark) with { Detail = "a closing remark: nothing to answer" }
        : IsWrongChat(turn.Text)
            ? TurnDecision.Silence(Reason.ClosingRemark) with { Detail = "sent to the wrong chat, it says: nothing to answer" }
            : null;

    /// A DM that says it went to the wrong chat and asks nothing — "sorry falsche nummer wollte eigentlich meiner schwester
    /// schreiben 😅", "sori väärä numero luulin et tää on mun siskon", "oops wrong chat" — needs no reply and no person (QA
    /// rounds 64 and 66: each was acknowledged with a promise and queued). Not with a question mark: "wrong number? I
    /// called the one on your site" asks.
    static bool IsWrongChat(string text) =>
        text.Length <= 160 && !text.Contains('?') && WrongChat.IsMatch(TextFolding.Fold(text));

    static readonly System.Text.RegularExpressions.Regex WrongChat = new(
        @"^\W*(?:(?:sorry|sori|sorri|soz|oops|ops|ups|hups|uups|entschuldigung|sorry sorry|oh|anteeks|anteeksi|pahoittelut)\W+)*" +
        @"(?:(?:i )?(?:wrong|wrongly) (?:number|chat|person|account|conversation|dm|thread)|(?:this was|that was|meant) (?:for|to send to) (?:someone|somebody) else" +
        @"|(?:i )?(?:meant|wanted) to (?:send|write) (?:this |that |it )?(?:to|for) (?:someone|somebody|my \w+)" +
        @"|falsche[rn]? (?:nummer|chat|person|empfanger|kontakt)|(?:war )?nicht fur euch|(?:vaara|vaaraan|vaaralle) (?:numero|numeroon|henkilo|henkilolle|keskustelu|keskusteluun|chatti|chattiin|ihmiselle))\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// Whether a DM asks whether this is someone else's number or account: "onks tää jannen numero?", "is this mike's
    /// number?", "ist das die Nummer von Jan?" (QA round 69: the first got the rental's phone number). A wrong number, but a
    /// question: a person tells them, no stock answer (MatchStockAnswer), where a wrong chat told is not answered.
    internal static bool AsksForSomeoneElse(string text) => SomeoneElses.IsMatch(TextFolding.Fold(text));

    static readonly System.Text.RegularExpressions.Regex SomeoneElses = new(
        @"\b(?:is (?:this|that)|isn'?t this|this is(?:n'?t| not)?) (?:\w+'?s) (?:number|phone|phone number|account|insta|profile)\b" +
        @"|\b(?:ist|is) (?:das|dies) (?:hier )?(?:die nummer|das handy|das konto|der account|das profil) von (?!(?:euch|ihnen|dir|uns|dem|der|eurem|eurer|ihrem|ihrer)\b)\w+" +
        @"|\bbist du (?:das|es),? \w+\s*\?" +
        @"|\b(?:onko|onks|onk) (?:tama|taa|tuo|toi) (?!(?:teidan|teijan|sinun|sun|mun|minun|meidan|heidan|firman|yrityksen|oikea|oikee|oikean)\b)\w+n (?:numero|puhelinnumero|tili|profiili)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    static bool IsDecline(string text) => text.Length <= 40 && Declines.Contains(string.Join(' ', TextFolding.FoldedWords(text)));

    /// The whole DM is a closing remark, or only closing emoji.
    public static bool IsClosing(string text)
    {
        if (text.Length > 60) return false;
        var words = TextFolding.FoldedWords(text).ToList();
        // (not with a question mark: "nähdään lauantaina?" asks whether the appointment holds)
        if (words.Count > 1 && !text.Contains('?')) words = [.. SeeYouWhen.Replace(string.Join(' ', words), m => m.Groups["seeyou"].Value is "bis" ? "bis dann" : m.Groups["seeyou"].Value).Split(' ')];
        if (words.Count == 0)
        {
            // Only emoji that close: a thumbs-up, ok, thanks, a smile, a heart (with their skin tones and variants). "👎",
            // "😢", "🤔" or "❓" say something, and go on to be answered or handed off.
            var any = false;
            foreach (var rune in text.EnumerateRunes())
            {
                if (Rune.IsWhiteSpace(rune) || rune.Value is 0xFE0F or 0x200D or (>= 0x1F3FB and <= 0x1F3FF) || rune.Value is '.' or ',') continue;
                if (!ClosingEmoji.Contains(rune.Value)) return false;
                any = true;
            }
            return any;
        }
        return Remarks.Contains(string.Join(' ', words)) || OfRemarks(words, 0, afterRemark: false);
    }

    /// Whether the words from <paramref name="at"/> on are closing remarks one after another ("okei selvä, moikka", "alles klar,
    /// tschüss", "ok cool, bye"; QA round 44: the first went to a person as out of scope, "unknown words: selvä"), a
    /// greeting word that also says goodbye (<see cref="Farewells"/>) only after one: alone it opens a conversation.
    static bool OfRemarks(List<string> words, int at, bool afterRemark, bool afterGoodbye = false)
    {
        if (at == words.Count) return afterRemark;
        if (afterRemark && Farewells.Contains(words[at]) && OfRemarks(words, at + 1, true)) return true;
        // after a goodbye, a word that greets says goodbye too: "selvä, nähdään lauantaina! moro" (QA round 69: it went to a
        // person), "bis dann, servus"
        if (afterGoodbye && Greetings.Contains(words[at]) && OfRemarks(words, at + 1, true, true)) return true;
        // and a word that both greets and says goodbye, before one: "moikka nähdään 👋", "heippa, bis dann" (QA round 80: the first
        // got the greeting's "Miten voimme auttaa?"); a word that only greets still greets there ("hallo, bis dann?")
        if (Farewells.Contains(words[at]) && OneThenRemarks(Goodbyes, words, at + 1)) return true;
        // "tschüss und schönes Wochenende": a joining word between two remarks; "ok dann tschüss", "ok then bye", "okei sit
        // moikka" (QA round 64: "ok dann tschüss schönes wochenende" went to a person)
        if (afterRemark && words[at] is "and" or "und" or "ja" or "dann" or "then" or "sit" or "sitten"
            && at + 1 < words.Count && OfRemarks(words, at + 1, true)) return true;
        // and "then" closing them: "ok tschüss dann", "tschüss dann" (QA round 77: the first went to a person)
        if (afterRemark && at + 1 == words.Count && words[at] is "dann" or "then" or "sit" or "sitten") return true;
        return OneThenRemarks(Remarks, words, at);
    }

    const int MaxRemarkWords = 4;

    /// Whether the words from <paramref name="at"/> on open with one of <paramref name="first"/> (a remark, or a goodbye) and
    /// are closing remarks to the end.
    static bool OneThenRemarks(HashSet<string> first, List<string> words, int at)
    {
        for (var n = Math.Min(MaxRemarkWords, words.Count - at); n >= 1; n--)
        {
            var remark = string.Join(' ', words.Skip(at).Take(n));
            if (first.Contains(remark) && OfRemarks(words, at + n, true, Goodbyes.Contains(remark))) return true;
        }
        return false;
    }

    /// "See you" with when, folded, taken as the "see you" alone: "see you on saturday", "bis morgen", "nähdään sit lauantaina"
    /// (QA round 51: "okei nähdään sit lauantaina, heippa 👋" went to a person as out of scope).
    static readonly System.Text.RegularExpressions.Regex SeeYouWhen = new(
        @"\b(?:(?<seeyou>see you|see ya|cya) (?:then |soon |again )?(?:on |at the |next |this )?" +
        @"(?:then|soon|tomorrow|later|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|week|time|year|summer|season)" +
        // (QA round 81: "tschüss bis nächstes jahr" went to a person, the year's "nächstes" not among these)
        @"|(?<seeyou>bis) (?:zum |am |nachsten |nachste |nachstes |diesen |dieses |zum nachsten )?(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|wochenende|morgen|nachher|spater|woche|mal|winter|sommer|jahr|monat|saison)" +
        @"|(?<seeyou>nahdaan) (?:(?:sit|sitten|taas|ens|ensi) )?(?:maanantaina|tiistaina|keskiviikkona|torstaina|perjantaina|lauantaina|sunnuntaina" +
        @"|huomenna|viikonloppuna|viikolla|myohemmin|pian|sit|sitten|taas|vuonna|kesalla|kesana|kerralla))\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// Words that greet or say goodbye, taken as a goodbye after a closing remark ("okei selvä, moikka"). Not "moi", "hei",
    /// "moin" or "servus": after "joo", "okei", "jo" or "gut" they greet ("joo moi", "Jo moin": a review).
    static readonly HashSet<string> Farewells = ["moikka", "heippa"];

    /// Remarks that say goodbye, after which a greeting word says goodbye too (<see cref="Greetings"/>).
    static readonly HashSet<string> Goodbyes =
    [
        "bye", "bye then", "ok bye", "ok bye then", "bye bye", "goodbye", "good bye", "cya", "see ya", "see you", "tschuss", "tschus",
        "tschau", "ciao", "ok tschuss", "bis dann", "bis bald", "baba", "pfiat di", "pfiat eich", "pfiati", "ade", "nahdaan", "moi moi",
        "heippa", "hei hei", "moikka", "nahaan", "nahdaa", "nahaa",
    ];

    /// Words that greet, and after a goodbye say goodbye: "moro", "moi", "servus", "moin".
    static readonly HashSet<string> Greetings = ["moi", "moro", "morjens", "morjes", "hei", "servus", "moin", "hi", "hey", "hallo", "hello"];

    static readonly HashSet<int> ClosingEmoji =
    [
        0x1F44D, 0x1F44C, 0x1F64F, 0x2705, 0x1F44F, 0x1F91D, 0x1F60A, 0x1F642, 0x263A, 0x2764, 0x2665, 0x1F4AF, 0x1F197, 0x270C, 0x1F600,
        0x1F603, 0x1F604, 0x1F601, 0x1F44B, 0x1F970, 0x1F60D, 0x1F917, 0x2728, 0x1F389, 0x1F499, 0x1F49A, 0x1F49B, 0x1F9E1, 0x1F49C,
    ];
}
