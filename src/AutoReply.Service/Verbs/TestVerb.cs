using AutoReply.Core.Engine;
using AutoReply.Service.Configuration;
using AutoReply.Service.Dialogs;

namespace AutoReply.Service.Verbs;

/// autoreply test [DIALOGS_DIR]: runs the conversation tests in DIALOGS_DIR/tests/*.yaml against the library in
/// DIALOGS_DIR (default: Dialogs:Path, else "dialogs"), with the business hours, SLA and escalation tiers of the
/// configuration. Exit 0 when every test passes, 1 when any fails (or the library does not load), 2 when a test file
/// is broken. Each failure and mistake is one line with file:line; the last line is "N passed, N failed".
public static class TestVerb
{
    public static int Run(string[] args, IConfiguration config, TextWriter output)
    {
        var a = new VerbArgs(args);
        var dir = a.Positional().FirstOrDefault() ?? config["Dialogs:Path"] ?? "dialogs";
        var loaded = LibraryFiles.LoadDirectory(dir, config["Dialogs:DefaultLanguage"] ?? "en", LibraryFiles.Training(config));
        var testsDir = Path.Combine(dir, LibraryFiles.TestsFolder);
        var files = Directory.Exists(testsDir)
            ? Directory.EnumerateFiles(testsDir, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).ToList()
            : [];
        if (files.Count == 0) throw new VerbUsageException($"no conversation tests in {testsDir} (*.yaml)");

        var settings = ServiceHost.EngineSettingsFrom(config);
        var scripts = new List<ConversationScript>();
        var broken = new List<ScriptError>();
        foreach (var file in files)
        {
            var (read, errors) = ConversationScriptReader.Read(Path.GetRelativePath(Directory.GetCurrentDirectory(), file), File.ReadAllText(file),
                settings.BusinessHours.Zone);
            scripts.AddRange(read);
            broken.AddRange(errors);
        }
        // An expected answer the library does not have is a mistake in the test, not a failure of the bot (QA round 13:
        // "answer: opening_hours" for "opening-hours" read as the bot answering wrongly).
        if (loaded.Library is { } library)
            foreach (var script in scripts)
                foreach (var step in script.Steps.OfType<ScriptStep.Customer>().Where(c => c.Answer is { } id && !library.Answers.ContainsKey(id)))
                {
                    var near = library.Answers.Keys.Where(id => Core.Matching.EditDistance.Of(id, step.Answer!) <= 2).Order(StringComparer.Ordinal).FirstOrDefault();
                    broken.Add(new ScriptError(script.File, step.Line, $"answer '{step.Answer}' is not an answer of the library" +
                                                                       (near is null ? "" : $" (did you mean '{near}'?)")));
                }
        if (broken.Count > 0)
        {
            foreach (var error in broken) output.WriteLine(error);
            output.WriteLine($"{broken.Count} mistake(s) in the test files: nothing was run");
            return 2;
        }
        if (!loaded.Ok)
        {
            foreach (var error in loaded.Errors) output.WriteLine(error);
            output.WriteLine($"0 passed, {scripts.Count} failed (the library in {dir} does not load)");
            return 1;
        }

        var tiers = HandoffConfig.Tiers(ServiceHost.Options<EscalationOptions>(config));
        var runner = new ConversationScriptRunner(new ConversationEngine(settings), new Core.Handoffs.EscalationPlan(settings.BusinessHours, tiers, settings.Sla));
        var failed = 0;
        foreach (var script in scripts)
        {
            if (runner.Run(script, loaded.Library!) is not { } failure) continue;
            failed++;
            output.WriteLine("FAIL " + failure);
        }
        output.WriteLine($"{scripts.Count - failed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }
}
