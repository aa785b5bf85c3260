using System.Text.RegularExpressions;
using AutoReply.Core.Matching;

namespace AutoReply.Core.Handoffs;

/// A DM labelled for a signal: whether it shows it (asks for a person, is angry).
public sealed record LabelledDm(string Text, bool Shows);

/// A signal's training data: the shipped files <paramref name="Prefix"/>*.tsv (a row shows the signal when its label is
/// <paramref name="Label"/>, and does not when it is <paramref name="Other"/>) and the ordinary DMs as negatives, both only
/// where <paramref name="Counted"/> holds; each DM as <paramref name="Read"/> gives it (the way the signal's rules read it).
public sealed record SignalData(string Prefix, string Label, string Other, Func<string, string> Read, Func<string, bool> Counted)
{
    public IReadOnlyList<LabelledDm> Labelled => SignalModel.Shipped(Prefix, Label, Other).Where(d => Counted(d.Text)).ToList();

    public IReadOnlyList<LabelledDm> Negatives => SignalModel.Ordinary.Where(d => Counted(d.Text)).ToList();
}

/// A second opinion on a signal the rules look for — a request for a person, anger, a request to stop writing — from a logistic regression over the
/// DM's folded words (one to three in a row) and its runs of 3–5 characters, trained at start-up (<see cref="Prepare"/>)
/// on the labelled DMs shipped in Handoffs/Signals: every set the rules were tuned on, and ordinary DMs. Rules learnt from
/// one set of phrasings reach new phrasings slowly ("would one of your colleagues look at this personally"); the model
/// reads the whole sentence, and the rules read what it has too few examples of. What the rules miss is found where the
/// model is as sure as it is of only 1% of the negatives it was not trained on (<see cref="Accept"/>); for requests for a
/// person, what the rules find stands unless the model is all but sure it is not so (below <see cref="Veto"/>: "the
/// agent said my refund was on its way"). How each detector combines the two is in PersonRequest.Judge and
/// EscalationSignals and Policies.OptOutRequest. The thresholds are cross-validated quantiles of the training sets (see <see cref="CrossValidate"/>;
/// a test holds the constants to them), not figures tuned on any test set.
public sealed partial class SignalModel
{
    const int Bits = 18, Dimensions = 1 << Bits, Epochs = 60, Seed = 7, MaxLength = 2000;
    const float LearningRate = 0.5f, L2 = 1e-2f;

    /// Requests for a person (PersonRequest): trained on Handoffs/Signals/person-requests*.tsv.
    public static SignalModel PersonRequests => person.Value;

    /// Anger (EscalationSignals.Angry, with legal threats, which are routed as urgent anyway): trained on Handoffs/Signals/anger*.tsv.
    public static SignalModel Anger => anger.Value;

    /// Requests to stop writing to the customer (Policies.OptOutRequest): trained on Policies/Signals/opt-out-requests*.tsv.
    /// The factory must not call OptOutRequest.IsAsked, which asks this model.
    public static SignalModel OptOuts => optOuts.Value;

    /// What each model learns from and how it reads a DM. The opt-out model leaves out the DMs about e-mail, labelled and
    /// ordinary alike: another channel, answered by the library's newsletter answer.
    public static readonly SignalData PersonRequestData = new("person-requests", "person", "none", PersonRequest.Read, _ => true);
    public static readonly SignalData AngerData = new("anger", "angry", "calm", AsWritten, _ => true);
    public static readonly SignalData OptOutData = new("opt-out-requests", "optout", "other", AsWritten, t => !Policies.OptOutRequest.MentionsEMail(t));

    static readonly Lazy<SignalModel> person = new(() => Train(PersonRequestData, PersonAccept, PersonVeto));
    static readonly Lazy<SignalModel> anger = new(() => Train(AngerData, AngerAccept, AngerVeto));
    static readonly Lazy<SignalModel> optOuts = new(() => Train(OptOutData, OptOutAccept, OptOutVeto));

    /// Trains the models now (about a second), so that no DM waits for them, and a set that cannot be read or trained
    /// on stops the start-up instead of failing every DM after it.
    public static void Prepare() => _ = (PersonRequests, Anger, OptOuts);

    /// A DM read as written (quoted passages are left out by the features themselves).
    public static string AsWritten(string text) => text;

    /// Everyday DMs that show no signal, negatives for every model: written for the project in en/de/fi
    /// (ordinary.tsv, and ordinary-near.tsv: calm demands, factual reports of a problem, follow-ups), and a sample of two
    /// public intent data sets' training splits (ordinary-clinc150.tsv, CC BY 3.0; ordinary-banking77.tsv, CC BY 4.0; see
    /// Handoffs/Signals/README.md). Without them a model took one DM in ten of
    /// ordinary traffic for a request for a person ("i would like help moving money between accounts").
    public static IReadOnlyList<LabelledDm> Ordinary => ordinary.Value;

    static readonly Lazy<IReadOnlyList<LabelledDm>> ordinary = new(() => Shipped("ordinary", null, "none"));

    // CrossValidate's quantiles on the shipped sets, to two places (SignalModelTests recomputes them). Anger's veto is asked
    // about the mild marks alone ("!!" at the end, "???": EscalationSignals.SaysCalm); the issue's explicit signs (swearing,
    // "?!", capitals, "third time"), "!!!" and the brand's own anger words raise the priority whatever the model thinks.
    internal const float PersonAccept = 0.51f, PersonVeto = 0.29f, AngerAccept = 0.54f, AngerVeto = 0.18f, OptOutAccept = 0.64f, OptOutVeto = 0.26f;

    readonly float[] weights;
    readonly float bias;
    readonly Func<string, string> read;

    /// The score from which the model alone finds the signal.
    public float Accept { get; }

    /// The score below which the model overrules what the rules found.
    public float Veto { get; }

    SignalModel(float[] weights, float bias, Func<string, string> read, float accept, float veto)
    {
        this.read = read;
        this.weights = weights;
        this.bias = bias;
        Accept = accept;
        Veto = veto;
    }

    /// The model's probability that the DM shows the signal.
    public float Score(string text) => ScoreRead(read(text));

    /// <see cref="Score"/> of a DM already read the way this model reads it (PersonRequest reads it for its rules).
    internal float ScoreRead(string text)
    {
        var (words, chars) = Buffers();
        Extract(text, words, chars);
        return Probability(bias + Sum(weights, words.List) + Sum(weights, chars.List));
    }

    static float Probability(float z) => 1f / (1f + MathF.Exp(-z));

    /// A group's weights, the group scaled to unit length.
    static float Sum(float[] weights, List<int> group)
    {
        var sum = 0f;
        foreach (var f in group) sum += weights[f];
        return group.Count == 0 ? 0f : sum / MathF.Sqrt(group.Count);
    }

    /// Trains on <paramref name="data"/> in its order (a fixed shuffle each epoch), the classes weighted alike; each DM as
    /// <paramref name="read"/> gives it (the way the signal's rules read it: PersonRequest leaves out questions about a person).
    public static SignalModel Train(IReadOnlyList<LabelledDm> data, Func<string, string> read, float accept, float veto)
    {
        FeatureSet wordSet = new(), charSet = new();
        var x = data.Select(d =>
        {
            Extract(read(d.Text), wordSet, charSet);
            return (Words: wordSet.List.ToArray(), Chars: charSet.List.ToArray());
        }).ToArray();
        var weights = new float[Dimensions];
        var bias = 0f;
        int positives = data.Count(d => d.Shows), negatives = data.Count - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException($"a signal model needs examples of both kinds ({positives} showing it, {negatives} not)", nameof(data));
        var order = Enumerable.Range(0, data.Count).ToArray();
        var random = new Random(Seed);
        long step = 0, steps = (long)Epochs * data.Count;
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                var rate = LearningRate * (1f - (float)step++ / steps) + 1e-3f;
                var (words, chars) = x[i];
                float wordValue = words.Length == 0 ? 0f : 1f / MathF.Sqrt(words.Length), charValue = chars.Length == 0 ? 0f : 1f / MathF.Sqrt(chars.Length);
                var z = bias;
                foreach (var f in words) z += weights[f] * wordValue;
                foreach (var f in chars) z += weights[f] * charValue;
                var shows = data[i].Shows;
                var gradient = (Probability(z) - (shows ? 1f : 0f)) * 0.5f * data.Count / (shows ? positives : negatives);
                foreach (var f in words) weights[f] -= rate * (gradient * wordValue + L2 * weights[f]);
                foreach (var f in chars) weights[f] -= rate * (gradient * charValue + L2 * weights[f]);
                bias -= rate * gradient;
            }
        }
        return new SignalModel(weights, bias, read, accept, veto);
    }

    /// Trains on a signal's labelled DMs and then its ordinary ones, each read the signal's way.
    public static SignalModel Train(SignalData data, float accept, float veto) => Train([.. data.Labelled, .. data.Negatives], data.Read, accept, veto);

    /// <see cref="CrossValidate(IReadOnlyList{LabelledDm}, IReadOnlyList{LabelledDm}, Func{string, string}, double, double, int)"/>
    /// over a signal's shipped DMs: what its constants must be.
    public static (float Accept, float Veto, double OrdinaryAbove) CrossValidate(SignalData data) =>
        CrossValidate(data.Labelled, data.Negatives, data.Read);

    /// The thresholds the shipped sets call for, by <paramref name="folds"/>-fold cross-validation over the labelled DMs and the
    /// ordinary ones together: Accept, the score that 1% of the labelled negatives (DMs written to look like the signal)
    /// reach when the model has not seen them; Veto, the score that all but 2% of the positives reach. Also the share of
    /// the ordinary DMs that reach Accept unseen.
    public static (float Accept, float Veto, double OrdinaryAbove) CrossValidate(IReadOnlyList<LabelledDm> labelled, IReadOnlyList<LabelledDm> ordinary,
        Func<string, string> read, double falseRate = 0.01, double lostRate = 0.02, int folds = 5)
    {
        var data = labelled.Concat(ordinary).ToList();
        var shuffled = Enumerable.Range(0, data.Count).ToArray();
        new Random(1).Shuffle(shuffled);
        var scores = new float[data.Count];
        for (var fold = 0; fold < folds; fold++)
        {
            var model = Train(shuffled.Where((_, k) => k % folds != fold).Select(i => data[i]).ToList(), read, 1, 1);
            for (var k = fold; k < shuffled.Length; k += folds) scores[shuffled[k]] = model.Score(data[shuffled[k]].Text);
        }
        var negatives = scores.Take(labelled.Count).Where((_, i) => !labelled[i].Shows).OrderDescending().ToArray();
        var positives = scores.Take(labelled.Count).Where((_, i) => labelled[i].Shows).Order().ToArray();
        var accept = negatives[(int)(negatives.Length * falseRate)];
        return (accept, positives[(int)(positives.Length * lostRate)], ordinary.Count == 0 ? 0 : (double)scores.Skip(labelled.Count).Count(x => x >= accept) / ordinary.Count);
    }

    /// The labelled DMs shipped for a signal: every Handoffs/Signals or Policies/Signals <paramref name="prefix"/>*.tsv (text, label, language),
    /// in file-name order; a row shows the signal when its label is <paramref name="label"/> (null: no row does), and does
    /// not when it is <paramref name="other"/>. A row of another shape or label stops the start-up, naming its file and line:
    /// a typo in a label must not quietly teach a model the opposite.
    public static IReadOnlyList<LabelledDm> Shipped(string prefix, string? label, string other)
    {
        var assembly = typeof(SignalModel).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix + prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        var rows = new List<LabelledDm>();
        foreach (var name in names)
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            rows.AddRange(Read(name[ResourcePrefix.Length..], reader, label, other));
        }
        if (rows.Count == 0) throw new InvalidOperationException($"no labelled DMs for {prefix} in {assembly.GetName().Name}");
        return rows;
    }

    /// The rows of one labelled file (<see cref="Shipped"/>), after its header; throws on a row of another shape or label.
    internal static IEnumerable<LabelledDm> Read(string file, TextReader reader, string? label, string other)
    {
        reader.ReadLine();   // the header
        var number = 1;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0) continue;
            if (line.Split('\t') is not [{ Length: > 0 } text, var l, _] || (l != label && l != other))
                throw new InvalidOperationException(
                    $"{file}:{number}: expected a DM, the label {(label is null ? "" : $"'{label}' or ")}'{other}' and a language, tab-separated");
            yield return new LabelledDm(text, l == label);
        }
    }

    const string ResourcePrefix = "AutoReply.Core.Signals.";

    /// The DM's features, hashed, in two groups of distinct features (each scaled to unit length when scored): words, pairs
    /// and triples of words (with the start and end of the DM), and whether a word of three letters or more is in capitals;
    /// runs of 3–5 characters over the words joined by spaces. Quoted passages are someone else's words and are left out.
    static void Extract(string text, FeatureSet wordFeatures, FeatureSet charFeatures)
    {
        wordFeatures.Clear();
        charFeatures.Clear();
        if (text.Length > MaxLength) text = text[..MaxLength];   // a DM is rarely longer; a pasted essay is no slower
        var own = TextFolding.WithoutQuotes(text);
        var folded = TextFolding.Fold(own);
        var joined = new System.Text.StringBuilder(folded.Length + 2).Append(' ');
        ReadOnlySpan<char> previous = "<s>", beforePrevious = "<s>";
        foreach (var token in Token().EnumerateMatches(folded))
        {
            var word = folded.AsSpan(token.Index, token.Length);
            wordFeatures.Add(Hash('w', word));
            wordFeatures.Add(Hash('b', previous, word));
            wordFeatures.Add(Hash('t', beforePrevious, previous, word));
            beforePrevious = previous;
            previous = word;
            joined.Append(word).Append(' ');
        }
        wordFeatures.Add(Hash('b', previous, "</s>"));
        if (HasWordInCapitals(own)) wordFeatures.Add(Hash('c', "caps"));
        var chars = joined.ToString();
        for (var n = 3; n <= 5; n++)
            for (var i = 0; i + n <= chars.Length; i++) charFeatures.Add(Hash('n', chars.AsSpan(i, n)));
    }

    /// A word of three characters or more, between spaces, all of them capital letters ("NEVER", not "DHL5" or "USB-C").
    static bool HasWordInCapitals(string text)
    {
        foreach (var range in text.AsSpan().Split(' '))
        {
            var word = text.AsSpan(range);
            if (word.Length < 3) continue;
            var capitals = true;
            foreach (var c in word) capitals &= char.IsUpper(c);
            if (capitals) return true;
        }
        return false;
    }

    /// Distinct features in the order first seen: a bit a feature marks which are in (cleared by Clear, feature by feature).
    sealed class FeatureSet
    {
        readonly ulong[] seen = new ulong[Dimensions / 64];
        public readonly List<int> List = new(256);

        public void Add(int feature)
        {
            ref var word = ref seen[feature >> 6];
            var bit = 1UL << (feature & 63);
            if ((word & bit) != 0) return;
            word |= bit;
            List.Add(feature);
        }

        public void Clear()
        {
            foreach (var f in List) seen[f >> 6] = 0;
            List.Clear();
        }
    }

    [ThreadStatic] static FeatureSet? wordBuffer, charBuffer;

    static (FeatureSet Words, FeatureSet Chars) Buffers() => (wordBuffer ??= new FeatureSet(), charBuffer ??= new FeatureSet());

    static int Hash(char kind, ReadOnlySpan<char> a, ReadOnlySpan<char> b = default, ReadOnlySpan<char> c = default)
    {
        var h = 2166136261u;
        h = (h ^ kind) * 16777619;
        foreach (var ch in a) h = (h ^ ch) * 16777619;
        h = (h ^ ' ') * 16777619;
        foreach (var ch in b) h = (h ^ ch) * 16777619;
        h = (h ^ ' ') * 16777619;
        foreach (var ch in c) h = (h ^ ch) * 16777619;
        return (int)(h & (Dimensions - 1));
    }

    [GeneratedRegex(@"[\p{L}\p{N}']+|[!?]+|[\p{So}\p{Cs}]+")]
    private static partial Regex Token();
}
