using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Text;

namespace AutoReply.Storage.Handoffs;

/// One day of the figures a brand lives by.
public sealed record DayStats(string Date, int Conversations, int Responded, double ResponseRate, double? MedianBotMinutes, double? MedianHumanMinutes,
    double? MedianFirstResponseMinutes, int HandOffs, int SelfServed, int Breaches)
{
    /// Conversations of the day that led to a sale.
    public int Conversions { get; init; }
    public int ComplaintsPrivate { get; init; }
    public int ComplaintsPublic { get; init; }
    public int ComplaintsMovedToDm { get; init; }
}

/// The period's figures: per day, and for the whole period — with Facebook's "very responsive" rule (a response
/// rate of at least 90% and a median first response under 5 minutes) as pass or fail.
public sealed record StatsReport(string From, string To, string TimeZone, IReadOnlyList<DayStats> Days, int Conversations, double ResponseRate,
    double? MedianBotMinutes, double? MedianHumanMinutes, double? MedianFirstResponseMinutes, bool VeryResponsive, string VeryResponsiveWhy,
    int Breaches, int Warnings, IReadOnlyDictionary<string, int> HandOffsByCategory, double SelfServiceRate, double? Csat, int CsatAnswers)
{
    /// Conversations that led to a sale (attributed by Outcomes.ConversionStore), of all conversations, and per category
    /// of the conversation (its hand-off's category, or "self-served" when no person was needed).
    public int Conversions { get; init; }
    public double ConversionRate { get; init; }
    public IReadOnlyDictionary<string, double> ConversionRateByCategory { get; init; } = new Dictionary<string, double>();
    /// The value of those sales, per currency.
    public IReadOnlyDictionary<string, decimal> Revenue { get; init; } = new Dictionary<string, decimal>();
    /// From a converted conversation's first DM to the sale.
    public double? MedianMinutesToSale { get; init; }
    /// Complaints raised in DMs, raised in public and kept there, and raised in public then moved to a DM; the private
    /// share is (in DMs + moved) of all.
    public int ComplaintsPrivate { get; init; }
    public int ComplaintsPublic { get; init; }
    public int ComplaintsMovedToDm { get; init; }
    public double? PrivateComplaintShare { get; init; }
    /// Conversations handed to a person, and those of them a person answered within 24 hours: the platforms count the
    /// bot's acknowledgement as the response, so the verdict can pass while customers still wait for a person (QA round 18).
    public int HandedOff { get; init; }
    public int AnsweredByAPerson { get; init; }
}

/// Computes the response figures from the transcript: a conversation is a thread on a local day with at least one
/// DM; it was responded to when any reply (bot or person) followed its first DM within 24 hours; first-response
/// times are from that DM to the first bot reply and to the first person's reply. Self-served: no hand-off that day.
public static class ResponseStats
{
    static readonly string In = Transcript.TranscriptWords.Wire(Transcript.TranscriptDirection.In);

    static readonly HashSet<string> BotKinds = ["answer", "ack", "dialog", "notice"];

    /// The transcript lines the figures are computed from: DMs, replies (the bot's and people's) and hand-offs. An erasure
    /// keeps these, without ids or texts, so past figures stay as they were (see PrivacyStore).
    public const string CountedLines = """
        ((direction = 'in' AND kind = 'dm') OR (direction = 'out' AND kind IN ('answer', 'ack', 'dialog', 'notice', 'agent'))
         OR (direction = 'event' AND kind = 'handoff'))
        """;

    const string TranscriptSql = "SELECT channel, thread_id, at, direction, kind FROM transcript WHERE at >= @start AND at < @late AND "
        + CountedLines + " ORDER BY seq";
    const string EscalationsSql = "SELECT fired_at, " + EscalationStore.StepKindsColumn + " FROM escalations WHERE fired_at >= @s AND fired_at < @e";
    const string CategoriesSql = "SELECT category, COUNT(*) FROM handoffs WHERE opened_at >= @s AND opened_at < @e GROUP BY category ORDER BY category";
    const string CsatSql = "SELECT score FROM csat WHERE answered_at >= @s AND answered_at < @e AND score IS NOT NULL";

    const string ThreadCategoriesSql = "SELECT channel, thread_id, category FROM handoffs WHERE opened_at >= @s AND opened_at < @e ORDER BY opened_at";

    public static StatsReport For(LocalDate from, LocalDate to, DateTimeZone zone, DbConnection db, Duration? attributeWithin = null)
    {
        var start = from.AtStartOfDayInZone(zone).ToInstant();
        var end = to.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        var rows = db.Query<(string Channel, string ThreadId, long At, string Direction, string Kind)>(TranscriptSql,
            new { start = start.ToUnixTimeMilliseconds(), late = (end + Duration.FromHours(24)).ToUnixTimeMilliseconds() }).ToList();

        // Per thread and local day: the first DM, the first bot and person reply after it, whether it was handed off.
        var conversations = new Dictionary<(string, string, LocalDate), Conversation>();
        var byThread = rows.GroupBy(r => (r.Channel, r.ThreadId));
        foreach (var thread in byThread)
        {
            Conversation? open = null;
            foreach (var r in thread)
            {
                var at = Instant.FromUnixTimeMilliseconds(r.At);
                if (r.Direction == In)
                {
                    if (at >= end) continue;
                    var day = at.InZone(zone).Date;
                    if (!conversations.TryGetValue((thread.Key.Channel, thread.Key.ThreadId, day), out var c))
                        conversations[(thread.Key.Channel, thread.Key.ThreadId, day)] = c = new Conversation(day, at);
                    open = c;
                }
                else if (open is not null && at - open.FirstDm <= Duration.FromHours(24))
                {
                    if (r.Kind == "handoff") open.HandedOff = true;
                    else if (r.Kind == "agent") open.Human ??= at - open.FirstDm;
                    else if (BotKinds.Contains(r.Kind)) open.Bot ??= at - open.FirstDm;
                }
            }
        }
        // A step each: steps that fired together are one escalation.
        var breachesByDay = db.Query<(long FiredAt, string Kinds)>(EscalationsSql,
            new { s = start.ToUnixTimeMilliseconds(), e = end.ToUnixTimeMilliseconds() })
            .SelectMany(r => EscalationStore.StepKinds(r.Kinds).Select(kind => (r.FiredAt, Kind: kind))).ToList();
        var handoffCategories = db.Query<(string Category, long N)>(CategoriesSql,
            new { s = start.ToUnixTimeMilliseconds(), e = end.ToUnixTimeMilliseconds() }).ToDictionary(c => c.Category, c => (int)c.N);
        var csat = db.Query<long>(CsatSql,
            new { s = start.ToUnixTimeMilliseconds(), e = end.ToUnixTimeMilliseconds() }).ToList();

        static bool IsBreach(string kind) => kind != Core.Handoffs.EscalationPlan.Warning;
        var days = new List<DayStats>();
        for (var d = from; d <= to; d = d.PlusDays(1))
        {
            var day = conversations.Values.Where(c => c.Day == d).ToList();
            var breaches = breachesByDay.Count(b => IsBreach(b.Kind) && Instant.FromUnixTimeMilliseconds(b.FiredAt).InZone(zone).Date == d);
            days.Add(Summarize(d.ToString("yyyy-MM-dd", null), day, breaches));
        }
        var (converted, sales) = Converted(conversations, start, end, attributeWithin ?? Duration.FromDays(7), db);
        var complaints = Outcomes.ComplaintStore.InPeriod(start, end, db);
        days = days.Select(d =>
        {
            var date = LocalDatePattern.Iso.Parse(d.Date).Value;
            var raised = complaints.Where(c => c.At.InZone(zone).Date == date).ToList();
            return d with
            {
                Conversions = converted.Count(c => c.Key.Day == date),
                ComplaintsPrivate = raised.Count(c => c.RaisedIn == Outcomes.ComplaintStore.Dm),
                ComplaintsPublic = raised.Count(c => c.RaisedIn == Outcomes.ComplaintStore.Public && !c.Moved),
                ComplaintsMovedToDm = raised.Count(c => c.RaisedIn == Outcomes.ComplaintStore.Public && c.Moved),
            };
        }).ToList();
        var all = conversations.Values.ToList();
        var total = Summarize("", all, breachesByDay.Count(b => IsBreach(b.Kind)));
        var answeredByAPerson = all.Count(c => c.HandedOff && c.Human is not null);
        var veryResponsive = total.Conversations > 0 && total.ResponseRate >= 0.9 && total.MedianFirstResponseMinutes < 5;
        var why = total.Conversations == 0 ? "no conversations in the period"
            : $"response rate {total.ResponseRate:P0} (needs 90%), median first response {total.MedianFirstResponseMinutes:0.#} min (needs under 5)"
              + (total.HandOffs > 0 ? $"; a person answered {answeredByAPerson} of the {total.HandOffs} handed to the team" : "");
        return new StatsReport(from.ToString("yyyy-MM-dd", null), to.ToString("yyyy-MM-dd", null), zone.Id, days, total.Conversations, total.ResponseRate,
            total.MedianBotMinutes, total.MedianHumanMinutes, total.MedianFirstResponseMinutes, veryResponsive, why,
            total.Breaches, breachesByDay.Count(b => !IsBreach(b.Kind)), handoffCategories,
            total.Conversations == 0 ? 0 : Math.Round((double)total.SelfServed / total.Conversations, 3),
            csat.Count == 0 ? null : Math.Round(csat.Average(), 2), csat.Count)
        {
            Conversions = converted.Count,
            ConversionRate = all.Count == 0 ? 0 : Math.Round((double)converted.Count / all.Count, 3),
            ConversionRateByCategory = CategoryRates(conversations, converted, start, end, db),
            Revenue = sales.GroupBy(s => s.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(s => s.Value)),
            MedianMinutesToSale = Median(converted.Select(c => c.Value.At - conversations[c.Key].FirstDm).Where(d => d >= Duration.Zero)),
            ComplaintsPrivate = days.Sum(d => d.ComplaintsPrivate),
            ComplaintsPublic = days.Sum(d => d.ComplaintsPublic),
            ComplaintsMovedToDm = days.Sum(d => d.ComplaintsMovedToDm),
            PrivateComplaintShare = complaints.Count == 0 ? null
                : Math.Round((double)complaints.Count(c => c.RaisedIn == Outcomes.ComplaintStore.Dm || c.Moved) / complaints.Count, 3),
            HandedOff = total.HandOffs,
            AnsweredByAPerson = answeredByAPerson,
        };
    }

    /// Each attributed sale goes to the conversation of its thread whose first DM is nearest before it (or, for a sale
    /// that came before the thread's first DM, its first conversation): conversations with a sale, and the sales counted.
    static (Dictionary<(string Channel, string Thread, LocalDate Day), Outcomes.AttributedConversion> Converted, List<Outcomes.AttributedConversion> Sales)
        Converted(Dictionary<(string, string, LocalDate), Conversation> conversations, Instant start, Instant end, Duration window, DbConnection db)
    {
        var converted = new Dictionary<(string, string, LocalDate), Outcomes.AttributedConversion>();
        var counted = new List<Outcomes.AttributedConversion>();
        var byThread = conversations.GroupBy(c => (c.Key.Item1, c.Key.Item2)).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Value.FirstDm).ToList());
        foreach (var sale in Outcomes.ConversionStore.InPeriod(start - window, end + window, db).Where(s => s.ThreadId is not null).OrderBy(s => s.At))
        {
            if (!byThread.TryGetValue((sale.Channel, sale.ThreadId!), out var thread)) continue;
            var before = thread.LastOrDefault(c => c.Value.FirstDm <= sale.At);
            var key = before.Value is not null ? before.Key : thread[0].Key;
            if (converted.ContainsKey(key)) { counted.Add(sale); continue; }   // a second sale of one conversation: revenue, not a conversion
            converted[key] = sale;
            counted.Add(sale);
        }
        return (converted, counted);
    }

    static Dictionary<string, double> CategoryRates(Dictionary<(string, string, LocalDate), Conversation> conversations,
        Dictionary<(string Channel, string Thread, LocalDate Day), Outcomes.AttributedConversion> converted, Instant start, Instant end, DbConnection db)
    {
        var categories = new Dictionary<(string, string), string>();
        foreach (var (channel, thread, category) in db.Query<(string, string, string)>(ThreadCategoriesSql,
                     new { s = start.ToUnixTimeMilliseconds(), e = end.ToUnixTimeMilliseconds() }))
            categories.TryAdd((channel, thread), category);
        return conversations.Keys.GroupBy(k => categories.GetValueOrDefault((k.Item1, k.Item2), "self-served"))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Math.Round((double)g.Count(converted.ContainsKey) / g.Count(), 3));
    }

    static DayStats Summarize(string date, List<Conversation> day, int breaches)
    {
        var responded = day.Count(c => c.First is not null);
        return new DayStats(date, day.Count, responded, day.Count == 0 ? 0 : Math.Round((double)responded / day.Count, 3),
            Median(day.Where(c => c.Bot is not null).Select(c => c.Bot!.Value)), Median(day.Where(c => c.Human is not null).Select(c => c.Human!.Value)),
            Median(day.Where(c => c.First is not null).Select(c => c.First!.Value)), day.Count(c => c.HandedOff), day.Count(c => !c.HandedOff), breaches);
    }

    static double? Median(IEnumerable<Duration> durations)
    {
        var sorted = durations.Select(d => d.TotalMinutes).Order().ToArray();
        if (sorted.Length == 0) return null;
        var mid = sorted.Length / 2;
        return Math.Round(sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, 2);
    }

    sealed class Conversation(LocalDate day, Instant firstDm)
    {
        public LocalDate Day { get; } = day;
        public Instant FirstDm { get; } = firstDm;
        public Duration? Bot { get; set; }
        public Duration? Human { get; set; }
        public bool HandedOff { get; set; }
        public Duration? First => Bot is { } b && Human is { } h ? (b < h ? b : h) : Bot ?? Human;
    }
}
