using System.Globalization;
using AutoReply.Core.Time;
using NodaTime;
using NodaTime.Text;

namespace AutoReply.Service.Configuration;

/// Turns the BusinessHours section into <see cref="BusinessHours"/>, or says exactly what is wrong with it.
static class BusinessHoursConfig
{
    public static BusinessHours Build(BusinessHoursOptions o)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(o.TimeZone)
            ?? throw new SettingsException($"BusinessHours:TimeZone '{o.TimeZone}' is not an IANA time zone (e.g. Europe/Berlin)");
        var week = ParseWeek("BusinessHours:Week", o.Week);
        var holidays = o.Holidays.SelectMany(Holidays).ToList();
        if (!week.Values.Any(w => w.Length > 0))
            throw new SettingsException("BusinessHours:Week has no opening on any day; a reply-by time could never be promised");
        var seasons = o.Seasons.Select((s, i) =>
        {
            var at = $"BusinessHours:Seasons:{i}";
            return new Season(AnnualDay($"{at}:From", s.From), AnnualDay($"{at}:To", s.To), ParseWeek($"{at}:Week", s.Week));
        }).ToList();
        return new BusinessHours(zone, week, holidays, seasons);
    }

    static Dictionary<IsoDayOfWeek, Opening[]> ParseWeek(string at, Dictionary<string, string> spec)
    {
        var week = new Dictionary<IsoDayOfWeek, Opening[]>();
        foreach (var (dayName, openings) in spec)
        {
            if (!Enum.TryParse<IsoDayOfWeek>(dayName, ignoreCase: true, out var day) || day == IsoDayOfWeek.None)
                throw new SettingsException($"{at}:{dayName} is not a weekday (Monday … Sunday)");
            week[day] = ParseOpenings($"{at}:{dayName}", openings);
        }
        return week;
    }

    /// A holiday, or a range of them ("2027-05-03..2027-11-19", both days closed): a seasonal business's closed months.
    static IEnumerable<LocalDate> Holidays(string text)
    {
        var parts = text.Split("..", StringSplitOptions.TrimEntries);
        var dates = parts.Select(p => LocalDatePattern.Iso.Parse(p)).ToList();
        if (parts.Length > 2 || dates.Any(d => !d.Success))
            throw new SettingsException($"BusinessHours:Holidays: '{text}' is not a date like 2026-12-25 or a range like 2027-05-03..2027-11-19");
        var (first, last) = (dates[0].Value, dates[^1].Value);
        if (last < first) throw new SettingsException($"BusinessHours:Holidays: '{text}' ends before it starts");
        if (Period.Between(first, last, PeriodUnits.Days).Days > MaxRange)
            throw new SettingsException($"BusinessHours:Holidays: '{text}' is longer than a year; no reply could be promised within it");
        for (var d = first; d <= last; d = d.PlusDays(1)) yield return d;
    }

    const int MaxRange = 366;

    static AnnualDate AnnualDay(string at, string text)
    {
        var parsed = AnnualDatePattern.Iso.Parse(text.Trim());
        return parsed.Success ? parsed.Value : throw new SettingsException($"{at}: '{text}' is not a month and day like 02-28");
    }

    static Opening[] ParseOpenings(string day, string spec)
    {
        // A blank day is more likely a value lost on the way (an empty environment variable) than a closed day: say so.
        if (string.IsNullOrWhiteSpace(spec))
            throw new SettingsException($"{day} is empty: give its openings (09:00-17:00) or \"closed\"");
        if (spec.Trim().Equals("closed", StringComparison.OrdinalIgnoreCase)) return [];
        var openings = spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(range =>
        {
            var parts = range.Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length != 2) throw Bad(day, range);
            var opens = ParseTime(parts[0]) ?? throw Bad(day, range);
            var midnight = parts[1] == "24:00";
            var closes = midnight ? LocalTime.Midnight : ParseTime(parts[1]) ?? throw Bad(day, range);
            if (!midnight && closes <= opens) throw Bad(day, range);
            return new Opening(opens, closes, midnight);
        }).OrderBy(o => o.Opens).ToArray();
        // Overlapping openings would count their shared time twice and promise replies too early.
        for (var i = 1; i < openings.Length; i++)
            if (openings[i - 1].ClosesAtMidnight || openings[i].Opens < openings[i - 1].Closes)
                throw new SettingsException($"{day}: '{Text(openings[i - 1])}' and '{Text(openings[i])}' overlap: " +
                    "give each stretch of opening once (09:00-12:00, 13:00-17:00)");
        return openings;
    }

    static string Text(Opening o) =>
        $"{o.Opens.ToString("HH:mm", CultureInfo.InvariantCulture)}-{(o.ClosesAtMidnight ? "24:00" : o.Closes.ToString("HH:mm", CultureInfo.InvariantCulture))}";

    static LocalTime? ParseTime(string s)
    {
        var r = LocalTimePattern.CreateWithInvariantCulture("H:mm").Parse(s);
        return r.Success ? r.Value : null;
    }

    static SettingsException Bad(string day, string range) =>
        new($"{day}: '{range}' is not an opening like 09:00-17:00 (closing after opening, 24:00 for midnight)");
}
