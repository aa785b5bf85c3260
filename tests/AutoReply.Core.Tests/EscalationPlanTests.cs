using AutoReply.Core.Handoffs;
using AutoReply.Core.Messages;
using NodaTime;
using static AutoReply.Core.Tests.BusinessHoursTests;

namespace AutoReply.Core.Tests;

public sealed class EscalationPlanTests
{
    static readonly EscalationTier[] Tiers =
    [
        new(1, "team", Duration.Zero, null, [], null),
        new(2, "team lead", Duration.Zero, null, [], null),
        new(3, "head of care", Duration.FromHours(2), null, [], null),
    ];

    static readonly EscalationPlan Plan = new(Shop(), Tiers);

    // Opened Tuesday 10:00: warning 11:30, breach 12:00, tier 3 at 14:00 (two business hours late), resolution Wednesday 10:00.
    static HandoffClock Clock(HandoffState state = HandoffState.Queued, Instant? firstResponseAt = null, params string[] fired) =>
        new(state, At("2026-11-24T11:30:00"), At("2026-11-24T12:00:00"), At("2026-11-25T10:00:00"), firstResponseAt, fired.ToHashSet());

    [Fact]
    public void Nothing_is_due_before_the_warning_and_the_next_step_is_the_warning()
    {
        var (due, next) = Plan.Plan(Clock(), At("2026-11-24T11:00:00"));
        Assert.Empty(due);
        Assert.Equal(At("2026-11-24T11:30:00"), next);
    }

    [Fact]
    public void Steps_that_fell_due_unseen_all_fire_in_order_and_each_says_when_it_was_due()
    {
        var (due, next) = Plan.Plan(Clock(), At("2026-11-24T15:00:00"));
        Assert.Equal([("warning", 1), ("first-response-breach", 2), ("first-response-breach-tier-3", 3)], due.Select(s => (s.Kind, s.Tier.Number)));
        Assert.Equal(At("2026-11-24T14:00:00"), due[2].DueAt);
        Assert.Equal(At("2026-11-25T10:00:00"), next);   // the resolution breach
    }

    /// Steps due at the same instant come in the plan's order, every time: which is the latest decides an escalation's row.
    [Fact]
    public void Steps_due_at_the_same_instant_keep_the_plans_order()
    {
        var sameTime = new EscalationPlan(Shop(), [.. Tiers.Take(2), new(3, "head of care", Duration.Zero, null, [], null), new(4, "board", Duration.Zero, null, [], null)]);
        var dueAll = At("2026-11-24T12:00:00");
        var clock = new HandoffClock(HandoffState.Queued, dueAll, dueAll, dueAll, null, new HashSet<string>());
        var (due, _) = sameTime.Plan(clock, At("2026-11-24T15:00:00"));
        Assert.Equal(["warning", "first-response-breach", "first-response-breach-tier-3", "first-response-breach-tier-4", "resolution-breach"],
            due.Select(s => s.Kind));
    }

    [Fact]
    public void A_step_that_fired_does_not_fire_again()
    {
        var (due, _) = Plan.Plan(Clock(HandoffState.Queued, null, "warning", "first-response-breach"), At("2026-11-24T12:30:00"));
        Assert.Empty(due);
    }

    [Fact]
    public void A_later_tier_counts_its_delay_in_business_time()
    {
        // Breach Friday 16:30: tier 3 two business hours later is Saturday 11:30 (half an hour on Friday, then the
        // shop's Saturday opening at 10:00), not Friday 18:30.
        var friday = new HandoffClock(HandoffState.Queued, null, At("2026-11-27T16:30:00"), null, null, new HashSet<string>());
        var (_, next) = Plan.Plan(friday with { Fired = new HashSet<string> { "first-response-breach" } }, At("2026-11-27T16:45:00"));
        Assert.Equal(At("2026-11-28T11:30:00"), next);
    }

    /// A hand-off due around the clock (an urgent target with AroundTheClock) is late at night too, and so are the tiers
    /// after its breach: tier 3 two hours after a Friday 16:30 breach is Friday 18:30, not Saturday 11:30.
    [Fact]
    public void A_later_tier_of_a_hand_off_due_around_the_clock_counts_clock_time()
    {
        var sla = new SlaPolicies(Shop(), SlaPolicies.DefaultTargets,
            new Dictionary<Priority, SlaTarget> { [Priority.Urgent] = new(Duration.FromMinutes(15), Duration.FromHours(4), AroundTheClock: true) });
        var plan = new EscalationPlan(Shop(), Tiers, sla);
        Assert.True(plan.AroundTheClock("complaint", Priority.Urgent));
        Assert.False(plan.AroundTheClock("complaint", Priority.Normal));
        var friday = new HandoffClock(HandoffState.Queued, null, At("2026-11-27T16:30:00"), null, null, new HashSet<string> { "first-response-breach" },
            AroundTheClock: true);
        Assert.Equal(At("2026-11-27T18:30:00"), plan.Plan(friday, At("2026-11-27T16:45:00")).Next);
    }

    [Fact]
    public void A_first_response_ends_the_first_response_steps_and_leaves_the_resolution_clock()
    {
        var (due, next) = Plan.Plan(Clock(HandoffState.Assigned, At("2026-11-24T11:45:00"), "warning"), At("2026-11-24T13:00:00"));
        Assert.Empty(due);
        Assert.Equal(At("2026-11-25T10:00:00"), next);
    }

    [Fact]
    public void Waiting_for_the_customer_suspends_the_resolution_breach_and_a_resolved_hand_off_has_no_steps()
    {
        Assert.Equal((0, (Instant?)null), Count(Plan.Plan(Clock(HandoffState.Waiting, At("2026-11-24T11:00:00")), At("2026-11-26T10:00:00"))));
        Assert.Equal((0, (Instant?)null), Count(Plan.Plan(Clock(HandoffState.Resolved), At("2026-11-26T10:00:00"))));

        static (int, Instant?) Count((IReadOnlyList<EscalationStep> Due, Instant? Next) p) => (p.Due.Count, p.Next);
    }

    [Fact]
    public void With_one_tier_the_breach_goes_to_it()
    {
        var plan = new EscalationPlan(Shop(), [Tiers[0]]);
        var (due, _) = plan.Plan(Clock(), At("2026-11-24T12:00:00"));
        Assert.Equal([("warning", 1), ("first-response-breach", 1)], due.Select(s => (s.Kind, s.Tier.Number)));
    }

    /// Who hears of an escalation: each tier once (its latest step, its steps listed), at its webhook, then its addresses,
    /// targets in the order first told; more than DigestAbove hand-offs for one target in a pass make one digest.
    [Fact]
    public void Each_tier_hears_once_per_hand_off_with_its_steps_and_a_crowded_target_gets_one_digest()
    {
        EscalationTier team = new(1, "team", Duration.Zero, "https://hooks.example.com/team", [], null),
            leads = new(2, "team lead", Duration.Zero, "https://hooks.example.com/leads", ["a@example.com", "b@example.com"], "leads"),
            head = new(3, "head of care", Duration.FromHours(2), null, ["head@example.com"], null);
        var now = At("2026-11-25T12:00:00");
        Escalated Escalation(int n, params (string Kind, EscalationTier Tier)[] steps)
        {
            var h = new OpenHandoff($"h{n}", new ThreadKey("generic", $"t{n}"), $"u{n}", "general", Priority.Normal, "NoConfidentAnswer", HandoffState.Queued,
                null, "support", At("2026-11-24T10:00:00"), null, null, null, null, new HashSet<string>(), null, null, null);
            var due = steps.Select((s, i) => new EscalationStep(s.Kind, s.Tier, At("2026-11-24T11:30:00").Plus(Duration.FromMinutes(i)))).ToList();
            var planned = new PlannedEscalation(h, due, due.Select(d => d.Kind).ToHashSet(), null, null, null);
            return EscalationCheck.Fire(planned, _ => 100 + n, now);
        }

        var one = EscalationCheck.Notices([Escalation(1, ("warning", team), ("first-response-breach", leads), ("first-response-breach-tier-3", head),
            ("resolution-breach", leads))], now).ToList();
        Assert.Equal([("webhook", "https://hooks.example.com/team"), ("webhook", "https://hooks.example.com/leads"), ("email", "a@example.com,b@example.com"),
            ("email", "head@example.com")], one.Select(n => (n.TargetKind, n.Target)));
        using (var leadsPayload = System.Text.Json.JsonDocument.Parse(one[1].Payload))
        {
            var escalation = leadsPayload.RootElement.GetProperty("escalation");
            Assert.Equal("resolution-breach", escalation.GetProperty("kind").GetString());
            Assert.Equal(["first-response-breach", "resolution-breach"], escalation.GetProperty("steps").EnumerateArray().Select(s => s.GetString()));
        }
        Assert.Equal(one[1].Payload, one[2].Payload);   // the tier's webhook and its addresses hear the same

        var crowd = Enumerable.Range(1, EscalationCheck.DigestAbove + 1).Select(n => Escalation(n, ("warning", team))).ToList();
        var digest = Assert.Single(EscalationCheck.Notices([.. crowd, Escalation(99, ("first-response-breach", leads))], now),
            n => n.Target == "https://hooks.example.com/team");
        using var payload = System.Text.Json.JsonDocument.Parse(digest.Payload);
        Assert.Equal("handoff.escalation.digest", payload.RootElement.GetProperty("type").GetString());
        Assert.Equal(EscalationCheck.DigestAbove + 1, payload.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(100 + EscalationCheck.DigestAbove + 1, digest.EscalationSeq);   // filed under the last told
    }
}
