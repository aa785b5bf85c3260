using AutoReply.Core.Handoffs;
using static AutoReply.Core.Tests.BusinessHoursTests;

namespace AutoReply.Core.Tests;

public sealed class SlaPoliciesTests
{
    [Theory]
    // service: first response 2 h of business time
    [InlineData("service", Priority.Normal, "2026-11-24T10:00:00", "2026-11-24T12:00:00")]
    [InlineData("service", Priority.Normal, "2026-11-24T16:30:00", "2026-11-25T10:30:00")]
    // complaint: 1 h, across the weekend (Saturday 10–14 is open in this shop)
    [InlineData("complaint", Priority.Normal, "2026-11-27T16:45:00", "2026-11-28T10:45:00")]
    // urgent: 15 minutes whatever the category, across Christmas Day (a holiday)
    [InlineData("sales", Priority.Urgent, "2026-12-24T16:50:00", "2026-12-26T10:05:00")]
    // sales: 8 h of business time, about a business day: 7 h Tuesday, 1 Wednesday
    [InlineData("sales", Priority.Normal, "2026-11-24T10:00:00", "2026-11-25T10:00:00")]
    public void First_response_is_due_in_business_time(string category, Priority priority, string opened, string due)
    {
        var sla = SlaPolicies.Default(Shop());
        Assert.Equal(At(due), sla.DueTimes(category, priority, At(opened)).FirstResponse);
    }

    [Fact]
    public void The_warning_comes_when_three_quarters_of_the_budget_is_spent() =>
        Assert.Equal(At("2026-11-24T11:30:00"), SlaPolicies.Default(Shop()).DueTimes("service", Priority.Normal, At("2026-11-24T10:00:00")).Warning);

    [Fact]
    public void An_unknown_category_gets_the_general_target() =>
        Assert.Equal(SlaPolicies.DefaultTargets["general"], SlaPolicies.Default(Shop()).TargetFor("returns-desk", Priority.Normal));

    /// High priority is never promised a later first reply than a calm general DM: a sales hand-off raised by "asap" was
    /// promised 8 h where a general one heard 2 h (QA round 50). A tighter category (a complaint's hour) keeps its own.
    [Theory]
    [InlineData("sales", "2026-11-24T12:00:00")]
    [InlineData("general", "2026-11-24T12:00:00")]
    [InlineData("complaint", "2026-11-24T11:00:00")]
    public void High_priority_is_never_answered_later_than_a_calm_dm(string category, string due) =>
        Assert.Equal(At(due), SlaPolicies.Default(Shop()).DueTimes(category, Priority.High, At("2026-11-24T10:00:00")).FirstResponse);

    /// A brand with someone on call sets its urgent target around the clock: due in clock time, on a Saturday night and on
    /// Christmas Day, and promised "within 15 minutes" (QA round 55: a plumber's urgent hand-off from Saturday night was due
    /// Monday 7:15). Other priorities keep business time.
    [Fact]
    public void An_urgent_target_around_the_clock_is_due_in_clock_time()
    {
        var priorities = SlaPolicies.DefaultPriorities();
        priorities[Priority.Urgent] = SlaPolicies.DefaultUrgent with { AroundTheClock = true };
        var sla = new SlaPolicies(Shop(), SlaPolicies.DefaultTargets, priorities);
        var (first, resolution, warning) = sla.DueTimes("complaint", Priority.Urgent, At("2026-11-28T22:00:00"));
        Assert.Equal((At("2026-11-28T22:15:00"), At("2026-11-29T02:00:00")), (first, resolution));
        Assert.True(warning > At("2026-11-28T22:00:00") && warning < first);
        Assert.Equal(At("2026-12-25T12:15:00"), sla.DueTimes("service", Priority.Urgent, At("2026-12-25T12:00:00")).FirstResponse);
        var promise = sla.Promise("complaint", Priority.Urgent, At("2026-11-28T22:00:00"));
        Assert.Equal((true, At("2026-11-28T22:15:00"), NodaTime.Duration.FromMinutes(15)), (promise.OpenNow, promise.ReplyBy, promise.Within));
        // a calm complaint that night still waits for the business hours
        Assert.Equal(At("2026-11-30T10:00:00"), sla.DueTimes("complaint", Priority.Normal, At("2026-11-28T22:00:00")).FirstResponse);
    }
}
