using System.Collections.Frozen;

namespace AutoReply.Core.Matching;

/// Words that mean the same thing in a customer's DM, in English, German and Finnish: "parcel", "package", "Paket",
/// "paketti" are one concept, and so are "Turkey", "Nigeria", "Ruotsi" (a country: interchangeable in a question). A brand
/// writes five examples an answer; its customers use other words. A word's concepts are terms of their own beside its
/// stem, so an answer whose examples say "parcel" is found for "package", and a DM's "toddlers" is a word the library
/// knows when its examples say "kids".
///
/// The built-in lexicon (Concepts.tsv, embedded) groups synonyms, colloquial forms and translations, never merely
/// related words: a return, a refund and an exchange stay three concepts, so answers the lexicon would blur stay apart.
/// Entries are single words or two-word phrases, looked up by stem in the entry's language ("ruotsiin" → "ruotsi") and
/// by folded word in any language (DMs mix them).
public sealed class Concepts
{
    const int MinCrossLanguage = 5;

    /// No concepts: words stand for themselves only.
    public static readonly Concepts None = new([], [], []);

    static readonly Lazy<Concepts> builtin = new(() =>
    {
        using var stream = typeof(Concepts).Assembly.GetManifestResourceStream("AutoReply.Core.Matching.Concepts.tsv")
            ?? throw new InvalidOperationException("the built-in lexicon Concepts.tsv is not embedded");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), new Stemmers());
    });

    /// The lexicon shipped with AutoReply.
    public static Concepts Builtin => builtin.Value;

    readonly FrozenDictionary<string, FrozenDictionary<string, string[]>> byStem;   // language → stem → concepts
    readonly FrozenDictionary<string, string[]> byWord;                          // folded word, any language → concepts
    readonly FrozenDictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>> byWordSpan;
    readonly FrozenDictionary<string, FrozenDictionary<(string, string), string[]>> byPair;   // language → (stem, stem) → concepts

    Concepts(Dictionary<string, Dictionary<string, HashSet<string>>> stems, Dictionary<string, HashSet<string>> words,
        Dictionary<string, Dictionary<(string, string), HashSet<string>>> pairs)
    {
        byStem = stems.ToFrozenDictionary(l => l.Key, l => l.Value.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Order(StringComparer.Ordinal).ToArray()));
        byWord = words.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Order(StringComparer.Ordinal).ToArray());
        byWordSpan = byWord.GetAlternateLookup<ReadOnlySpan<char>>();
        byPair = pairs.ToFrozenDictionary(l => l.Key, l => l.Value.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Order(StringComparer.Ordinal).ToArray()));
        Count = stems.Values.SelectMany(l => l.Values).Concat(words.Values).Concat(pairs.Values.SelectMany(l => l.Values))
            .SelectMany(c => c).Distinct().Count();
    }

    /// How many concepts the lexicon holds.
    public int Count { get; }

    /// Reads "concept TAB language TAB word, word, two words" lines; '#' starts a comment line. A malformed line
    /// throws with its number: the lexicon ships with the code, and a broken one must fail its tests, not go quiet.
    public static Concepts Parse(string text, Stemmers stemmers)
    {
        var stems = new Dictionary<string, Dictionary<string, HashSet<string>>>();
        var words = new Dictionary<string, HashSet<string>>();
        var pairs = new Dictionary<string, Dictionary<(string, string), HashSet<string>>>();
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
                var parts = TextFolding.Words(entry);
                if (parts.Count is 0 or > 2)
                    throw new FormatException($"concept lexicon line {number}: '{entry}' is not a word or a two-word phrase");
                if (parts.Count == 1)
                {
                    // A word whose stem is a function word ("nichte" → "nicht", "seite" → "seit") would give every
                    // "nicht" a concept; a short word looked up in another language means something else there
                    // (German "Bad", "Gift", "fast"): the folded form stands for its concepts across languages only
                    // from five letters on.
                    var stem = stemmers.Stem(parts[0], language);
                    if (stem.Length < 3 || GenericWords.Contains(stem, language)) continue;
                    Add(ForLanguage(stems, language), stem, concept);
                    var folded = TextFolding.Fold(parts[0]);
                    if (folded.Length >= MinCrossLanguage) Add(words, folded, concept);
                }
                else
                    Add(ForLanguage(pairs, language), (stemmers.Stem(parts[0], language), stemmers.Stem(parts[1], language)), concept);
            }
        }
        return new Concepts(stems, words, pairs);

        static Dictionary<TKey, HashSet<string>> ForLanguage<TKey>(Dictionary<string, Dictionary<TKey, HashSet<string>>> byLanguage, string language)
            where TKey : notnull
        {
            if (!byLanguage.TryGetValue(language, out var map)) byLanguage[language] = map = [];
            return map;
        }

        static void Add<TKey>(Dictionary<TKey, HashSet<string>> map, TKey key, string concept) where TKey : notnull
        {
            if (!map.TryGetValue(key, out var set)) map[key] = set = [];
            set.Add(concept);
        }
    }

    /// The concepts of one word: by its stem in the DM's language, else by the folded word in any language.
    public ReadOnlySpan<string> Of(string stem, ReadOnlySpan<char> folded, string language)
    {
        if (byStem.TryGetValue(language, out var stems) && stems.TryGetValue(stem, out var found)) return found;
        return byWordSpan.TryGetValue(folded, out found) ? found : [];
    }

    /// The concepts of two words in a row ("money back", "geld zurück"), by their stems in the DM's language.
    public ReadOnlySpan<string> OfPair(string first, string second, string language) =>
        byPair.TryGetValue(language, out var pairs) && pairs.TryGetValue((first, second), out var found) ? found : [];
}
