using NodaTime;

namespace AutoReply.Core.Recognizers;

/// A typed value found in a DM, in the shape Microsoft Recognizers uses: type ("number", "datetimeV2.datetime" …),
/// the text and its UTF-16 span (End inclusive), and a resolution (string values, as theirs are).
/// For date-times, <see cref="Instant"/> is the concrete moment in the brand's time zone (null for durations and sets).
public sealed record Entity(string Type, string Text, int Start, int End, IReadOnlyDictionary<string, object?> Resolution)
{
    public Instant? Instant { get; init; }
}

/// What recognition needs besides the text: the language, the moment the DM was written (relative dates count
/// from it) in the brand's time zone, and the region for phone numbers without a country code.
public sealed record RecognitionContext(string Language, LocalDateTime Reference, DateTimeZone Zone, string PhoneRegion = "DE")
{
    public static RecognitionContext At(string language, Instant instant, DateTimeZone zone, string phoneRegion = "DE") =>
        new(language, instant.InZone(zone).LocalDateTime, zone, phoneRegion);
}

/// Finds entities of one kind. One verb: Recognize.
public interface IEntityRecognizer
{
    IEnumerable<Entity> Recognize(string text, RecognitionContext context);
}
