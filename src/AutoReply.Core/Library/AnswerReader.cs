using YamlDotNet.RepresentationModel;
using static AutoReply.Core.Library.LibraryLoader;

namespace AutoReply.Core.Library;

/// Reads the answers: and out_of_scope: sections of library files, reporting every problem with its line.
///
///   answers:
///     - id: order-status
///       category: service
///       title:    { en: "Where is my order?", de: "Wo ist meine Bestellung?" }
///       examples: { en: [...], de: [...] }
///       keywords: { en: [tracking] }                       (optional)
///       replies:  { en: ["...", "..."], de: ["..."] }      (variants, not repeated in a row)
///       quick_replies: { en: ["Talk to a person"] }        (optional)
///       handoff: true                                      (optional: reply, then hand to a person)
///   out_of_scope: { en: ["what's the weather"], de: [...] } (optional: what the library must not answer)
static class AnswerReader
{
    public static void Read(LibraryFile file, YamlNode node, string defaultLanguage, Dictionary<string, Answer> answers, List<LibraryError> errors)
    {
        if (node is not YamlSequenceNode list) { errors.Add(At(file, node, "'answers' must be a list of answers (- id: ...)")); return; }
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode map)
            {
                errors.Add(At(file, item, "an answer must be a mapping with id, category, examples and replies"));
                continue;
            }
            var fields = map.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "", kv => kv.Value);
            foreach (var unknown in fields.Keys.Except(["id", "category", "title", "examples", "keywords", "replies", "quick_replies", "flow", "handoff"]))
                errors.Add(At(file, map.Children.First(kv => ((YamlScalarNode)kv.Key).Value == unknown).Key, $"unknown field '{unknown}' in an answer"));

            var id = Scalar(fields, "id");
            if (string.IsNullOrWhiteSpace(id)) { errors.Add(At(file, map, "an answer needs an id")); continue; }
            if (id == Matching.IntentMatcher.OutOfScope) { errors.Add(At(file, fields["id"], $"'{id}' is reserved for out-of-scope examples")); continue; }
            if (answers.TryGetValue(id, out var earlier))
            {
                errors.Add(At(file, fields["id"], $"duplicate answer id '{id}' (first at {earlier.File}:{earlier.Line})"));
                continue;
            }
            var category = Scalar(fields, "category") ?? "general";
            if (!Answer.Categories.Contains(category))
                errors.Add(At(file, fields.GetValueOrDefault("category") ?? map,
                    $"answer '{id}': unknown category '{category}' (known: {string.Join(", ", Answer.Categories)})"));

            var titles = PerLanguage(file, fields, "title", id, errors, list: false);
            var examples = PerLanguage(file, fields, "examples", id, errors);
            var keywords = PerLanguage(file, fields, "keywords", id, errors);
            var quick = PerLanguage(file, fields, "quick_replies", id, errors);
            var replies = new Dictionary<string, List<Template>>();
            if (fields.TryGetValue("replies", out var repliesNode))
                foreach (var (language, texts) in LanguageMap(file, repliesNode, $"answer '{id}' replies", errors))
                    replies[language] = texts.Select(t => ReadTemplate(file, t, Answer.ReplyVariables, $"answer '{id}' reply ({language})", errors))
                        .OfType<Template>().ToList();

            if (examples.Values.All(e => e.Count == 0))
                errors.Add(At(file, fields.GetValueOrDefault("examples") ?? map, $"answer '{id}' has no examples: the matcher could never choose it"));
            if (!replies.TryGetValue(defaultLanguage, out var defaultReplies) || defaultReplies.Count == 0)
                errors.Add(At(file, fields.GetValueOrDefault("replies") ?? map, $"answer '{id}' has no reply in the default language '{defaultLanguage}'"));
            var flow = Scalar(fields, "flow");   // checked once every file is read: the flow may be in another file
            var handOff = Scalar(fields, "handoff") is { } h
                && (h == "true" ? true : h == "false" ? false : Bad(file, fields["handoff"], $"answer '{id}': handoff is true or false", errors));

            var languages = examples.Keys.Concat(replies.Keys).Concat(titles.Keys).Distinct();
            var byLanguage = languages.ToDictionary(l => l, l => new AnswerText(
                titles.GetValueOrDefault(l)?.FirstOrDefault(),
                examples.GetValueOrDefault(l) ?? [],
                keywords.GetValueOrDefault(l) ?? [],
                replies.GetValueOrDefault(l) ?? [],
                quick.GetValueOrDefault(l) ?? []));
            answers[id] = new Answer(id, category, byLanguage, flow, handOff, file.Path, Line(fields["id"]));
        }
    }

    public static void ReadOutOfScope(LibraryFile file, YamlNode node, List<Matching.LabeledExample> examples, List<LibraryError> errors)
    {
        foreach (var (language, texts) in LanguageMap(file, node, "out_of_scope", errors))
            foreach (var text in texts)
            {
                if (text is YamlScalarNode { Value: { Length: > 0 } value }) examples.Add(new(value, Matching.IntentMatcher.OutOfScope, language));
                else errors.Add(At(file, text, "an out-of-scope example must be a non-empty text"));
            }
    }

    static bool Bad(LibraryFile file, YamlNode node, string reason, List<LibraryError> errors)
    {
        errors.Add(At(file, node, reason));
        return false;
    }

    static string? Scalar(Dictionary<string, YamlNode> fields, string name) =>
        fields.TryGetValue(name, out var n) && n is YamlScalarNode s ? s.Value : null;

    static Dictionary<string, List<string>> PerLanguage(LibraryFile file, Dictionary<string, YamlNode> fields, string name, string id,
        List<LibraryError> errors, bool list = true)
    {
        var result = new Dictionary<string, List<string>>();
        if (!fields.TryGetValue(name, out var node)) return result;
        foreach (var (language, items) in LanguageMap(file, node, $"answer '{id}' {name}", errors, list))
        {
            var texts = new List<string>();
            foreach (var item in items)
            {
                if (item is YamlScalarNode { Value: { } v } && !string.IsNullOrWhiteSpace(v)) texts.Add(v.Trim());
                else errors.Add(At(file, item, $"answer '{id}' {name} ({language}): an empty entry"));
            }
            result[language] = texts;
        }
        return result;
    }

    /// language -> list of nodes (a single text counts as a list of one when <paramref name="list"/> is false).
    static IEnumerable<(string Language, IReadOnlyList<YamlNode> Items)> LanguageMap(LibraryFile file, YamlNode node, string what,
        List<LibraryError> errors, bool list = true)
    {
        if (node is not YamlMappingNode map)
        {
            errors.Add(At(file, node, $"{what} must map languages to {(list ? "lists" : "texts")} (en: ..., de: ...)"));
            yield break;
        }
        foreach (var (key, value) in map.Children)
        {
            var language = ((YamlScalarNode)key).Value ?? "";
            if (!IsLanguageCode(language)) { errors.Add(At(file, key, $"'{language}' is not a language code (two letters, e.g. en, de, fi)")); continue; }
            if (value is YamlSequenceNode seq) yield return (language, seq.Children.ToList());
            else if (value is YamlScalarNode) yield return (language, [value]);
            else errors.Add(At(file, value, $"{what} ({language}) must be {(list ? "a list of texts" : "a text")}"));
        }
    }
}
