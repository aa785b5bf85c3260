using AutoReply.Core.Time;
using NodaTime;

namespace AutoReply.Core.Handoffs;

/// How urgent a hand-off is. Ordered: a higher value is served first. Stored as its number; written as its name.
public enum Priority { Low = 0, Normal = 1, High = 2, Urgent = 3 }

/// The one list of priority names, as the API, the console, the configuration, flow files and stored payloads write them.
public static class PriorityNames
{
    static readonly string[] names = ["low", "normal", "high", "urgent"];

    public static IReadOnlyList<string> All => names;

    public static string Name(Priority priority) => names[Math.Clamp((int)priority, 0, names.Length - 1)];


    public static bool TryParse(string? name, out Priority priority)
    {
        var index = name is null ? -1 : Array.IndexOf(names, name.ToLowerInvariant());
        priority = index >= 0 ? (Priority)index : Priority.Normal;
        return index >= 0;
    }
}

/// A response-time promise: a person's first reply within FirstResponse, the thread resolved within Resolution; a warning
/// goes out when WarningAt of the first-response budget is spent. Business time, unless <paramref name="AroundTheClock"/>:
/// then clock time, for a brand with someone on call at night and on holidays (a plumber's urgent hand-offs were due Monday
/// 7:15 from a Saturday night, QA round 55).
public sealed record SlaTarget(Duration FirstResponse, Duration Resolution, double WarningAt = 0.75, bool AroundTheClock = false);

/// When a hand-off is due, by the brand's SLA policies: a target per category ("general" is the fallback), and
/// optional targets per priority (urgent: 15 minutes) that tighten any category's — never loosen it.
/// Budgets are business time: the clock stops outside business hours and on holidays.
public sealed class SlaPolicies
{
    public const string Fallback = "general";

    readonly IReadOnlyDictionary<string, SlaTarget> byCategory;
    readonly IReadOnlyDictionary<Priority, SlaTarget> byPriority;

    public SlaPolicies(BusinessHours hours, IReadOnlyDictionary<string, SlaTarget> byCategory, IReadOnlyDictionary<Priority, SlaTarget> byPriority)
    {
        if (!byCategory.ContainsKey(Fallback)) throw new ArgumentException($"the SLA policies need a '{Fallback}' target", nameof(byCategory));
        Hours = hours;
        this.byCategory = byCategory;
        this.byPriority = byPriority;
    }

    public static readonly IReadOnlyDictionary<string, SlaTarget> DefaultTargets = new Dictionary<string, SlaTarget>
    {
        ["service"] = new(Duration.FromHours(2), Duration.FromHours(24)),
        ["billing"] = new(Duration.FromHours(2), Duration.FromHours(24)),
        // A business day (8 h of business time): "sales within 24 hours" means the next day, and 24 h of business time was three
        // working days — a lead who wrote on Sunday was promised Wednesday 15:00 (QA round 45).
        ["sales"] = new(Duration.FromHours(8), Duration.FromHours(72)),
        ["complaint"] = new(Duration.FromHours(1), Duration.FromHours(8)),
        [Fallback] = new(Duration.FromHours(2), Duration.FromHours(48)),
    };

    public static readonly SlaTarget DefaultUrgent = new(Duration.FromMinutes(15), Duration.FromHours(4));

    /// High priority — anger, business impact, "asap", a VIP, a qualified lead — is never promised a later first reply than a
    /// calm general DM: with a sales answer's category it was told "tomorrow 17:00" where a general DM heard "tomorrow 11:00"
    /// (QA round 50: "asap" earned a later promise). A tighter category (a complaint's hour) keeps its own. Its resolution, 24 h,
    /// tightens the general 48 h and the sales 72 h too.
    public static readonly SlaTarget DefaultHigh = new(Duration.FromHours(2), Duration.FromHours(24));

    /// The priority targets a brand gets unless it sets its own (`Sla:Priorities`).
    public static Dictionary<Priority, SlaTarget> DefaultPriorities() => new() { [Priority.Urgent] = DefaultUrgent, [Priority.High] = DefaultHigh };

    public static SlaPolicies Default(BusinessHours hours) => new(hours, DefaultTargets, DefaultPriorities());

    public BusinessHours Hours { get; }

    public SlaTarget TargetFor(string category, Priority priority)
    {
        var target = byCategory.TryGetValue(category, out var t) ? t : byCategory[Fallback];
        if (!byPriority.TryGetValue(priority, out var tighter)) return target;
        return new SlaTarget(
            Min(target.FirstResponse, tighter.FirstResponse),
            Min(target.Resolution, tighter.Resolution),
            Math.Min(target.WarningAt, tighter.WarningAt),
            target.AroundTheClock || tighter.AroundTheClock);
    }

    /// <paramref name="from"/> plus <paramref name="budget"/> of the target's time: clock time around the clock, else business time.
    Instant Add(SlaTarget target, Instant from, Duration budget) => target.AroundTheClock ? from + budget : Hours.AddBusinessTime(from, budget);

    static Duration Min(Duration a, Duration b) => a < b ? a : b;

    /// The due instants of a hand-off opened at <paramref name="openedAt"/>.
    public (Instant FirstResponse, Instant Resolution, Instant Warning) DueTimes(string category, Priority priority, Instant openedAt)
    {
        var target = TargetFor(category, priority);
        return (Add(target, openedAt, target.FirstResponse),
                Add(target, openedAt, target.Resolution),
                Add(target, openedAt, target.FirstResponse * target.WarningAt));
    }

    /// The due instants of a hand-off whose person must act by <paramref name="by"/> (a callback's time, a lesson to confirm
    /// before it starts): the SLA's, or sooner — the last working moment at or before <paramref name="by"/>, warned when the
    /// SLA's share of the business time until then is spent (not the SLA's lead in clock time: over a night it warned the
    /// evening before). Null for <paramref name="by"/> when no working time is left before it, or it is later than the SLA's.
    public (Instant FirstResponse, Instant Resolution, Instant Warning) DueTimes(string category, Priority priority, Instant openedAt, Instant? by)
    {
        var due = DueTimes(category, priority, openedAt);
        if (ActBy(openedAt, by) is not { } act || act >= due.FirstResponse) return due;
        var share = TargetFor(category, priority).WarningAt;
        return (act, due.Resolution, Hours.AddBusinessTime(openedAt, Hours.BusinessTimeBetween(openedAt, act) * share));
    }

    /// <paramref name="by"/> itself when the team works then (a callback at 9:00 is due at 9:00), else the last working
    /// moment before it (a lesson at 19:00 is confirmed by closing time): null when no working time is left until then.
    public Instant? ActBy(Instant now, Instant? by) =>
        by is not { } b || b <= now ? null
        : Hours.IsOpenAt(b) ? b
        : Hours.BusinessTimeBetween(now, b) is var working && working > Duration.Zero ? Hours.AddBusinessTime(now, working) : null;

    /// When the customer is told a person will reply: the promise counted from <paramref name="now"/>, or, when sooner, the
    /// time a flow gave the customer (<see cref="ActBy"/>): never a reply after the call the customer was promised.
    public Instant ReplyBy(string category, Priority priority, Instant now, Instant? by)
    {
        var promise = Promise(category, priority, now).ReplyBy;
        return ActBy(now, by) is { } act && act < promise ? act : promise;
    }

    /// What the customer is told when a person will reply, for a hand-off of this category and priority: the same budget the
    /// hand-off's first-response due time is counted with, so promise and SLA agree. Around the clock, the team counts as
    /// open now: "within 15 minutes", at any hour.
    public ReplyPromise Promise(string category, Priority priority, Instant now) =>
        TargetFor(category, priority) is { AroundTheClock: true } target
            ? new ReplyPromise(true, now + target.FirstResponse, target.FirstResponse)
            : ReplyPromise.For(Hours, now, TargetFor(category, priority).FirstResponse);

    /// A priority by its name; anything else (none, a typo) is normal.
    public static Priority ParsePriority(string? text) => PriorityNames.TryParse(text, out var priority) ? priority : Priority.Normal;
}
