using System.Data.Common;
using AutoReply.Core.Handoffs;
using AutoReply.Core.Time;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace AutoReply.Storage.Handoffs;

/// Percentiles of a duration, in minutes.
public sealed record MinutesSummary(int Count, double? Median, double? P90);

/// The figures a brand watches for the hand-offs opened in a period: time to a person's first response (wall
/// clock and business time), whether it came within the SLA, breaches and warnings, time to resolution.
public sealed record HandoffFigures(
    DateTimeOffset From, DateTimeOffset To, int Opened, int Resolved, IReadOnlyDictionary<string, int> OpenByState,
    MinutesSummary FirstResponse, MinutesSummary FirstResponseBusiness, int FirstResponsesWithinSla, int FirstResponsesLate,
    int Warnings, int FirstResponseBreaches, int ResolutionBreaches, MinutesSummary Resolution, IReadOnlyDictionary<string, int> ByCategory)
{
    /// Closed by handing the thread back to the bot: not resolved by a person, so neither in <see cref="Resolved"/> nor
    /// in <see cref="Resolution"/> (a hand-back a minute in made the time to resolution look shorter than it was).
    public int HandedBack { get; init; }

    /// Closed because their customer's data was erased while they were open: resolved by nobody, so counted like
    /// <see cref="HandedBack"/> in neither resolved nor the time to resolution.
    public int ClosedByErasure { get; init; }
}

public static class HandoffMetrics
{
    static readonly string Resolved = HandoffState.Resolved.Name();

    const string RowsSql = """
        SELECT category AS Category, state AS State, opened_at AS OpenedAt, first_response_at AS FirstResponseAt,
               first_response_due AS FirstResponseDue, resolved_at AS ResolvedAt,
               CASE WHEN reason LIKE '%' || @released THEN 1 WHEN reason LIKE '%' || @erased THEN 2 ELSE 0 END AS ClosedBy
        FROM handoffs WHERE opened_at >= @from AND opened_at < @to AND (@team IS NULL OR team = @team)
        """;

    const string EscalationsSql = $"""
        SELECT {EscalationStore.StepKindsColumn} AS Kinds, COUNT(*) AS N FROM escalations JOIN handoffs h ON h.id = escalations.handoff_id
        WHERE h.opened_at >= @from AND h.opened_at < @to AND (@team IS NULL OR h.team = @team)
        GROUP BY {EscalationStore.StepKindsColumn}
        """;

    public static HandoffFigures For(Instant from, Instant to, string? team, BusinessHours hours, DbConnection db)
    {
        var args = new { from = from.ToUnixTimeMilliseconds(), to = to.ToUnixTimeMilliseconds(), team };
        var rows = db.Query<(string Category, string State, long OpenedAt, long? FirstResponseAt, long? FirstResponseDue, long? ResolvedAt, int ClosedBy)>(
            RowsSql, new { args.from, args.to, args.team, released = HandoffStore.ReleasedMark, erased = HandoffStore.ErasedMark }).ToList();
        // ClosedBy: 0 a person (or still open), 1 handing back to the bot, 2 an erasure.
        // An escalation lists the kinds of the steps that fired together; each step counts.
        var kinds = db.Query<(string Kinds, int N)>(EscalationsSql, args).SelectMany(k => EscalationStore.StepKinds(k.Kinds).Select(kind => (Kind: kind, k.N)))
            .GroupBy(k => k.Kind).ToDictionary(g => g.Key, g => g.Sum(k => k.N));

        var first = rows.Where(r => r.FirstResponseAt is not null).ToList();
        var wall = first.Select(r => (r.FirstResponseAt!.Value - r.OpenedAt) / 60000.0);
        var business = first.Select(r =>
            hours.BusinessTimeBetween(Instant.FromUnixTimeMilliseconds(r.OpenedAt), Instant.FromUnixTimeMilliseconds(r.FirstResponseAt!.Value)).TotalMinutes);
        var within = first.Count(r => r.FirstResponseDue is null || r.FirstResponseAt <= r.FirstResponseDue);
        var resolved = rows.Where(r => r.ResolvedAt is not null && r.ClosedBy == 0).Select(r => (r.ResolvedAt!.Value - r.OpenedAt) / 60000.0);
        return new HandoffFigures(from.ToDateTimeOffset(), to.ToDateTimeOffset(), rows.Count, rows.Count(r => r.State == Resolved && r.ClosedBy == 0),
            rows.Where(r => r.State != Resolved).GroupBy(r => r.State).ToDictionary(g => g.Key, g => g.Count()),
            Summary(wall), Summary(business), within, first.Count - within,
            kinds.GetValueOrDefault(Core.Handoffs.EscalationPlan.Warning),
            kinds.GetValueOrDefault(Core.Handoffs.EscalationPlan.Breach),
            kinds.GetValueOrDefault(Core.Handoffs.EscalationPlan.ResolutionBreach),
            Summary(resolved),
            rows.GroupBy(r => r.Category).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()))
        {
            HandedBack = rows.Count(r => r.State == Resolved && r.ClosedBy == 1),
            ClosedByErasure = rows.Count(r => r.State == Resolved && r.ClosedBy == 2),
        };
    }

    static MinutesSummary Summary(IEnumerable<double> minutes)
    {
        var sorted = minutes.Order().ToArray();
        if (sorted.Length == 0) return new MinutesSummary(0, null, null);
        return new MinutesSummary(sorted.Length, Math.Round(Percentile(sorted, 0.5), 1), Math.Round(Percentile(sorted, 0.9), 1));
    }

    /// Linear interpolation between closest ranks.
    static double Percentile(double[] sorted, double p)
    {
        var rank = p * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
