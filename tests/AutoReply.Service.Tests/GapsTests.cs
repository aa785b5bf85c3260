using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoReply.Service.Tests.Harness;
using Microsoft.Extensions.Time.Testing;

namespace AutoReply.Service.Tests;

/// The library gaps report: what the bot did not answer, grouped by what was asked, and turned into the library's own
/// examples and answers through the API.
public sealed class GapsTests
{
    // Engraving: a topic the sample shop's library does not cover, and that none of its answers takes for its own.
    static readonly string[] EngravingEn =
    [
        "can you engrave a name on the bracelet?", "do you offer engraving", "is personalised engraving possible on the watch? mail me at ana.berg@example.com",
        "could u engrave initials on it pls", "engraving available?? its a gift for my mum", "Ana here, can I get my ring engraved",
    ];
    static readonly string[] EngravingDe =
    [
        "bietet ihr gravuren an?", "könnt ihr den namen eingravieren", "kann man eine gravur auf dem armband machen lassen",
        "gibts eine gravur bei euch", "bitte mit gravur schicken, ist für meine oma", "gravur möglich?",
    ];
    static readonly string[] Unrelated =
    [
        "are you hiring warehouse staff", "my cat loves your instagram", "what's the weather in berlin tomorrow",
        "can I pay with bitcoin", "is the jacket waterproof", "habt ihr auch eine filiale in wien",
        // Angry: a person answers it whatever the library holds, so it is no gap.
        "what the hell is wrong with you people?! Absolute shit service, where is my engraved bracelet",
    ];

    [Fact]
    public async Task Unanswered_paraphrases_form_one_cluster_per_language_and_become_an_answer_that_answers_the_next_one()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        await using var api = await FakeApi.Start();
        await using var receiver = await Receiver.Start();
        var dialogs = Cli.CopyOfDialogs();
        var settings = XChannelTests.Settings(api);
        settings["Dialogs:Path"] = dialogs;
        await using var service = await TestService.Start(receiver, settings, clock);

        var threads = new List<string>();
        var n = 0;
        foreach (var text in EngravingEn.Concat(EngravingDe).Concat(Unrelated))
        {
            var thread = $"t-{++n}";
            threads.Add(thread);
            await service.Post(TestService.Dm($"m-{n}", thread, text, sender: $"u-{n}", name: "Ana Berg"));
        }
        // The same question on X: counted in the gap, never an example.
        await XChannelTests.Post(service, XChannelTests.Body(XChannelTests.Dm("x-1", "5001", "do you do engraving on xmas presents?")));
        foreach (var thread in threads) await service.ThreadWhen(thread, t => t.Entries.Any(e => e.Kind == "decision"), "decided");
        await service.ThreadWhen($"{XChannelTests.Account}:5001", t => t.Entries.Any(e => e.Kind == "decision"), "decided", "x");

        var report = await service.Http.GetFromJsonAsync<JsonElement>("/api/gaps");
        var clusters = report.GetProperty("clusters").EnumerateArray().ToList();
        JsonElement Cluster(string language, string[] texts) => clusters.Where(c => c.GetProperty("language").GetString() == language)
            .OrderByDescending(c => c.GetProperty("examples").EnumerateArray().Count(e => texts.Any(t => Similar(e.GetString()!, t)))).First();
        var en = Cluster("en", EngravingEn);
        var de = Cluster("de", EngravingDe);
        foreach (var (cluster, texts) in new[] { (en, EngravingEn), (de, EngravingDe) })
        {
            var examples = cluster.GetProperty("examples").EnumerateArray().Select(e => e.GetString()!).ToList();
            var hits = examples.Count(e => texts.Any(t => Similar(e, t)));
            Assert.True(hits >= 5, $"{hits} paraphrases in one cluster: {string.Join(" | ", examples)}; the report: {report}");
            Assert.True(hits >= 0.8 * examples.Count, $"purity {hits}/{examples.Count}: {string.Join(" | ", examples)}");
        }
        var enExamples = en.GetProperty("examples").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.DoesNotContain(clusters.SelectMany(c => c.GetProperty("examples").EnumerateArray()), e => e.GetString()!.Contains("hell"));
        Assert.DoesNotContain(enExamples, e => e.Contains("xmas"));                      // X: counted, not an example
        Assert.True(en.GetProperty("size").GetInt32() > enExamples.Count);
        Assert.DoesNotContain(enExamples, e => e.Contains('@') || e.Contains("Ana"));   // personal data out

        // A new answer from the English cluster: shown as a diff first, nothing written; then applied.
        var draft = new { id = "engraving", category = "sales", language = "en", title = "Engraving",
            reply = "We engrave rings, bracelets and watches for €9.90 (up to 20 letters): choose \"engraving\" on the product page.", messageIds = en.GetProperty("messageIds"), apply = false };
        var shown = await service.Http.PostAsJsonAsync("/api/gaps/answers", draft);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var preview = await shown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("+  - id: \"engraving\"", preview.GetProperty("diff").GetString());
        Assert.False(File.Exists(Path.Combine(dialogs, "answers", "from-gaps.yaml")));
        var applied = await service.Http.PostAsJsonAsync("/api/gaps/answers", draft with { apply = true });
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Contains("- id: \"engraving\"", await File.ReadAllTextAsync(Path.Combine(dialogs, "answers", "from-gaps.yaml")));

        // The German cluster added to it as examples.
        var added = await service.Http.PostAsJsonAsync("/api/gaps/examples", new { answerId = "engraving", language = "de", messageIds = de.GetProperty("messageIds"), apply = true });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Contains("+      de: [\"", (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("diff").GetString());

        // The next paraphrases are answered by it.
        await service.Post(TestService.Dm("m-next-en", "t-next-en", "hi, can you engrave my watch?", sender: "u-next"));
        await service.Post(TestService.Dm("m-next-de", "t-next-de", "macht ihr auch eine gravur auf die uhr?", sender: "u-next-de"));
        foreach (var thread in new[] { "t-next-en", "t-next-de" })
        {
            var decided = await service.ThreadWhen(thread, t => t.Entries.Any(e => e.Kind == "decision"), "the next paraphrase decided");
            Assert.Contains("engraving", decided!.Entries.Single(e => e.Kind == "decision").Text);
            Assert.Contains(decided.Entries, e => e.Kind == "answer" && e.Text!.Contains("engrave"));
        }

        // Bad input changes nothing: an unknown answer, ids that are no DMs, an agent's token.
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Http.PostAsJsonAsync("/api/gaps/examples", new { answerId = "nope", messageIds = new[] { "1" } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Http.PostAsJsonAsync("/api/gaps/examples", new { answerId = "engraving", messageIds = new[] { "999999" } })).StatusCode);
    }

    /// An example is the DM with personal data taken out: it matches its DM when most of its words are the DM's.
    static bool Similar(string example, string dm)
    {
        var words = example.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 0 && words.Count(w => dm.ToLowerInvariant().Contains(w)) >= 0.8 * words.Length;
    }
}

/// Library edits keep the file as the editor wrote it: only the added lines differ.
public sealed class LibraryEditsTests
{
    const string Answers = """
        # Orders.
        answers:
          - id: order-status
            examples:
              en:
                - where is my order
                - has my order shipped   # a comment stays
              de: [wo ist meine bestellung, "status?"]
            replies:
              en: ["Let me check."]
        """;

    static string Dialogs(string text)
    {
        var dir = Path.Combine(Repo.TempDirectory(), "dialogs");
        Directory.CreateDirectory(Path.Combine(dir, "answers"));
        File.WriteAllText(Path.Combine(dir, "answers", "orders.yaml"), text);
        return dir;
    }

    [Fact]
    public void Examples_join_a_block_list_a_flow_list_or_a_new_language_and_the_rest_of_the_file_stays()
    {
        var dir = Dialogs(Answers);
        var block = AutoReply.Service.Dialogs.LibraryEdits.AddExamples(dir, "order-status", "en", ["parcel \"missing\"", "where's my stuff"]).Edit!;
        Assert.Equal(Answers.Replace("        - has my order shipped   # a comment stays\n",
            "        - has my order shipped   # a comment stays\n        - \"parcel \\\"missing\\\"\"\n        - \"where's my stuff\"\n"), block.After);
        Assert.Contains("+        - \"where's my stuff\"", block.Diff);
        Assert.DoesNotContain(block.Diff.Split('\n'), l => l.StartsWith('-') && !l.StartsWith("---"));   // nothing removed

        var flow = AutoReply.Service.Dialogs.LibraryEdits.AddExamples(dir, "order-status", "de", ["paket weg"]).Edit!;
        var err = AutoReply.Service.Dialogs.LibraryEdits.AddExamples(dir, "order-status", "de", ["paket weg"]).Error; Assert.True(err is null, err);
        Assert.Contains("de: [wo ist meine bestellung, \"status?\", \"paket weg\"]", flow.After);

        var fresh = AutoReply.Service.Dialogs.LibraryEdits.AddExamples(dir, "order-status", "fi", ["missä paketti"]).Edit!;
        Assert.Contains("      de: [wo ist meine bestellung, \"status?\"]\n      fi: [\"missä paketti\"]\n    replies:", fresh.After);

        Assert.NotNull(AutoReply.Service.Dialogs.LibraryEdits.AddExamples(dir, "nope", "en", ["x"]).Error);
    }

    [Fact]
    public async Task An_edit_that_breaks_the_library_names_the_library_s_file_and_one_prepared_on_an_older_file_is_a_conflict()
    {
        var dialogs = Cli.CopyOfDialogs();
        var file = Path.Combine(dialogs, "answers", "general.yaml");
        var before = await File.ReadAllTextAsync(file);
        // The editor's check and its stale-file refusal do not reload, so no watcher is needed here.
        var editor = new AutoReply.Service.Dialogs.LibraryEditor(
            Microsoft.Extensions.Options.Options.Create(new AutoReply.Service.Configuration.DialogOptions { Path = dialogs }), watcher: null!,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<AutoReply.Service.Dialogs.LibraryEditor>.Instance);

        var errors = editor.Check(new AutoReply.Service.Dialogs.LibraryEdit(file, before, before + "\n  - id: [broken\n"));
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.StartsWith(file + ":", e));   // the operator's file, not the checked copy's
        Assert.DoesNotContain(errors, e => e.Contains("autoreply-edit"));

        var stale = await editor.Apply(new AutoReply.Service.Dialogs.LibraryEdit(file, before + "# an older text\n", before + "# mine\n"), CancellationToken.None);
        Assert.True(stale.Stale);
        Assert.Contains("changed since the edit was prepared", stale.Errors.Single());
        Assert.Equal(before, await File.ReadAllTextAsync(file));
    }
}
