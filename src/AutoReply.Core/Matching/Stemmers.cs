using System.Collections.Concurrent;
using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace AutoReply.Core.Matching;

/// Snowball stemmers (from Lucene.Net) for the library's languages, with a cache looked up by span, so a word
/// seen before costs one hash lookup and no allocation: DMs repeat the same few thousand words.
/// The stem comes back folded (see <see cref="TextFolding"/>). A language without a stemmer is folded only.
public sealed class Stemmers
{
    const int MaxCachedPerLanguage = 100_000;
    readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> caches = new();
    [ThreadStatic] static Dictionary<string, SnowballProgram?>? programs;

    /// <paramref name="word"/> is lower case (marks kept: the German stemmer wants "ü").
    public string Stem(ReadOnlySpan<char> word, string language)
    {
        var cache = caches.GetOrAdd(language, _ => new ConcurrentDictionary<string, string>());
        var lookup = cache.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(word, out var stem)) return stem;
        var text = word.ToString();
        stem = word.Length <= 2 || char.IsDigit(word[0]) ? TextFolding.Fold(text) : TextFolding.Fold(Compute(text, language));
        if (cache.Count < MaxCachedPerLanguage) cache.TryAdd(text, stem);
        return stem;
    }

    static string Compute(string word, string language)
    {
        programs ??= [];
        if (!programs.TryGetValue(language, out var program))
            programs[language] = program = language switch
            {
                "en" => new EnglishStemmer(),
                "de" => new German2Stemmer(),
                "fi" => new FinnishStemmer(),
                _ => null,
            };
        if (program is null) return word;
        program.SetCurrent(word);
        program.Stem();
        return language == "fi" ? Graded(JoinUsNouns(program.Current)) : program.Current;
    }

    /// Finnish consonant gradation: a word's stem changes with its ending ("pöytä", "pöydän"; "kauppa", "kaupan"; "sänky",
    /// "sängyn"; "ilmoittautua", "ilmoittaudun"), and Snowball leaves both grades, so a DM's "noudan" knew none of a library's
    /// "noutaa". Three gradations are undone in every stem: "d" to "t" (in Finnish words "d" is the weak grade of "t"), "ng" to
    /// "nk", and "kk", "pp", "tt" to one letter; the others ("nt"/"nn", "lt"/"ll", a "k" that disappears: "haku", "haun") are
    /// left as Snowball gives them. Two words of one grade may meet ("matto", "mato"): rare, and the same on both sides.
    static string Graded(string stem)
    {
        if (stem.IndexOfAny(GradedLetters) < 0) return stem;
        var b = new System.Text.StringBuilder(stem.Length);
        for (var i = 0; i < stem.Length; i++)
        {
            var c = stem[i];
            if (c is 'k' or 'p' or 't' && i + 1 < stem.Length && stem[i + 1] == c) continue;   // the first of a double
            if (c == 'd') c = 't';
            else if (c == 'g' && i > 0 && stem[i - 1] == 'n') c = 'k';
            b.Append(c);
        }
        return b.ToString();
    }

    static readonly char[] GradedLetters = ['d', 'g', 'k', 'p', 't'];

    /// Finnish nouns in -us/-ys/-os ("tilaus" order, "palautus" return, "kysymys" question) inflect on a stem in -ukse-
    /// ("tilauksen", "tilauksesta"), which Snowball leaves as "tilauks" — or, with a possessive, as "tilau" ("tilaukseni"),
    /// while the base form stays "tilaus": three stems for one word, so "missä tilaus on" knew none of a library's
    /// "tilaukseni". They are brought to one: "tilau".
    static string JoinUsNouns(string stem)
    {
        if (stem.Length >= 6 && stem[^2..] == "ks" && stem[^3] is 'u' or 'y' or 'o' or 'ö') return stem[..^2];
        if (stem.Length >= 5 && stem[^1] == 's' && stem[^2] is 'u' or 'y' or 'o' or 'ö') return stem[..^1];
        return stem;
    }
}
