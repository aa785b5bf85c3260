using AutoReply.Core.Matching;

namespace AutoReply.Core.Library;

/// A DM the bot did not answer, as the gaps report reads it: its id, its text and language.
public sealed record GapMessage(string Id, string Text, string Language);

/// DMs that ask the same thing, in one language.
public sealed record GapCluster(string Language, IReadOnlyList<GapMessage> Members);

/// Groups unanswered DMs by what they ask, per language, so an editor sees "12 people asked about gift wrapping" instead
/// of 12 lines. A DM is its content words (generic ones such as "do you", "kann ich" left out), as stems — so "wrap",
/// "wrapped" and "wrapping" meet — and as character grams inside the words, so typos and German compounds still meet
/// ("geschenkverpackung", "geschenk verpacken"); both weighted by how rare they are among the DMs. Each DM joins the
/// group whose centre it is most like, if that is at least <see cref="Threshold"/> alike, else starts one; then groups
/// whose centres are that alike merge. Thousands of DMs take milliseconds to a second.
public static class GapClustering
{
    /// Cosine similarity to a group's centre needed to join it: a weighted mean of word and character similarity.
    public const double Threshold = 0.35;
    /// Centres, each a mean of several DMs, are less alike than a DM and its centre: they merge from this on.
    public const double MergeThreshold = 0.2;
    /// Character grams weigh more than stems: DMs are short and misspelt. The thresholds and weights were chosen among six
    /// settings on 20 intents × 8 DMs of clinc150 and banking77 (purity 0.87 and 0.47, completeness 0.76 and 0.83; banking77's
    /// intents share most of their words) and on GapClusteringTests' paraphrases.
    const double WordWeight = 0.3, CharWeight = 0.7;
    const int MinGram = 3, MaxGram = 5;
    /// Above this many groups in a language the merge step (quadratic in the groups per merge) is left out.
    const int MaxMerged = 400;

    public static IReadOnlyList<GapCluster> Group(IReadOnlyList<GapMessage> messages, Stemmers stemmers)
    {
        var clusters = new List<GapCluster>();
        foreach (var language in messages.GroupBy(m => m.Language))
        {
            var items = language.ToList();
            var raw = items.Select(m => Terms(m.Text, m.Language, stemmers)).ToList();
            var df = new Dictionary<string, int>();
            foreach (var terms in raw) foreach (var t in terms.Keys) df[t] = df.GetValueOrDefault(t) + 1;
            var vectors = raw.Select(terms => new Vector(Weigh(terms, df, items.Count))).ToList();

            var centres = new List<Vector>();
            var assigned = new int[items.Count];
            for (var i = 0; i < items.Count; i++)
            {
                var (best, similarity) = Best(vectors[i], centres);
                if (vectors[i].Terms.Count > 0 && best >= 0 && similarity >= Threshold) { centres[best].Add(vectors[i]); assigned[i] = best; }
                else { centres.Add(new Vector(new Dictionary<string, double>(vectors[i].Terms))); assigned[i] = centres.Count - 1; }
            }
            // Groups that grew towards each other merge (two early DMs of one topic may each have started one): the most
            // alike pair of centres first, while any pair is at least MergeThreshold alike.
            while (centres.Count is > 1 and <= MaxMerged)
            {
                var (a, b, similarity) = (-1, -1, double.NegativeInfinity);
                for (var x = 0; x < centres.Count; x++)
                    for (var y = x + 1; y < centres.Count; y++)
                        if (Cosine(centres[x], centres[y]) is var s && s > similarity) (a, b, similarity) = (x, y, s);
                if (similarity < MergeThreshold) break;
                centres[a].Add(centres[b]);
                centres.RemoveAt(b);
                for (var i = 0; i < items.Count; i++) assigned[i] = assigned[i] == b ? a : assigned[i] > b ? assigned[i] - 1 : assigned[i];
            }
            clusters.AddRange(Enumerable.Range(0, items.Count).GroupBy(i => assigned[i])
                .Select(g => new GapCluster(language.Key, g.Select(i => items[i]).ToList())));
        }
        return clusters.OrderByDescending(c => c.Members.Count).ThenBy(c => c.Language, StringComparer.Ordinal).ToList();
    }

    /// Term counts: "w:" stems of content words, "c:" character grams of the folded words.
    static Dictionary<string, double> Terms(string text, string language, Stemmers stemmers)
    {
        var terms = new Dictionary<string, double>();
        foreach (var word in TextFolding.Words(text))
        {
            var lower = word.ToLowerInvariant();
            if (lower.Length < 3 || lower.Any(char.IsDigit) || GenericWords.Contains(lower, language)) continue;
            var stem = stemmers.Stem(lower, language);
            terms["w:" + stem] = terms.GetValueOrDefault("w:" + stem) + 1;
            var padded = " " + TextFolding.Fold(lower) + " ";
            for (var n = MinGram; n <= MaxGram; n++)
                for (var k = 0; k + n <= padded.Length; k++)
                {
                    var gram = "c:" + padded.Substring(k, n);
                    terms[gram] = terms.GetValueOrDefault(gram) + 1;
                }
        }
        return terms;
    }

    /// TF-IDF, the word and character parts each of length √weight, so a dot product is the weighted mean of the two cosines.
    static Dictionary<string, double> Weigh(Dictionary<string, double> terms, Dictionary<string, int> df, int n)
    {
        var v = terms.ToDictionary(t => t.Key, t => t.Value * (Math.Log((n + 1.0) / (df[t.Key] + 1.0)) + 1));
        foreach (var (prefix, weight) in new[] { ("w:", WordWeight), ("c:", CharWeight) })
        {
            var norm = Math.Sqrt(v.Where(t => t.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(t => t.Value * t.Value));
            if (norm == 0) continue;
            foreach (var key in v.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList()) v[key] = v[key] / norm * Math.Sqrt(weight);
        }
        return v;
    }

    static (int Index, double Similarity) Best(Vector v, List<Vector> centres)
    {
        var best = -1;
        var bestSimilarity = double.NegativeInfinity;
        for (var c = 0; c < centres.Count; c++)
        {
            var s = Cosine(v, centres[c]);
            if (s > bestSimilarity) { best = c; bestSimilarity = s; }
        }
        return (best, bestSimilarity);
    }

    /// Terms and their weights, with the norm kept as they change: a comparison walks the smaller side once.
    sealed class Vector(Dictionary<string, double> terms)
    {
        public Dictionary<string, double> Terms { get; } = terms;
        public double Norm { get; private set; } = Math.Sqrt(terms.Values.Sum(x => x * x));

        public void Add(Vector v)
        {
            foreach (var (k, x) in v.Terms) Terms[k] = Terms.GetValueOrDefault(k) + x;
            Norm = Math.Sqrt(Terms.Values.Sum(x => x * x));
        }
    }

    static double Cosine(Vector a, Vector b)
    {
        if (a.Norm == 0 || b.Norm == 0) return 0;
        var (small, large) = a.Terms.Count <= b.Terms.Count ? (a.Terms, b.Terms) : (b.Terms, a.Terms);
        double dot = 0;
        foreach (var (k, x) in small) if (large.TryGetValue(k, out var y)) dot += x * y;
        return dot / (a.Norm * b.Norm);
    }
}
