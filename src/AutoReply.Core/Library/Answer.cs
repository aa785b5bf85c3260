namespace AutoReply.Core.Library;

/// An answer's content in one language.
public sealed record AnswerText(
    string? Title,
    IReadOnlyList<string> Examples,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<Template> Replies,
    IReadOnlyList<string> QuickReplies);

/// A stock answer: what customers ask (examples, keywords) and what the brand replies, per language.
/// Category (service, sales, general …) decides the SLA when the answer leads to a person. An answer may start a
/// flow or hand the thread to a person after replying. It has no behaviour of its own: the engine decides.
public sealed record Answer(
    string Id,
    string Category,
    IReadOnlyDictionary<string, AnswerText> ByLanguage,
    string? Flow,
    bool HandOff,
    string File,
    int Line)
{
    /// An answer whose purpose is reaching a person ("talk to a person"): it hands off, and most of its examples are
    /// requests for one. A DM that only mentions a person is never given it (the word "person" is not a request).
    public bool ForReachingAPerson => HandOff && AskedForAsAPerson;

    /// Most of its examples are requests for a person ("can someone call me back?"): with a flow that ends in a hand-off,
    /// the callback, another way to a person (<see cref="DialogLibrary.IsWayToAPerson"/>).
    /// Read only for an answer that hands off or opens a flow, the only ones it can make a way to a person: every example of
    /// every answer through the person-request detector would slow the building of a large library for nothing.
    public bool AskedForAsAPerson { get; } = (HandOff || Flow is not null) &&
        ByLanguage.Values.SelectMany(t => t.Examples).ToList() is { Count: > 0 } examples &&
        examples.Count(Handoffs.PersonRequest.IsRequested) * 2 >= examples.Count;

    /// The text in <paramref name="language"/> when the answer has replies in it, else in the default language.
    public AnswerText In(string language, string defaultLanguage) => ByLanguage[LanguageOf(language, defaultLanguage)];

    /// The language <see cref="In"/> answers in: <paramref name="language"/> when the answer has replies in it, else the default.
    public string LanguageOf(string language, string defaultLanguage) =>
        ByLanguage.TryGetValue(language, out var t) && t.Replies.Count > 0 ? language : defaultLanguage;

    /// The title to offer in "Did you mean …?": the language's, else the default's, else the id.
    public string TitleIn(string language, string defaultLanguage) =>
        (ByLanguage.TryGetValue(language, out var t) ? t.Title : null) ?? ByLanguage.GetValueOrDefault(defaultLanguage)?.Title ?? Id;

    public static readonly string[] Categories = ["service", "sales", "general", "complaint", "billing", "urgent"];

    public static readonly string[] ReplyVariables = ["name", "business_hours", "reply_by", "reply_within"];
}
