using System.Data.Common;
using System.Text.Json;
using AutoReply.Core.Handoffs;
using AutoReply.Core.Messages;
using AutoReply.Storage.Transcript;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace AutoReply.Storage.Handoffs;

/// An escalation as it fired: recorded once, told to its tier.
public sealed record FiredEscalation(long Seq, string HandoffId, ThreadKey Thread, string Kind, int Tier, string TierName, Instant DueAt, Instant FiredAt,
    string? MovedToTeam);

/// What one pass of the escalation check did: how many hand-offs it looked at, what fired, and when the next
/// step of any open hand-off falls due (the exact-time trigger is set for it).
public sealed record EscalationPass(int Examined, IReadOnlyList<FiredEscalation> Fired, Instant? NextDue);

/// An escalation as the API lists it.
public sealed record EscalationRecord(long Seq, string HandoffId, string Kind, int Tier, string TierName, Instant DueAt, Instant FiredAt, string FiredBy);

/// The escalation check over the hand-off queue. It reads only the hand-offs whose next step is due (an index on
/// next_check_at), so a check over 100,000 open hand-offs costs what is due, not what is open. Each step is
/// inserted under a unique (hand-off, kind) key in the same write transaction that moves the hand-off's
/// next_check_at on: two instances checking the same database cannot both fire it, and a check after a crash or
/// a restart fires whatever fell due meanwhile, once.
public sealed class EscalationStore(TranscriptStore transcript, Database database)
{
    const string DueSql = """
        SELECT id, channel, thread_id, sender_id, category, priority, reason, state, assignee, team, opened_at, warn_at, first_response_due,
               resolution_due, first_response_at, fired, waiting_since, waiting_ended_at, customer_tier
        FROM handoffs WHERE state <> 'resolved' AND next_check_at <= @now
        ORDER BY next_check_at LIMIT @limit
        """;

    // PostgreSQL: instances check at the same moment, each in its own transaction; the hand-offs one is checking are
    // locked until it commits and the others skip them, so no instance writes back a hand-off another just moved on.
    const string DuePostgresSql = DueSql + " FOR UPDATE SKIP LOCKED";

    const string RecordSql = """
        INSERT INTO escalations (handoff_id, kind, tier, tier_name, due_at, fired_at, fired_by) VALUES (@handoffId, @kind, @tier, @tierName, @dueAt, @firedAt, @firedBy)
        ON CONFLICT (handoff_id, kind) DO NOTHING
        RETURNING seq
        """;

    const string UpdateSql = """
        UPDATE handoffs SET fired = @fired, next_check_at = @next, team = @team, priority = @priority, resolution_due = @resolutionDue,
            waiting_since = @waitingSince, waiting_ended_at = NULL
        WHERE id = @id
        """;

    const string NextDueSql = "SELECT MIN(next_check_at) FROM handoffs WHERE state <> 'resolved' AND next_check_at IS NOT NULL";

    const string NotifySql = """
        INSERT INTO notifications (id, escalation_seq, target_kind, target, payload, created_at, next_attempt_at)
        VALUES (@id, @escalationSeq, @targetKind, @target, @payload, @now, @now)
        """;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    static readonly string[] PriorityNames = ["low", "normal", "high", "urgent"];

    /// One pass over at most <paramref name="limit"/> due hand-offs, in the caller's write transaction.
    public EscalationPass Check(EscalationPlan plan, Instant now, string instance, int limit, DbConnection db, DbTransaction tx)
    {
        var rows = new List<DueRow>();
        using (var reader = db.ExecuteReader(database.Dialect == Dialect.Postgres ? DuePostgresSql : DueSql, new { now = Ms(now), limit }, tx))
            while (reader.Read()) rows.Add(DueRow.Read(reader));

        var hours = plan.Hours;
        var fired = new List<FiredEscalation>();
        foreach (var h in rows)
        {
            var resolutionDue = h.ResolutionDue;
            var waitingSince = h.WaitingSince;
            if (waitingSince is { } since && h.WaitingEndedAt is { } ended)
            {
                // The customer answered: the business time spent waiting for them is added back to the resolution budget.
                if (resolutionDue is { } r) resolutionDue = hours.AddBusinessTime(r, hours.BusinessTimeBetween(since, ended));
                waitingSince = null;
            }
            var kinds = h.Fired.Length == 0 ? new HashSet<string>() : h.Fired.Split(',').ToHashSet();
            var clock = new HandoffClock(h.State, h.WarnAt, h.FirstResponseDue, resolutionDue, h.FirstResponseAt, kinds);
            var (due, next) = plan.Plan(clock, now);
            var team = h.Team;
            var priority = h.Priority;
            var firedHere = new List<(EscalationStep Step, FiredEscalation Fired)>();
            foreach (var step in due)
            {
                kinds.Add(step.Kind);
                var recorded = db.QueryRow(tx, RecordSql, r => (object)r.GetInt64(0), ("@handoffId", h.Id), ("@kind", step.Kind), ("@tier", step.Tier.Number),
                    ("@tierName", step.Tier.Name), ("@dueAt", Ms(step.DueAt)), ("@firedAt", Ms(now)), ("@firedBy", instance));
                if (recorded is not long seq) continue;   // already recorded: it fired before, and does not fire again
                string? moved = null;
                if (step.IsBreach)
                {
                    priority = Math.Max(priority, (int)Priority.High);
                    // Nobody has claimed it by the time this tier hears of it: it moves to that tier's team.
                    if (step.Tier.Team is { } tierTeam && h.Assignee is null && tierTeam != team) moved = team = tierTeam;
                }
                firedHere.Add((step, new FiredEscalation(seq, h.Id, h.Thread, step.Kind, step.Tier.Number, step.Tier.Name, step.DueAt, now, moved)));
            }
            if (firedHere.Count > 0)
            {
                fired.AddRange(firedHere.Select(f => f.Fired));
                // Steps that fell due together (after an outage, say) make one transcript line, and each tier hears of
                // them once: the latest step, with the others listed — not a notification per step.
                transcript.Append(new TranscriptEntry(h.Thread, now, "event", "escalation", "system", string.Join("; ", firedHere.Select(f => Describe(f.Fired))), h.Id), db, tx);
                var current = h with { Team = team, Priority = priority, ResolutionDue = resolutionDue };
                foreach (var tier in firedHere.GroupBy(f => f.Step.Tier))
                {
                    var latest = tier.Last();   // the steps come in due order
                    var payload = Payload(latest.Fired, current, tier.Select(f => f.Step.Kind).ToList());
                    if (tier.Key.WebhookUrl is { } url) Notify(latest.Fired.Seq, "webhook", url, payload, now, db, tx);
                    if (tier.Key.Emails.Count > 0) Notify(latest.Fired.Seq, "email", string.Join(",", tier.Key.Emails), payload, now, db, tx);
                }
            }
            db.Execute(tx, UpdateSql, ("@fired", string.Join(',', kinds)), ("@next", next is { } n ? Ms(n) : null), ("@team", team), ("@priority", priority),
                ("@resolutionDue", resolutionDue is { } rd ? Ms(rd) : null), ("@waitingSince", waitingSince is { } ws ? Ms(ws) : null), ("@id", h.Id));
        }
        var nextDue = db.ExecuteScalar<long?>(NextDueSql, transaction: tx);
        return new EscalationPass(rows.Count, fired, nextDue is { } nd ? Instant.FromUnixTimeMilliseconds(nd) : null);
    }

    static string Describe(FiredEscalation e) =>
        $"{e.Kind}: tier {e.Tier} ({e.TierName}) told; it was due {e.DueAt}" + (e.MovedToTeam is { } t ? $"; moved to team {t}" : "");

    void Notify(long seq, string kind, string target, string payload, Instant now, DbConnection db, DbTransaction tx) =>
        db.Execute(tx, NotifySql, ("@id", Guid.CreateVersion7().ToString("N")), ("@escalationSeq", seq), ("@targetKind", kind), ("@target", target),
            ("@payload", payload), ("@now", Ms(now)));

    static string Payload(FiredEscalation e, DueRow h, IReadOnlyList<string> steps) => JsonSerializer.Serialize(new
    {
        type = "handoff.escalation",
        escalation = new { id = e.Seq, kind = e.Kind, tier = e.Tier, tierName = e.TierName, dueAt = e.DueAt.ToDateTimeOffset(), firedAt = e.FiredAt.ToDateTimeOffset(), movedToTeam = e.MovedToTeam, steps },
        handoff = new
        {
            id = h.Id, channel = h.Thread.Channel, thread = h.Thread.ThreadId, sender = h.SenderId, team = h.Team, category = h.Category,
            priority = PriorityNames[Math.Clamp(h.Priority, 0, 3)], state = h.State, assignee = h.Assignee, reason = h.Reason, customerTier = h.CustomerTier,
            openedAt = h.OpenedAt.ToDateTimeOffset(), firstResponseDue = h.FirstResponseDue?.ToDateTimeOffset(), resolutionDue = h.ResolutionDue?.ToDateTimeOffset(),
        },
    }, Json);

    const string ListSql = """
        SELECT seq AS Seq, handoff_id AS HandoffId, kind AS Kind, tier AS Tier, tier_name AS TierName, due_at AS DueAt, fired_at AS FiredAt, fired_by AS FiredBy
        FROM escalations WHERE handoff_id = @id ORDER BY seq
        """;

    public IReadOnlyList<EscalationRecord> For(string handoffId, DbConnection db) =>
        db.Query<(long Seq, string HandoffId, string Kind, int Tier, string TierName, long DueAt, long FiredAt, string FiredBy)>(ListSql, new { id = handoffId })
          .Select(r => new EscalationRecord(r.Seq, r.HandoffId, r.Kind, r.Tier, r.TierName, Instant.FromUnixTimeMilliseconds(r.DueAt), Instant.FromUnixTimeMilliseconds(r.FiredAt), r.FiredBy))
          .ToList();

    static long Ms(Instant i) => i.ToUnixTimeMilliseconds();

    sealed record DueRow(string Id, ThreadKey Thread, string SenderId, string Category, int Priority, string Reason, string State, string? Assignee, string Team,
        Instant OpenedAt, Instant? WarnAt, Instant? FirstResponseDue, Instant? ResolutionDue, Instant? FirstResponseAt, string Fired, Instant? WaitingSince,
        Instant? WaitingEndedAt, string? CustomerTier)
    {
        public static DueRow Read(System.Data.IDataReader r) => new(r.GetString(0), new ThreadKey(r.GetString(1), r.GetString(2)), r.GetString(3), r.GetString(4),
            r.GetInt32(5), r.GetString(6), r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), r.GetString(9), At(r, 10)!.Value, At(r, 11), At(r, 12), At(r, 13),
            At(r, 14), r.GetString(15), At(r, 16), At(r, 17), r.IsDBNull(18) ? null : r.GetString(18));

        static Instant? At(System.Data.IDataReader r, int i) => r.IsDBNull(i) ? null : Instant.FromUnixTimeMilliseconds(r.GetInt64(i));
    }
}
