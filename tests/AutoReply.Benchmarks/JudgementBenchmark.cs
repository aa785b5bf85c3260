using AutoReply.Core.Answers;
using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Matching;
using AutoReply.Core.Messages;
using AutoReply.Core.Threads;
using AutoReply.Service;
using AutoReply.Service.Dialogs;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace AutoReply.Benchmarks;

/// Issue 12's measurement: does the service answer only when it is right, on small libraries of other businesses?
/// Each library folder under tests/judgement/ holds a library (answers.yaml) and labelled DMs (text, answer id or
/// oos, language, kind in/near/far): dms.tsv is the tuned part, holdout.tsv the part never tuned on, validation.tsv
/// (where there is one) DMs written after the answer judge was fitted, and a library whose folder starts with
/// "holdout-" is never tuned on at all. Every DM is one fresh thread through the whole
/// engine (person requests, signals, matcher, acknowledgement) at a Tuesday 10:00, as the service would decide it.
/// --show lists the misses of the tuned parts; --dump FILE writes the tuned parts' readings, verdicts and decisions.
static class JudgementBenchmark
{
    internal sealed record Dm(string Text, string Label, string Language, string Kind);

    internal sealed class Tally
    {
        public int InRight, InAsked, InWrong, InHandedOff, OutHandedOff, OutAsked, OutWrong;
        /// In-scope DMs whose right answer the matcher ranks first, whatever the engine then decides: the ceiling of "right".
        public int InTop;
        /// Answers given with the offer of a person (a "no" then hands off): right ones, and wrong ones (in scope or out of it).
        public int RightOffered, WrongOffered;
        /// DMs handed off with an answer suggested under the acknowledgement: in scope, the right answer or another one; out of scope.
        public int SuggestedRight, SuggestedWrong, SuggestedOut;
        public int In => InRight + InAsked + InWrong + InHandedOff;
        public int Out => OutHandedOff + OutAsked + OutWrong;

        public void Add(Tally t)
        {
            InRight += t.InRight; InAsked += t.InAsked; InWrong += t.InWrong; InHandedOff += t.InHandedOff;
            OutHandedOff += t.OutHandedOff; OutAsked += t.OutAsked; OutWrong += t.OutWrong; InTop += t.InTop;
            RightOffered += t.RightOffered; WrongOffered += t.WrongOffered;
            SuggestedRight += t.SuggestedRight; SuggestedWrong += t.SuggestedWrong; SuggestedOut += t.SuggestedOut;
        }

        public override string ToString() =>
            $"in scope {In,3}: right {Pct(InRight, In)}  asked {Pct(InAsked, In)}  wrong {Pct(InWrong, In)}  handed off {Pct(InHandedOff, In)} | " +
            $"out of scope {Out,3}: handed off {Pct(OutHandedOff, Out)}  asked {Pct(OutAsked, Out)}  answered wrongly {Pct(OutWrong, Out)}" +
            $" | ranked first {Pct(InTop, In)} | offered a person: {RightOffered}/{InRight} right, {WrongOffered}/{InWrong + OutWrong} wrong" +
            $" | suggested: {SuggestedRight} right, {SuggestedWrong} wrong in scope, {SuggestedOut}/{OutHandedOff} out of scope";

        internal static string Pct(int n, int of) => of == 0 ? "   –  " : $"{100.0 * n / of,5:F1}%";
    }

    public static int Run(string[] argv)
    {
        var a = new Args(argv);
        var root = a.Get("dir") ?? "tests/judgement";
        var verbose = argv.Contains("--show");
        // --dump FILE: the tuned parts' readings and verdicts, one DM a line (label, best answer, the judge's inputs and
        // probability, verdict, text, the words the library never saw, the decision's kind and reason), to study what tells a right answer from a wrong one.
        using var dump = a.Get("dump") is { } dumpPath ? new StreamWriter(dumpPath) { AutoFlush = true } : null;
        if (dump is not null) dump.WriteLine("label\tfirst\tconfidence\tsecond\toutOfScope\tevidence\tjudged\tcontent\tunknown\tcovered\tforeign\tperAnswer\tverdict\ttext\tunknownWords\tdecision");
        var config = Config(argv);
        var engine = new ConversationEngine(ServiceHost.EngineSettingsFrom(config));
        var tuned = new Tally();
        var never = new Tally();
        var validation = new Tally();
        string? shown = null;
        foreach (var (name, library, part, dms) in Parts(root, config))
        {
            if (name != shown) Console.WriteLine($"{shown = name}: {library.Answers.Count} answers");
            var tally = new Tally();
            if (part == "tuned") dump?.WriteLine($"# {name}");
            // --show lists the misses of the tuned parts only: a never-tuned part's misses, once read, would be tuned on.
            foreach (var dm in dms) Judge(engine, library, dm, tally, verbose && part == "tuned" ? $"  [{name}]" : null, part == "tuned" ? dump : null);
            Console.WriteLine($"  {part,-11} {tally}");
            (part switch { "tuned" => tuned, "validation" => validation, _ => never }).Add(tally);
        }
        Console.WriteLine($"all tuned       {tuned}");
        Console.WriteLine($"all never tuned {never}");
        if (validation.In + validation.Out > 0) Console.WriteLine($"all validation  {validation}");
        return 0;
    }

    /// appsettings.json, with each --set Key=Value (repeatable) over it: "--set Matching:AnswerThreshold=0.5" tries a
    /// setting without editing the file.
    internal static IConfiguration Config(string[] argv)
    {
        var overrides = argv.Select((v, i) => (v, i)).Where(p => p.v == "--set" && p.i + 1 < argv.Length).Select(p => argv[p.i + 1].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => (string?)kv[1]);
        return new ConfigurationBuilder().AddJsonFile(Path.GetFullPath("appsettings.json"), optional: true).AddInMemoryCollection(overrides).Build();
    }

    /// Each library under <paramref name="root"/> with its parts: "tuned" (dms.tsv), "never tuned" (holdout.tsv) and,
    /// where there is one, "validation" (validation.tsv), or only "never tuned" (dms.tsv) for a library whose folder
    /// starts with "holdout-"; a QA round's library (a folder starting with "qa") may have its tuned part alone.
    /// <paramref name="tunedOnly"/>: the tuned parts alone, the never-tuned ones not even read.
    internal static IEnumerable<(string Name, DialogLibrary Library, string Part, List<Dm> Dms)> Parts(string root, IConfiguration config, bool tunedOnly = false)
    {
        foreach (var dir in Directory.GetDirectories(root).Order())
        {
            var name = Path.GetFileName(dir);
            if (tunedOnly && name.StartsWith("holdout-", StringComparison.Ordinal)) continue;
            // --set Dialogs:BuiltinSynonyms=true measures the matcher with the built-in lexicon of synonyms.
            var loaded = LibraryFiles.LoadDirectory(dir, "en", LibraryFiles.Training(config));
            if (!loaded.Ok) throw new InvalidOperationException(string.Join(Environment.NewLine, loaded.Errors));
            var parts = name.StartsWith("holdout-", StringComparison.Ordinal)
                ? new[] { ("never tuned", Path.Combine(dir, "dms.tsv")) }
                : [("tuned", Path.Combine(dir, "dms.tsv")), ("never tuned", Path.Combine(dir, "holdout.tsv")), ("validation", Path.Combine(dir, "validation.tsv"))];
            // A validation part is where there is one; a QA round's library has no never-tuned part either: all its DMs were
            // read in the round (tests/judgement/README.md).
            bool Optional(string part) => part == "validation" || part == "never tuned" && name.StartsWith("qa", StringComparison.Ordinal);
            parts = parts.Where(p => File.Exists(p.Item2) || !Optional(p.Item1)).ToArray();
            foreach (var (part, file) in parts.Where(p => !tunedOnly || p.Item1 == "tuned")) yield return (name, loaded.Library!, part, Read(file).ToList());
        }
    }

    /// Decides one DM as a fresh thread and counts it.
    /// <paramref name="dump"/>: where to write the DM's reading (what the answer judge read, its probability) and verdict.
    internal static void Judge(ConversationEngine engine, DialogLibrary library, Dm dm, Tally tally, string? show, TextWriter? dump = null)
    {
        var now = Instant.FromUtc(2026, 11, 24, 9, 0);   // a Tuesday, 10:00 in Berlin: business hours
        var key = new ThreadKey("judgement", Guid.NewGuid().ToString("N"));
        var turn = new Turn(new InboundMessage(key, "m", new Sender("u", null), dm.Text, now, now), ConversationState.New(key),
            ContactState.New("judgement", "u"), library, now);
        var decision = engine.Handle(turn).Decision;
        var answered = decision.AnswerId;
        var asked = decision.Reason == Reason.AskedWhichAnswer ? decision.Thread?.Memory.PendingChoice ?? [] : null;
        string verdict;
        if (dm.Label == "oos")
        {
            if (asked is not null) { tally.OutAsked++; verdict = "asked"; }
            else if (answered is not null && !(library.Answers.TryGetValue(answered, out var ans) && ans.HandOff)) { tally.OutWrong++; verdict = "WRONG " + answered; }
            else { tally.OutHandedOff++; verdict = "handed off"; }
        }
        else
        {
            if (library.Matcher?.Match(dm.Text, decision.Thread?.Language ?? dm.Language, 1, out _) is [var top, ..] && top.Label == dm.Label) tally.InTop++;
            if (answered == dm.Label) { tally.InRight++; verdict = "right"; }
            else if (asked is not null && asked.Contains(dm.Label)) { tally.InAsked++; verdict = "asked"; }
            else if (answered is not null || asked is not null) { tally.InWrong++; verdict = "WRONG " + (answered ?? "asked " + string.Join("/", asked!)); }
            else if (decision.Reason == Reason.CustomerAskedForPerson && library.Answers.TryGetValue(dm.Label, out var want) && want.HandOff) { tally.InRight++; verdict = "right (person)"; }
            else { tally.InHandedOff++; verdict = "handed off " + decision.Reason; }
        }
        if (decision.Thread?.Memory.NotItOfferedFor is not null)
        {
            if (verdict == "right") tally.RightOffered++;
            else if (verdict.StartsWith("WRONG", StringComparison.Ordinal)) tally.WrongOffered++;
        }
        if (decision.Thread?.Memory.Suggested is { } suggested)
        {
            if (dm.Label == "oos") tally.SuggestedOut++;
            else if (suggested.AnswerId == dm.Label) tally.SuggestedRight++;
            else tally.SuggestedWrong++;
        }
        if (dump is not null && JudgedMatch.Of(library, dm.Text, decision.Thread?.Language ?? dm.Language, c => !library.Answers[c.Label].ForReachingAPerson) is { } judged)
        {
            var r = judged.Reading;
            dump.WriteLine(string.Join('\t', dm.Label, judged.First.Label, r.Confidence, r.Second, r.OutOfScope, r.Evidence, judged.Sure, r.Content, r.Unknown,
                r.Covered, r.Foreign, r.PerAnswer, verdict, dm.Text,
                string.Join(' ', library.Vocabulary?.Read(dm.Text, decision.Thread?.Language ?? dm.Language).Unknown ?? []), $"{decision.Kind} {decision.Reason}"));
        }
        if (show is not null && verdict != "right" && !(dm.Label == "oos" && verdict == "handed off"))
        {
            var words = library.Vocabulary?.Read(dm.Text, decision.Thread?.Language ?? "en");
            Console.WriteLine($"{show} {dm.Kind,-4} {dm.Label,-22} {verdict,-28} {dm.Text}   ({decision.Detail}; unknown {words?.Unknown.Count}/{words?.Content}: {string.Join(" ", words?.Unknown ?? [])})");
        }
    }

    internal static IEnumerable<Dm> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var f = lines[i].Split('\t');
            if (f.Length != 4) throw new FormatException($"{path}:{i + 1}: expected text, label, lang, kind");
            yield return new Dm(f[0], f[1], f[2], f[3]);
        }
    }
}
