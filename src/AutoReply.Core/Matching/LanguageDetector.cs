namespace AutoReply.Core.Matching;

/// Tells which of a library's languages a DM is written in. DMs are short, informal and misspelt, so it combines
/// two weak signals: character trigrams learned from the library's own examples in each language, and a list of
/// everyday words per language ("my", "mein", "minun"…). It answers only among the languages it was given, and
/// says how sure it is; the engine falls back to the thread's language when it is not.
public sealed partial class LanguageDetector
{
    static readonly Dictionary<string, string> CommonWords = new()
    {
        ["en"] = "the a an and or my me i you your is are was be to of in on for with it this that what " +
            "where when how why can could would do does did not no yes please thanks thank hi hello hey " +
            "order package parcel refund return want need help is there any have has get got still yet unsubscribe",
        ["de"] = "der die das ein eine und oder mein meine mir mich ich du dein ist sind war sein zu von " +
            "im in auf für mit es dies was wo wann wie warum kann könnt würde nicht kein keine ja bitte " +
            "danke hallo hi bestellung paket rückgabe geld möchte brauche hilfe gibt habe hast noch schon mal " +
            "stopp abmelden abbestellen austragen anmelden servus moin moinsen grüezi grüß gott tschüss tschau",
        ["fi"] = "ja tai minun minä mä sinä sun sinun on ovat oli olla että mitä missä milloin miten miksi voi voisitte ei " +
            "kyllä joo kiitos kiitti moi hei terve tilaus tilaukseni paketti palautus rahat haluan tarvitsen apua onko vielä jo mun " +
            "lopeta aloita moikka moro morjens heippa huomenta päivää " +
            // spoken everyday words (QA round 51: "pitäis saada hammaslääkäriaika, särkee ihan hirveesti" was read as English,
            // 0.50, and acknowledged in English)
            "ihan tosi niin nyt vai mut mutta sit sitten jos kun kuin myös kanssa kaa saada saa pitää pitäis pitäisi ois olis " +
            "onks oisko mulle mulla meille meillä teillä teidän te se tää tämä tuo nää ku et kaikki paljon vähän",
    };

    /// Words DMs in any of the languages use alone: the commands borrowed from English.
    static readonly HashSet<string> Neutral = ["stop", "start"];

    /// Everyday words of languages a library seldom has, that none of en/de/fi uses: a DM with two or more of one of them, and
    /// more than of the likeliest library language's, is in another language (QA round 12: "kan ni svenska? var är mitt
    /// paket" was answered in Finnish). Words any en/de/fi DM may hold ("come", "er", "mon", "est") are left out.
    static readonly Dictionary<string, HashSet<string>> OtherWords = new Dictionary<string, string>
    {
        ["sv"] = "jag är mitt mina och inte hej tack vad det finns skulle beställning vill hur när ni kan var",
        ["da-no"] = "jeg ikke hvor hvad hva tak takk bestilling pakke vil og",
        ["nl"] = "ik mijn waar niet bedankt bestelling pakket het een wat graag alstublieft heb",
        ["fr"] = "je mes où commande merci pas vous bonjour colis pourquoi quand avec mais",
        ["es"] = "hola mi pedido dónde está gracias por favor quiero paquete cuándo cómo tengo el los las que",
        ["it"] = "ciao il mio mia ordine grazie sono non pacco quando vorrei buongiorno perché",
        ["pl"] = "dzień dobry gdzie jest moje moja zamówienie paczka dziękuję nie czy jak kiedy",
        ["pt"] = "olá meu minha encomenda obrigado obrigada onde não",
    }.ToDictionary(kv => kv.Key, kv => kv.Value.Split(" ").Select(w => TextFolding.Fold(w)).ToHashSet());

    readonly Dictionary<string, Dictionary<string, double>> trigramLogP = [];
    readonly Dictionary<string, double> unseenLogP = [];
    readonly Dictionary<string, HashSet<string>> words = [];
    readonly HashSet<string> known = [];

    public IReadOnlyList<string> Languages { get; }

    public LanguageDetector(IEnumerable<(string Language, string Text)> samples)
    {
        var byLanguage = samples.GroupBy(s => s.Language).ToDictionary(g => g.Key, g => g.Select(s => s.Text).ToList());
        Languages = byLanguage.Keys.Order().ToArray();
        var perLanguage = new Dictionary<string, (Dictionary<string, int> Counts, int Total)>();
        foreach (var (language, texts) in byLanguage)
        {
            if (CommonWords.TryGetValue(language, out var common)) texts.Add(common);
            foreach (var text in texts) known.UnionWith(TextFolding.FoldedWords(text).Select(Known));
            var counts = new Dictionary<string, int>();
            var total = 0;
            foreach (var text in texts)
                foreach (var g in Trigrams(text)) { counts[g] = counts.GetValueOrDefault(g) + 1; total++; }
            perLanguage[language] = (counts, total);
        }
        // Each language's trigram distribution is mixed with one uniform background shared by all languages, so a
        // trigram no language has seen costs every language the same: a language with fewer examples (Finnish
        // here) must not win a DM merely because its smoothing is looser.
        var vocabulary = Math.Max(1, perLanguage.Values.SelectMany(p => p.Counts.Keys).Distinct().Count()) * 4.0;
        const double Lambda = 0.8;
        foreach (var (language, (counts, total)) in perLanguage)
        {
            trigramLogP[language] = counts.ToDictionary(kv => kv.Key, kv => Math.Log(Lambda * kv.Value / total + (1 - Lambda) / vocabulary));
            unseenLogP[language] = Math.Log((1 - Lambda) / vocabulary);
            words[language] = CommonWords.TryGetValue(language, out var w)
                ? w.Split(' ').Select(x => TextFolding.Fold(x)).ToHashSet() : [];
        }
    }

    /// The most likely language and the probability the detector gives it (0.5–1 for two languages).
    /// Markup, links and e-mail addresses say nothing of the language a customer writes in (pasted HTML read as German
    /// once and switched an English flow): only the prose around them is weighed, and a DM with none is unsure.
    public (string Language, double Confidence) Detect(string text)
    {
        if (Languages.Count == 1) return (Languages[0], 1);
        text = TextFolding.Unstretched(Prose(text));   // "hiii" read as Finnish by its "iii"
        var tokens = TextFolding.FoldedWords(text);
        var lettered = tokens.Where(t => t.Any(char.IsLetter)).ToList();
        // Nothing but markup, links or numbers: unsure. A DM of four words or more none of which any of the library's
        // languages uses, inflected or not ("hola, cuánto cuesta una bicicleta"), is in none of them: unsure too, so it is
        // answered in the thread's or the default language, not in whichever library language its letters resemble.
        if (lettered.Count == 0 || lettered.Count >= 4 && !lettered.Any(t => known.Contains(Known(t)))) return (Languages[0], 1.0 / Languages.Count);
        // The commands every language's DMs use ("STOP", "START") tell no language: unsure, so a German brand's "STOP" is
        // confirmed in the thread's or the default language, not in English (QA round 31).
        if (lettered.All(Neutral.Contains)) return (Languages[0], 1.0 / Languages.Count);
        var grams = Trigrams(text).ToList();
        var scores = Languages.ToDictionary(l => l, l =>
        {
            var table = trigramLogP[l];
            var score = grams.Sum(g => table.TryGetValue(g, out var p) ? p : unseenLogP[l]);
            // An everyday word of the language is strong evidence in a short message: worth a few trigrams.
            score += 4.0 * tokens.Count(t => words[l].Contains(t));
            return score;
        });
        var max = scores.Values.Max();
        var sum = scores.Values.Sum(s => Math.Exp(s - max));
        var best = scores.MaxBy(kv => kv.Value);
        var distinct = tokens.Distinct().ToList();
        var own = distinct.Count(t => words[best.Key].Contains(t));
        if (OtherWords.Values.Any(other => distinct.Count(other.Contains) is var n && n >= 2 && n > own)) return (Languages[0], 1.0 / Languages.Count);
        return (best.Key, 1.0 / sum);
    }

    /// How many different everyday words of <paramref name="language"/> that <paramref name="other"/> does not use the text
    /// holds ("on", "the", "please" for English beside German): a flow's answer that names an English show in a German
    /// sentence ("Disney on Ice in Hamburg am 21. Februar", 1.00 English by the letters) has one (QA round 19).
    public int WordsOnlyOf(string text, string language, string other)
    {
        if (!words.TryGetValue(language, out var own)) return 0;
        var others = words.GetValueOrDefault(other) ?? [];
        var switching = SwitchWords.GetValueOrDefault(language) ?? [];
        return TextFolding.FoldedWords(TextFolding.Unstretched(Prose(text))).Distinct()
            .Count(t => (own.Contains(t) || switching.Contains(t)) && !others.Contains(t));
    }

    /// Words of asking to go on in another language, beside the everyday ones ("Sorry, I don't understand German", "wir
    /// brauchen …", "en puhu saksaa"): a review found them held in the flow's language.
    static readonly Dictionary<string, HashSet<string>> SwitchWords = new()
    {
        ["en"] = ["sorry", "don't", "dont", "speak", "understand", "english", "we", "us", "our", "can't", "cant", "only", "continue"],
        ["de"] = ["wir", "uns", "unser", "brauchen", "sprechen", "spreche", "verstehe", "englisch", "deutsch", "nur", "weiter"],
        ["fi"] = ["en", "puhu", "ymmarra", "englantia", "suomea", "saksaa", "me", "vain", "jatketaan"],
    };

    /// A word as the library-words check compares it: its first five letters, so an inflected form counts as the word
    /// the library has ("sähköpyörän" as "sähköpyörä", "Lieferungen" as "Lieferung").
    static string Known(string folded) => folded.Length > 5 ? folded[..5] : folded;

    /// The text without HTML/XML tags (script and style with their content), URLs and e-mail addresses.
    public static string Prose(string text) => NotProse().Replace(text, " ");

    /// The words with a letter in the text's prose: what a language can be told from ("+49 171 2345678" has none).
    public static int ProseWords(string text) => TextFolding.Words(Prose(text)).Count(w => w.Any(char.IsLetter));

    [System.Text.RegularExpressions.GeneratedRegex(@"<(script|style)\b[^<>]{0,300}>.{0,2000}?</\1\s*>|</?[A-Za-z][^<>]{0,300}>|\b(?:https?://|www\.)\S+|\S+@\S+\.\w+", System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex NotProse();

    static IEnumerable<string> Trigrams(string text)
    {
        var folded = " " + string.Join(' ', TextFolding.Words(text)) + " ";
        for (var i = 0; i + 3 <= folded.Length; i++) yield return folded.Substring(i, 3);
    }
}
