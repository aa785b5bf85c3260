namespace AutoReply.Core.Matching;

/// One phrasing of an intent, in a language: a library example, or a line of a labelled data set.
public sealed record LabeledExample(string Text, string Label, string Language);

/// A candidate answer for a DM: its label, the calibrated confidence (probability that it is the right
/// answer), and the raw score it came from.
public sealed record Candidate(string Label, float Confidence, float Score);

/// Matches a DM to the intents of a library: stems, character n-grams, TF-IDF and a softmax classifier,
/// with confidences calibrated on held-out examples (temperature scaling) so that one threshold means the
/// same for a library of 10 answers as for one of 150. Examples labelled <see cref="OutOfScope"/> teach it
/// what not to answer; that label is never returned as a candidate.
/// It is immutable and thread-safe once built; it does not decide whether to answer (that is the engine's policy).
public sealed class IntentMatcher
{
    public const string OutOfScope = "oos";

    readonly FeatureExtractor extractor;
    readonly FeatureSpace space;
    readonly SoftmaxClassifier classifier;
    readonly string[] labels;
    readonly int outOfScopeClass;

    public float Temperature { get; }
    /// Platt scaling of the answer score (see <see cref="AnswerScore"/>) to the probability that the top answer is
    /// right; null for a library too small to hold examples out, where the softmax probability stands in.
    public (double A, double B)? Platt { get; private init; }

    /// Answer scores of the held-out examples the partial model got right, ascending: what genuine questions look like.
    double[] genuineScores = [];

    /// How ordinary a DM's evidence is next to genuine questions: the share of correctly answered held-out examples
    /// whose answer score was lower. 0.02 means 98% of real questions had more to go on. 1 when nothing was held out.
    public double Evidence(Candidate top, float outOfScope)
    {
        if (genuineScores.Length == 0) return 1;
        var score = AnswerScore(top.Score, outOfScope);
        var below = Array.BinarySearch(genuineScores, score);
        return (below < 0 ? ~below : below) / (double)genuineScores.Length;
    }
    /// Whether the library held enough examples out (20 or more, some of them answered right) to calibrate its
    /// confidence and to read a DM's evidence; without, the confidence is the raw softmax and the evidence is 1.
    public bool IsCalibrated => Platt is not null && genuineScores.Length > 0;

    /// How many examples an answer has in <paramref name="language"/>, on average (out-of-scope examples not counted; in
    /// all languages together when it has none in that one): a brand's first library has about five. A matcher trained on
    /// more is surer of everything, questions next to its topics too.
    public double ExamplesPerAnswer(string language) => examplesPerAnswer.GetValueOrDefault(language, examplesOverall);

    IReadOnlyDictionary<string, double> examplesPerAnswer = new Dictionary<string, double>();
    double examplesOverall;

    public IReadOnlyList<string> Labels => labels;
    public int Features => space.Count;

    IntentMatcher(FeatureExtractor extractor, FeatureSpace space, SoftmaxClassifier classifier, string[] labels, float temperature)
    {
        this.extractor = extractor;
        this.space = space;
        this.classifier = classifier;
        this.labels = labels;
        outOfScopeClass = Array.IndexOf(labels, OutOfScope);
        Temperature = temperature;
    }

    /// How the held-out check went: for each held-out example, the top confidence, whether the top answer was
    /// right, and whether the example was out of scope. Used to choose an answer threshold without test data.
    public IReadOnlyList<(float Confidence, bool Correct, bool OutOfScope)> HeldOut { get; private init; } = [];

    /// <paramref name="synonyms"/>: the library's own synonym groups, beside the built-in lexicon (which the settings may turn off).
    public static IntentMatcher Build(IReadOnlyList<LabeledExample> examples, TrainingSettings? settings = null, Stemmers? stemmers = null,
        Concepts? synonyms = null)
    {
        settings ??= new TrainingSettings();
        var extractor = new FeatureExtractor(stemmers ?? new Stemmers(), Concepts.Layers(settings.Concepts, synonyms));
        // Canonical order: the model must not depend on the order the examples were given in.
        var ordered = examples.OrderBy(e => e.Label, StringComparer.Ordinal).ThenBy(e => e.Text, StringComparer.Ordinal)
            .ThenBy(e => e.Language, StringComparer.Ordinal).ToArray();
        var bags = new FeatureExtractor.Bag[ordered.Length];
        Parallel.For(0, ordered.Length, i =>
        {
            bags[i] = new FeatureExtractor.Bag();
            extractor.Extract(ordered[i].Text, ordered[i].Language, bags[i]);
        });
        var space = FeatureSpace.Learn(bags, settings.WordWeight, settings.CharWeight, settings.MinDf);
        var x = new SparseVector[ordered.Length];
        Parallel.For(0, ordered.Length, i => x[i] = space.Vectorize(bags[i]));
        var labels = ordered.Select(e => e.Label).Distinct().ToArray();
        // Dropout for a library whose answers have DropoutFrom examples in a language on average (out-of-scope examples not
        // counted), decided once: the calibration model must be trained as the model in use is.
        var perLanguage = ordered.Where(e => e.Label != OutOfScope).CountBy(e => (e.Label, e.Language)).ToList();
        var perAnswer = perLanguage.Select(kv => kv.Value).DefaultIfEmpty(0).Average();
        var byLanguage = perLanguage.GroupBy(kv => kv.Key.Language).ToDictionary(g => g.Key, g => g.Average(kv => kv.Value));
        if (perAnswer < settings.DropoutFrom) settings = settings with { Dropout = 0 };
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i);
        var y = ordered.Select(e => labelIndex[e.Label]).ToArray();

        // Calibration: a model trained on 4/5 of each label's examples scores the other fifth, while the model on
        // everything trains beside it. The vocabulary (IDF) is learned once from all examples: it uses no labels.
        var heldOut = HeldOutOf(ordered);
        var full = Task.Run(() => SoftmaxClassifier.Train(x, y, labels.Length, space.Count, settings));
        if (heldOut.Length < 20) return new IntentMatcher(extractor, space, full.Result, labels, 1f) { examplesPerAnswer = byLanguage, examplesOverall = perAnswer };

        var training = Enumerable.Range(0, ordered.Length).Except(heldOut).ToArray();
        var partial = SoftmaxClassifier.Train(training.Select(i => x[i]).ToArray(), training.Select(i => y[i]).ToArray(), labels.Length, space.Count, settings);
        var outOfScopeClass = Array.IndexOf(labels, OutOfScope);
        var scored = heldOut.Select(i =>
        {
            var logits = new float[partial.Stride];
            partial.Scores(x[i], logits);
            return (Logits: logits.AsSpan(0, labels.Length).ToArray(), Truth: y[i], OutOfScope: ordered[i].Label == OutOfScope);
        }).ToArray();
        var temperature = FitTemperature(scored.Select(s => (s.Logits, s.Truth)).ToArray());
        var outcomes = scored.Select(s =>
        {
            var p = (float[])s.Logits.Clone();
            SoftmaxClassifier.Softmax(p, labels.Length, temperature);
            var best = -1;
            for (var c = 0; c < labels.Length; c++) if (best < 0 || p[c] > p[best]) best = c;
            if (best == outOfScopeClass) best = -1;
            var oos = outOfScopeClass >= 0 ? p[outOfScopeClass] : 0f;
            var score = best < 0 ? double.NegativeInfinity : AnswerScore(s.Logits[best], oos);
            return (Score: score, Correct: best >= 0 && best == s.Truth, s.OutOfScope, Oos: oos);
        }).ToArray();
        var platt = FitPlatt(outcomes.Where(o => !double.IsNegativeInfinity(o.Score)).Select(o => (o.Score, o.Correct)).ToArray());
        // Calibrated as DMs are in Match, so a threshold chosen on these checks means what it will mean for DMs.
        var checks = outcomes.Select(o => (double.IsNegativeInfinity(o.Score) ? 0f : Calibrated(platt, o.Score, o.Oos), o.Correct, o.OutOfScope)).ToArray();
        return new IntentMatcher(extractor, space, full.Result, labels, temperature)
        {
            examplesPerAnswer = byLanguage,
            examplesOverall = perAnswer,
            HeldOut = checks,
            Platt = platt,
            genuineScores = outcomes.Where(o => o.Correct && !o.OutOfScope).Select(o => o.Score).Order().ToArray(),
        };
    }

    /// Which examples (in canonical order: by label, then text, then language) the calibration model does not train on:
    /// every fifth example of each answer with five or more, counted within the answer. A brand that adds examples to one
    /// answer leaves the others' held-out examples as they were; counted over the whole library, one example more changed
    /// which examples of every answer after it were held out. (The other answers' confidences still move a little: every
    /// example shapes the vocabulary and the model.)
    internal static int[] HeldOutOf(IReadOnlyList<LabeledExample> ordered)
    {
        var perLabel = ordered.CountBy(e => e.Label).ToDictionary();
        var held = new List<int>();
        for (int i = 0, within = 0; i < ordered.Count; i++)
        {
            within = i > 0 && ordered[i].Label == ordered[i - 1].Label ? within + 1 : 0;
            if (within % 5 == 2 && perLabel[ordered[i].Label] >= 5) held.Add(i);
        }
        return [.. held];
    }

    /// How strongly the model backs its top answer: the answer's raw score, lowered by the probability the
    /// out-of-scope examples claim. Measured on CLINC150's dev split, it separates out-of-scope DMs from answerable
    /// ones better (AUROC 0.970) than the top softmax probability does (0.956): softmax hides how little evidence
    /// there is when every score is low.
    static double AnswerScore(float topLogit, float outOfScopeProbability) =>
        topLogit + 2.0 * Math.Log(Math.Max(1e-6, 1.0 - outOfScopeProbability));

    static float Sigmoid(double z) => (float)(1.0 / (1.0 + Math.Exp(-z)));

    /// The probability that the top answer is right: the Platt scaling of its answer score, capped by the probability that
    /// the DM is in scope at all. The Platt fit rests on a few dozen held-out examples; on a small library it can come out
    /// flat ("most answers are right"), and then a DM the out-of-scope examples claim at 0.97 ("can you recommend a physio
    /// in munich") was answered at 0.66.
    static float Calibrated((double A, double B) platt, double answerScore, float outOfScope) =>
        Math.Min(Sigmoid(platt.A * answerScore + platt.B), 1f - outOfScope);

    /// Logistic fit of correct/incorrect on the answer score: Newton's method with step halving, from the flat
    /// model (a = 0, b = the base rate), so it cannot overshoot into a wild slope.
    static (double A, double B) FitPlatt(IReadOnlyList<(double Score, bool Correct)> data)
    {
        if (data.Count == 0 || data.All(d => d.Correct) || data.All(d => !d.Correct)) return (1, 0);
        // Targets pulled in from 0/1 as Platt recommends, so a perfectly separated held-out set does not blow up.
        var positives = data.Count(d => d.Correct);
        double hi = (positives + 1.0) / (positives + 2.0), lo = 1.0 / (data.Count - positives + 2.0);
        double Loss(double a, double b)
        {
            double loss = 0;
            foreach (var (x, correct) in data)
            {
                var z = a * x + b;
                var t = correct ? hi : lo;
                // log(1 + e^z) computed without overflow
                var softplus = z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));
                loss += softplus - t * z;
            }
            return loss;
        }
        double a0 = 0, b0 = Math.Log((positives + 1.0) / (data.Count - positives + 1.0));
        var current = Loss(a0, b0);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double gA = 0, gB = 0, hAA = 1e-9, hAB = 0, hBB = 1e-9;
            foreach (var (x, correct) in data)
            {
                var p = 1.0 / (1.0 + Math.Exp(-(a0 * x + b0)));
                var err = p - (correct ? hi : lo);
                var w = p * (1 - p);
                gA += err * x; gB += err;
                hAA += w * x * x; hAB += w * x; hBB += w;
            }
            var det = hAA * hBB - hAB * hAB;
            if (det <= 0) break;
            var dA = (hBB * gA - hAB * gB) / det;
            var dB = (hAA * gB - hAB * gA) / det;
            var step = 1.0;
            while (step > 1e-4 && Loss(a0 - step * dA, b0 - step * dB) > current) step /= 2;
            if (step <= 1e-4) break;
            a0 -= step * dA; b0 -= step * dB;
            var next = Loss(a0, b0);
            var done = current - next < 1e-10;
            current = next;
            if (done) break;
        }
        return (a0, b0);
    }

    /// The temperature (0.05–20) that minimises the log-loss of held-out examples: golden-section search on log T.
    static float FitTemperature(IReadOnlyList<(float[] Logits, int Truth)> held)
    {
        if (held.Count == 0) return 1f;
        double Loss(double logT)
        {
            var t = Math.Exp(logT);
            double loss = 0;
            foreach (var (logits, truth) in held)
            {
                var max = double.NegativeInfinity;
                foreach (var l in logits) max = Math.Max(max, l);
                double sum = 0;
                foreach (var l in logits) if (!float.IsNegativeInfinity(l)) sum += Math.Exp((l - max) / t);
                loss -= (logits[truth] - max) / t - Math.Log(sum);
            }
            return loss;
        }
        double a = Math.Log(0.05), b = Math.Log(20);
        var g = (Math.Sqrt(5) - 1) / 2;
        double c = b - g * (b - a), d = a + g * (b - a);
        for (var i = 0; i < 40; i++)
        {
            if (Loss(c) < Loss(d)) b = d; else a = c;
            c = b - g * (b - a);
            d = a + g * (b - a);
        }
        return (float)Math.Exp((a + b) / 2);
    }

    /// The confidence threshold that decides the most examples right: in scope and answered correctly, or out of
    /// scope and not answered. Ties go to the lower threshold (answer more). Without out-of-scope examples, the
    /// threshold keeps answers at least as precise as <paramref name="minimumPrecision"/>.
    public static float ChooseThreshold(IReadOnlyList<(float Confidence, bool Correct, bool OutOfScope)> checks, float minimumPrecision = 0.9f,
        double outOfScopeShare = 0)
    {
        if (checks.Count == 0) return 0.5f;
        var candidates = checks.Select(c => c.Confidence).Append(0f).Distinct().Order().ToArray();
        var hasOutOfScope = checks.Any(c => c.OutOfScope);
        float best = 0; var bestScore = double.NegativeInfinity;
        var nOos = checks.Count(c => c.OutOfScope);
        var oosWeight = outOfScopeShare > 0 && nOos > 0 ? outOfScopeShare / (1 - outOfScopeShare) * (checks.Count - nOos) / nOos : 1.0;
        foreach (var t in candidates)
        {
            double right = 0, answered = 0, answeredRight = 0;
            foreach (var c in checks)
            {
                var answers = c.Confidence >= t && c.Confidence > 0;
                if (answers) { answered++; if (c.Correct) answeredRight++; }
                if (c.OutOfScope ? !answers : answers && c.Correct) right += c.OutOfScope ? oosWeight : 1;
            }
            var score = hasOutOfScope ? right : (answered == 0 || answeredRight / answered >= minimumPrecision ? right : double.NegativeInfinity) ;
            if (score > bestScore) { bestScore = score; best = t; }
        }
        return best;
    }

    /// Why <paramref name="label"/> scored as it did: the terms of the text that pushed it up most, with their share
    /// of the score (word stems, stem pairs, 'character grams').
    public IReadOnlyList<(string Term, float Contribution)> Explain(string text, string language, string label, int top = 6)
    {
        var c = Array.IndexOf(labels, label);
        if (c < 0) return [];
        var bag = new FeatureExtractor.Bag();
        var names = new Dictionary<ulong, string>();
        extractor.Extract(text, language, bag, names);
        var vector = space.Vectorize(bag);
        var byIndex = names.Where(kv => space.IndexOf(kv.Key) is not null).ToDictionary(kv => space.IndexOf(kv.Key)!.Value, kv => kv.Value);
        return vector.Indexes.Select((f, k) => (Term: byIndex.GetValueOrDefault(f, "?"), Contribution: vector.Values[k] * classifier.Weight(f, c)))
            .OrderByDescending(t => t.Contribution).Take(top).ToList();
    }

    sealed class Scratch
    {
        public readonly FeatureExtractor.Bag Bag = new();
        public int[] Indexes = new int[512];
        public float[] Values = new float[512];
        public float[] Logits = [];
        public float[] Raw = [];
    }

    [ThreadStatic] static Scratch? scratch;

    /// Candidates best first, at most <paramref name="top"/>; the out-of-scope class is reported only through
    /// <paramref name="outOfScope"/>, the probability that the DM is none of the answers. A DM without a single
    /// term the library knows gets no candidates and an out-of-scope probability of 1.
    public IReadOnlyList<Candidate> Match(string text, string language, int top, out float outOfScope)
    {
        text = TextFolding.Unstretched(text);   // "hiii", "thaaanks": the words they stretch
        var s = scratch ??= new Scratch();
        extractor.Extract(text, language, s.Bag);
        var terms = s.Bag.Words.Count + s.Bag.Chars.Count;
        if (s.Indexes.Length < terms) { s.Indexes = new int[terms * 2]; s.Values = new float[terms * 2]; }
        var n = space.Vectorize(s.Bag, s.Indexes, s.Values);
        if (n == 0)
        {
            // Not one term the library knows: there is nothing to choose an answer by (nor to ask "which one?" about).
            outOfScope = 1f;
            return [];
        }
        if (s.Logits.Length < classifier.Stride) { s.Logits = new float[classifier.Stride]; s.Raw = new float[classifier.Stride]; }
        var logits = s.Logits;
        classifier.Scores(s.Indexes.AsSpan(0, n), s.Values.AsSpan(0, n), logits);
        logits.AsSpan(0, classifier.Classes).CopyTo(s.Raw);
        SoftmaxClassifier.Softmax(logits, classifier.Classes, Temperature);
        outOfScope = outOfScopeClass >= 0 ? logits[outOfScopeClass] : 0f;

        // Top-k by insertion into a tiny sorted array: k is 1–3, classes a few hundred at most.
        Span<int> best = stackalloc int[Math.Max(1, top)];
        var count = 0;
        for (var c = 0; c < classifier.Classes; c++)
        {
            if (c == outOfScopeClass) continue;
            var p = logits[c];
            if (count == top && p <= logits[best[count - 1]]) continue;
            var at = count < top ? count++ : count - 1;
            while (at > 0 && logits[best[at - 1]] < p) { best[at] = best[at - 1]; at--; }
            best[at] = c;
        }
        var result = new Candidate[count];
        if (count == 0) return result;
        // The top answer's confidence is the calibrated probability that it is right; the others keep their
        // softmax ratio to it, so "two answers are close" still reads off the confidences.
        var top1 = logits[best[0]];
        var confidence = Platt is { } platt ? Calibrated(platt, AnswerScore(s.Raw[best[0]], outOfScope), outOfScope) : Math.Min(top1, 1f - outOfScope);
        for (var k = 0; k < count; k++)
            result[k] = new Candidate(labels[best[k]], confidence * (logits[best[k]] / top1), s.Raw[best[k]]);
        return result;
    }
}
