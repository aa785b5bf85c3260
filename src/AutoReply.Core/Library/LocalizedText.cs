namespace AutoReply.Core.Library;

/// One text in several languages. Asking for a language it lacks gives the library's default language.
public sealed class LocalizedText(IReadOnlyDictionary<string, Template> byLanguage, string defaultLanguage)
{
    public IReadOnlyDictionary<string, Template> ByLanguage => byLanguage;

    public Template In(string? language) =>
        language is not null && byLanguage.TryGetValue(language, out var t) ? t : byLanguage[defaultLanguage];
}
