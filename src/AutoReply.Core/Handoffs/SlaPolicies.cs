using AutoReply.Core.Time;
using NodaTime;

namespace AutoReply.Core.Handoffs;

/// How urgent a hand-off is. Ordered: a higher value is served first.
public enum Priority { Low = 0, Normal = 1, High = 2, Urgent = 3 }

/// A response-time promise in business time: a person's first reply within FirstResponse, the thread resolved within
/// Resolution; a warning goes out when WarningAt of the budget is spent.
public sealed record SlaTarget(Duration FirstResponse, Duration Resolution, double WarningAt = 0.75);

/// When a hand-off is due, by the brand's SLA policies: per category, with urgent hand-offs on their own clock.
/// Budgets are business time — the clock stops outside business hours and on holidays.
public sealed class SlaPolicies(BusinessHours hours, IReadOnlyDictionary<string, SlaTarget> byCategory, SlaTarget urgent, SlaTarget fallback)
{
    public static readonly IReadOnlyDictionary<string, SlaTarget> DefaultTargets = new Dictionary<string, SlaTarget>
    {
        ["service"] = new(Duration.FromHours(2), Duration.FromHours(24)),
        ["billing"] = new(Duration.FromHours(2), Duration.FromHours(24)),
        ["sales"] = new(Duration.FromHours(24), Duration.FromHours(72)),
        ["complaint"] = new(Duration.FromHours(1), Duration.FromHours(8)),
        ["general"] = new(Duration.FromHours(2), Duration.FromHours(48)),   // what the acknowledgement promises by default
    };

    public static readonly SlaTarget DefaultUrgent = new(Duration.FromMinutes(15), Duration.FromHours(4));

    public static SlaPolicies Default(BusinessHours hours) => new(hours, DefaultTargets, DefaultUrgent, DefaultTargets["general"]);

    public SlaTarget TargetFor(string category, Priority priority) =>
        priority == Priority.Urgent ? urgent : byCategory.TryGetValue(category, out var t) ? t : fallback;

    /// The due instants of a hand-off opened at <paramref name="openedAt"/>.
    public (Instant FirstResponse, Instant Resolution, Instant Warning) DueTimes(string category, Priority priority, Instant openedAt)
    {
        var target = TargetFor(category, priority);
        return (hours.AddBusinessTime(openedAt, target.FirstResponse),
                hours.AddBusinessTime(openedAt, target.Resolution),
                hours.AddBusinessTime(openedAt, target.FirstResponse * target.WarningAt));
    }

    public static Priority ParsePriority(string? text) => text?.ToLowerInvariant() switch
    {
        "low" => Priority.Low,
        "high" => Priority.High,
        "urgent" => Priority.Urgent,
        _ => Priority.Normal,
    };
}
