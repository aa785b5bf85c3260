namespace AutoReply.Core.Matching;

/// What a library knows about: the content words (stems) of every answer's examples, keywords, title and replies.
/// It gives the matcher's classifier what a classifier lacks on a small library — the evidence of words it has never
/// seen. "do you sell skateboards?" shares "do you sell" with half the library, but "skateboards" is no answer's
/// word, and a DM whose content words are mostly unknown is about something the library does not cover.
///
/// Content words are the DM's words less <see cref="GenericWords"/> (function words and what every question shares:
/// "do you sell", "kann ich", "voinko"), numbers and words under three letters. A word is known when its stem, or the
/// folded word, or a part of a compound ("glasfaseranschluss" → "anschluss") is in the library. Words of the
/// out-of-scope examples are not known: they are what the library must not answer.
/// It does not decide anything; the engine's matching stage does.
public sealed class Vocabulary
{
    const int MinPart = 5, MaxCompound = 40;
    readonly Stemmers stemmers;
    readonly HashSet<string> known = [];
    readonly Dictionary<string, HashSet<string>> byAnswer = [];

    Vocabulary(Stemmers stemmers) => this.stemmers = stemmers;

    /// (text, answer id, language) of every answer's examples, keywords, titles and replies.
    public static Vocabulary Build(IEnumerable<(string Text, string AnswerId, string Language)> texts, Stemmers stemmers)
    {
        var v = new Vocabulary(stemmers);
        foreach (var (text, answer, language) in texts)
        {
            if (!v.byAnswer.TryGetValue(answer, out var own)) v.byAnswer[answer] = own = [];
            foreach (var word in TextFolding.Words(text))
            {
                if (!IsCandidate(word)) continue;
                var stem = stemmers.Stem(word, language);
                var folded = TextFolding.Fold(word);
                own.Add(stem); own.Add(folded);
                v.known.Add(stem); v.known.Add(folded);
            }
        }
        return v;
    }

    /// The DM's content words, and those of them the library has never seen.
    public (int Content, IReadOnlyList<string> Unknown) Read(string text, string language)
    {
        var content = 0;
        var unknown = new List<string>();
        foreach (var word in TextFolding.Words(text))
        {
            if (!IsCandidate(word) || GenericWords.Contains(word, language)) continue;
            content++;
            if (!Knows(known, word, language)) unknown.Add(word);
        }
        return (content, unknown);
    }

    /// Whether the answer's own texts share a content word with the DM: a top answer chosen by character grams alone
    /// ("tarif" ≈ "tarife", but also "katze" ≈ nothing) has nothing to stand on.
    public bool Supports(string answerId, string text, string language) =>
        byAnswer.TryGetValue(answerId, out var own) &&
        TextFolding.Words(text).Any(w => IsCandidate(w) && !GenericWords.Contains(w, language) && Knows(own, w, language));

    /// The share of the DM's content words that the answer's own texts hold (0 when it has none).
    public float Coverage(string answerId, string text, string language)
    {
        if (!byAnswer.TryGetValue(answerId, out var own)) return 0;
        int content = 0, covered = 0;
        foreach (var word in TextFolding.Words(text))
        {
            if (!IsCandidate(word) || GenericWords.Contains(word, language)) continue;
            content++;
            if (Knows(own, word, language)) covered++;
        }
        return content == 0 ? 0 : (float)covered / content;
    }

    bool Knows(HashSet<string> set, string word, string language)
    {
        var folded = TextFolding.Fold(word);
        if (set.Contains(folded) || set.Contains(stemmers.Stem(word, language))) return true;
        // A compound whose head or modifier the library knows: "laufschuhgröße" → "laufschuh", "größe". Only for words
        // of a plausible length: a 4,000-letter "word" would cost millions of substrings.
        if (folded.Length > MaxCompound) return false;
        var parts = set.GetAlternateLookup<ReadOnlySpan<char>>();   // the parts as spans: no substring per cut
        for (var cut = MinPart; cut <= folded.Length - MinPart; cut++)
            if (parts.Contains(folded.AsSpan(0, cut)) || parts.Contains(folded.AsSpan(cut))) return true;
        return false;
    }

    static bool IsCandidate(string word) => word.Length >= 3 && !char.IsDigit(word[0]);
}
