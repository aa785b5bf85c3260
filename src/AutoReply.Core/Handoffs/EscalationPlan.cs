using AutoReply.Core.Time;
using NodaTime;

namespace AutoReply.Core.Handoffs;

/// Who hears of a hand-off at risk. Tier 1 is warned; tier 2 is told at the breach; tier 3 and up when the first
/// response is <see cref="After"/> business time late (clock time for a hand-off due around the clock). Targets are a
/// webhook and/or e-mail addresses; a tier with a team takes over the hand-off when nobody has claimed it by the time the
/// tier fires.
public sealed record EscalationTier(int Number, string Name, Duration After, string? WebhookUrl, IReadOnlyList<string> Emails, string? Team);

/// What the escalation check reads of an open hand-off. <paramref name="AroundTheClock"/>: its SLA target counts clock time
/// (SlaTarget.AroundTheClock), and so do the tiers after its breach.
public sealed record HandoffClock(HandoffState State, Instant? WarnAt, Instant? FirstResponseDue, Instant? ResolutionDue, Instant? FirstResponseAt,
    IReadOnlySet<string> Fired, bool AroundTheClock = false);

/// One escalation: what it is, which tier hears of it, and the instant it was due.
public sealed record EscalationStep(string Kind, EscalationTier Tier, Instant DueAt)
{
    public bool IsBreach => Kind != EscalationPlan.Warning;
}

/// When a hand-off escalates, as a pure function of its clock and the tiers: a warning to tier 1 when the warning
/// threshold passes without a person's answer; at the first-response breach tier 2 (tier 1 when there is only
/// one); each further tier when the first response is that tier's After late; a resolution breach to tier 2.
/// Each step fires once (its kind is remembered); a step that fell due while nobody checked fires at the next check,
/// so deadlines that passed while the service was down fire at start-up, in order.
/// <paramref name="sla"/>: the SLA targets, to say which hand-offs are late around the clock (<see cref="AroundTheClock"/>).
public sealed class EscalationPlan(BusinessHours hours, IReadOnlyList<EscalationTier> tiers, SlaPolicies? sla = null)
{
    public const string Warning = "warning";
    public const string Breach = "first-response-breach";
    public const string ResolutionBreach = "resolution-breach";

    public IReadOnlyList<EscalationTier> Tiers => tiers;
    public BusinessHours Hours => hours;

    /// Whether a hand-off of this category and priority is due in clock time, not business time: an urgent target set
    /// AroundTheClock is late at night too, and so are the tiers after its breach (before, tier 3 of a 24/7 emergency fired
    /// only once the business opened).
    public bool AroundTheClock(string category, Priority priority) => sla?.TargetFor(category, priority).AroundTheClock == true;

    /// <paramref name="budget"/> after <paramref name="from"/>: clock time for a hand-off due around the clock, else business time.
    public Instant Add(bool aroundTheClock, Instant from, Duration budget) => aroundTheClock ? from + budget : hours.AddBusinessTime(from, budget);

    /// The time between two instants that counts for a hand-off (clock time around the clock, else business time).
    public Duration Between(bool aroundTheClock, Instant from, Instant to) =>
        aroundTheClock ? (to > from ? to - from : Duration.Zero) : hours.BusinessTimeBetween(from, to);

    /// The steps due at <paramref name="now"/> that have not fired, and when the next one falls due (null: none left).
    public (IReadOnlyList<EscalationStep> Due, Instant? Next) Plan(HandoffClock h, Instant now)
    {
        var due = new List<EscalationStep>();
        Instant? next = null;
        foreach (var step in Steps(h))
        {
            if (h.Fired.Contains(step.Kind)) continue;
            if (step.DueAt <= now) due.Add(step);
            else if (next is null || step.DueAt < next) next = step.DueAt;
        }
        // In due order, and steps due at the same instant in the plan's order (warning, breach, tiers, resolution): which step
        // is the latest decides an escalation's row. List.Sort promises no order for equal keys (for a handful of steps it
        // keeps it today, by accident of its algorithm); OrderBy does.
        return (due.OrderBy(step => step.DueAt).ToList(), next);
    }

    IEnumerable<EscalationStep> Steps(HandoffClock h)
    {
        if (h.State == HandoffState.Resolved || tiers.Count == 0) yield break;
        var breachTier = tiers[Math.Min(1, tiers.Count - 1)];
        if (h.FirstResponseAt is null)
        {
            if (h.WarnAt is { } warn) yield return new(Warning, tiers[0], warn);
            if (h.FirstResponseDue is { } firstDue)
            {
                yield return new(Breach, breachTier, firstDue);
                foreach (var tier in tiers.Skip(2))
                    yield return new($"{Breach}-tier-{tier.Number}", tier, Add(h.AroundTheClock, firstDue, tier.After));
            }
        }
        // Waiting for the customer stops the resolution clock (the time is added back when the customer writes).
        if (h.State != HandoffState.Waiting && h.ResolutionDue is { } resolutionDue) yield return new(ResolutionBreach, breachTier, resolutionDue);
    }
}
