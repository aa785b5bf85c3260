using System.Diagnostics;
using AutoReply.Core.Handoffs;
using AutoReply.Core.Policies;
using Microsoft.Extensions.Configuration;

namespace AutoReply.Benchmarks;

/// The signal models (requests for a person, anger, opt-outs) against the rules alone, on the fresh sets that were written by
/// helpers who saw neither, and never read: recall and false findings of the rules, of the model, and of both as the
/// service decides. Also the cross-validated thresholds of the shipped sets (what SignalModel's constants must be), the
/// training time and the cost of a score.
///   dotnet run -c Release --project tests/AutoReply.Benchmarks -- signals [--sets fresh,fresh2,fresh3] [--dir tests/AutoReply.Core.Tests/Signals]
static class SignalsBenchmark
{
    public static int Run(string[] argv)
    {
        var a = new Args(argv);
        var dir = a.Get("dir") ?? "tests/AutoReply.Core.Tests/Signals";
        var sets = (a.Get("sets") ?? "fresh,fresh2,fresh3").Split(',');
        var anger = EscalationSignals.Default;
        // --text "…" (repeatable): what the rules and each model make of one DM.
        var texts = argv.Select((v, i) => (v, i)).Where(p => p.v == "--text" && p.i + 1 < argv.Length).Select(p => argv[p.i + 1]).ToList();
        foreach (var text in texts)
            Console.WriteLine($"person: rules {PersonRequest.FoundByRules(text),-5} score {SignalModel.PersonRequests.Score(text):0.000} -> {PersonRequest.IsRequested(text),-5} | " +
                $"anger: rules {anger.AngryByWords(text),-5} score {SignalModel.Anger.Score(text):0.000} -> {anger.Angry(text),-5} | " +
                $"opt-out: rules {OptOutRequest.FoundByRules(text),-5} score {SignalModel.OptOuts.Score(text):0.000} -> {OptOutRequest.IsAsked(text),-5} | {text}");
        if (texts.Count > 0) return 0;
        var ordinary = (a.Get("ordinary") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var show = argv.Contains("--show");
        Measure("person requests", SignalModel.PersonRequestData, PersonRequest.FoundByRules, PersonRequest.IsRequested, () => SignalModel.PersonRequests,
            dir, sets, ordinary, show);
        Measure("anger", SignalModel.AngerData, t => anger.AngryByWords(t) || anger.LegalOrSafety(t), t => anger.Angry(t) || anger.LegalOrSafety(t),
            () => SignalModel.Anger, dir, sets, ordinary, show);
        // Opt-outs as the service decides them: the configured keywords (appsettings.json, as the service binds them), or a
        // request in words; DMs about e-mail are left out (the library's newsletter answer takes them), as OptOutRequestTests does.
        var config = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath("appsettings.json"), optional: true).Build();
        var keywords = new ConsentWords(AutoReply.Service.ServiceHost.EngineSettingsFrom(config).OptOutWords);
        Measure("opt-outs", SignalModel.OptOutData, t => keywords.Match(t) || OptOutRequest.FoundByRules(t), t => keywords.Match(t) || OptOutRequest.IsAsked(t),
            () => SignalModel.OptOuts, dir, [.. sets, "holdout"], ordinary, show);
        return 0;
    }

    static void Measure(string name, SignalData data, Func<string, bool> byRules, Func<string, bool> decides, Func<SignalModel> shipped,
        string dir, string[] sets, string[] ordinary, bool show)
    {
        var (labelled, negatives) = (data.Labelled, data.Negatives);
        var timer = Stopwatch.StartNew();
        var model = shipped();
        Console.WriteLine($"{name}: trained on {labelled.Count} labelled DMs ({labelled.Count(d => d.Shows)} showing it) and {negatives.Count} ordinary ones " +
            $"in {timer.Elapsed.TotalMilliseconds:F0} ms; thresholds accept {model.Accept:0.000}, veto {model.Veto:0.000}");
        var (accept, veto, ordinaryAbove) = SignalModel.CrossValidate(data);
        Console.WriteLine($"  cross-validated on the shipped sets: accept {accept:0.000}, veto {veto:0.000}; ordinary DMs above accept {100 * ordinaryAbove:0.0}%");
        foreach (var set in sets)
        {
            // A fresh set is a folder of its own; "holdout" is the file set aside beside the tuning sets.
            var file = set == "holdout" ? Path.Combine(dir, $"{data.Prefix}-holdout.tsv") : Path.Combine(dir, set, data.Prefix + ".tsv");
            if (!File.Exists(file)) continue;
            var rows = File.ReadLines(file).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(f => (Text: f[0], Shows: f[1] == data.Label))
                .Where(r => data.Counted(r.Text)).ToList();
            int shows = rows.Count(r => r.Shows), not = rows.Count - shows;
            string Figures(Func<string, bool> finds) =>
                $"recall {rows.Count(r => r.Shows && finds(r.Text)),3}/{shows} ({(double)rows.Count(r => r.Shows && finds(r.Text)) / shows:0.000}), " +
                $"false {rows.Count(r => !r.Shows && finds(r.Text)),2}/{not}";
            Console.WriteLine($"  {set,-7} rules {Figures(byRules)} | model {Figures(t => model.Score(t) >= model.Accept)} | " +
                $"both {Figures(decides)}");
        }
        // Ordinary traffic (intent data sets' test splits, the judgement DMs): how often each takes a DM for the signal.
        foreach (var file in ordinary)
        {
            var texts2 = File.ReadLines(file).Skip(1).Select(l => l.Split('\t')[0]).Where(t => t.Length > 0).ToList();
            string Share(Func<string, bool> finds) { var k = texts2.Count(finds); return $"{k,4}/{texts2.Count} ({100.0 * k / texts2.Count:0.0}%)"; }
            Console.WriteLine($"  ordinary {Path.GetFileName(Path.GetDirectoryName(file))}/{Path.GetFileName(file)}: rules {Share(byRules)} | model {Share(t => model.Score(t) >= model.Accept)} | both {Share(decides)}");
            if (!show) continue;
            foreach (var t in texts2.Where(t => decides(t) && !byRules(t)).Take(15)) Console.WriteLine($"      found by the model {model.Score(t):0.00}: {t}");
            foreach (var t in texts2.Where(t => !decides(t) && byRules(t)).Take(15)) Console.WriteLine($"      overruled by the model {model.Score(t):0.00}: {t}");
        }
        var texts = labelled.Select(d => d.Text).ToArray();
        timer.Restart();
        var n = 0;
        for (var round = 0; round < 5; round++)
            foreach (var t in texts) { model.Score(t); n++; }
        Console.WriteLine($"  a score takes {timer.Elapsed.TotalMicroseconds / n:F1} µs");
    }
}
