using System.Data.Common;
using AutoReply.Core.Handoffs;
using AutoReply.Core.Messages;
using AutoReply.Storage.Transcript;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace AutoReply.Storage.Handoffs;

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

    const string UpdateSql = """
        UPDATE handoffs SET fired = @fired, next_check_at = @next, team = @team, priority = @priority, resolution_due = @resolutionDue,
            waiting_since = @waitingSince, waiting_ended_at = NULL
        WHERE id = @id
        """;

    // PostgreSQL: a pass's hand-offs moved on in one statement. "h.id = ANY(@ids)" lets the planner find them by key: joined
    // to the arrays alone, it scanned all open hand-offs for every pass.
    const string UpdateAllPostgresSql = """
        UPDATE handoffs h SET fired = u.fired, next_check_at = u.next, team = u.team, priority = u.priority, resolution_due = u.resolution_due,
            waiting_since = u.waiting_since, waiting_ended_at = NULL
        FROM unnest(@ids, @fired, @next, @teams, @priorities, @resolutionDue, @waitingSince)
            AS u(id, fired, next, team, priority, resolution_due, waiting_since)
        WHERE h.id = u.id AND h.id = ANY(@ids)
        """;

    const string NextDueSql = "SELECT MIN(next_check_at) FROM handoffs WHERE state <> 'resolved' AND next_check_at IS NOT NULL";

    const string NotifySql = """
        INSERT INTO notifications (id, escalation_seq, target_kind, target, payload, created_at, next_attempt_at)
        VALUES (@id, @escalationSeq, @targetKind, @target, @payload, @now, @now)
        """;

    /// See <see cref="EscalationCheck.DigestAbove"/>.
    public const int DigestAbove = EscalationCheck.DigestAbove;

    /// One pass over at most <paramref name="limit"/> due hand-offs, in the caller's write transaction: every hand-off's
    /// due steps planned, all of them recorded at once (the ones recorded fire; one already there fired before), then
    /// each hand-off moved on with its transcript line. On PostgreSQL the lines and the hand-offs are one statement each;
    /// on SQLite a statement per row, with the transaction's deferred statements. A pass costs a few round trips, not
    /// several per hand-off.
    public EscalationPass Check(EscalationPlan plan, Instant now, string instance, int limit, DbConnection db, DbTransaction tx)
    {
        var rows = new List<OpenHandoff>();
        using (var reader = db.ExecuteReader(database.Dialect == Dialect.Postgres ? DuePostgresSql : DueSql, new { now = Ms(now), limit }, tx))
            while (reader.Read()) rows.Add(ReadDue(reader));

        var planned = rows.Select(h => EscalationCheck.Plan(h, plan, now)).ToList();
        var recorded = Record(planned.SelectMany(p => p.Due.Select(step => (p.Handoff.Id, step))).ToList(), now, instance, db, tx);
        var escalated = planned.Select(p => EscalationCheck.Fire(p, step => recorded.TryGetValue((p.Handoff.Id, step.Kind), out var seq) ? seq : null, now))
            .ToList();
        transcript.AppendAll(escalated.Where(e => e.Fired.Count > 0)
            .Select(e => new TranscriptEntry(e.Now.Thread, now, TranscriptDirection.Event, TranscriptWords.Escalation, "system", e.Line, e.Now.Id)).ToList(), db, tx);
        if (database.Dialect == Dialect.Postgres)
            db.Execute(tx, UpdateAllPostgresSql, ("@ids", escalated.Select(e => e.Now.Id).ToArray()),
                ("@fired", escalated.Select(e => string.Join(',', e.Planned.Kinds)).ToArray()),
                ("@next", escalated.Select(e => e.Planned.Next is { } n ? Ms(n) : (long?)null).ToArray()),
                ("@teams", escalated.Select(e => e.Now.Team).ToArray()), ("@priorities", escalated.Select(e => (int)e.Now.Priority).ToArray()),
                ("@resolutionDue", escalated.Select(e => e.Planned.ResolutionDue is { } rd ? Ms(rd) : (long?)null).ToArray()),
                ("@waitingSince", escalated.Select(e => e.Planned.WaitingSince is { } ws ? Ms(ws) : (long?)null).ToArray()));
        else
            foreach (var (p, h) in escalated.Select(e => (e.Planned, e.Now)))
                db.Defer(tx, UpdateSql, ("@fired", string.Join(',', p.Kinds)), ("@next", p.Next is { } n ? Ms(n) : null), ("@team", h.Team),
                    ("@priority", (int)h.Priority), ("@resolutionDue", p.ResolutionDue is { } rd ? Ms(rd) : null),
                    ("@waitingSince", p.WaitingSince is { } ws ? Ms(ws) : null), ("@id", h.Id));
        foreach (var notice in EscalationCheck.Notices(escalated, now))
            db.Defer(tx, NotifySql, ("@id", Guid.CreateVersion7().ToString("N")), ("@escalationSeq", notice.EscalationSeq), ("@targetKind", notice.TargetKind),
                ("@target", notice.Target), ("@payload", notice.Payload), ("@now", Ms(now)));
        // On SQLite the hand-offs are moved on with the deferred statements: the next due time must be read after them.
        PreparedStatements.RunDeferred(tx);
        var nextDue = db.ExecuteScalar<long?>(NextDueSql, transaction: tx);
        return new EscalationPass(rows.Count, escalated.SelectMany(e => e.Fired.Select(f => f.Fired)).ToList(),
            nextDue is { } nd ? Instant.FromUnixTimeMilliseconds(nd) : null);
    }

    // PostgreSQL: every step of a pass in one statement, the recorded ones returned (a conflict is a step recorded before).
    const string RecordAllPostgresSql = """
        INSERT INTO escalations (handoff_id, kind, tier, tier_name, due_at, fired_at, fired_by)
        SELECT s.handoff_id, s.kind, s.tier, s.tier_name, s.due_at, @firedAt, @firedBy
        FROM unnest(@handoffIds, @kinds, @tiers, @tierNames, @dueAts) AS s(handoff_id, kind, tier, tier_name, due_at)
        ON CONFLICT (handoff_id, kind) DO NOTHING
        RETURNING handoff_id, kind, seq
        """;

    // SQLite: "WHERE true" tells its parser the ON CONFLICT belongs to the INSERT, not to a join of the SELECT.
    const string RecordAllSqliteSql = """
        INSERT INTO escalations (handoff_id, kind, tier, tier_name, due_at, fired_at, fired_by)
        SELECT s.value ->> 0, s.value ->> 1, s.value ->> 2, s.value ->> 3, s.value ->> 4, @firedAt, @firedBy
        FROM json_each(@steps) AS s WHERE true
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
        // SQLite: the same in one statement, the steps as one JSON array (a statement for each step made the outage check 9% slower).
        var json = System.Text.Json.JsonSerializer.Serialize(steps.Select(s => new object[] { s.HandoffId, s.Step.Kind, s.Step.Tier.Number, s.Step.Tier.Name,
            Ms(s.Step.DueAt) }));
        foreach (var (handoffId, kind, seq) in db.QueryRows(tx, RecordAllSqliteSql, r => (r.GetString(0), r.GetString(1), r.GetInt64(2)),
                     ("@steps", json), ("@firedAt", Ms(now)), ("@firedBy", instance)))
            recorded[(handoffId, kind)] = seq;
        return recorded;
    }

    const string ListSql = """
        SELECT seq AS Seq, handoff_id AS HandoffId, kind AS Kind, tier AS Tier, tier_name AS TierName, due_at AS DueAt, fired_at AS FiredAt, fired_by AS FiredBy
        FROM escalations WHERE handoff_id = @id ORDER BY seq
        """;

    public IReadOnlyList<EscalationRecord> For(string handoffId, DbConnection db) =>
        db.Query<(long Seq, string HandoffId, string Kind, int Tier, string TierName, long DueAt, long FiredAt, string FiredBy)>(ListSql,
                new { id = handoffId })
          .Select(r => new EscalationRecord(r.Seq, r.HandoffId, r.Kind, r.Tier, r.TierName, Instant.FromUnixTimeMilliseconds(r.DueAt),
              Instant.FromUnixTimeMilliseconds(r.FiredAt), r.FiredBy))
          .ToList();

    static long Ms(Instant i) => i.ToUnixTimeMilliseconds();

    static OpenHandoff ReadDue(System.Data.IDataReader r) => new(r.GetString(0), new ThreadKey(r.GetString(1), r.GetString(2)), r.GetString(3),
        r.GetString(4), (Priority)r.GetInt32(5), r.GetString(6), HandoffStates.Parse(r.GetString(7)), r.IsDBNull(8) ? null : r.GetString(8), r.GetString(9),
        At(r, 10)!.Value, At(r, 11), At(r, 12), At(r, 13), At(r, 14), r.GetString(15) is { Length: > 0 } fired ? fired.Split(',').ToHashSet() : [],
        At(r, 16), At(r, 17), r.IsDBNull(18) ? null : r.GetString(18));

    static Instant? At(System.Data.IDataReader r, int i) => r.IsDBNull(i) ? null : Instant.FromUnixTimeMilliseconds(r.GetInt64(i));
}
