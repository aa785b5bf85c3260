using System.Text.RegularExpressions;

namespace AutoReply.Core.Recognizers;

/// Yes and no, the way people type them, opening the DM: "yes please", "yeah sure", "yesss", "nope", "definitely not",
/// "ja gern", "jo passt", "klar doch", "nee, eher nicht", "auf keinen Fall", "kyllä kiitos", "joo", "ei kiitos",
/// "en halua". The longest phrase wins ("absolutely not" is a no). A word that opens something else is no answer:
/// "no one called me", "no idea", "never mind", "ne Stunde später", "en saanut …".
public sealed partial class BooleanRecognizer : IEntityRecognizer
{
    // The phrases, longest first within each list; \s+ and optional commas between words. A phrase must end the DM or be
    // followed by a non-letter (so "yesterday" is not "yes").
    static readonly string[] Yes =
    [
        "yep,? yep", "go ahead", "please do", "that'?s fine", "fine by me", "for sure", "uh huh", "okey dokey", "okie dokie",
        "sounds great", "works for me", "yes yes", "definitely yes", "yes definitely", "ok fine",
        "okay fine", "yes please", "yes pls", "yes plz", "ya pls", "yeah pls", "yes sure", "yes of course",
        "yes bitte", "yeah sure", "yeah ok", "sure thing", "of course", "sounds good", "that works",
        "yes+", "yeah", "yea", "yep", "yup", "ye", "sure", "okay", "ok", "alright",
        "(?:absolutely|definitely|certainly|exactly|correct|right)(?=\\W*$|[,.!]|\\s+(?:yes|please|pls|thanks|thank|mate|sure|do|go)\\b)",
        "affirmative", "indeed", "yh", "ya", "yass+", "aye", "okie", "okey", "kk", "k", "mhm+", "fine(?=\\W*$|,)",
        "ja+,? gerne?", "ja+,? bitte", "jo,? klar", "na logo", "logo", "jawoll", "ja,? klar",
        "ja,? genau", "ja,? passt", "jo,? passt", "klar doch", "gerne doch", "na klar", "genau so",
        "alles klar", "passt schon", "geht klar", "sehr gerne", "aber sicher", "auf jeden fall", "ja+", "jap",
        "jup", "jo", "jawohl", "klar", "gerne?", "genau", "passt", "stimmt", "einverstanden", "sicher", "richtig",
        "kyllä,? kiitos", "joo,? kiitos", "joo,? sopii", "käy hyvin", "sopii hyvin", "okei", "selvä",
        "juu,? käy", "joo,? käy", "totta kai", "ilman muuta", "kyllä", "joo+", "juu", "käy", "sopii",
    ];

    static readonly string[] No =
    [
        "no,? not yet", "nah,? not really", "nope(?:,? nope)+", "no,? not at all", "not really,? no",
        "no sorry", "sorry,? no", "not now", "nope,? not yet", "no no", "absolutely not", "definitely not",
        "certainly not", "of course not", "not really", "not yet", "not at all", "no thank you", "no thanks?",
        "no way", "no need", "no chance", "nope", "nah", "negative", "no",
        "nein,? danke", "leider nein", "leider nicht", "nö+,? lass mal", "nee,? lass mal", "nee,? eher nicht",
        "nee,? danke", "ne,? lass mal", "ne,? danke", "eher nicht", "lieber nicht", "auf keinen fall",
        "nicht nötig", "brauch ich nicht", "nö,? danke", "keinesfalls", "nein", "nö+", "nee", "ne(?=,)",
        "ei,? kiitos", "ei käy", "ei sovi", "ei tarvitse", "ei tarvii", "en halua", "en tarvitse", "ei",
    ];

    // Words after which "no"/"ne"/"en" open something else than an answer.
    const string NotAnswers = @"(?!\s+(?:one|idea|clue|body|problem|longer|more|reply|answer|response|worries|hope|sure|about|what|whether|if|how|why|which" +
        @"|so|hello|hi|hey|with|but|is|rush|matter|offense|offence" +
        @"|ob|wie|was|stunde|viertelstunde|woche|minute|saanut|ymmärrä|tiedä|ole|voi|löydä|muista)\b)";

    static readonly Regex Pattern = new(
        @"^\W*(?:(?<no>" + string.Join("|", No.Select(Phrase)) + @")|(?<yes>" + string.Join("|", Yes.Select(Phrase)) + @"))" +
        NotAnswers + @"(?![\p{L}\p{N}])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// "never" and a bare "ne"/"en" count only as the whole answer.
    static readonly Regex Alone = new(@"^\W*(?<no>never|ne|en)\W*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    static string Phrase(string p) => p.Replace(" ", @"\s+");

    /// Whether <paramref name="text"/> opens with a no ("no", "nope, that's not it", "nein", "ei") — not a polite one that
    /// declines something offered ("no thanks", "no need", "nein danke", "ei kiitos", "no, that's all").
    public static bool OpensWithNo(string text) => SaysNo(text) && !Declines.IsMatch(text);

    /// Whether <paramref name="text"/> opens with a no of any kind, a polite one included ("no thanks" to a yes/no question).
    public static bool SaysNo(string text) => Opening(text) is { } found && found.Groups["no"].Success;

    /// The yes or no the DM opens with, if any.
    static Match? Opening(string text) => Pattern.Match(text) is { Success: true } m ? m : Alone.Match(text) is { Success: true } alone ? alone : null;

    static readonly Regex Declines = new(
        @"^\W*(?:no|nope|nah|not now|no need|nein|nee|ne|nö|ei|en)\b[\s,.!]*" +
        @"(?:thanks?\b|thank you|thx|ty\b|cheers|need\b|that'?s (?:it|all|fine|ok|okay|great|perfect)|all good|all fine|i'?m good|perfect|great|fine\b" +
        @"|danke|nicht nötig|passt|alles (?:gut|klar|ok)|das war'?s|perfekt|super\b|kiitos|tarvitse|tarvii|ei muuta|kaikki hyvin|riittää|selvä)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public IEnumerable<Entity> Recognize(string text, RecognitionContext context)
    {
        if (Opening(text) is not { } m) yield break;
        var yes = m.Groups["yes"].Success;
        var group = yes ? m.Groups["yes"] : m.Groups["no"];
        yield return new Entity("boolean", group.Value, group.Index, group.Index + group.Length - 1, new Dictionary<string, object?>
        {
            ["value"] = yes,
            ["score"] = 1.0,
        });
    }
}
