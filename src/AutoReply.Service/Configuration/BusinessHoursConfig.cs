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
            ?? throw new InvalidOperationException($"BusinessHours:TimeZone '{o.TimeZone}' is not an IANA time zone (e.g. Europe/Berlin)");
        var week = new Dictionary<IsoDayOfWeek, Opening[]>();
        foreach (var (dayName, spec) in o.Week)
        {
            if (!Enum.TryParse<IsoDayOfWeek>(dayName, ignoreCase: true, out var day) || day == IsoDayOfWeek.None)
                throw new InvalidOperationException($"BusinessHours:Week:{dayName} is not a weekday (Monday … Sunday)");
            week[day] = ParseOpenings(dayName, spec);
        }
        var holidays = o.Holidays.Select(h =>
        {
            var parsed = LocalDatePattern.Iso.Parse(h.Trim());
            return parsed.Success ? parsed.Value : throw new InvalidOperationException($"BusinessHours:Holidays: '{h}' is not a date like 2026-12-25");
        });
        if (!week.Values.Any(w => w.Length > 0))
            throw new InvalidOperationException("BusinessHours:Week has no opening on any day; a reply-by time could never be promised");
        return new BusinessHours(zone, week, holidays);
    }

    static Opening[] ParseOpenings(string day, string spec)
    {
        if (string.IsNullOrWhiteSpace(spec) || spec.Trim().Equals("closed", StringComparison.OrdinalIgnoreCase)) return [];
        return spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(range =>
        {
            var parts = range.Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length != 2) throw Bad(day, range);
            var opens = ParseTime(parts[0]) ?? throw Bad(day, range);
            var midnight = parts[1] == "24:00";
            var closes = midnight ? LocalTime.Midnight : ParseTime(parts[1]) ?? throw Bad(day, range);
            if (!midnight && closes <= opens) throw Bad(day, range);
            return new Opening(opens, closes, midnight);
        }).ToArray();
    }

    static LocalTime? ParseTime(string s)
    {
        var r = LocalTimePattern.CreateWithInvariantCulture("H:mm").Parse(s);
        return r.Success ? r.Value : null;
    }

    static InvalidOperationException Bad(string day, string range) =>
        new($"BusinessHours:Week:{day}: '{range}' is not an opening like 09:00-17:00 (closing after opening, 24:00 for midnight)");
}
