using System.Globalization;
using NodaTime;

namespace AutoReply.Core.Time;

/// Says instants and durations the way a customer reads them, in their language and the brand's time zone:
/// "today 15:00", "tomorrow 9:00", "Monday 9:00"; "2 hours", "30 Minuten".
/// Unknown languages are said in English rather than refused: a reply in English beats no reply.
public static class TimeWording
{
    sealed record Words(string Today, string Tomorrow, string Hour, string Hours, string Minute, string Minutes, string And, string Culture);

    static readonly Dictionary<string, Words> ByLanguage = new()
    {
        ["en"] = new("today", "tomorrow", "hour", "hours", "minute", "minutes", "and", "en-GB"),
        ["de"] = new("heute", "morgen", "Stunde", "Stunden", "Minute", "Minuten", "und", "de-DE"),
        ["fi"] = new("tänään", "huomenna", "tunnin", "tunnin", "minuutin", "minuutin", "ja", "fi-FI"),
    };

    static Words For(string language) => ByLanguage.TryGetValue(language, out var w) ? w : ByLanguage["en"];

    public static string When(Instant instant, Instant now, DateTimeZone zone, string language)
    {
        var w = For(language);
        var local = instant.InZone(zone).LocalDateTime;
        var today = now.InZone(zone).Date;
        // Finnish says a time "klo 12.45" and a day in the essive, as "by Tuesday" reads: "viimeistään tiistaina klo 12.45".
        var finnish = language == "fi";
        var time = finnish ? $"klo {local.Hour}.{local.Minute:00}" : $"{local.Hour}:{local.Minute:00}";
        if (local.Date == today) return $"{w.Today} {time}";
        if (local.Date == today.PlusDays(1)) return $"{w.Tomorrow} {time}";
        var culture = CultureInfo.GetCultureInfo(w.Culture);
        var day = culture.DateTimeFormat.GetDayName((DayOfWeek)((int)local.DayOfWeek % 7));
        if (finnish) day += "na";
        if (local.Date > today.PlusDays(6))
            day += " " + local.Date.ToString("d", culture);
        return $"{Capitalise(day, language)} {time}";
    }

    /// A day as a sentence names it: "Tuesday 8 December", "Dienstag, 8. Dezember", "tiistaina 8.12.".
    public static string Day(LocalDate date, string language)
    {
        var culture = CultureInfo.GetCultureInfo(For(language).Culture);
        var name = culture.DateTimeFormat.GetDayName((DayOfWeek)((int)date.DayOfWeek % 7));
        var month = culture.DateTimeFormat.GetMonthName(date.Month);
        return language switch
        {
            "de" => $"{name}, {date.Day}. {month}",
            "fi" => $"{name}na {date.Day}.{date.Month}.",
            _ => $"{name} {date.Day} {month}",
        };
    }

    public static string Span(Duration duration, string language)
    {
        var w = For(language);
        var minutes = (long)Math.Round(duration.TotalMinutes);
        long h = minutes / 60, m = minutes % 60;
        var hours = h == 0 ? null : $"{h} {(h == 1 ? w.Hour : w.Hours)}";
        var mins = m == 0 ? null : $"{m} {(m == 1 ? w.Minute : w.Minutes)}";
        return (hours, mins) switch
        {
            (null, null) => $"0 {w.Minutes}",
            (not null, null) => hours,
            (null, not null) => mins,
            _ => $"{hours} {w.And} {mins}",
        };
    }

    /// The week's openings, grouping days alike: "Mon–Fri 9:00–17:00, Sat 10:00–14:00"; a day with a break joins its
    /// openings with "and", so commas only part days: "Thu 9:00–13:00 and 14:00–18:00, Fri 9:00–18:00". <paramref name="on"/>:
    /// the date whose week it is (a season's, else the regular week).
    public static string Hours(BusinessHours hours, string language, LocalDate? on = null)
    {
        var w = For(language);
        var culture = CultureInfo.GetCultureInfo(w.Culture);
        string Day(IsoDayOfWeek d) => culture.DateTimeFormat.GetAbbreviatedDayName((DayOfWeek)((int)d % 7)).TrimEnd('.');
        var separator = language == "fi" ? "." : ":";   // Finnish writes 9.00, as "klo 12.45" in the same message
        // A closed season words the regular week: "Our hours:" with nothing after it said nothing (this session's review).
        if (on is { } closed && Enum.GetValues<IsoDayOfWeek>().All(d => d == IsoDayOfWeek.None || hours.OpeningsOn(closed, d).Count == 0)) on = null;
        string Slots(IsoDayOfWeek d) => string.Join($" {w.And} ", (on is { } date ? hours.OpeningsOn(date, d) : hours.OpeningsOn(d)).Select(o =>
            $"{o.Opens.Hour}{separator}{o.Opens.Minute:00}–{(o.ClosesAtMidnight ? $"24{separator}00" : $"{o.Closes.Hour}{separator}{o.Closes.Minute:00}")}"));

        var groups = new List<(IsoDayOfWeek From, IsoDayOfWeek To, string Slots)>();
        for (var d = IsoDayOfWeek.Monday; d <= IsoDayOfWeek.Sunday; d++)
        {
            var slots = Slots(d);
            if (slots.Length == 0) continue;
            if (groups.Count > 0 && groups[^1].Slots == slots && groups[^1].To == d - 1) groups[^1] = (groups[^1].From, d, slots);
            else groups.Add((d, d, slots));
        }
        return string.Join(", ", groups.Select(g => (g.From == g.To ? Day(g.From) : $"{Day(g.From)}–{Day(g.To)}") + " " + g.Slots));
    }

    // English and German capitalise weekday names; Finnish does not.
    static string Capitalise(string day, string language) =>
        language == "fi" || day.Length == 0 ? day : char.ToUpperInvariant(day[0]) + day[1..];
}
