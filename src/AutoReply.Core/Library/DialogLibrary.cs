namespace AutoReply.Core.Library;

/// The brand's content, loaded from dialogs/: the service's own messages (acknowledgements, opt-out
/// confirmations) and, as the library grows, stock answers and flows. Immutable once loaded: a reload builds
/// a new one and swaps it in whole, so a turn never sees half of an edit.
public sealed class DialogLibrary(
    string defaultLanguage,
    IReadOnlyList<string> languages,
    IReadOnlyDictionary<string, LocalizedText> messages,
    IReadOnlyDictionary<string, Answer> answers,
    Matching.IntentMatcher? matcher,
    Matching.LanguageDetector detector)
{
    public string DefaultLanguage => defaultLanguage;
    public IReadOnlyList<string> Languages => languages;
    public IReadOnlyDictionary<string, LocalizedText> Messages => messages;
    public IReadOnlyDictionary<string, Answer> Answers => answers;
    /// Null when the library has no answers: then every DM is acknowledged and handed to a person.
    public Matching.IntentMatcher? Matcher => matcher;
    public Matching.LanguageDetector Detector => detector;

    public Template Message(string key, string? language) =>
        messages.TryGetValue(key, out var text) ? text.In(language) : throw new KeyNotFoundException($"library has no message '{key}'");
}

/// Keys of the messages the service itself needs; a library without them does not load.
public static class MessageKeys
{
    public const string AckOpen = "ack.open";
    public const string AckLater = "ack.later";
    public const string AckClosed = "ack.closed";
    public const string OptOutConfirmed = "optout.confirmed";
    public const string OptInConfirmed = "optin.confirmed";
    public const string DidYouMean = "match.did_you_mean";

    public static readonly IReadOnlyDictionary<string, string[]> Required = new Dictionary<string, string[]>
    {
        [AckOpen] = ["name", "reply_by", "reply_within", "business_hours"],
        [AckLater] = ["name", "reply_by", "business_hours"],
        [AckClosed] = ["name", "reply_by", "business_hours"],
        [OptOutConfirmed] = ["name"],
        [OptInConfirmed] = ["name"],
        [DidYouMean] = ["name"],
    };
}
