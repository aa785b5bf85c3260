using System.Globalization;
using System.Text.RegularExpressions;
using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Recognizers;
using NodaTime;

namespace AutoReply.Core.Answers;

/// Whether the customer has already waited longer than a stock answer's own time for something that has not happened: "I
/// returned it 2 weeks ago and no refund yet" under "Refunds are issued within 5 working days", "tilasin 3 viikkoa sitten,
/// eikä oo vieläkään tullut" under "2–4 working days". The answer would tell the customer what they already know has not
/// happened; a person checks instead (QA round 8: the refund time was sent to a customer two weeks past it).
/// The DM must say that the thing has not happened ("still no", "not yet", "noch kein", "ei vielä", "vieläkään": a review
/// found "bought it 2 months ago, can I return it?" and "I'll be away for 2 weeks" read as waits), and how long: a past
/// date ("2 weeks ago", "vor 10 Tagen", "2 viikkoa sitten", "on Monday 17 November") or a span ("for 3 weeks", "seit zwei
/// Wochen", "three weeks now"). The answer's time is the longest span its reply names, read by clause (the upper end of
/// "2–4 working days in Germany, 4–7 within the EU and 5–8 to Switzerland", a working day counted as 7/5 of a day). Passed
/// is at least <see cref="Margin"/> times that: the answer's clock may start later than the customer's (a refund's when
/// the return arrives, which takes days of its own). At least, not more: "cancelled 3 weeks ago and still no refund" under
/// "within 14 days" is a customer a week past the promise (QA round 32), and a span said in weeks is round already.
sealed partial class PromisePassed(EntityRecognizer recognizer, DateTimeZone zone)
{
    /// How much longer than the answer's time a wait must be to count as passed.
    public const double Margin = 1.5;

    /// The wait and the answer's time, for the transcript, when the wait is past the answer's time; null otherwise.
    public string? Of(Turn turn, Answer answer)
    {
        if (!NotYet().IsMatch(Matching.TextFolding.Fold(turn.Text)) || Longest(answer, turn.Language) is not { } promised) return null;
        var context = RecognitionContext.At(turn.Language, turn.Now, zone);
        foreach (var e in recognizer.Alone(turn.Text, context, "datetimeV2"))
        {
            Duration? waited = e.Type switch
            {
                "datetimeV2.date" or "datetimeV2.datetime" when e.Instant is { } at && at < turn.Now => turn.Now - at,
                "datetimeV2.duration" when e.Resolution.GetValueOrDefault("values") is List<Dictionary<string, string>> { Count: > 0 } values
                    && double.TryParse(values[0].GetValueOrDefault("value"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                    => Duration.FromSeconds(seconds),
                _ => null,
            };
            if (waited is { } w && w.TotalDays >= promised.Days * Margin)
                return FormattableString.Invariant($"the customer has waited {w.TotalDays:0} days (\"{e.Text}\"), half as long again as the {promised.Said} {answer.Id} states, or longer");
        }
        return null;
    }

    /// The longest span the answer's reply in the language names, in calendar days, and as written: in each clause with a
    /// span, its largest number (not an amount) in the unit of the clause's first span.
    static (double Days, string Said)? Longest(Answer answer, string language)
    {
        (double, string)? longest = null;
        foreach (var reply in RepliesIn(answer, language))
            foreach (var clause in Clause().Split(reply.Source))
                if (Span().Match(clause) is { Success: true } span)
                {
                    var unit = span.Groups["unit"].Value;
                    var most = Count().Matches(clause).Max(m => double.Parse(m.Value, CultureInfo.InvariantCulture));
                    var days = most * UnitDays(unit.ToLowerInvariant());
                    if (longest is not { } l || days > l.Item1) longest = (days, FormattableString.Invariant($"{most} {unit}"));
                }
        return longest;
    }

    /// Whether the answer's reply in the language names a span of time ("within 30 days", "3 Jahre", "4–7 working days"):
    /// the answer to "how long?".
    public static bool StatesSpan(Answer answer, string language) => RepliesIn(answer, language).Any(r => Span().IsMatch(r.Source));

    /// Whether the answer's reply in the language names how long something lasts or takes: a span that is not a lead time
    /// ("Bookings open 6 weeks before the season", "2 Wochen im Voraus", "viikkoa etukäteen" say when, not how long: the
    /// session-46 review, where "Do you change tyres? How long does it take?" counted as answered by the booking window).
    /// Minutes count here ("takes 60 minutes", "dauert 60 Minuten": this session's review found the teeth cleaning's "how long
    /// does it take?" sent to a person), not in the spans a promise is kept to.
    public static bool StatesDuration(Answer answer, string language) =>
        RepliesIn(answer, language).Any(r => Span().Matches(r.Source).Concat(Minutes().Matches(r.Source))
            .Any(m => !LeadTime().IsMatch(r.Source, m.Index + m.Length)));

    [GeneratedRegex(@"\b\d+\s*(?:minutes?|mins?|minuten?|minuutt\w*|min)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Minutes();

    // What makes a span a lead time: "before", "in advance", "vorher", "im Voraus", "etukäteen", "ennen" within two words after it.
    [GeneratedRegex(@"\G\s+(?:[\w-]+\s+){0,2}?(?:before|ahead|in\s+advance|prior|beforehand|vorher|vor(?!\s+ort)|im\s+voraus|vorab|etuk[äa]teen|ennen|aiemmin|aikaisemmin)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LeadTime();

    /// The answer's replies in the language, else in all of its languages.
    internal static IEnumerable<Template> RepliesIn(Answer answer, string language) =>
        answer.ByLanguage.TryGetValue(language, out var text) && text.Replies.Count > 0 ? text.Replies : answer.ByLanguage.Values.SelectMany(t => t.Replies);

    static double UnitDays(string unit) =>
        // hours first: "48 business hours" are hours, not working days
        unit.Contains("hour") || unit is "h" or "std" || unit.StartsWith("stunde", StringComparison.Ordinal) || unit.StartsWith("tunti", StringComparison.Ordinal)
        || unit.StartsWith("tunni", StringComparison.Ordinal) ? 1.0 / 24
        : unit.StartsWith("week", StringComparison.Ordinal) || unit.StartsWith("woche", StringComparison.Ordinal) || unit.StartsWith("viiko", StringComparison.Ordinal) ? 7
        : unit.StartsWith("month", StringComparison.Ordinal) || unit.StartsWith("monat", StringComparison.Ordinal) || unit.StartsWith("kuukau", StringComparison.Ordinal) ? 30
        : unit.StartsWith("year", StringComparison.Ordinal) || unit.StartsWith("jahr", StringComparison.Ordinal) || unit.StartsWith("vuo", StringComparison.Ordinal) ? 365
        // working days ("working days", "business days", "Werktage", "Arbeitstage", "arkipäivää")
        : unit.Contains("work") || unit.Contains("business") || unit.StartsWith("werk", StringComparison.Ordinal) || unit.StartsWith("arbeit", StringComparison.Ordinal)
          || unit.StartsWith("arki", StringComparison.Ordinal) ? 7.0 / 5
        : 1;

    // A span in a reply: "5 working days", "4–7 Werktage" (the upper end), "3 Jahre", "30 päivän", and hours abbreviated: "2 h",
    // "3 Std." (QA round 69: "how long does it take" beside a tour of "2 h" went to a person)
    [GeneratedRegex(@"(?:\d+\s*[–-]\s*)?(?<n>\d+)\s*(?<unit>(?:working |business )?(?:hours?|days?|weeks?|months?|years?)|h\b(?![-–:.]?\d)|std\b|stunden?|(?:werk|arbeits)?tage?n?|wochen?|monate?n?|jahre?n?|tunti\w*|tunni\w*|(?:arki)?päivä\w*|viiko\w*|kuukau\w*|vuo(?:si|tta|den)\w*)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Span();

    // Where a reply's clauses end: a sentence end or a semicolon.
    [GeneratedRegex(@"[.;!?](?:\s+|$)")]
    private static partial Regex Clause();

    // A count in a clause: a whole number that is no amount ("€200", "50 €", "10%").
    [GeneratedRegex(@"(?<![€$£\d.,])\d+(?![\d.,]*\s*(?:€|%|eur|euro|\$|£))", RegexOptions.IgnoreCase)]
    private static partial Regex Count();

    // The DM says that what it waits for has not happened (folded: no accents, lower case, the apostrophe kept: "haven't"
    // was missed while the pattern knew only "havent", QA round 32).
    [GeneratedRegex(@"\b(?:still (?:no|not|nothing|haven'?t|haven t|hasn'?t|hasn t|didn'?t|waiting)|not (?:yet|arrived|received|here)|no (?:refund|money|sign) yet|haven'?t (?:got|received|gotten|seen)(?! (?:round|around|a clue|any idea|time))|haven t (?:got|received)|hasn'?t (?:arrived|come|shown)|never (?:arrived|came)|nothing (?:yet|arrived|came)" +
        @"|noch (?:kein|keine|keinen|nicht|nichts)|immer noch|nicht angekommen|nichts (?:bekommen|erhalten|angekommen)|kein geld|wo bleibt" +
        @"|ei (?:ole|oo|oo viel|ole viel)|ei viela|vielakaan|ei (?:tullut|tullu|saapunut|nakynyt|kuulunut)|en (?:ole|oo) (?:saanut|saanu)|eika|eik)\b")]
    private static partial Regex NotYet();

}
