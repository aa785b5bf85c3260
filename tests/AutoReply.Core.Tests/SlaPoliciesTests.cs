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
}
