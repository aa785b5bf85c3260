using System.Diagnostics;
using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Matching;
using AutoReply.Core.Messages;
using AutoReply.Core.Threads;
using AutoReply.Core.Time;
using NodaTime;

namespace AutoReply.Benchmarks;

/// Builds a library from a labelled TSV three times and decides its test lines one at a time on one thread,
/// three times; prints medians: build seconds, decisions per second, and the managed memory the library holds.
/// Then does the same for whole engine turns (language detection, matching, reply) on the shipped dialogs/.
static class MatcherBenchmark
{
    public static int Run(string[] argv)
    {
        var a = new Args(argv);
        var train = Read(a.Get("train") ?? throw new ArgumentException("--train FILE.tsv"));
        var test = Read(a.Get("test") ?? throw new ArgumentException("--test FILE.tsv")).Select(r => r.Text).ToArray();
        var examples = train.Select(r => new LabeledExample(r.Text, r.Label, "en")).ToList();

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var builds = new List<double>();
        IntentMatcher? matcher = null;
        for (var i = 0; i < 3; i++)
        {
            matcher = null;
            GC.Collect();
            var watch = Stopwatch.StartNew();
            matcher = IntentMatcher.Build(examples);
            builds.Add(watch.Elapsed.TotalSeconds);
        }
        var held = GC.GetTotalMemory(forceFullCollection: true) - before;

        var rates = new List<double>();
        for (var round = 0; round < 4; round++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var text in test) matcher!.Match(text, "en", 2, out _);
            if (round > 0) rates.Add(test.Length / watch.Elapsed.TotalSeconds);   // round 0 warms the JIT up
        }
        GC.KeepAlive(matcher);
        Console.WriteLine($"matcher: {examples.Count} examples, {matcher!.Labels.Count} labels, {matcher.Features} features");
        Console.WriteLine($"  build: median {Median(builds):F2} s (runs: {string.Join(", ", builds.Select(b => b.ToString("F2")))})");
        Console.WriteLine($"  decisions, one at a time on one thread: median {Median(rates):F0}/s ({1e6 / Median(rates):F1} µs each)");
        var extractor = new FeatureExtractor(new Stemmers(), [Concepts.Builtin]);
        var bag = new FeatureExtractor.Bag();
        for (var round = 0; round < 2; round++) foreach (var text in test) extractor.Extract(text, "en", bag);
        var extractWatch = Stopwatch.StartNew();
        foreach (var text in test) extractor.Extract(text, "en", bag);
        Console.WriteLine($"  of which term extraction: {extractWatch.Elapsed.TotalMicroseconds / test.Length:F1} µs per DM");
        Console.WriteLine($"  managed memory held by the library: {held / 1024.0 / 1024.0:F1} MB; process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MB");
        return 0;
    }

    public static int Engine(string[] argv)
    {
        var a = new Args(argv);
        var dir = a.Get("dialogs") ?? Path.Combine(LoadBenchmark.FindRoot(), "dialogs");
        var files = Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(dir, f).StartsWith("tests" + Path.DirectorySeparatorChar, StringComparison.Ordinal))   // conversation tests, not library files
            .Select(f => new LibraryFile(f, File.ReadAllText(f)));
        var library = LibraryLoader.Load(files, "en").Library!;
        var zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var week = Enumerable.Range(1, 5).ToDictionary(d => (IsoDayOfWeek)d, _ => new[] { new Opening(new LocalTime(9, 0), new LocalTime(17, 0)) });
        var engine = new ConversationEngine(new EngineSettings(new BusinessHours(zone, week, []), ["stop"], ["start"], Duration.FromHours(2), Duration.FromMinutes(30)));
        string[] texts =
        [
            "where is my order??", "Wo ist mein Paket?", "I want to talk to a human", "wann bekomme ich mein geld zurück",
            "what's the weather tomorrow", "missä tilaukseni on", "can i pay with paypal", "my item arrived broken, what now?",
        ];
        var now = Instant.FromUtc(2026, 11, 24, 10, 0);
        var key = new ThreadKey("bench", "t");
        var turns = texts.Select((t, i) => new Turn(new InboundMessage(key, $"m{i}", new Sender("u", "Ana"), t, now, now),
            ConversationState.New(key), ContactState.New("bench", "u"), library, now)).ToArray();
        var rates = new List<double>();
        for (var round = 0; round < 4; round++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < 20_000; i++) engine.Handle(turns[i % turns.Length]);
            if (round > 0) rates.Add(20_000 / watch.Elapsed.TotalSeconds);
        }
        Console.WriteLine($"engine turns on the shipped library ({library.Answers.Count} answers): median {Median(rates):F0}/s on one thread");
        return 0;
    }

    static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);

    static List<(string Text, string Label)> Read(string path) => File.ReadLines(path).Skip(1).Where(l => l.Length > 0)
        .Select(l => (l[..l.LastIndexOf('\t')], l[(l.LastIndexOf('\t') + 1)..])).ToList();
}

/// Recognition of a 100-character DM with every recognizer, one at a time on one thread: median of many runs.
static class RecognizerBenchmark
{
    public static int Run(string[] argv)
    {
        var recognizer = new AutoReply.Core.Recognizers.EntityRecognizer();
        var zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var context = new AutoReply.Core.Recognizers.RecognitionContext("en", new LocalDateTime(2026, 11, 24, 10, 0), zone);
        var contextDe = context with { Language = "de" };
        string[] dms =
        [
            "Hi, please call me back tomorrow at 3pm on +49 171 2345678, it's about order A-1234 (paid €49.90).",
            "Hallo, bitte übermorgen um 15 Uhr zurückrufen: 0171 2345678. Es geht um 2 Artikel für 19,90 € netto.",
            "I'm free next Monday between 2 and 4pm or in 2 weeks; my e-mail is ana.muller@example.com thanks!!",
        ];
        foreach (var dm in dms) Console.WriteLine($"  {dm.Length} characters: {dm}");
        // Warm up first (30,000 calls: the JIT's tiers and the regexes' caches), then measure 30,000 more one by one.
        for (var i = 0; i < 30_000; i++) recognizer.Recognize(dms[i % dms.Length], i % dms.Length == 1 ? contextDe : context);
        var samples = new List<double>();
        for (var i = 0; i < 30_000; i++)
        {
            var dm = dms[i % dms.Length];
            var start = Stopwatch.GetTimestamp();
            recognizer.Recognize(dm, i % dms.Length == 1 ? contextDe : context);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
        var loop = Stopwatch.GetTimestamp();
        for (var i = 0; i < 30_000; i++) recognizer.Recognize(dms[i % dms.Length], i % dms.Length == 1 ? contextDe : context);
        var loopMicroseconds = Stopwatch.GetElapsedTime(loop).TotalMicroseconds / 30_000;
        samples.Sort();
        Console.WriteLine($"recognition of a ~100-character DM, all recognizers: median {samples[samples.Count / 2]:F1} µs, p99 {samples[(int)(samples.Count * 0.99)]:F1} µs");
        Console.WriteLine($"  sentences per second on one thread: {1_000_000 / samples.Average():F0} (mean {samples.Average():F1} µs timed one by one); " +
            $"{1_000_000 / loopMicroseconds:F0} in a loop of 30,000 ({loopMicroseconds:F1} µs each)");
        // The tuning half of the labelled entity set: 1,900+ different DM sentences in three languages, not three warm ones.
        var labelled = Path.Combine(LoadBenchmark.FindRoot(), "tests", "AutoReply.Core.Tests", "Recognizers", "labelled", "tune");
        var sentences = Directory.EnumerateFiles(labelled, "*.tsv").SelectMany(File.ReadLines)
            .Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('\t'))
            .Select(c => (Text: c[1], Context: context with { Language = c[0] })).ToArray();
        for (var round = 0; round < 3; round++) foreach (var (text, ctx) in sentences) recognizer.Recognize(text, ctx);
        var passes = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var (text, ctx) in sentences) recognizer.Recognize(text, ctx);
            passes.Add(sentences.Length / watch.Elapsed.TotalSeconds);
        }
        passes.Sort();
        Console.WriteLine($"  the labelled set's {sentences.Length} tuning sentences (en/de/fi, {sentences.Average(s => s.Text.Length):F0} characters on average): " +
            $"median {passes[2]:F0} sentences/s on one thread (passes: {string.Join(", ", passes.Select(p => p.ToString("F0")))})");
        // Each recognizer alone (mean µs per DM): where the time goes.
        AutoReply.Core.Recognizers.IEntityRecognizer[] each =
        [
            new AutoReply.Core.Recognizers.EmailRecognizer(), new AutoReply.Core.Recognizers.UrlRecognizer(), new AutoReply.Core.Recognizers.IpRecognizer(),
            new AutoReply.Core.Recognizers.PhoneRecognizer(), new AutoReply.Core.Recognizers.OrderNumberRecognizer(), new AutoReply.Core.Recognizers.DateTimeRecognizer(),
            new AutoReply.Core.Recognizers.QuantityRecognizer(), new AutoReply.Core.Recognizers.BooleanRecognizer(),
        ];
        foreach (var r in each)
        {
            for (var i = 0; i < 3_000; i++) _ = r.Recognize(dms[i % dms.Length], context).Count();
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < 30_000; i++) _ = r.Recognize(dms[i % dms.Length], i % dms.Length == 1 ? contextDe : context).Count();
            Console.WriteLine($"  {r.GetType().Name,-24} {Stopwatch.GetElapsedTime(start).TotalMicroseconds / 30_000:F1} µs");
        }
        return 0;
    }
}
