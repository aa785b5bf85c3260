using System.Globalization;
using System.Text.RegularExpressions;
using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Recognizers;
using NodaTime;

namespace AutoReply.Core.Answers;

/// Whether the customer has already waited longer than a stock answer's own time: "I returned it 2 weeks ago and no refund
/// yet" under "Refunds are issued within 5 working days", "tilasin 3 viikkoa sitten" under "2–4 working days". The answer
/// would tell the customer what they already know has not happened; a person checks instead (QA round 8: the refund time
/// was sent to a customer two weeks past it).
/// The wait is a past date ("2 weeks ago", "vor 10 Tagen", "2 viikkoa sitten") or a span after "for", "since", "seit",
/// "schon", "jo" ("waiting for 3 weeks", "seit zwei Wochen"); the answer's time the longest span its reply names ("within 5
/// working days", "4–7 Werktage", "3 vuotta"), working days counted as 7/5 of a day. Passed is longer than
/// <see cref="Margin"/> times that: the answer's clock may start later than the customer's (a refund's when the return
/// arrives, which takes days of its own).
sealed partial class PromisePassed(EntityRecognizer recognizer, DateTimeZone zone)
{
    /// How much longer than the answer's time a wait must be to count as passed.
    public const double Margin = 1.5;

    /// The wait and the answer's time, for the transcript, when the wait is past the answer's time; null otherwise.
    public string? Of(Turn turn, Answer answer)
    {
        if (!WaitWord().IsMatch(turn.Text) || Longest(answer, turn.Language) is not { } promised) return null;
        var context = RecognitionContext.At(turn.Language, turn.Now, zone);
        foreach (var e in recognizer.Alone(turn.Text, context, "datetimeV2"))
        {
            Duration? waited = e.Type switch
            {
                "datetimeV2.date" or "datetimeV2.datetime" when e.Instant is { } at && at < turn.Now => turn.Now - at,
                "datetimeV2.duration" when SpanOpening().IsMatch(turn.Text[..e.Start])
                    && e.Resolution.GetValueOrDefault("values") is List<Dictionary<string, string>> { Count: > 0 } values
                    && double.TryParse(values[0].GetValueOrDefault("value"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                    => Duration.FromSeconds(seconds),
                _ => null,
            };
            if (waited is { } w && w.TotalDays > promised.Days * Margin)
                return FormattableString.Invariant($"the customer has waited {w.TotalDays:0} days (\"{e.Text}\"), longer than the {promised.Said} {answer.Id} states");
        }
        return null;
    }

    /// The longest span the answer's reply in the language names, in calendar days, and as written.
    static (double Days, string Said)? Longest(Answer answer, string language)
    {
        (double, string)? longest = null;
        foreach (var reply in RepliesIn(answer, language))
            foreach (Match m in Span().Matches(reply.Source))
            {
                var days = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) * UnitDays(m.Groups["unit"].Value.ToLowerInvariant());
                if (longest is not { } l || days > l.Item1) longest = (days, m.Value);
            }
        return longest;
    }

    /// Whether the answer's reply in the language names a span of time ("within 30 days", "3 Jahre", "4–7 working days"):
    /// the answer to "how long?".
    public static bool StatesSpan(Answer answer, string language) => RepliesIn(answer, language).Any(r => Span().IsMatch(r.Source));

    /// The answer's replies in the language, else in all of its languages.
    static IEnumerable<Template> RepliesIn(Answer answer, string language) =>
        answer.ByLanguage.TryGetValue(language, out var text) && text.Replies.Count > 0 ? text.Replies : answer.ByLanguage.Values.SelectMany(t => t.Replies);

    static double UnitDays(string unit) =>
        unit.StartsWith("hour", StringComparison.Ordinal) || unit.StartsWith("stunde", StringComparison.Ordinal) || unit.StartsWith("tunti", StringComparison.Ordinal) ? 1.0 / 24
        : unit.StartsWith("week", StringComparison.Ordinal) || unit.StartsWith("woche", StringComparison.Ordinal) || unit.StartsWith("viiko", StringComparison.Ordinal) ? 7
        : unit.StartsWith("month", StringComparison.Ordinal) || unit.StartsWith("monat", StringComparison.Ordinal) || unit.StartsWith("kuukau", StringComparison.Ordinal) ? 30
        : unit.StartsWith("year", StringComparison.Ordinal) || unit.StartsWith("jahr", StringComparison.Ordinal) || unit.StartsWith("vuo", StringComparison.Ordinal) ? 365
        // working days ("working days", "business days", "Werktage", "Arbeitstage", "arkipäivää")
        : unit.Contains("work") || unit.Contains("business") || unit.StartsWith("werk", StringComparison.Ordinal) || unit.StartsWith("arbeit", StringComparison.Ordinal)
          || unit.StartsWith("arki", StringComparison.Ordinal) ? 7.0 / 5
        : 1;

    // A span in a reply: "5 working days", "4–7 Werktage" (the upper end), "3 Jahre", "30 päivän".
    [GeneratedRegex(@"(?:\d+\s*[–-]\s*)?(?<n>\d+)\s*(?<unit>(?:working |business )?(?:hours?|days?|weeks?|months?|years?)|stunden?|(?:werk|arbeits)?tage?n?|wochen?|monate?n?|jahre?n?|tuntia?|(?:arki)?päivä\w*|viiko\w*|kuukau\w*|vuo(?:si|tta|den)\w*)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Span();

    // A DM that may say how long the customer has waited: a word of elapsed time with a unit of time.
    [GeneratedRegex(@"\b(?:ago|since|for|already|waiting|vor|seit|schon|sitten|jo|odottanut|odotan)\b[^.?!]*\b(?:days?|weeks?|months?|tage?n?|wochen?|monate?n?|päivä\w*|viikko\w*|kuukau\w*)\b|\b(?:days?|weeks?|months?|päivä\w*|viikko\w*|kuukau\w*)\s+(?:ago|sitten)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WaitWord();

    // What opens a span of waiting, right before it: "for 3 weeks", "seit zwei Wochen", "schon 10 Tage", "jo kaksi viikkoa".
    [GeneratedRegex(@"\b(?:for|since|already|over|more than|seit|schon|bereits|über|mehr als|jo|yli)\s*(?:about |around |ca\.? |etwa |noin )?$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SpanOpening();
}
