using AutoReply.Core.Time;
using NodaTime;

namespace AutoReply.Core.Handoffs;

/// Who hears of a hand-off at risk. Tier 1 is warned; tier 2 is told at the breach; tier 3 and up when the first
/// response is <see cref="After"/> business time late. Targets are a webhook and/or e-mail addresses; a tier with a
/// team takes over the hand-off when nobody has claimed it by the time the tier fires.
public sealed record EscalationTier(int Number, string Name, Duration After, string? WebhookUrl, IReadOnlyList<string> Emails, string? Team);

/// What the escalation check reads of an open hand-off.
public sealed record HandoffClock(HandoffState State, Instant? WarnAt, Instant? FirstResponseDue, Instant? ResolutionDue, Instant? FirstResponseAt,
    IReadOnlySet<string> Fired);

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
public sealed class EscalationPlan(BusinessHours hours, IReadOnlyList<EscalationTier> tiers)
{
    public const string Warning = "warning";
    public const string Breach = "first-response-breach";
    public const string ResolutionBreach = "resolution-breach";

    public IReadOnlyList<EscalationTier> Tiers => tiers;
    public BusinessHours Hours => hours;

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
                    yield return new($"{Breach}-tier-{tier.Number}", tier, hours.AddBusinessTime(firstDue, tier.After));
            }
        }
        // Waiting for the customer stops the resolution clock (the time is added back when the customer writes).
        if (h.State != HandoffState.Waiting && h.ResolutionDue is { } resolutionDue) yield return new(ResolutionBreach, breachTier, resolutionDue);
    }
}
