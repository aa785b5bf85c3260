using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AutoReply.Core.Library;

/// A file of dialogs/ as text; the host reads the disk, Core only parses.
public sealed record LibraryFile(string Path, string Text);

/// A problem in a library file, as "file:line: reason".
public sealed record LibraryError(string File, int Line, string Reason)
{
    /// The file of a problem of the whole library (a required message no file has): the caller, who knows the
    /// directory, names its messages.yaml instead.
    public const string Library = "dialogs";

    /// Line 0: a problem of the file as a whole (it does not exist, it lacks a message), written without a line.
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Reason}" : $"{File}: {Reason}";
}

public sealed record LibraryLoadResult(DialogLibrary? Library, IReadOnlyList<LibraryError> Errors)
{
    public bool Ok => Library is not null && Errors.Count == 0;
    /// The library's out_of_scope examples (what it must not answer), for advice on the library.
    public IReadOnlyList<Matching.LabeledExample> OutOfScope { get; init; } = [];

    /// The files that hold nothing (empty, or only comments): loaded without a word, for advice on the library (a file
    /// saved empty by mistake takes its answers with it).
    public IReadOnlyList<string> EmptyFiles { get; init; } = [];
}

/// Builds a <see cref="DialogLibrary"/> from YAML files. It reports every error it finds, each with file and line,
/// and returns no library at all when there is one: half a library is never served.
public static class LibraryLoader
{
    public static LibraryLoadResult Load(IEnumerable<LibraryFile> files, string defaultLanguage, Matching.TrainingSettings? training = null)
    {
        var errors = new List<LibraryError>();
        var messages = new Dictionary<string, (Dictionary<string, Template> Texts, string File, int Line)>();
        var answers = new Dictionary<string, Answer>();
        var outOfScope = new List<Matching.LabeledExample>();
        var flows = new Dictionary<string, Dialogs.Flow>();
        var flowVariables = new List<Dialogs.FlowReader.PendingVariable>();
        var savedReplies = new Dictionary<string, SavedReply>();
        var savedVariables = new List<SavedReplyReader.Pending>();
        var synonyms = new List<(string Concept, string Language, string Entry)>();
        var empty = new List<string>();
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var root = ParseYaml(file, errors);
            if (root is null && errors.All(e => e.File != file.Path)) empty.Add(file.Path);
            if (root is null) continue;
            foreach (var (keyNode, value) in root.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value;
                switch (key)
                {
                    case "messages": ReadMessages(file, value, messages, errors); break;
                    case "answers": AnswerReader.Read(file, value, defaultLanguage, answers, errors); break;
                    case "out_of_scope": AnswerReader.ReadOutOfScope(file, value, outOfScope, errors); break;
                    case "flows": Dialogs.FlowReader.Read(file, value, defaultLanguage, flows, errors, flowVariables); break;
                    case "saved_replies": SavedReplyReader.Read(file, value, defaultLanguage, savedReplies, errors, savedVariables); break;
                    case "synonyms": SynonymReader.Read(file, value, synonyms, errors); break;
                    default: errors.Add(At(file, keyNode, $"unknown section '{key}' (expected: messages, answers, out_of_scope, flows, saved_replies, synonyms)")); break;
                }
            }
        }

        // With a file unreadable, its messages are unknown: "missing" would be a wrong second error for each.
        var allParsed = errors.All(e => !e.Reason.StartsWith("YAML syntax", StringComparison.Ordinal));
        // A missing message belongs where the others are (or in the library's messages.yaml, the loader's caller says where).
        var messagesFile = messages.Values.Select(m => m.File).Order(StringComparer.Ordinal).FirstOrDefault() ?? LibraryError.Library;
        foreach (var key in allParsed ? MessageKeys.Required.Keys : [])
        {
            if (flows.Count == 0 && MessageKeys.ForFlows.Contains(key)) continue;
            if (!messages.TryGetValue(key, out var m))
                errors.Add(new LibraryError(messagesFile, 0, $"required message '{key}' is missing (add it under messages:)"));
            else if (!m.Texts.ContainsKey(defaultLanguage))
                errors.Add(new LibraryError(m.File, m.Line, $"message '{key}' has no text in the default language '{defaultLanguage}'"));
        }

        // A message the service never sends is a typo of one it does ("ack.opne", "csat.questoin"): its text would never go out.
        foreach (var (key, m) in messages.Where(kv => !MessageKeys.Required.ContainsKey(kv.Key) && !MessageKeys.Optional.Contains(kv.Key))
                     .OrderBy(kv => kv.Value.File, StringComparer.Ordinal).ThenBy(kv => kv.Value.Line))
            errors.Add(new LibraryError(m.File, m.Line, $"unknown message '{key}': the service sends " +
                string.Join(", ", MessageKeys.Required.Keys.Concat(MessageKeys.Optional).Order(StringComparer.Ordinal))));

        // The disclosure is owed in whatever language a thread is answered in: every language of the library needs it.
        if (allParsed && messages.TryGetValue(MessageKeys.Disclosure, out var disclosure))
        {
            var libraryLanguages = messages.Values.SelectMany(m => m.Texts.Keys).Concat(answers.Values.SelectMany(a => a.ByLanguage.Keys))
                .Append(defaultLanguage);
            foreach (var language in libraryLanguages.Distinct().Order().Where(l => !disclosure.Texts.ContainsKey(l)))
            {
                // Reported where the language is first used, which is where a misspelt code ("dt:" for "de:") is: at the
                // disclosure it sent the editor to write one for a language that is not meant (QA round 13).
                var (file, line, what) = answers.Values.Where(a => a.ByLanguage.ContainsKey(language)).OrderBy(a => a.File, StringComparer.Ordinal)
                    .ThenBy(a => a.Line).Select(a => (a.File, a.Line, $"answer '{a.Id}'")).FirstOrDefault();
                if (file is null)
                    (file, line, what) = messages.Where(m => m.Value.Texts.ContainsKey(language)).OrderBy(m => m.Value.File, StringComparer.Ordinal)
                        .ThenBy(m => m.Value.Line).Select(m => (m.Value.File, m.Value.Line, $"message '{m.Key}'")).FirstOrDefault();
                // A likely misspelling only for a code no language has ("dt"): "fr" and "es" are languages of their own.
                var near = IsoLanguages.Contains(language) ? null
                    : disclosure.Texts.Keys.Where(l => Matching.EditDistance.Of(l, language) <= 1).Order(StringComparer.Ordinal).FirstOrDefault();
                errors.Add(file is null
                    ? new LibraryError(disclosure.File, disclosure.Line,
                        $"message '{MessageKeys.Disclosure}' has no text in '{language}': the library answers in it, " +
                        "and a customer must be told they talk to an automated system")
                    : new LibraryError(file, line,
                        $"{what} has texts in '{language}', and message '{MessageKeys.Disclosure}' has none in it" +
                        (near is null ? "" : $" (a misspelling of '{near}'?)") +
                        $": a customer answered in '{language}' must be told they talk to an automated system; add a '{language}' disclosure " +
                        $"(at {disclosure.File}:{disclosure.Line}) or correct the language code. To read '{language}' and answer in '{defaultLanguage}', " +
                        $"the disclosure may say so: answers without '{language}' replies are given in '{defaultLanguage}'"));
            }
        }

        Dialogs.FlowReader.CheckVariables(flows, flowVariables, errors);
        SavedReplyReader.CheckVariables(flows, savedVariables, errors);
        foreach (var answer in answers.Values.Where(a => a.Flow is not null && !flows.ContainsKey(a.Flow)))
            errors.Add(new LibraryError(answer.File, answer.Line,
                $"answer '{answer.Id}': unknown flow '{answer.Flow}' (flows: {string.Join(", ", flows.Keys.Order())})"));
        foreach (var flow in flows.Values)
            foreach (var call in flow.Steps.OfType<Dialogs.FlowStep.Call>())
                if (!flows.ContainsKey(call.Flow) || call.Flow == flow.Id)
                    errors.Add(new LibraryError(flow.File, call.Line, $"flow '{flow.Id}' step '{call.Id}': unknown flow '{call.Flow}'"));

        if (errors.Count > 0) return new LibraryLoadResult(null, errors);
        // The matcher learns only from the library's own texts. Never add customers' DMs here without leaving out the x
        // channel: X's developer rules forbid training on X content (see README, Privacy and transparency).
        var examples = answers.Values.SelectMany(a => a.ByLanguage.SelectMany(kv =>
                kv.Value.Examples.Concat(kv.Value.Keywords).Concat(kv.Value.Title is null ? [] : [kv.Value.Title])
                    .Select(text => new Matching.LabeledExample(text, a.Id, kv.Key))))
            .Concat(outOfScope).ToList();
        var languages = messages.Values.SelectMany(m => m.Texts.Keys).Concat(examples.Select(e => e.Language))
            .Append(defaultLanguage).Distinct().Order().ToArray();
        var stemmers = new Matching.Stemmers();
        var brandSynonyms = synonyms.Count == 0 ? null : Matching.Concepts.FromGroups(synonyms, stemmers);
        var matcher = answers.Count == 0 ? null : Matching.IntentMatcher.Build(examples, training, stemmers, brandSynonyms);
        var detector = new Matching.LanguageDetector(examples.Select(e => (e.Language, e.Text))
            .Concat(messages.Values.SelectMany(m => m.Texts.Select(t => (t.Key, t.Value.Source)))));
        var vocabulary = answers.Count == 0 ? null : Matching.Vocabulary.Build(answers.Values.SelectMany(a => a.ByLanguage.SelectMany(kv =>
                kv.Value.Examples.Concat(kv.Value.Keywords).Concat(kv.Value.Title is null ? [] : [kv.Value.Title])
                    // A "talk to a person" answer's words are how customers ask for a person, which the person-request
                    // stage decides: in a DM that only mentions staff ("the agent who answered my email said…") they are
                    // not a question for another answer, so they do not count against the DM's best answer.
                    .Select(text => (text, a.Id, kv.Key, Asking: !a.ForReachingAPerson))
                    .Concat(kv.Value.Replies.Select(r => (r.Source, a.Id, kv.Key, Asking: false)))))
                // An answer that opens a flow owns what its flow asks and offers, as it owns its replies: "Ich will mein Geld
                // zurück für Bestellung A-9912, falscher Artikel geliefert" holds the refund flow's order number and option,
                // not other answers' words (QA round 16: it went to a person as a general question).
                .Concat(answers.Values.SelectMany(a => a.Flow is { } id && flows.TryGetValue(id, out var flow)
                    ? flow.Words().Select(w => (w.Text, a.Id, w.Language, Asking: false)) : [])), stemmers, brandSynonyms);
        var library = new DialogLibrary(defaultLanguage, languages,
            messages.ToDictionary(kv => kv.Key, kv => new LocalizedText(kv.Value.Texts, defaultLanguage)),
            answers, matcher, detector, flows, savedReplies, vocabulary);
        return new LibraryLoadResult(library, errors) { OutOfScope = outOfScope, EmptyFiles = empty };
    }

    /// What the YAML parser's words usually mean in a library file, for an editor who does not speak YAML (QA round 13:
    /// "While scanning a plain scalar value, found invalid mapping" was all an editor got).
    static string YamlHint(string said) =>
        said.Contains("tab character", StringComparison.OrdinalIgnoreCase) ? " (indent with spaces, not tabs)"
        : said.Contains("invalid mapping", StringComparison.OrdinalIgnoreCase) || said.Contains("mapping values are not allowed", StringComparison.OrdinalIgnoreCase)
            ? " (usually a text with \": \" in it: put the text in quotes, or a line indented differently from the ones beside it)"
        : said.Contains("did not find expected", StringComparison.OrdinalIgnoreCase)
            ? " (usually an unclosed quote or bracket, or a line indented differently from the ones beside it)"
        : "";

    static YamlMappingNode? ParseYaml(LibraryFile file, List<LibraryError> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(file.Text));
        }
        catch (YamlException e)
        {
            var said = e.InnerException?.Message ?? e.Message;
            errors.Add(new LibraryError(file.Path, (int)e.Start.Line, "YAML syntax: " + said + YamlHint(said)));
            return null;
        }
        if (stream.Documents.Count == 0) return null;
        if (stream.Documents[0].RootNode is YamlMappingNode map) return map;
        errors.Add(At(file, stream.Documents[0].RootNode, "a library file is a mapping of sections (messages: ...)"));
        return null;
    }

    static void ReadMessages(LibraryFile file, YamlNode node,
        Dictionary<string, (Dictionary<string, Template>, string, int)> messages, List<LibraryError> errors)
    {
        if (node is not YamlMappingNode map) { errors.Add(At(file, node, "'messages' must map message keys to texts per language")); return; }
        foreach (var (keyNode, value) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (messages.ContainsKey(key)) { errors.Add(At(file, keyNode, $"duplicate message '{key}'")); continue; }
            if (value is not YamlMappingNode perLanguage)
            {
                errors.Add(At(file, value, $"message '{key}' must map languages to texts (en: ..., de: ...)"));
                continue;
            }
            var allowed = MessageKeys.Required.TryGetValue(key, out var v) ? v : MessageKeys.OptionalVariables.GetValueOrDefault(key);
            var texts = new Dictionary<string, Template>();
            foreach (var (langNode, textNode) in perLanguage.Children)
            {
                var lang = ((YamlScalarNode)langNode).Value ?? "";
                if (!IsLanguageCode(lang)) { errors.Add(At(file, langNode, $"'{lang}' is not a language code (two letters, e.g. en, de, fi)")); continue; }
                var template = ReadTemplate(file, textNode, allowed, $"message '{key}' ({lang})", errors);
                // The suggestion's line names the answer it suggests: without {answer} it would name nothing.
                if (template is not null && key == MessageKeys.AckSuggest && !template.Variables.Contains("answer"))
                    errors.Add(At(file, textNode, $"message '{key}' ({lang}) must name the suggested answer with {{answer}}"));
                if (template is not null) texts[lang] = template;
            }
            messages[key] = (texts, file.Path, Line(keyNode));
        }
    }

    internal static Template? ReadTemplate(LibraryFile file, YamlNode node, IReadOnlyCollection<string>? allowedVariables, string what,
        List<LibraryError> errors)
    {
        if (node is not YamlScalarNode scalar || string.IsNullOrWhiteSpace(scalar.Value))
        {
            errors.Add(At(file, node, $"{what} must be a non-empty text"));
            return null;
        }
        var template = Template.TryParse(scalar.Value, out var syntax);
        if (template is null) { errors.Add(At(file, node, $"{what}: {syntax}")); return null; }
        if (allowedVariables is not null)
            foreach (var variable in template.Variables.Where(x => !allowedVariables.Contains(x)))
                errors.Add(At(file, node,
                    $"{what}: unknown variable '{{{variable}}}' (known: {string.Join(", ", allowedVariables.Select(a => "{" + a + "}"))})"));
        return template;
    }

    /// The two-letter codes of languages (ISO 639-1) the runtime knows.
    static readonly HashSet<string> IsoLanguages = System.Globalization.CultureInfo.GetCultures(System.Globalization.CultureTypes.NeutralCultures)
        .Select(c => c.TwoLetterISOLanguageName).Where(c => c.Length == 2).ToHashSet(StringComparer.Ordinal);

    internal static bool IsIsoLanguage(string code) => IsoLanguages.Contains(code);

    internal static bool IsLanguageCode(string s) => s.Length == 2 && s.All(char.IsAsciiLetterLower);

    internal static int Line(YamlNode node) => (int)node.Start.Line;

    internal static LibraryError At(LibraryFile file, YamlNode node, string reason) => new(file.Path, Line(node), reason);
}
