using YamlDotNet.RepresentationModel;
using static AutoReply.Core.Library.LibraryLoader;

namespace AutoReply.Core.Library;

/// A saved (canned) reply an agent can send: a title to pick it by, and its text per language with variables —
/// {name} (the customer's first name), {agent} (the agent's name), {business_hours}, and any value a flow of the
/// library collects ({order_number}), filled from the hand-off's summary.
public sealed record SavedReply(string Id, string Title, LocalizedText Text, string File, int Line)
{
    public static readonly string[] CommonVariables = ["name", "agent", "business_hours"];

    /// The text in <paramref name="language"/> (or the default) with every variable filled; when a value is
    /// missing or empty, no text, and the names missing — a reply with a hole in it is never sent. The customer's name is
    /// the exception: without one, "Hi {name}, …" reads "Hi, …" (Template.Render), as in the bot's own texts; most DMs on
    /// the generic channel come without a name, and every saved reply that greets was refused (QA round 19).
    public (string? Text, IReadOnlyList<string> Missing) Render(string? language, Func<string, string?> value)
    {
        var template = Text.In(language);
        var missing = template.Variables.Where(v => v != OptionalName && string.IsNullOrWhiteSpace(value(v))).Distinct().ToList();
        return missing.Count > 0 ? (null, missing)
            : (template.Render(v => value(v) is { } given && !string.IsNullOrWhiteSpace(given) ? given : v == OptionalName ? "" : null), missing);
    }

    const string OptionalName = "name";
}

static class SavedReplyReader
{
    public sealed record Pending(string File, int Line, string Reply, string Variable);

    /// saved_replies:
    ///   refund-started:
    ///     title: Refund started
    ///     text: { en: "…", de: "…" }
    public static void Read(LibraryFile file, YamlNode node, string defaultLanguage, Dictionary<string, SavedReply> replies, List<LibraryError> errors,
        List<Pending> variables)
    {
        if (node is not YamlMappingNode map) { errors.Add(At(file, node, "'saved_replies' must map reply ids to a title and texts")); return; }
        foreach (var (keyNode, value) in map.Children)
        {
            var id = ((YamlScalarNode)keyNode).Value ?? "";
            if (replies.ContainsKey(id)) { errors.Add(At(file, keyNode, $"duplicate saved reply '{id}'")); continue; }
            if (value is not YamlMappingNode body) { errors.Add(At(file, value, $"saved reply '{id}' needs title: and text:")); continue; }
            string? title = null;
            var texts = new Dictionary<string, Template>();
            foreach (var (fieldNode, fieldValue) in body.Children)
            {
                switch (((YamlScalarNode)fieldNode).Value)
                {
                    case "title" when fieldValue is YamlScalarNode { Value: { Length: > 0 } t }:
                        title = t;
                        break;
                    case "text" when fieldValue is YamlMappingNode perLanguage:
                        foreach (var (langNode, textNode) in perLanguage.Children)
                        {
                            var lang = ((YamlScalarNode)langNode).Value ?? "";
                            if (!IsLanguageCode(lang))
                            {
                                errors.Add(At(file, langNode, $"'{lang}' is not a language code (two letters, e.g. en, de, fi)"));
                                continue;
                            }
                            if (ReadTemplate(file, textNode, null, $"saved reply '{id}' ({lang})", errors) is not { } template) continue;
                            texts[lang] = template;
                            variables.AddRange(template.Variables.Select(v => new Pending(file.Path, Line(textNode), id, v)));
                        }
                        break;
                    case var other:
                        errors.Add(At(file, fieldNode, $"saved reply '{id}': unknown or malformed field '{other}' (title: a text; text: languages to texts)"));
                        break;
                }
            }
            if (title is null) errors.Add(At(file, keyNode, $"saved reply '{id}' has no title"));
            if (!texts.ContainsKey(defaultLanguage))
                errors.Add(At(file, keyNode, $"saved reply '{id}' has no text in the default language '{defaultLanguage}'"));
            if (title is not null && texts.ContainsKey(defaultLanguage))
                replies[id] = new SavedReply(id, title, new LocalizedText(texts, defaultLanguage), file.Path, Line(keyNode));
        }
    }

    /// A variable is known when it is common or some flow of the library saves it (or its record, for "order.status").
    public static void CheckVariables(IReadOnlyDictionary<string, Dialogs.Flow> flows, IEnumerable<Pending> pending, List<LibraryError> errors)
    {
        var saved = new HashSet<string>(SavedReply.CommonVariables);
        foreach (var step in flows.Values.SelectMany(f => f.Steps))
        {
            if (step is Dialogs.FlowStep.Ask ask) saved.Add(ask.Save);
            if (step is Dialogs.FlowStep.Lookup lookup) saved.Add(lookup.Save);
            if (step is Dialogs.FlowStep.Set set) saved.UnionWith(set.Values.Keys);
        }
        foreach (var p in pending.Where(p => !saved.Contains(p.Variable) && !saved.Contains(p.Variable.Split('.')[0])))
            errors.Add(new LibraryError(p.File, p.Line,
                $"saved reply '{p.Reply}': unknown variable '{{{p.Variable}}}' (known: {string.Join(", ", saved.Order().Select(v => "{" + v + "}"))})"));
    }
}
