using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AutoReply.Core.Matching;

namespace AutoReply.Service.Verbs;

/// autoreply eval --train FILE.tsv --test FILE.tsv [--dev FILE.tsv] [--lang xx] [--synonyms on|off] [--epochs N --lr X --l2 X --dropout X --seed N]
/// Builds a library from labelled lines (one answer per label; "oos" lines teach what not to answer), chooses
/// the answer threshold on train (or --dev), never on test, and prints one JSON line of figures.
static class EvalVerb
{
    /// The threshold is chosen as if one DM in five were out of scope: a wrong answer sent to a customer costs more
    /// than a DM handed to a person who then answers it, and brands' inboxes carry much that no library covers.
    const double DefaultOutOfScopeShare = 0.2;

    public static int Run(string[] args)
    {
        var a = new VerbArgs(args);
        var trainPath = a.Required("train");
        var testPath = a.Required("test");
        var devPath = a.Get("dev");
        var train = LabeledData.Read(trainPath);
        var test = LabeledData.Read(testPath);
        var dev = devPath is null ? null : LabeledData.Read(devPath);
        var language = a.Get("lang") ?? LanguageOf(train);
        var defaults = new TrainingSettings();
        var settings = defaults with
        {
            Epochs = a.Int("epochs", defaults.Epochs),
            LearningRate = (float)a.Double("lr", defaults.LearningRate),
            L2 = (float)a.Double("l2", defaults.L2),
            Dropout = (float)a.Double("dropout", defaults.Dropout),
            Seed = a.Int("seed", defaults.Seed),
            // The built-in lexicon of synonyms (off by default, as in the service's Dialogs:BuiltinSynonyms).
            Concepts = a.Get("synonyms") switch
            {
                null or "off" => false,
                "on" => true,
                var other => throw new VerbUsageException($"--synonyms is on or off, not '{other}'"),
            },
        };

        var watch = Stopwatch.StartNew();
        var matcher = IntentMatcher.Build(train.Select(r => new LabeledExample(r.Text, r.Label, language)).ToList(), settings);
        var trainSeconds = watch.Elapsed.TotalSeconds;

        // The threshold: chosen on --dev when given, else on the examples the build held out of training. Never on test.
        var threshold = dev is null
            ? IntentMatcher.ChooseThreshold(matcher.HeldOut, outOfScopeShare: a.Double("oos-share", DefaultOutOfScopeShare))
            : IntentMatcher.ChooseThreshold(dev.Select(r => Check(matcher, r.Text, r.Label, language)).ToList(),
                outOfScopeShare: a.Double("oos-share", DefaultOutOfScopeShare));

        var predictions = new (string Label, float Confidence, float OutOfScope)[test.Count];
        for (var i = 0; i < test.Count; i++)
        {
            var best = matcher.Match(test[i].Text, language, 1, out var oos);
            predictions[i] = best.Count == 0 ? ("", 0f, oos) : (best[0].Label, best[0].Confidence, oos);
        }

        // Speed: single decisions, one at a time on one thread, as a worker makes them. Passes over the test lines
        // until the JIT has settled (at least 2 s of them), then the median pass of the last five.
        var passes = new List<double>();
        var clock = Stopwatch.StartNew();
        while (passes.Count < 5 || clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            watch.Restart();
            foreach (var (text, _) in test) matcher.Match(text, language, 1, out _);
            passes.Add(test.Count / watch.Elapsed.TotalSeconds);
        }
        var perSecond = passes.TakeLast(5).Order().ElementAt(2);

        int inScope = 0, topRight = 0, decidedRight = 0, oosTotal = 0, oosHeld = 0, notAnswered = 0;
        for (var i = 0; i < test.Count; i++)
        {
            var (label, confidence, oos) = predictions[i];
            var answered = confidence >= threshold && confidence > 0;
            var isOos = test[i].Label == IntentMatcher.OutOfScope;
            if (!answered) notAnswered++;
            if (isOos)
            {
                oosTotal++;
                if (!answered) { oosHeld++; decidedRight++; }
            }
            else
            {
                inScope++;
                if (label == test[i].Label) { topRight++; if (answered) decidedRight++; }
            }
        }
        var memory = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(matcher);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            accuracy = Math.Round(topRight / (double)inScope, 4),
            overall_accuracy = Math.Round(decidedRight / (double)test.Count, 4),
            oos_recall = oosTotal == 0 ? (double?)null : Math.Round(oosHeld / (double)oosTotal, 4),
            oos_precision = notAnswered == 0 ? (double?)null : Math.Round(oosHeld / (double)notAnswered, 4),
            n_test = test.Count,
            language,
            train_seconds = Math.Round(trainSeconds, 2),
            predict_per_second = Math.Round(perSecond),
            threshold = Math.Round(threshold, 4),
            temperature = Math.Round(matcher.Temperature, 3),
            features = matcher.Features,
            memory_mb = memory / 1024 / 1024,
            builtin_synonyms = settings.Concepts,
        }));
        return 0;
    }

    /// The data set's language (its stemmer matters), by majority over its lines, when --lang does not say.
    static string LanguageOf(List<(string Text, string Label)> rows)
    {
        var detector = new LanguageDetector([("en", ""), ("de", ""), ("fi", "")]);
        return rows.Take(1000).Select(r => detector.Detect(r.Text).Language).CountBy(l => l).MaxBy(kv => kv.Value).Key;
    }

    static (float Confidence, bool Correct, bool OutOfScope) Check(IntentMatcher matcher, string text, string label, string language)
    {
        var candidates = matcher.Match(text, language, 1, out var oos);
        if (candidates.Count == 0) return (0f, false, label == IntentMatcher.OutOfScope);
        var confidence = candidates[0].Confidence;
        return (confidence, candidates[0].Label == label, label == IntentMatcher.OutOfScope);
    }
}

/// "--name value" options of a verb.
sealed class VerbArgs(string[] args)
{
    public string? Get(string name)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public string Required(string name) => Get(name) ?? throw new VerbUsageException($"--{name} is required");

    public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => Get(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// Arguments that are not options or their values.
    public IReadOnlyList<string> Positional()
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (IsSetting(args[i])) continue;
            if (args[i].StartsWith("--", StringComparison.Ordinal)) { i++; continue; }
            result.Add(args[i]);
        }
        return result;
    }

    /// A setting given on the command line, --Key=Value in one argument (a verb's own options take their value in the next).
    public static bool IsSetting(string arg) => arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=') > 2;
}

sealed class VerbUsageException(string message) : Exception(message);
