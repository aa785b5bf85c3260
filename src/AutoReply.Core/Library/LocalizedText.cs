namespace AutoReply.Core.Library;

/// One text in several languages. Asking for a language it lacks gives the library's default language.
public sealed class LocalizedText(IReadOnlyDictionary<string, Template> byLanguage, string defaultLanguage)
{
    public IReadOnlyDictionary<string, Template> ByLanguage => byLanguage;

    public Template In(string? language) =>
        language is not null && byLanguage.TryGetValue(language, out var t) ? t : byLanguage[defaultLanguage];

    /// The language <see cref="In"/> gives the text in: <paramref name="language"/> when the text has it, else the default.
    public string LanguageOf(string? language) => language is not null && byLanguage.ContainsKey(language) ? language : defaultLanguage;
}
