using YamlDotNet.RepresentationModel;

namespace AutoReply.Core.Library;

/// A library's own synonyms: groups of words its customers use for the same thing, beside the built-in lexicon
/// (Matching.Concepts) — product names and the brand's own words ("rucksack, backpack, daypack, reppu"):
///
///     synonyms:
///       - en: [backpack, rucksack, daypack]
///         de: [Rucksack, Tagesrucksack]
///         fi: [reppu]
///
/// Each group becomes a concept of its own; an entry is a word or a two-word phrase.
static class SynonymReader
{
    public static void Read(LibraryFile file, YamlNode node, List<(string Concept, string Language, string Entry)> entries, List<LibraryError> errors)
    {
        if (node is not YamlSequenceNode groups)
        {
            errors.Add(LibraryLoader.At(file, node, "'synonyms' must be a list of groups (- en: [backpack, rucksack], de: [Rucksack])"));
            return;
        }
        foreach (var group in groups)
        {
            if (group is not YamlMappingNode languages)
            {
                errors.Add(LibraryLoader.At(file, group, "a synonym group maps languages to lists of words (en: [backpack, rucksack])"));
                continue;
            }
            // The group's name is where it stands: unique in the library, and a brand's group never merges with a built-in one.
            var concept = $"library:{file.Path}:{LibraryLoader.Line(group)}";
            var words = new List<(string, string, string)>();
            foreach (var (key, value) in languages.Children)
            {
                var language = ((YamlScalarNode)key).Value ?? "";
                if (!LibraryLoader.IsLanguageCode(language))
                {
                    errors.Add(LibraryLoader.At(file, key, $"'{language}' is not a language code (two letters, e.g. en, de, fi)"));
                    continue;
                }
                IEnumerable<YamlNode> items = value switch { YamlSequenceNode seq => seq.Children, YamlScalarNode => [value], _ => [] };
                foreach (var item in items)
                {
                    if (item is YamlScalarNode { Value: { } word } && Matching.Concepts.IsEntry(word)) words.Add((concept, language, word.Trim()));
                    else errors.Add(LibraryLoader.At(file, item, $"synonym ({language}): '{(item as YamlScalarNode)?.Value}' is not a word or a two-word phrase"));
                }
            }
            if (words.Count < 2) errors.Add(LibraryLoader.At(file, group, "a synonym group needs at least two words: one alone joins nothing"));
            entries.AddRange(words);
        }
    }
}
