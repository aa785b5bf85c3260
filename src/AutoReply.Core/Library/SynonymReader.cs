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
            // The group's name is where it stands (file, line, column): unique in the library, even for groups on one line,
            // and never the name of a built-in concept.
            var concept = $"library:{file.Path}:{LibraryLoader.Line(group)}:{group.Start.Column}";
            var words = new List<(string, string, string)>();
            foreach (var (key, value) in languages.Children)
            {
                var language = (key as YamlScalarNode)?.Value ?? "";
                if (!LibraryLoader.IsLanguageCode(language))
                {
                    errors.Add(LibraryLoader.At(file, key, $"'{language}' is not a language code (two letters, e.g. en, de, fi)"));
                    continue;
                }
                // A code of two letters that names no language ("dt" for "de") would make a group no DM ever meets (QA round 13:
                // it was accepted without a word). Answers' codes are checked by the disclosure they need.
                if (!LibraryLoader.IsIsoLanguage(language))
                {
                    errors.Add(LibraryLoader.At(file, key, $"'{language}' is no language's code (ISO 639-1: en, de, fi …): a misspelling?"));
                    continue;
                }
                IEnumerable<YamlNode>? items = value switch { YamlSequenceNode seq => seq.Children, YamlScalarNode => [value], _ => null };
                if (items is null)
                {
                    errors.Add(LibraryLoader.At(file, value, $"synonym ({language}) must be a list of words ([backpack, rucksack])"));
                    continue;
                }
                foreach (var item in items)
                {
                    var word = item is YamlScalarNode { Value: { } v } scalar && !(scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && v is "~" or "null")
                        ? v.Trim() : null;
                    if (word is null || word.Contains(','))
                        errors.Add(LibraryLoader.At(file, item, $"synonym ({language}): write the words as a list ([backpack, rucksack]), one word or two-word phrase each"));
                    else if (!Matching.Concepts.IsEntry(word))
                        errors.Add(LibraryLoader.At(file, item, $"synonym ({language}): '{word}' is not a word or a two-word phrase: the matcher reads " +
                            $"{Matching.TextFolding.Words(word).Count} words in it ({string.Join(", ", Matching.TextFolding.Words(word))})" +
                            // a hyphen or a slash parts a word (QA rounds 65 and 67: "make-up lesson" was refused, and the brands did not see why)
                            (word.Any(c => c is '-' or '/') ? "; a hyphen or a slash parts a word: write 'makeup' for 'make-up', or leave a word out" : "")));
                    else words.Add((concept, language, word));
                }
            }
            if (words.Select(w => Matching.TextFolding.Fold(w.Item3)).Distinct().Count() < 2) errors.Add(LibraryLoader.At(file, group, "a synonym group needs at least two words: one alone joins nothing"));
            entries.AddRange(words);
        }
    }
}
