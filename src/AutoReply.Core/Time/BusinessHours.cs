using NodaTime;

namespace AutoReply.Core.Time;

/// One opening on a weekday, e.g. Monday 09:00–17:00. Closing is exclusive; an opening never spans midnight
/// (write 22:00–24:00 and 00:00–02:00 instead), which keeps "is it open?" a question about one local date.
public readonly record struct Opening(LocalTime Opens, LocalTime Closes, bool ClosesAtMidnight = false);

/// A stretch of every year with other openings than the regular week — a ski school's long February days, a summer
/// café's, the months a seasonal business is closed — from <see cref="From"/> to <see cref="To"/> inclusive, across the
/// year's end when To comes before From ("12-20" to "01-06"). A weekday the season's week leaves out is closed.
public sealed record Season(AnnualDate From, AnnualDate To, IReadOnlyDictionary<IsoDayOfWeek, Opening[]> Week)
{
    public bool Covers(LocalDate date)
    {
        var day = new AnnualDate(date.Month, date.Day);
        return From <= To ? day >= From && day <= To : day >= From || day <= To;
    }
}

/// A brand's business hours in its time zone, with holidays and seasons.
/// It answers questions about instants (is it open, when does it next open, what is two business hours from now);
/// it does not take or return a bare DateTime, and it does not know what time it is.
public sealed class BusinessHours
{
    readonly IReadOnlyDictionary<IsoDayOfWeek, Opening[]> week;
    readonly HashSet<LocalDate> holidays;
    readonly IReadOnlyList<Season> seasons;

    public DateTimeZone Zone { get; }

    /// Whether <paramref name="date"/> is one of the holidays.
    public bool IsHoliday(LocalDate date) => holidays.Contains(date);

    /// <paramref name="seasons"/>: stretches of the year with a week of their own; the first that covers a date decides it.
    public BusinessHours(DateTimeZone zone, IReadOnlyDictionary<IsoDayOfWeek, Opening[]> week, IEnumerable<LocalDate> holidays,
        IEnumerable<Season>? seasons = null)
    {
        Zone = zone;
        this.week = Sorted(week);
        this.holidays = [.. holidays];
        this.seasons = [.. (seasons ?? []).Select(s => s with { Week = Sorted(s.Week) })];
        if (!this.week.Values.Any(o => o.Length > 0))
            throw new ArgumentException("business hours need at least one opening in the week", nameof(week));
    }

    static Dictionary<IsoDayOfWeek, Opening[]> Sorted(IReadOnlyDictionary<IsoDayOfWeek, Opening[]> week) =>
        week.ToDictionary(kv => kv.Key, kv => kv.Value.OrderBy(o => o.Opens).ToArray());

    /// The regular week's openings on <paramref name="day"/>.
    public IReadOnlyList<Opening> OpeningsOn(IsoDayOfWeek day) => week.TryGetValue(day, out var o) ? o : [];

    /// The openings of the week that holds on <paramref name="date"/> (its season's, else the regular week), on its weekday
    /// <paramref name="day"/>; a holiday is not read here.
    public IReadOnlyList<Opening> OpeningsOn(LocalDate date, IsoDayOfWeek day) =>
        WeekOn(date).TryGetValue(day, out var o) ? o : [];

    IReadOnlyDictionary<IsoDayOfWeek, Opening[]> WeekOn(LocalDate date)
    {
        foreach (var season in seasons)
            if (season.Covers(date)) return season.Week;
        return week;
    }

    public bool IsOpenAt(Instant instant) => CurrentInterval(instant) is not null;

    /// The instant itself when open, else the start of the next opening.
    public Instant NextOpeningAtOrAfter(Instant instant)
    {
        foreach (var (start, end) in IntervalsFrom(instant))
            if (end > instant) return start > instant ? start : instant;
        throw new InvalidOperationException("no opening found within a year; are all days holidays?");
    }

    /// The instant at which <paramref name="budget"/> of open time has passed after <paramref name="start"/>:
    /// the clock runs only while the business is open.
    public Instant AddBusinessTime(Instant start, Duration budget)
    {
        if (budget < Duration.Zero) throw new ArgumentOutOfRangeException(nameof(budget));
        if (budget == Duration.Zero) return start;
        var left = budget;
        foreach (var (open, close) in IntervalsFrom(start))
        {
            var from = open > start ? open : start;
            if (close <= from) continue;
            var available = close - from;
            if (available >= left) return from + left;
            left -= available;
        }
        throw new InvalidOperationException("business time budget does not fit within a year of openings");
    }

    /// Open time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).
    public Duration BusinessTimeBetween(Instant from, Instant to)
    {
        var total = Duration.Zero;
        if (to <= from) return total;
        foreach (var (open, close) in IntervalsFrom(from))
        {
            if (open >= to) break;
            var a = open > from ? open : from;
            var b = close < to ? close : to;
            if (b > a) total += b - a;
        }
        return total;
    }

    (Instant Start, Instant End)? CurrentInterval(Instant instant)
    {
        foreach (var (start, end) in IntervalsFrom(instant))
        {
            if (start > instant) return null;
            if (end > instant) return (start, end);
        }
        return null;
    }

    /// Opening intervals as instants, in order, starting with the local day before <paramref name="from"/>
    /// (so an opening that started yesterday in local terms is seen) and going on for a year at most.
    IEnumerable<(Instant Start, Instant End)> IntervalsFrom(Instant from)
    {
        var date = from.InZone(Zone).Date.PlusDays(-1);
        for (var i = 0; i < 367; i++, date = date.PlusDays(1))
        {
            if (holidays.Contains(date)) continue;
            foreach (var o in OpeningsOn(date, date.DayOfWeek))
            {
                var start = Zone.AtLeniently(date + o.Opens).ToInstant();
                var end = o.ClosesAtMidnight
                    ? Zone.AtStartOfDay(date.PlusDays(1)).ToInstant()
                    : Zone.AtLeniently(date + o.Closes).ToInstant();
                if (end > from) yield return (start, end);
            }
        }
    }
}
