using System.Collections.Frozen;

namespace AutoReply.Core.Matching;

/// Words that mean the same thing in a customer's DM, in English, German and Finnish: "parcel", "package", "Paket",
/// "paketti" are one concept, and so are "Turkey", "Nigeria", "Ruotsi" (a country: interchangeable in a question). A brand
/// writes five examples an answer; its customers use other words. A word's concepts are matcher terms of their own beside
/// its stem, so an answer whose examples say "parcel" is found for "package". (The built-in lexicon does not make a word
/// known to the library's known-words rule, Vocabulary: it let near-topic questions through. A library's own groups do.)
///
/// The built-in lexicon (Concepts.tsv, embedded; used only when the settings say so — on a library written after it was
/// chosen it answered more out-of-scope DMs wrongly) groups synonyms, colloquial forms and translations, never merely
/// related words: a return, a refund and an exchange stay three concepts, so answers the lexicon would blur stay apart.
/// Entries are single words or two-word phrases. A DM's word is looked up as written, then by stem in the DM's language
/// ("packages" → "package"), then as written in another language (DMs mix them).
public sealed class Concepts
{
    const int MinCrossLanguage = 5;

    /// No concepts: words stand for themselves only.
    public static readonly Concepts None = new([], [], [], []);

    static readonly Lazy<Concepts> builtin = new(() =>
    {
        using var stream = typeof(Concepts).Assembly.GetManifestResourceStream("AutoReply.Core.Matching.Concepts.tsv")
            ?? throw new InvalidOperationException("the built-in lexicon Concepts.tsv is not embedded");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), new Stemmers());
    });

    /// The lexicon shipped with AutoReply.
    public static Concepts Builtin => builtin.Value;

    readonly FrozenDictionary<string, FrozenDictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>>> byExact;   // language → folded word → concepts
    readonly FrozenDictionary<string, FrozenDictionary<string, string[]>> byStem;    // language → stem → concepts
    readonly FrozenDictionary<string, string[]> byWord;                              // folded word, any language → concepts
    readonly FrozenDictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>> byWordSpan;
    readonly FrozenDictionary<string, FrozenDictionary<(string, string), string[]>> byPair;   // language → (stem, stem) → concepts

    Concepts(Dictionary<string, Dictionary<string, string[]>> exact, Dictionary<string, Dictionary<string, string[]>> stems,
        Dictionary<string, string[]> words, Dictionary<string, Dictionary<(string, string), string[]>> pairs)
    {
        byExact = exact.ToFrozenDictionary(l => l.Key, l => l.Value.ToFrozenDictionary().GetAlternateLookup<ReadOnlySpan<char>>());
        byStem = stems.ToFrozenDictionary(l => l.Key, l => l.Value.ToFrozenDictionary());
        byWord = words.ToFrozenDictionary();
        byWordSpan = byWord.GetAlternateLookup<ReadOnlySpan<char>>();
        byPair = pairs.ToFrozenDictionary(l => l.Key, l => l.Value.ToFrozenDictionary());
        Count = exact.Values.SelectMany(l => l.Values).Concat(pairs.Values.SelectMany(l => l.Values)).SelectMany(c => c).Distinct().Count();
    }

    /// How many concepts the lexicon holds.
    public int Count { get; }

    /// Reads "concept TAB language TAB word, word, two words" lines; '#' starts a comment line. A malformed line
    /// throws with its number: the lexicon ships with the code, and a broken one must fail its tests, not go quiet.
    public static Concepts Parse(string text, Stemmers stemmers)
    {
        var entries = new List<(string, string, string)>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var columns = line.Split('\t');
            if (columns.Length != 3 || columns[0].Length == 0 || columns[1].Length == 0)
                throw new FormatException($"concept lexicon line {number}: want 'concept<TAB>language<TAB>words', got '{line}'");
            var (concept, language) = (columns[0].Trim(), columns[1].Trim());
            foreach (var entry in columns[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!IsEntry(entry)) throw new FormatException($"concept lexicon line {number}: '{entry}' is not a word or a two-word phrase");
                entries.Add((concept, language, entry));
            }
        }
        return Build(entries, stemmers);
    }

    /// A word or a phrase of two: what an entry may be.
    public static bool IsEntry(string entry) => TextFolding.Words(entry).Count is 1 or 2;

    /// A library's own groups ("rucksack, backpack, reppu": words its customers use for its products), each a concept of
    /// its own: a layer beside the built-in lexicon, which it neither changes nor overrides (see <see cref="Layers"/>).
    /// The brand's words are taken as they are: short and common ones too.
    public static Concepts FromGroups(IEnumerable<(string Concept, string Language, string Entry)> entries, Stemmers stemmers) =>
        Build(entries.ToList(), stemmers, brand: true);

    static Concepts Build(IReadOnlyList<(string Concept, string Language, string Entry)> entries, Stemmers stemmers, bool brand = false)
    {
        var singles = new List<(string Language, string Folded, string Stem, string Concept)>();
        var pairs = new Dictionary<string, Dictionary<(string, string), HashSet<string>>>();
        foreach (var (concept, language, entry) in entries)
        {
            var parts = TextFolding.Words(entry);
            if (parts.Count == 2)
            {
                var key = (stemmers.Stem(parts[0], language), stemmers.Stem(parts[1], language));
                if (!pairs.TryGetValue(language, out var map)) pairs[language] = map = [];
                if (!map.TryGetValue(key, out var set)) map[key] = set = [];
                set.Add(concept);
                continue;
            }
            // A word whose stem is a function word ("nichte" → "nicht", "seite" → "seit") would give every "nicht" a concept.
            var stem = stemmers.Stem(parts[0], language);
            if (!brand && (stem.Length < 3 || GenericWords.Contains(stem, language))) continue;
            singles.Add((language, TextFolding.Fold(parts[0]), stem, concept));
        }

        // Each word as written stands for every concept it is listed under ("gutschein": a gift card and a voucher).
        var exact = singles.GroupBy(e => (e.Language, e.Folded))
            .ToDictionary(g => g.Key, g => g.Select(e => e.Concept).Distinct().Order(StringComparer.Ordinal).ToArray());
        // A stem stands for its words only when they all mean the same: "Montag" and "Montage", "palaute" (feedback) and
        // "palauttaa" (return), "terminal" and "terminate" stem alike and mean different things; each is then found as
        // written only. The same holds across languages, where a word is looked up from five letters on (German "Bad",
        // "Gift" and "fast" are not English words).
        var byStem = singles.GroupBy(e => (e.Language, e.Stem))
            .Select(g => (g.Key, Sets: g.Select(e => exact[(e.Language, e.Folded)]).DistinctBy(Key).ToList()))
            .Where(g => g.Sets.Count == 1)
            .GroupBy(g => g.Key.Language, g => (g.Key.Stem, Set: g.Sets[0]));
        var byWord = singles.Where(e => e.Folded.Length >= MinCrossLanguage).GroupBy(e => e.Folded)
            .Select(g => (Word: g.Key, Sets: g.Select(e => exact[(e.Language, e.Folded)]).DistinctBy(Key).ToList()))
            .Where(g => g.Sets.Count == 1);
        return new Concepts(
            exact.GroupBy(kv => kv.Key.Language).ToDictionary(g => g.Key, g => g.ToDictionary(kv => kv.Key.Folded, kv => kv.Value)),
            byStem.ToDictionary(g => g.Key, g => g.ToDictionary(e => e.Stem, e => e.Set)),
            byWord.ToDictionary(g => g.Word, g => g.Sets[0]),
            pairs.ToDictionary(l => l.Key, l => l.Value.ToDictionary(kv => kv.Key, kv => kv.Value.Order(StringComparer.Ordinal).ToArray())));

        static string Key(string[] set) => string.Join(",", set);
    }

    /// The concepts of one word: as written in the DM's language, else by its stem there, else by the folded word in
    /// any language.
    public ReadOnlySpan<string> Of(string stem, ReadOnlySpan<char> folded, string language)
    {
        if (byExact.TryGetValue(language, out var exact) && exact.TryGetValue(folded, out var found)) return found;
        if (byStem.TryGetValue(language, out var stems) && stems.TryGetValue(stem, out found)) return found;
        return byWordSpan.TryGetValue(folded, out found) ? found : [];
    }

    /// The concepts of two words in a row ("money back", "geld zurück"), by their stems in the DM's language.
    public ReadOnlySpan<string> OfPair(string first, string second, string language) =>
        byPair.TryGetValue(language, out var pairs) && pairs.TryGetValue((first, second), out var found) ? found : [];

    /// The built-in lexicon and, when the library has them, its own groups: a word's concepts are those of every layer.
    public static Concepts[] Layers(bool builtin, Concepts? library) => (builtin, library) switch
    {
        (true, null) => [Builtin],
        (true, { } own) => [Builtin, own],
        (false, { } own) => [own],
        _ => [],
    };
}
