namespace AutoReply.Core.Matching;

/// A sparse, L2-normalised TF-IDF vector: feature indexes and their weights.
public readonly record struct SparseVector(int[] Indexes, float[] Values);

/// The vocabulary learned from a library's examples: which terms exist and how telling each is (IDF).
/// Terms a DM uses that no example used are left out, as a matcher can learn nothing from them.
public sealed class FeatureSpace
{
    readonly Dictionary<ulong, int> index;
    readonly float[] idf;
    /// How much the word view counts against the character view (each is normalised to this length).
    readonly float wordWeight, charWeight;

    FeatureSpace(Dictionary<ulong, int> index, float[] idf, float wordWeight, float charWeight)
    {
        this.index = index;
        this.idf = idf;
        this.wordWeight = wordWeight;
        this.charWeight = charWeight;
    }

    public int Count => idf.Length;

    /// <paramref name="minDf"/>: terms in fewer examples are left out (1 keeps all). A supervised term weight
    /// (terms that mark few answers weigh more) was measured and did worse than plain IDF.
    public static FeatureSpace Learn(IReadOnlyList<FeatureExtractor.Bag> documents, float wordWeight = 1f, float charWeight = 1f, int minDf = 1)
    {
        var df = new Dictionary<ulong, int>();
        foreach (var bag in documents)
        {
            foreach (var key in bag.Words.Keys) df[key] = df.GetValueOrDefault(key) + 1;
            foreach (var key in bag.Chars.Keys) df[key] = df.GetValueOrDefault(key) + 1;
        }
        var ordered = df.Where(kv => kv.Value >= minDf).OrderBy(kv => kv.Key).ToArray();   // stable indexes whatever the order of the examples
        var index = new Dictionary<ulong, int>(ordered.Length);
        var idf = new float[ordered.Length];
        var n = documents.Count;
        for (var i = 0; i < ordered.Length; i++)
        {
            index[ordered[i].Key] = i;
            idf[i] = (float)(Math.Log((1.0 + n) / (1.0 + ordered[i].Value)) + 1.0);
        }
        return new FeatureSpace(index, idf, wordWeight, charWeight);
    }

    public int? IndexOf(ulong term) => index.TryGetValue(term, out var i) ? i : null;

    public SparseVector Vectorize(FeatureExtractor.Bag bag)
    {
        var indexes = new int[bag.Words.Count + bag.Chars.Count];
        var values = new float[indexes.Length];
        var n = Vectorize(bag, indexes, values);
        return new SparseVector(indexes[..n], values[..n]);
    }

    /// Writes the vector into the buffers (each at least as long as the bag has terms); returns its length.
    public int Vectorize(FeatureExtractor.Bag bag, Span<int> indexes, Span<float> values)
    {
        var n = AddGroup(bag.Words, wordWeight, indexes, values, 0);
        return AddGroup(bag.Chars, charWeight, indexes, values, n);
    }

    int AddGroup(Dictionary<ulong, float> counts, float weight, Span<int> indexes, Span<float> values, int start)
    {
        var n = start;
        double norm = 0;
        foreach (var (key, count) in counts)
        {
            if (!index.TryGetValue(key, out var i)) continue;
            var v = (float)((1.0 + Math.Log(count)) * idf[i]);   // sublinear TF
            indexes[n] = i;
            values[n++] = v;
            norm += v * v;
        }
        if (norm == 0) return n;
        var scale = (float)(weight / Math.Sqrt(norm));
        for (var j = start; j < n; j++) values[j] *= scale;
        return n;
    }
}
