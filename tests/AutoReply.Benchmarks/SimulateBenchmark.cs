using System.Globalization;
using System.Text;
using AutoReply.Core.Answers;
using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Matching;
using AutoReply.Service;
using AutoReply.Service.Dialogs;
using Microsoft.Extensions.Configuration;

namespace AutoReply.Benchmarks;

/// Small libraries drawn from the public data sets' train splits, shaped as issue 12 describes a new brand's first
/// library: 18 answers of five examples each, the generic out-of-scope examples the README advises, and DMs the library
/// never saw — three more of each answer's own phrasings, five of each of six neighbouring intents left out of the
/// library (questions next to the business's topics) and fifteen of clinc150's out-of-scope lines. A clinc150 library
/// is a seed intent and its nearest intents by their words; a banking77 library is 24 of its 77 intents, all of one
/// business. Train splits only, never a test split, and each line in one of two pools by a stable hash of its text:
/// the judge is fitted on libraries of pool 0 and measured on libraries of pool 1, which share no sentence with them.
///
/// `simulate` prints the engine's figures per library of pool 1 as `judgement` does (`--answers 18 --per-answer 5`: the
/// libraries' size). `simulate --fit` fits Matching.AnswerJudge on libraries of pool 0 (--seed), of several sizes
/// (Shape.Mixed), and the tuned parts of tests/judgement (five times over), then
/// prints the weights to paste into AnswerJudge and what the judge alone does on libraries of pool 1 and on the tuned
/// parts. `--leave-out a,b` fits without the tuned parts of the libraries whose folders start so, and prints what
/// today's judge and the new fit do on them: a cross-validation by brand. By default it leaves out the QA rounds'
/// libraries (`qa`); `--leave-out none` fits on every tuned part.
static class SimulateBenchmark
{
    const int Near = 6, InPerAnswer = 3, NearPerIntent = 5, Far = 15;

    public static int Run(string[] argv)
    {
        var a = new Args(argv);
        var clinc = Read(a.Get("clinc") ?? "../shared/datasets/clinc150/train.tsv");
        var banking = Read(a.Get("banking") ?? "../shared/datasets/banking77/train.tsv");
        var count = a.Int("libraries", 80);
        var seed = a.Int("seed", argv.Contains("--fit") ? 1 : 1001);   // plain simulate: the libraries --fit measures on
        var config = JudgementBenchmark.Config(argv);
        var shape = new Shape(a.Int("answers", 18), a.Int("per-answer", 5));
        var work = Directory.CreateTempSubdirectory("autoreply-simulate-");
        try
        {
            var root = a.Get("dir") ?? "tests/judgement";
            // The QA rounds' libraries are left out by default: AnswerJudge's weights were fitted without them, and the fit
            // then says how it carries over to libraries written as brands write them.
            var leftOut = (a.Get("leave-out") ?? "qa").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (argv.Contains("--fit")) return Fit(clinc, banking, count, seed, config, work.FullName, root, a.Int("tuned-weight", 5), leftOut);
            var engine = new ConversationEngine(ServiceHost.EngineSettingsFrom(config));
            var all = new JudgementBenchmark.Tally();
            foreach (var (name, library, dms) in Libraries(clinc, banking, count, seed, MeasurePool, _ => shape, config, work.FullName, root))
            {
                var tally = new JudgementBenchmark.Tally();
                foreach (var dm in dms) JudgementBenchmark.Judge(engine, library, dm, tally, null);
                Console.WriteLine($"{name,-12} {tally}");
                all.Add(tally);
            }
            Console.WriteLine($"{"all",-12} {all}");
            return 0;
        }
        finally { work.Delete(true); }
    }

    /// How big a simulated library is: its answers and each answer's examples. A brand's first library is 18 of five.
    readonly record struct Shape(int Answers, int PerAnswer)
    {
        public static readonly Shape First = new(18, 5);

        /// The judge is fitted on libraries of several sizes, most of them first libraries; which one depends on the
        /// library's number (its data set alternates with it).
        public static Shape Mixed(int n) => (n / 2 % 6) switch { 0 or 1 or 2 => First, 3 => new(18, 9), 4 => new(24, 14), _ => new(12, 20) };
    }

    /// One example for the judge: its inputs, whether the best answer is the right one, and what today's judge
    /// (AnswerJudge's weights) makes of it.
    sealed record Example(double[] Inputs, bool Right, bool InScope, float Today);

    static int Fit(Dictionary<string, List<string>> clinc, Dictionary<string, List<string>> banking, int count, int seed, IConfiguration config, string work,
        string root, int tunedWeight, string[] leftOut)
    {
        var settings = ServiceHost.EngineSettingsFrom(config).Matching ?? new MatchingSettings();
        // --leave-out a,b: tuned parts whose library's folder starts with one of these are not fitted on, and measured
        // apart against today's judge (a cross-validation by brand).
        var parts = JudgementBenchmark.Parts(root, config, tunedOnly: true).ToList();
        bool Left((string Name, DialogLibrary, string, List<JudgementBenchmark.Dm>) p) => leftOut.Any(prefix => p.Name.StartsWith(prefix, StringComparison.Ordinal));
        var tuned = parts.Where(p => !Left(p)).ToList();
        var aside = parts.Where(Left).ToList();
        var training = Libraries(clinc, banking, count, seed, FitPool, Shape.Mixed, config, work, root).SelectMany(l => Examples(l.Library, l.Dms, settings)).ToList();
        var fromTuned = tuned.SelectMany(p => Examples(p.Library, p.Dms, settings)).ToList();
        for (var i = 0; i < tunedWeight; i++) training.AddRange(fromTuned);
        var (weights, converged) = Logistic(training);   // the rules' hand-offs are not in it (Examples)
        if (!converged) Console.WriteLine("warning: Newton's method did not converge in 50 steps");
        Console.WriteLine($"fitted on {training.Count} DMs ({fromTuned.Count} of the tuned parts, {tunedWeight} times over); paste into AnswerJudge:");
        Console.WriteLine("    static readonly double[] Weights = [" + string.Join(", ", weights.Select(w => w.ToString("0.####", CultureInfo.InvariantCulture))) + "];");

        var test = Libraries(clinc, banking, count, seed + 1000, MeasurePool, Shape.Mixed, config, work, root).SelectMany(l => Examples(l.Library, l.Dms, settings, keepVetoed: true)).ToList();
        var tunedAll = tuned.SelectMany(p => Examples(p.Library, p.Dms, settings, keepVetoed: true)).ToList();
        Console.WriteLine("The judge alone (the DM's labelled language; no person, signal or did-you-mean stage): right / wrong in scope, out of scope answered");
        Console.WriteLine($"threshold | libraries of pool {MeasurePool}, seed {seed + 1000}: today's judge | the new fit | tuned parts (fitted on)");
        for (var k = 6; k <= 16; k++)
        {
            var t = (float)(k * 0.05);
            Console.WriteLine($"  {t:0.00}    | {Rates(test, null, t)} | {Rates(test, weights, t)} | {Rates(tunedAll, weights, t)}");
        }
        if (aside.Count == 0) return 0;
        var asideAll = aside.SelectMany(p => Examples(p.Library, p.Dms, settings, keepVetoed: true)).ToList();
        Console.WriteLine($"Left out of the fit: {string.Join(", ", aside.Select(p => p.Name))} ({asideAll.Count} DMs)");
        Console.WriteLine("threshold | today's judge | the judge fitted without them");
        for (var k = 6; k <= 16; k++)
        {
            var t = (float)(k * 0.05);
            Console.WriteLine($"  {t:0.00}    | {Rates(asideAll, null, t)} | {Rates(asideAll, weights, t)}");
        }
        return 0;
    }

    /// The matching stage's reading of each DM that its hard rules let through (or of every DM with keepVetoed: one
    /// with no candidate or vetoed is never answered, its inputs empty).
    static IEnumerable<Example> Examples(DialogLibrary library, List<JudgementBenchmark.Dm> dms, MatchingSettings settings, bool keepVetoed = false)
    {
        foreach (var dm in dms)
        {
            var inScope = dm.Label != "oos";
            var judged = JudgedMatch.Of(library, dm.Text, dm.Language, c => !library.Answers[c.Label].ForReachingAPerson);
            var vetoed = judged is null || settings.Veto(judged.Words, judged.First.Label) is not null;
            if (vetoed && !keepVetoed) continue;
            if (judged is null) { yield return new Example([], false, inScope, 0); continue; }
            var inputs = AnswerJudge.Vector(judged.Reading);
            yield return new Example(vetoed ? [] : inputs, inScope && judged.First.Label == dm.Label, inScope, AnswerJudge.ProbabilityRight(judged.Reading));
        }
    }

    /// <paramref name="weights"/> null: today's judge.
    static string Rates(List<Example> examples, double[]? weights, float threshold)
    {
        var answered = examples.Where(e => e.Inputs.Length > 0 && (weights is null ? e.Today : AnswerJudge.Probability(weights, e.Inputs)) >= threshold).ToList();
        int inScope = examples.Count(e => e.InScope), outOfScope = examples.Count - inScope;
        var pct = JudgementBenchmark.Tally.Pct;
        return $"{pct(answered.Count(e => e.Right), inScope)} / {pct(answered.Count(e => e.InScope && !e.Right), inScope)}, {pct(answered.Count(e => !e.InScope), outOfScope)}";
    }

    /// Logistic regression by Newton's method on standardised inputs with a little L2, the weights then returned for the
    /// raw inputs (intercept first). Deterministic: the same examples give the same weights.
    static (double[] Weights, bool Converged) Logistic(List<Example> examples, double l2 = 1e-3)
    {
        if (examples.Count == 0) throw new InvalidOperationException("nothing to fit on");
        var d = examples[0].Inputs.Length;
        var mean = new double[d];
        var sd = new double[d];
        for (var j = 0; j < d; j++)
        {
            mean[j] = examples.Average(e => e.Inputs[j]);
            sd[j] = Math.Max(1e-6, Math.Sqrt(examples.Average(e => (e.Inputs[j] - mean[j]) * (e.Inputs[j] - mean[j]))));
        }
        var x = examples.Select(e => new[] { 1.0 }.Concat(e.Inputs.Select((v, j) => (v - mean[j]) / sd[j])).ToArray()).ToArray();
        var w = new double[d + 1];
        var converged = false;
        for (var iteration = 0; iteration < 50 && !converged; iteration++)
        {
            var gradient = new double[d + 1];
            var hessian = new double[d + 1, d + 1];
            for (var i = 0; i < x.Length; i++)
            {
                var p = 1 / (1 + Math.Exp(-Math.Clamp(Dot(w, x[i]), -30, 30)));
                var err = p - (examples[i].Right ? 1 : 0);
                for (var j = 0; j <= d; j++)
                {
                    gradient[j] += err * x[i][j];
                    for (var k = 0; k <= d; k++) hessian[j, k] += p * (1 - p) * x[i][j] * x[i][k];
                }
            }
            for (var j = 1; j <= d; j++) { gradient[j] += l2 * x.Length * w[j]; hessian[j, j] += l2 * x.Length; }
            var step = Solve(hessian, gradient);
            if (step.Any(double.IsNaN)) throw new InvalidOperationException("the fit diverged (NaN)");
            for (var j = 0; j <= d; j++) w[j] -= step[j];
            converged = step.Max(Math.Abs) < 1e-9;
        }
        var raw = new double[d + 1];
        raw[0] = w[0];
        for (var j = 0; j < d; j++) { raw[j + 1] = w[j + 1] / sd[j]; raw[0] -= w[j + 1] * mean[j] / sd[j]; }
        return (raw, converged);
    }

    static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// Gaussian elimination with partial pivoting: a small dense system.
    static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (var c = 0; c < n; c++)
        {
            var pivot = Enumerable.Range(c, n - c).MaxBy(r => Math.Abs(m[r, c]));
            for (var k = 0; k < n; k++) (m[c, k], m[pivot, k]) = (m[pivot, k], m[c, k]);
            (v[c], v[pivot]) = (v[pivot], v[c]);
            for (var r = c + 1; r < n; r++)
            {
                var f = m[r, c] / m[c, c];
                for (var k = c; k < n; k++) m[r, k] -= f * m[c, k];
                v[r] -= f * v[c];
            }
        }
        var solution = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var sum = v[r];
            for (var k = r + 1; k < n; k++) sum -= m[r, k] * solution[k];
            solution[r] = sum / m[r, r];
        }
        return solution;
    }

    const int FitPool = 0, MeasurePool = 1;

    /// The pool (0 or 1) of a line of a data set: FNV-1a of its folded words, stable across processes (string.GetHashCode
    /// is not), its top bit after a final mix (FNV's low bit is only the parity of the characters, so two lines one
    /// character apart would always part); lines that fold alike ("where's my card?", "wheres my card") share a pool.
    static int Pool(string text)
    {
        var hash = 2166136261u;
        foreach (var c in string.Join(' ', TextFolding.FoldedWords(text))) hash = (hash ^ c) * 16777619u;
        hash ^= hash >> 16; hash *= 0x85ebca6bu; hash ^= hash >> 13; hash *= 0xc2b2ae35u; hash ^= hash >> 16;
        return (int)(hash >> 31);
    }

    static IEnumerable<(string Name, DialogLibrary Library, List<JudgementBenchmark.Dm> Dms)> Libraries(Dictionary<string, List<string>> clinc,
        Dictionary<string, List<string>> banking, int count, int seed, int pool, Func<int, Shape> shapeOf, IConfiguration config, string work, string root)
    {
        clinc = clinc.ToDictionary(kv => kv.Key, kv => kv.Value.Where(t => Pool(t) == pool).ToList());
        banking = banking.ToDictionary(kv => kv.Key, kv => kv.Value.Where(t => Pool(t) == pool).ToList());
        var random = new Random(seed);
        var outOfScope = GenericOutOfScope(root);
        for (var n = 0; n < count; n++)
        {
            var (answers, perAnswer) = shapeOf(n);
            var (source, data) = n % 2 == 0 ? ("clinc", clinc) : ("banking", banking);
            var intents = data.Keys.Where(k => k != "oos").Order().ToList();
            var chosen = Shuffle(source == "clinc" ? Neighbours(data, intents[random.Next(intents.Count)], intents, answers + Near) : intents, random)
                .Take(answers + Near).ToList();
            var dms = new List<JudgementBenchmark.Dm>();
            var yaml = new StringBuilder("answers:\n");
            foreach (var intent in chosen.Take(answers))
            {
                var lines = Shuffle(data[intent], random);
                var title = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(intent.Replace('_', ' '));
                yaml.Append(CultureInfo.InvariantCulture, $"  - id: {intent}\n    title: {{ en: {Quote(title)} }}\n")
                    .Append(CultureInfo.InvariantCulture, $"    examples:\n      en: [{string.Join(", ", lines.Take(perAnswer).Select(Quote))}]\n")
                    .Append(CultureInfo.InvariantCulture, $"    replies:\n      en: [{Quote($"Here is how {title.ToLowerInvariant()} works.")}]\n");
                dms.AddRange(lines.Skip(perAnswer).Take(InPerAnswer).Select(t => new JudgementBenchmark.Dm(t, intent, "en", "in")));
            }
            foreach (var intent in chosen.Skip(answers))
                dms.AddRange(Shuffle(data[intent], random).Take(NearPerIntent).Select(t => new JudgementBenchmark.Dm(t, "oos", "en", "near")));
            dms.AddRange(Shuffle(clinc["oos"], random).Take(Far).Select(t => new JudgementBenchmark.Dm(t, "oos", "en", "far")));
            yaml.Append("out_of_scope:\n  en:\n").AppendJoin("", outOfScope.Select(t => $"    - {Quote(t)}\n"));
            var dir = Path.Combine(work, $"{source}-{pool}-{seed}-{n}");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "answers.yaml"), yaml.ToString());
            File.Copy(Path.Combine(root, "restaurants", "messages.yaml"), Path.Combine(dir, "messages.yaml"));
            var loaded = LibraryFiles.LoadDirectory(dir, "en", LibraryFiles.Training(config));
            if (!loaded.Ok) throw new InvalidOperationException(string.Join(Environment.NewLine, loaded.Errors));
            yield return ($"{source}-{n}", loaded.Library!, dms);
        }
    }

    static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    static List<T> Shuffle<T>(IEnumerable<T> items, Random random)
    {
        var list = items.ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        return list;
    }

    /// The seed intent and the intents nearest it by the cosine of their word counts: one business's topics.
    static List<string> Neighbours(Dictionary<string, List<string>> data, string seed, List<string> intents, int count)
    {
        var vectors = intents.ToDictionary(i => i, i => data[i].SelectMany(TextFolding.FoldedWords).Where(w => w.Length > 3)
            .CountBy(w => w).ToDictionary(kv => kv.Key, kv => (double)kv.Value));
        static double Norm(Dictionary<string, double> v) => Math.Sqrt(v.Values.Sum(x => x * x));
        var s = vectors[seed];
        return intents.OrderByDescending(i => i == seed ? double.MaxValue : vectors[i].Sum(kv => kv.Value * s.GetValueOrDefault(kv.Key)) / (Norm(vectors[i]) * Norm(s) + 1e-9))
            .Take(count).ToList();
    }

    static Dictionary<string, List<string>> Read(string path) =>
        File.ReadLines(path).Skip(1).Select(l => l.Split('\t')).Where(f => f.Length == 2)
            .GroupBy(f => f[1], f => f[0]).ToDictionary(g => g.Key, g => g.ToList());

    /// The English out-of-scope examples of the restaurant library: the README's generic list.
    static List<string> GenericOutOfScope(string root)
    {
        var lines = File.ReadAllLines(Path.Combine(root, "restaurants", "answers.yaml"));
        var start = Array.FindIndex(lines, l => l.StartsWith("out_of_scope:", StringComparison.Ordinal));
        return lines.Skip(start + 2).TakeWhile(l => l.StartsWith("    - ", StringComparison.Ordinal)).Select(l => l[6..]).ToList();
    }
}
