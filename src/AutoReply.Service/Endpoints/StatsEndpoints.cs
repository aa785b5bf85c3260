using AutoReply.Storage.Handoffs;
using AutoReply.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Text;

namespace AutoReply.Service.Endpoints;

/// GET /api/stats?from=2026-11-16&to=2026-11-22: the response figures per local day (the business hours' time zone)
/// and for the period — what the console's metrics page draws.
public static class StatsEndpoints
{
    const int MaxDays = 366;

    public static void MapStats(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/stats", Stats).AddEndpointFilter<AgentAccess>();

    /// The period is from–to (local dates of the brand), or the last <paramref name="days"/> days up to the brand's today:
    /// "today" is the brand's, not the browser's (a page in another zone would otherwise cut off the brand's morning).
    static Results<Ok<StatsReport>, ProblemHttpResult> Stats(string? from, string? to, int? days, Storage.Database database, Core.Handoffs.EscalationPlan plan,
        TimeProvider clock, Microsoft.Extensions.Options.IOptions<Configuration.ConversionOptions> conversions)
    {
        var zone = plan.Hours.Zone;
        var today = Instant.FromDateTimeOffset(clock.GetUtcNow()).InZone(zone).Date;
        if (days is < 1) return TypedResults.Problem("'days' is at least 1", statusCode: 400);
        if (!TryDate(to, today, out var end) || !TryDate(from, end.PlusDays(-(days ?? 7) + 1), out var start))
            return TypedResults.Problem("'from' and 'to' are dates like 2026-11-23", statusCode: 400);
        if (start > end) return TypedResults.Problem("'from' must not be after 'to'", statusCode: 400);
        if (Period.Between(start, end, PeriodUnits.Days).Days >= MaxDays) return TypedResults.Problem($"at most {MaxDays} days at a time", statusCode: 400);
        using var db = database.Open();
        return TypedResults.Ok(ResponseStats.For(start, end, zone, db, Duration.FromTimeSpan(conversions.Value.AttributeWithin)));
    }

    /// A local date like 2026-11-23, or the fallback when none is given (also the gaps report's period).
    internal static bool TryDate(string? text, LocalDate fallback, out LocalDate date)
    {
        if (string.IsNullOrEmpty(text)) { date = fallback; return true; }
        var parsed = LocalDatePattern.Iso.Parse(text);
        date = parsed.Success ? parsed.Value : default;
        return parsed.Success;
    }
}
