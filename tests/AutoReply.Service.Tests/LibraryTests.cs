using AutoReply.Service.Dialogs;
using AutoReply.Service.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AutoReply.Service.Tests;

/// The stock-answer library as a brand edits it: answers over HTTP, hot reload, and `autoreply check` / `ask`.
public sealed class LibraryTests
{
    static FakeTimeProvider Tuesday10() => new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_confident_match_is_answered_with_the_stock_answer_and_its_quick_replies()
    {
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: Tuesday10());

        await service.Post(TestService.Dm("m-1", "t-1", "hi, how long does delivery take? ordered last week"));
        await service.Post(TestService.Dm("m-2", "t-2", "Wann bekomme ich mein Geld zurück?", sender: "u-2"));
        await service.Post(TestService.Dm("m-3", "t-3", "hello", sender: "u-3"));

        var delivered = await receiver.WaitUntil(d => d.Count == 3, "three answers");
        var en = delivered.Single(r => r.InReplyTo == "m-1");
        Assert.Equal("answer", en.Kind);
        Assert.Contains("Orders ship within 1–2 working days", en.Text);
        Assert.Contains("Erstattungen", delivered.Single(r => r.InReplyTo == "m-2").Text);
        Assert.Equal(["Where is my order?", "How do I return something?"], delivered.Single(r => r.InReplyTo == "m-3").QuickReplies);
        var transcript = await service.Thread("t-1");
        Assert.Contains(transcript!.Entries, e => e.Kind == "decision" && e.Text!.StartsWith("reply: Answered (shipping-times "));
        Assert.All(transcript.Entries, e => Assert.Null(e.QuickReplies));
        // The thread's record shows the options offered, as the customer saw them.
        var greeted = await service.Thread("t-3");
        Assert.Equal(["Where is my order?", "How do I return something?"], greeted!.Entries.Single(e => e.Direction == "out" && e.Kind == "answer").QuickReplies);
    }

    [Fact]
    public async Task A_broken_edit_is_rejected_with_file_and_line_and_the_previous_library_stays_live()
    {
        var dialogs = Cli.CopyOfDialogs();
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, clock: Tuesday10(), settings: new Dictionary<string, string?> { ["Dialogs:Path"] = dialogs });
        var watcher = service.Services.GetRequiredService<LibraryWatcher>();
        var reloads = new List<(bool Ok, IReadOnlyList<Core.Library.LibraryError> Errors)>();
        watcher.Reloaded += (ok, errors) => { lock (reloads) reloads.Add((ok, errors)); };
        var orders = Path.Combine(dialogs, "answers", "orders.yaml");
        var original = await File.ReadAllTextAsync(orders);

        // A typo: a reply that uses a variable that does not exist, and an answer without examples.
        await File.WriteAllTextAsync(orders, original.Replace("Orders ship within 1–2 working days;", "Ships in {ship_days} days;")
            + "\n  - id: empty-one\n    replies: { en: [\"x\"] }\n");
        await Eventually.Value(() => reloads.Count, n => n >= 1, "the broken edit to be read");
        Assert.False(reloads[^1].Ok);
        Assert.Contains(reloads[^1].Errors, e => e.File.EndsWith("orders.yaml") && e.Line > 0 && e.Reason.Contains("unknown variable '{ship_days}'"));
        Assert.Contains(reloads[^1].Errors, e => e.Reason.Contains("answer 'empty-one' has no examples"));
        Assert.Contains(TestLog.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("previous library stays live"));
        // One log line per error, each with its file and line.
        Assert.Contains(TestLog.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("orders.yaml:") && l.Message.Contains("unknown variable '{ship_days}'")
                                            && !l.Message.Contains("has no examples"));

        await service.Post(TestService.Dm("m-1", "t-1", "how long does shipping take"));
        var first = await receiver.WaitUntil(d => d.Count == 1, "an answer from the old library");
        Assert.Contains("Orders ship within 1–2 working days;", first[0].Text);

        // The fix goes live.
        await File.WriteAllTextAsync(orders, original.Replace("Orders ship within 1–2 working days;", "Orders ship the same day;"));
        await Eventually.Value(() => reloads.Count(r => r.Ok), n => n >= 1, "the fixed library to load");
        await service.Post(TestService.Dm("m-2", "t-2", "how long does shipping take", sender: "u-2"));
        var second = await receiver.WaitUntil(d => d.Count == 2, "an answer from the new library");
        Assert.Contains("Orders ship the same day;", second[1].Text);
    }

    [Fact]
    public async Task Check_lists_every_error_with_file_and_line_and_fails()
    {
        var dialogs = Cli.CopyOfDialogs();
        var general = Path.Combine(dialogs, "answers", "general.yaml");
        var lines = (await File.ReadAllLinesAsync(general)).ToList();
        var thanksLine = lines.FindIndex(l => l.Contains("- id: thanks")) + 1;
        lines[thanksLine - 1] = lines[thanksLine - 1].Replace("thanks", "greeting");   // a duplicate id
        await File.WriteAllLinesAsync(general, lines);
        await File.WriteAllTextAsync(Path.Combine(dialogs, "answers", "bad.yaml"), "answers:\n  - id: x\n    examples: { en: [a] \n");

        var (exit, output) = await Cli.Run(Path.GetDirectoryName(dialogs)!, "check", dialogs);

        Assert.Equal(1, exit);
        Assert.Contains($"general.yaml:{thanksLine}: duplicate answer id 'greeting'", output);
        Assert.Matches(@"bad\.yaml:\d+: YAML syntax", output);
    }

    /// A file saved as Latin-1 (Windows editors still do) is refused with its line, not read with "�" for every umlaut
    /// (QA round 13: "gr�nen Tee" reached customers).
    [Fact]
    public async Task Check_refuses_a_file_that_is_not_UTF8_with_the_line_of_its_first_bad_byte()
    {
        var dialogs = Cli.CopyOfDialogs();
        await File.WriteAllBytesAsync(Path.Combine(dialogs, "answers", "latin1.yaml"),
            System.Text.Encoding.Latin1.GetBytes("answers:\n  - id: tea\n    examples: { de: [habt ihr tee] }\n    replies: { de: [\"Auch grünen Tee.\"] }\n"));

        var (exit, output) = await Cli.Run(Path.GetDirectoryName(dialogs)!, "check", dialogs);

        Assert.Equal(1, exit);
        Assert.Matches(@"latin1\.yaml:4: not UTF-8 text", output);
    }

    [Fact]
    public async Task Check_passes_the_shipped_library_and_ask_explains_a_decision()
    {
        var (exit, output) = await Cli.Run(Repo.Root, "check", "dialogs");
        Assert.Equal(0, exit);
        Assert.Contains("29 answers", output);
        Assert.Matches(@"\nheld out: \d+% of the examples, held out a fifth at a time, are matched to their own answer", output);
        Assert.Contains("flow 'order-status' step 'lookup' looks up 'orders', but Lookups:orders:Url is not set here: every call goes to step 'unavailable'", output);
        var (_, configured) = await Cli.Run(Repo.Root, "check", "dialogs", "--Lookups:orders:Url=http://shop.internal/orders/{order_number}");
        Assert.DoesNotContain("looks up 'orders'", configured);

        var (askExit, explained) = await Cli.Run(Repo.Root, "ask", "wo ist mein paket");
        Assert.Equal(0, askExit);
        Assert.Contains("language: de", explained);
        Assert.Contains("decision: reply: Answered", explained);
        Assert.Matches(@"order-status\s+0\.\d+\s+why: .*paket", explained);

        var (unknownExit, unknown) = await Cli.Run(Repo.Root, "ask", "where is my order", "--lang", "xx");   // not a language of the library
        Assert.Equal(2, unknownExit);
        Assert.Contains("--lang xx: the library in dialogs has de, en, fi", unknown);
        var (emptyExit, empty) = await Cli.Run(Repo.Root, "ask", " ");
        Assert.Equal(2, emptyExit);
        Assert.Contains("the text of a DM, not empty", empty);
        // the library's folder as check takes it (QA round 67: a folder there was ignored, and the sample library asked)
        var (folderExit, inFolder) = await Cli.Run(Repo.Root, "ask", "price?", "tests/judgement/qa65-dog-daycare");
        Assert.Equal(0, folderExit);
        Assert.Contains("grooming-prices", inFolder);
        var (wordsExit, words) = await Cli.Run(Repo.Root, "ask", "wo", "ist", "mein", "paket");
        Assert.Equal(2, wordsExit);
        Assert.Contains("put the DM in quotes", words);
    }

    [Fact]
    public async Task Eval_runs_with_the_built_in_synonyms_only_when_asked_and_refuses_a_bad_switch()
    {
        var dir = Repo.TempDirectory();
        var train = string.Join("\n", new[] { "text\tlabel" }.Concat(Enumerable.Range(0, 6).SelectMany(i => new[]
            { $"where is my parcel number {i}\tparcel", $"i want a refund for order {i}\trefund" })));
        await File.WriteAllTextAsync(Path.Combine(dir, "train.tsv"), train);
        await File.WriteAllTextAsync(Path.Combine(dir, "test.tsv"), "text\tlabel\nwhere is my package\tparcel\nrefund please\trefund\n");

        var (offExit, off) = await Cli.Run(dir, "eval", "--train", "train.tsv", "--test", "test.tsv");
        var (onExit, on) = await Cli.Run(dir, "eval", "--train", "train.tsv", "--test", "test.tsv", "--synonyms", "on");
        var (badExit, bad) = await Cli.Run(dir, "eval", "--train", "train.tsv", "--test", "test.tsv", "--synonyms", "maybe");

        Assert.Equal((0, 0), (offExit, onExit));
        Assert.Contains("\"builtin_synonyms\":false", off);
        Assert.Contains("\"builtin_synonyms\":true", on);
        Assert.NotEqual(0, badExit);
        Assert.Contains("--synonyms is on or off, not 'maybe'", bad);

        await File.WriteAllTextAsync(Path.Combine(dir, "empty.tsv"), "text\tlabel\n");
        var (emptyExit, empty) = await Cli.Run(dir, "eval", "--train", "train.tsv", "--test", "empty.tsv");
        Assert.Equal(2, emptyExit);
        Assert.Contains("empty.tsv: no labelled lines", empty);
        Assert.DoesNotContain("   at ", empty);
    }
}

public class JudgementDataTests
{
    /// The judgement benchmark's libraries are test data the loader must keep accepting: a new required message
    /// broke them once without a test noticing.
    [Fact]
    public void Every_judgement_library_loads()
    {
        var folders = Directory.GetDirectories(Path.Combine(Repo.Root, "tests", "judgement"));
        Assert.NotEmpty(folders);
        foreach (var folder in folders)
        {
            var loaded = LibraryFiles.LoadDirectory(folder, "en");
            Assert.True(loaded.Ok, folder + ": " + string.Join("; ", loaded.Errors));
        }
    }

    /// A label the library does not hold would count every DM it labels as a wrong answer, silently.
    [Fact]
    public void Every_judgement_label_is_an_answer_or_flow_of_its_library_or_oos()
    {
        foreach (var folder in Directory.GetDirectories(Path.Combine(Repo.Root, "tests", "judgement")))
        {
            var library = LibraryFiles.LoadDirectory(folder, "en").Library!;
            foreach (var file in Directory.GetFiles(folder, "*.tsv"))
            {
                var rows = File.ReadAllLines(file).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
                Assert.All(rows, f => Assert.Equal(4, f.Length));
                var unknown = rows.Select(f => f[1]).Where(l => l != "oos" && !library.Answers.ContainsKey(l) && !library.Flows.ContainsKey(l)).Distinct().ToList();
                Assert.True(unknown.Count == 0, $"{file}: labels the library does not hold: {string.Join(", ", unknown)}");
                Assert.All(rows, f => Assert.Contains(f[3], new[] { "in", "near", "far" }));
            }
        }
    }
}

/// `autoreply test`: the conversation tests content editors write beside the library (dialogs/tests/), run as they run them.
public class ConversationTestVerbTests
{
    [Fact]
    public async Task The_shipped_conversation_tests_pass()
    {
        var (exit, output) = await Cli.Run(Repo.Root, "test", "dialogs");
        Assert.True(exit == 0, output);
        var last = output.TrimEnd().Split('\n')[^1];
        Assert.Matches(@"^\d+ passed, 0 failed$", last);
        Assert.True(int.Parse(last.Split(' ')[0]) >= 30, last);
    }

    [Fact]
    public async Task A_library_change_that_breaks_a_conversation_fails_it_with_file_and_line()
    {
        var dialogs = Cli.CopyOfDialogs();
        var orders = Path.Combine(dialogs, "answers", "orders.yaml");
        await File.WriteAllTextAsync(orders, (await File.ReadAllTextAsync(orders)).Replace("I can help with that.", "One moment."));

        var (exit, output) = await Cli.Run(Repo.Root, "test", dialogs);

        Assert.True(exit == 1, output);
        Assert.Matches(@"FAIL .*tests[/\\]orders\.yaml:\d+: test ""where is my order, with the number in the first DM"": expected a reply containing ""I can help with that\.""", output);
        Assert.Matches(@"\d+ passed, [1-9]\d* failed\s*$", output);
    }

    [Fact]
    public async Task A_test_file_with_a_mistake_is_refused_with_file_and_line_and_nothing_runs()
    {
        var dialogs = Cli.CopyOfDialogs();
        await File.WriteAllTextAsync(Path.Combine(dialogs, "tests", "broken.yaml"), """
            tests:
              - name: a jump nobody can make
                start: 2026-11-24 10:00
                steps:
                  - customer: hello
                  - advance: soon
                  - customer: hi
                    bot: [ { kind: shout } ]
            """);

        var (exit, output) = await Cli.Run(Repo.Root, "test", dialogs);

        Assert.True(exit == 2, output);
        Assert.Matches(@"broken\.yaml:6: test ""a jump nobody can make"": advance 'soon' is not a duration", output);
        Assert.Matches(@"broken\.yaml:8: test ""a jump nobody can make"": reply kind 'shout'", output);
        Assert.DoesNotContain("passed", output);

        // An expected answer the library does not have is a mistake in the test too (QA round 13), with the likely one.
        await File.WriteAllTextAsync(Path.Combine(dialogs, "tests", "broken.yaml"), """
            tests:
              - name: a misspelt answer id
                start: 2026-11-24 10:00
                steps:
                  - customer: when are you open?
                    answer: opening_hours
            """);
        (exit, output) = await Cli.Run(Repo.Root, "test", dialogs);
        Assert.True(exit == 2, output);
        Assert.Contains("broken.yaml:5: answer 'opening_hours' is not an answer of the library (did you mean 'opening-hours'?)", output);
    }
}
