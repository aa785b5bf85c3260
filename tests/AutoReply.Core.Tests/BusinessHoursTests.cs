using AutoReply.Core.Time;
using NodaTime;
using NodaTime.Text;

namespace AutoReply.Core.Tests;

public sealed class BusinessHoursTests
{
    static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    /// Mon–Fri 9–17, Saturday 10–14, Sunday closed; 25 December a holiday.
    internal static BusinessHours Shop() => new(Berlin, new Dictionary<IsoDayOfWeek, Opening[]>
    {
        [IsoDayOfWeek.Monday] = [new(new(9, 0), new(17, 0))],
        [IsoDayOfWeek.Tuesday] = [new(new(9, 0), new(17, 0))],
        [IsoDayOfWeek.Wednesday] = [new(new(9, 0), new(17, 0))],
        [IsoDayOfWeek.Thursday] = [new(new(9, 0), new(17, 0))],
        [IsoDayOfWeek.Friday] = [new(new(9, 0), new(12, 0)), new(new(13, 0), new(17, 0))],
        [IsoDayOfWeek.Saturday] = [new(new(10, 0), new(14, 0))],
    }, [new LocalDate(2026, 12, 25)]);

    /// A ski school: every day 9–17, in February 8:30–18:00, closed from May to late November (a season with no openings),
    /// and a season across the year's end with Sundays off.
    static BusinessHours SkiSchool()
    {
        Dictionary<IsoDayOfWeek, Opening[]> Every(int h, int m, int closes) =>
            Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None).ToDictionary(d => d, _ => new[] { new Opening(new(h, m), new(closes, 0)) });
        var holidaysOff = Every(9, 0, 17);
        holidaysOff.Remove(IsoDayOfWeek.Sunday);
        return new(Berlin, Every(9, 0, 17), [],
        [
            new Season(new AnnualDate(2, 1), new AnnualDate(2, 28), Every(8, 30, 18)),
            new Season(new AnnualDate(5, 5), new AnnualDate(11, 20), new Dictionary<IsoDayOfWeek, Opening[]>()),
            new Season(new AnnualDate(12, 20), new AnnualDate(1, 6), holidaysOff),
        ]);
    }

    [Theory]
    [InlineData("2027-02-10T08:45:00", true)]    // February opens at 8:30
    [InlineData("2027-03-10T08:45:00", false)]   // March at 9:00
    [InlineData("2027-07-14T12:00:00", false)]   // closed for the summer
    [InlineData("2027-11-21T12:00:00", true)]    // the season starts again
    [InlineData("2026-12-27T12:00:00", false)]   // a Sunday between 20 December and 6 January
    [InlineData("2027-01-03T12:00:00", false)]   // and one after New Year
    [InlineData("2027-01-10T12:00:00", true)]    // a Sunday after
    public void A_season_has_its_own_week(string local, bool open) => Assert.Equal(open, SkiSchool().IsOpenAt(At(local)));

    [Fact]
    public void After_the_closed_season_the_next_opening_is_when_it_ends() =>
        Assert.Equal(At("2027-11-21T09:00:00"), SkiSchool().NextOpeningAtOrAfter(At("2027-05-10T10:00:00")));

    [Fact]
    public void The_hours_worded_are_the_season_s()
    {
        Assert.Equal("Mon–Sun 8:30–18:00", TimeWording.Hours(SkiSchool(), "en", new LocalDate(2027, 2, 10)));
        // a closed season words the regular week, not nothing (the review)
        Assert.Equal("Mon–Sun 9:00–17:00", TimeWording.Hours(SkiSchool(), "en", new LocalDate(2027, 7, 10)));
    }

    internal static Instant At(string local) => LocalDateTimePattern.GeneralIso.Parse(local).Value.InZoneLeniently(Berlin).ToInstant();

    [Theory]
    [InlineData("2026-11-24T08:59:59", false)]
    [InlineData("2026-11-24T09:00:00", true)]
    [InlineData("2026-11-24T16:59:59", true)]
    [InlineData("2026-11-24T17:00:00", false)]
    [InlineData("2026-11-27T12:30:00", false)]   // Friday lunch break
    [InlineData("2026-11-28T11:00:00", true)]    // Saturday
    [InlineData("2026-11-29T11:00:00", false)]   // Sunday
    [InlineData("2026-12-25T10:00:00", false)]   // holiday on a Friday
    public void IsOpenAt_follows_the_week_and_holidays(string local, bool open) => Assert.Equal(open, Shop().IsOpenAt(At(local)));

    [Theory]
    [InlineData("2026-11-24T10:00:00", "2026-11-24T10:00:00")]   // open: now
    [InlineData("2026-11-24T18:00:00", "2026-11-25T09:00:00")]   // evening: tomorrow morning
    [InlineData("2026-11-28T15:00:00", "2026-11-30T09:00:00")]   // Saturday after closing: Monday
    [InlineData("2026-12-24T17:30:00", "2026-12-26T10:00:00")]   // Christmas Eve evening: 25th closed, Saturday 26th
    [InlineData("2026-11-27T12:15:00", "2026-11-27T13:00:00")]   // lunch break
    public void NextOpeningAtOrAfter_skips_closed_time(string local, string expected) =>
        Assert.Equal(At(expected), Shop().NextOpeningAtOrAfter(At(local)));

    [Theory]
    [InlineData("2026-11-24T10:00:00", 120, "2026-11-24T12:00:00")]
    [InlineData("2026-11-24T16:30:00", 120, "2026-11-25T10:30:00")]   // across the night
    [InlineData("2026-11-27T11:30:00", 60, "2026-11-27T13:30:00")]    // across lunch
    [InlineData("2026-11-28T13:00:00", 120, "2026-11-30T10:00:00")]   // across Sunday
    [InlineData("2026-12-24T16:00:00", 180, "2026-12-26T12:00:00")]   // across the holiday
    [InlineData("2026-11-29T03:00:00", 0, "2026-11-29T03:00:00")]     // nothing to add
    public void AddBusinessTime_runs_only_while_open(string local, int minutes, string expected) =>
        Assert.Equal(At(expected), Shop().AddBusinessTime(At(local), Duration.FromMinutes(minutes)));

    [Fact]
    public void Business_time_is_counted_in_local_hours_across_a_clock_change()
    {
        // 29 March 2026: Berlin moves from 02:00 to 03:00. Opening 09:00 is still 09:00 local, one hour earlier in UTC.
        var hours = Shop();
        var friday = At("2026-03-27T16:00:00");
        // 1 h on Friday, 4 h on Saturday, Sunday closed (the change happens then), 1 h on Monday.
        Assert.Equal(At("2026-03-30T10:00:00"), hours.AddBusinessTime(friday, Duration.FromHours(6)));
        Assert.Equal(Duration.FromHours(6), hours.BusinessTimeBetween(friday, At("2026-03-30T10:00:00")));
        Assert.Equal(Duration.FromHours(1), At("2026-03-30T09:00:00") - At("2026-03-30T08:00:00"));
    }

    [Fact]
    public void BusinessTimeBetween_is_zero_backwards_and_counts_only_open_time()
    {
        var hours = Shop();
        Assert.Equal(Duration.Zero, hours.BusinessTimeBetween(At("2026-11-25T10:00:00"), At("2026-11-24T10:00:00")));
        Assert.Equal(Duration.FromHours(8), hours.BusinessTimeBetween(At("2026-11-24T00:00:00"), At("2026-11-25T00:00:00")));
    }

    [Fact]
    public void A_week_without_openings_is_refused() =>
        Assert.Throws<ArgumentException>(() => new BusinessHours(Berlin, new Dictionary<IsoDayOfWeek, Opening[]>(), []));
}
