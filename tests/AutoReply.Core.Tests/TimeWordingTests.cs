using AutoReply.Core.Time;
using NodaTime;
using static AutoReply.Core.Tests.BusinessHoursTests;

namespace AutoReply.Core.Tests;

public sealed class TimeWordingTests
{
    static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    [Theory]
    [InlineData("2026-11-24T15:00:00", "en", "today 15:00")]
    [InlineData("2026-11-25T09:00:00", "en", "tomorrow 9:00")]
    [InlineData("2026-11-30T09:30:00", "en", "Monday 9:30")]
    [InlineData("2026-11-30T09:30:00", "de", "Montag 9:30")]
    [InlineData("2026-11-25T09:00:00", "de", "morgen 9:00")]
    [InlineData("2026-11-30T09:30:00", "fi", "maanantaina klo 9.30")]   // "viimeistään maanantaina klo 9.30"
    [InlineData("2026-11-24T15:00:00", "fi", "tänään klo 15.00")]
    [InlineData("2026-12-08T09:00:00", "fi", "tiistaina 8.12.2026 klo 9.00")]
    [InlineData("2026-12-08T09:00:00", "en", "Tuesday 08/12/2026 9:00")]   // over a week ahead: the date too
    [InlineData("2026-11-30T09:30:00", "xx", "Monday 9:30")]              // unknown language: English
    public void When_names_the_day_relative_to_now(string local, string language, string expected) =>
        Assert.Equal(expected, TimeWording.When(At(local), At("2026-11-24T10:00:00"), Berlin, language));

    [Theory]
    [InlineData(120, "en", "2 hours")]
    [InlineData(60, "en", "1 hour")]
    [InlineData(90, "en", "1 hour and 30 minutes")]
    [InlineData(15, "de", "15 Minuten")]
    [InlineData(120, "de", "2 Stunden")]
    public void Span_says_hours_and_minutes(int minutes, string language, string expected) =>
        Assert.Equal(expected, TimeWording.Span(Duration.FromMinutes(minutes), language));

    [Fact]
    public void Hours_groups_days_alike() =>
        Assert.Equal("Mon–Thu 9:00–17:00, Fri 9:00–12:00 and 13:00–17:00, Sat 10:00–14:00", TimeWording.Hours(Shop(), "en"));

    [Fact]
    public void Finnish_hours_are_written_with_a_dot() =>
        Assert.Equal("ma–to 9.00–17.00, pe 9.00–12.00 ja 13.00–17.00, la 10.00–14.00", TimeWording.Hours(Shop(), "fi"));
}
