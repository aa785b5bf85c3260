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

    /// Above this many hand-offs told to one target of a tier in one pass, the target gets one digest instead of a
    /// notification each: after an outage a tier's webhook would otherwise take thousands of calls and its people
    /// thousands of mails (and writing them made catching up take 11 s for 100,000 hand-offs).
    public const int DigestAbove = 20;

    /// At most this many hand-offs are listed in a digest; its count says how many there were.
    public const int DigestLists = 100;

    /// A tier to be told of a hand-off's steps: the latest step, the others in <see cref="Steps"/>.
    sealed record Telling(EscalationTier Tier, string TargetKind, string Target, FiredEscalation Latest, DueRow Handoff, IReadOnlyList<string> Steps);

    /// One pass over at most <paramref name="limit"/> due hand-offs, in the caller's write transaction: every hand-off's
    /// due steps planned, all of them recorded at once (the ones recorded fire; one already there fired before), then
    /// each hand-off moved on. Only the recording waits for the database; the rest goes with the transaction's deferred
    /// statements, so a pass costs a few round trips on PostgreSQL, not several per hand-off.
    public EscalationPass Check(EscalationPlan plan, Instant now, string instance, int limit, DbConnection db, DbTransaction tx)
    {
        var rows = new List<DueRow>();
        using (var reader = db.ExecuteReader(database.Dialect == Dialect.Postgres ? DuePostgresSql : DueSql, new { now = Ms(now), limit }, tx))
            while (reader.Read()) rows.Add(DueRow.Read(reader));

        var planned = rows.Select(h => Planned.For(h, plan, now)).ToList();
        var recorded = Record(planned.SelectMany(p => p.Due.Select(step => (p.Row.Id, step))).ToList(), now, instance, db, tx);

        var fired = new List<FiredEscalation>();
        var tellings = new List<Telling>();
        foreach (var p in planned)
        {
            var h = p.Row;
            var team = h.Team;
            var priority = h.Priority;
            var firedHere = new List<(EscalationStep Step, FiredEscalation Fired)>();
            foreach (var step in p.Due)
            {
                if (!recorded.TryGetValue((h.Id, step.Kind), out var seq)) continue;   // recorded before: it fired then, and does not fire again
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
                transcript.Append(new TranscriptEntry(h.Thread, now, TranscriptDirection.Event, TranscriptWords.Escalation, "system", string.Join("; ", firedHere.Select(f => Describe(f.Fired))), h.Id), db, tx);
                var current = h with { Team = team, Priority = priority, ResolutionDue = p.ResolutionDue };
                foreach (var tier in firedHere.GroupBy(f => f.Step.Tier))
                {
                    var latest = tier.Last().Fired;   // the steps come in due order
                    var steps = tier.Select(f => f.Step.Kind).ToList();
                    if (tier.Key.WebhookUrl is { } url) tellings.Add(new Telling(tier.Key, "webhook", url, latest, current, steps));
                    if (tier.Key.Emails.Count > 0) tellings.Add(new Telling(tier.Key, "email", string.Join(",", tier.Key.Emails), latest, current, steps));
                }
            }
            db.Defer(tx, UpdateSql, ("@fired", string.Join(',', p.Kinds)), ("@next", p.Next is { } n ? Ms(n) : null), ("@team", team), ("@priority", priority),
                ("@resolutionDue", p.ResolutionDue is { } rd ? Ms(rd) : null), ("@waitingSince", p.WaitingSince is { } ws ? Ms(ws) : null), ("@id", h.Id));
        }
        foreach (var target in tellings.GroupBy(t => (t.Tier.Number, t.TargetKind, t.Target)))
        {
            var told = target.ToList();
            if (told.Count <= DigestAbove)
                foreach (var t in told) Notify(t.Latest.Seq, t.TargetKind, t.Target, Payload(t.Latest, t.Handoff, t.Steps), now, db, tx);
            else
                Notify(told[^1].Latest.Seq, target.Key.TargetKind, target.Key.Target, DigestPayload(told, now), now, db, tx);
        }
        // The hand-offs moved on are deferred: the next due time must be read after them.
        PreparedStatements.RunDeferred(tx);
        var nextDue = db.ExecuteScalar<long?>(NextDueSql, transaction: tx);
        return new EscalationPass(rows.Count, fired, nextDue is { } nd ? Instant.FromUnixTimeMilliseconds(nd) : null);
    }

    /// A due hand-off as the plan sees it: the steps due now, the step kinds it has passed (fired or due now), when to look
    /// again, and its resolution budget with any wait for the customer that has ended given back.
    sealed record Planned(DueRow Row, IReadOnlyList<EscalationStep> Due, IReadOnlySet<string> Kinds, Instant? Next, Instant? ResolutionDue, Instant? WaitingSince)
    {
        public static Planned For(DueRow h, EscalationPlan plan, Instant now)
        {
            var resolutionDue = h.ResolutionDue;
            var waitingSince = h.WaitingSince;
            if (waitingSince is { } since && h.WaitingEndedAt is { } ended)
            {
                // The customer answered: the business time spent waiting for them is added back to the resolution budget.
                if (resolutionDue is { } r) resolutionDue = plan.Hours.AddBusinessTime(r, plan.Hours.BusinessTimeBetween(since, ended));
                waitingSince = null;
            }
            var kinds = h.Fired.Length == 0 ? new HashSet<string>() : h.Fired.Split(',').ToHashSet();
            var (due, next) = plan.Plan(new HandoffClock(HandoffStates.Parse(h.State), h.WarnAt, h.FirstResponseDue, resolutionDue, h.FirstResponseAt, kinds), now);
            foreach (var step in due) kinds.Add(step.Kind);
            return new Planned(h, due, kinds, next, resolutionDue, waitingSince);
        }
    }

    // PostgreSQL: every step of a pass in one statement, the recorded ones returned (a conflict is a step recorded before).
    const string RecordAllPostgresSql = """
        INSERT INTO escalations (handoff_id, kind, tier, tier_name, due_at, fired_at, fired_by)
        SELECT s.handoff_id, s.kind, s.tier, s.tier_name, s.due_at, @firedAt, @firedBy
        FROM unnest(@handoffIds, @kinds, @tiers, @tierNames, @dueAts) AS s(handoff_id, kind, tier, tier_name, due_at)
        ON CONFLICT (handoff_id, kind) DO NOTHING
        RETURNING handoff_id, kind, seq
        """;

    /// Records the steps; returns the seq of each one recorded now (a step recorded before is left out: it fired then).
    Dictionary<(string HandoffId, string Kind), long> Record(IReadOnlyList<(string HandoffId, EscalationStep Step)> steps, Instant now, string instance,
        DbConnection db, DbTransaction tx)
    {
        var recorded = new Dictionary<(string, string), long>(steps.Count);
        if (steps.Count == 0) return recorded;
        if (database.Dialect == Dialect.Postgres)
        {
            var rows = db.Query<(string HandoffId, string Kind, long Seq)>(RecordAllPostgresSql, new
            {
                handoffIds = steps.Select(s => s.HandoffId).ToArray(), kinds = steps.Select(s => s.Step.Kind).ToArray(),
                tiers = steps.Select(s => s.Step.Tier.Number).ToArray(), tierNames = steps.Select(s => s.Step.Tier.Name).ToArray(),
                dueAts = steps.Select(s => Ms(s.Step.DueAt)).ToArray(), firedAt = Ms(now), firedBy = instance,
            }, tx);
            foreach (var (handoffId, kind, seq) in rows) recorded[(handoffId, kind)] = seq;
            return recorded;
        }
        foreach (var (handoffId, step) in steps)
        {
            var seq = db.QueryRow(tx, RecordSql, r => (object)r.GetInt64(0), ("@handoffId", handoffId), ("@kind", step.Kind), ("@tier", step.Tier.Number),
                ("@tierName", step.Tier.Name), ("@dueAt", Ms(step.DueAt)), ("@firedAt", Ms(now)), ("@firedBy", instance));
            if (seq is long s) recorded[(handoffId, step.Kind)] = s;
        }
        return recorded;
    }

    static string Describe(FiredEscalation e) =>
        $"{e.Kind}: tier {e.Tier} ({e.TierName}) told; it was due {e.DueAt}" + (e.MovedToTeam is { } t ? $"; moved to team {t}" : "");

    void Notify(long seq, string kind, string target, string payload, Instant now, DbConnection db, DbTransaction tx) =>
        db.Defer(tx, NotifySql, ("@id", Guid.CreateVersion7().ToString("N")), ("@escalationSeq", seq), ("@targetKind", kind), ("@target", target),
            ("@payload", payload), ("@now", Ms(now)));

    static string Payload(FiredEscalation e, DueRow h, IReadOnlyList<string> steps) => JsonSerializer.Serialize(new
    {
        type = "handoff.escalation",
        escalation = new { id = e.Seq, kind = e.Kind, tier = e.Tier, tierName = e.TierName, dueAt = e.DueAt.ToDateTimeOffset(), firedAt = e.FiredAt.ToDateTimeOffset(), movedToTeam = e.MovedToTeam, steps },
        handoff = new
        {
            id = h.Id, channel = h.Thread.Channel, thread = h.Thread.ThreadId, sender = h.SenderId, team = h.Team, category = h.Category,
            priority = PriorityNames.Name(h.Priority), state = h.State, assignee = h.Assignee, reason = h.Reason, customerTier = h.CustomerTier,
            openedAt = h.OpenedAt.ToDateTimeOffset(), firstResponseDue = h.FirstResponseDue?.ToDateTimeOffset(), resolutionDue = h.ResolutionDue?.ToDateTimeOffset(),
        },
    }, Json);

    static string DigestPayload(IReadOnlyList<Telling> told, Instant now) => JsonSerializer.Serialize(new
    {
        type = "handoff.escalation.digest",
        tier = told[0].Tier.Number,
        tierName = told[0].Tier.Name,
        firedAt = now.ToDateTimeOffset(),
        count = told.Count,
        steps = told.SelectMany(t => t.Steps).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count()),
        handoffs = told.Take(DigestLists).Select(t => new
        {
            // No thread or sender ids: a digest is filed under one hand-off's escalation, and an erasure of the others'
            // customers could not find it. The hand-off id (random) leads a person to the rest.
            id = t.Handoff.Id, channel = t.Handoff.Thread.Channel, team = t.Handoff.Team,
            priority = PriorityNames.Name(t.Handoff.Priority), escalation = t.Latest.Seq, kind = t.Latest.Kind, dueAt = t.Latest.DueAt.ToDateTimeOffset(),
            movedToTeam = t.Latest.MovedToTeam,
        }),
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
