using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using AutoReply.Core.Handoffs;
using AutoReply.Core.Messages;
using AutoReply.Storage.Transcript;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using static AutoReply.Storage.PreparedStatements;

namespace AutoReply.Storage.Handoffs;

/// What one pass of the escalation check did: how many hand-offs it looked at, what fired, and when the next
/// step of any open hand-off falls due (the exact-time trigger is set for it).
public sealed record EscalationPass(int Examined, IReadOnlyList<FiredEscalation> Fired, Instant? NextDue);

/// An escalation as the API lists it.
public sealed record EscalationRecord(long Seq, string HandoffId, string Kind, int Tier, string TierName, Instant DueAt, Instant FiredAt, string FiredBy);

/// The escalation check over the hand-off queue. It reads only the hand-offs whose next step is due (an index on
/// next_check_at), so a check over 100,000 open hand-offs costs what is due, not what is open. The steps due for a
/// hand-off are recorded as one escalation in the same write transaction that reads the hand-off (locked on PostgreSQL)
/// and moves its fired steps and next_check_at on: two instances checking the same database cannot both fire a step, a
/// unique (hand-off, kind) key backs that up, and a check after a crash or a restart fires whatever fell due meanwhile, once.
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
        var recorded = Record(planned.Where(p => p.Due.Count > 0).ToList(), now, instance, db, tx);
        var escalated = planned.Select(p => EscalationCheck.Fire(p,
            step => recorded.TryGetValue(p.Handoff.Id, out var r) && r.Kinds.Contains(step.Kind) ? r.Seq : null, now)).ToList();
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
                db.Defer(tx, UpdateSql, ("@fired", string.Join(',', p.Kinds)), ("@next", Typed(p.Next is { } n ? Ms(n) : null)), ("@team", h.Team),
                    ("@priority", (int)h.Priority), ("@resolutionDue", Typed(p.ResolutionDue is { } rd ? Ms(rd) : null)),
                    ("@waitingSince", Typed(p.WaitingSince is { } ws ? Ms(ws) : null)), ("@id", h.Id));
        foreach (var notice in EscalationCheck.Notices(escalated, now))
            db.Defer(tx, NotifySql, ("@id", Guid.CreateVersion7().ToString("N")), ("@escalationSeq", notice.EscalationSeq), ("@targetKind", notice.TargetKind),
                ("@target", notice.Target), ("@payload", notice.Payload), ("@now", Ms(now)));
        // On SQLite the hand-offs are moved on with the deferred statements: the next due time must be read after them.
        PreparedStatements.RunDeferred(tx);
        var nextDue = db.ExecuteScalar<long?>(NextDueSql, transaction: tx);
        return new EscalationPass(rows.Count, escalated.SelectMany(e => e.Fired.Select(f => f.Fired)).ToList(),
            nextDue is { } nd ? Instant.FromUnixTimeMilliseconds(nd) : null);
    }

    /// The kinds of an escalation's steps, as SQL over the escalations table: a row without kinds (written before
    /// escalations held several steps, or by an older instance during an upgrade) is its one step. Split with <see cref="StepKinds"/>.
    public const string StepKindsColumn = "COALESCE(kinds, kind)";

    /// The kinds of the steps in <see cref="StepKindsColumn"/>'s value, in due order.
    public static string[] StepKinds(string kinds) => kinds.Split(',');

    // The steps of these hand-offs recorded before.
    const string RecordedPostgresSql = "SELECT handoff_id, " + StepKindsColumn + " FROM escalations WHERE handoff_id = ANY(@ids)";
    const string RecordedSqliteSql = "SELECT handoff_id, " + StepKindsColumn + " FROM escalations WHERE handoff_id IN (SELECT value FROM json_each(@ids))";

    // PostgreSQL: a pass's escalations in one statement, the recorded ones returned (a conflict is one recorded before).
    const string RecordAllPostgresSql = """
        INSERT INTO escalations (handoff_id, kind, tier, tier_name, due_at, fired_at, fired_by, kinds, earlier)
        SELECT s.handoff_id, s.kind, s.tier, s.tier_name, s.due_at, @firedAt, @firedBy, s.kinds, s.earlier
        FROM unnest(@handoffIds, @kinds, @tiers, @tierNames, @dueAts, @allKinds, @earlier) AS s(handoff_id, kind, tier, tier_name, due_at, kinds, earlier)
        ON CONFLICT (handoff_id, kind) DO NOTHING
        RETURNING handoff_id, seq
        """;

    // SQLite: "WHERE true" tells its parser the ON CONFLICT belongs to the INSERT, not to a join of the SELECT.
    const string RecordAllSqliteSql = """
        INSERT INTO escalations (handoff_id, kind, tier, tier_name, due_at, fired_at, fired_by, kinds, earlier)
        SELECT s.value ->> 0, s.value ->> 1, s.value ->> 2, s.value ->> 3, s.value ->> 4, @firedAt, @firedBy, s.value ->> 5, s.value ->> 6
        FROM json_each(@escalations) AS s WHERE true
        ON CONFLICT (handoff_id, kind) DO NOTHING
        RETURNING handoff_id, seq
        """;

    /// Records one escalation for each hand-off: the steps that fell due together and were not recorded before, the latest
    /// in the row's own columns, every kind in kinds, the earlier ones in earlier. Returns, for each hand-off whose
    /// escalation was recorded now, its seq and the kinds it holds: those steps fire.
    /// Exactly once: the hand-off row is read and moved on in this transaction (the write lock on SQLite, FOR UPDATE on
    /// PostgreSQL), so two checks never plan the same step; and whatever the hand-off's own list of fired steps says, a
    /// step already in one of its escalations is left out here (read in the same transaction), and the unique
    /// (hand-off, kind) key holds the latest. One row a hand-off, not one a step: after an outage every open hand-off has
    /// three or four steps due at once, and a row for each was most of the catch-up's writing.
    Dictionary<string, (long Seq, HashSet<string> Kinds)> Record(IReadOnlyList<PlannedEscalation> planned, Instant now, string instance,
        DbConnection db, DbTransaction tx)
    {
        var result = new Dictionary<string, (long, HashSet<string>)>(planned.Count);
        if (planned.Count == 0) return result;
        var postgres = database.Dialect == Dialect.Postgres;
        var ids = planned.Select(p => p.Handoff.Id).ToArray();
        var before = new Dictionary<string, HashSet<string>>();
        foreach (var (handoffId, kinds) in postgres
                     ? db.Query<(string, string)>(RecordedPostgresSql, new { ids }, tx)
                     : db.QueryRows(tx, RecordedSqliteSql, r => (r.GetString(0), r.GetString(1)), ("@ids", JsonSerializer.Serialize(ids))))
        {
            if (!before.TryGetValue(handoffId, out var set)) before[handoffId] = set = [];
            set.UnionWith(StepKinds(kinds));
        }
        var steps = planned
            .Select(p => (p.Handoff.Id, Due: before.TryGetValue(p.Handoff.Id, out var done) ? p.Due.Where(d => !done.Contains(d.Kind)).ToList() : p.Due))
            .Where(e => e.Due.Count > 0).ToList();
        var due = steps.ToDictionary(e => e.Id, e => e.Due);
        IEnumerable<(string HandoffId, long Seq)> rows;
        if (postgres)
            rows = db.Query<(string, long)>(RecordAllPostgresSql, new
            {
                handoffIds = steps.Select(e => e.Id).ToArray(), kinds = steps.Select(e => e.Due[^1].Kind).ToArray(),
                tiers = steps.Select(e => e.Due[^1].Tier.Number).ToArray(), tierNames = steps.Select(e => e.Due[^1].Tier.Name).ToArray(),
                dueAts = steps.Select(e => Ms(e.Due[^1].DueAt)).ToArray(), allKinds = steps.Select(e => Kinds(e.Due)).ToArray(),
                earlier = steps.Select(e => Earlier(e.Due)).ToArray(), firedAt = Ms(now), firedBy = instance,
            }, tx);
        else
            // SQLite: the same in one statement, the escalations as one JSON array of rows (a statement for each made the outage
            // check 9% slower); each row's earlier steps a JSON array within it, which SQLite stores as its text.
            rows = db.QueryRows(tx, RecordAllSqliteSql, r => (r.GetString(0), r.GetInt64(1)), ("@escalations", Json(w =>
                {
                    w.WriteStartArray();
                    foreach (var (id, due) in steps)
                    {
                        var latest = due[^1];
                        w.WriteStartArray();
                        w.WriteStringValue(id); w.WriteStringValue(latest.Kind); w.WriteNumberValue(latest.Tier.Number); w.WriteStringValue(latest.Tier.Name);
                        w.WriteNumberValue(Ms(latest.DueAt)); w.WriteStringValue(Kinds(due));
                        if (due.Count < 2) w.WriteNullValue();
                        else WriteEarlier(w, due);
                        w.WriteEndArray();
                    }
                    w.WriteEndArray();
                })), ("@firedAt", Ms(now)), ("@firedBy", instance));
        foreach (var (handoffId, seq) in rows) result[handoffId] = (seq, due[handoffId].Select(d => d.Kind).ToHashSet());
        return result;
    }

    static string Kinds(IReadOnlyList<EscalationStep> due) => string.Join(',', due.Select(d => d.Kind));

    /// The steps before the latest, as [[kind, tier, tier name, due at (ms)], …]; null when the latest fell due alone.
    /// Arrays, not objects with ISO times: after an outage every row holds three steps here, and with objects the
    /// catch-up's recording took 2.16–2.24 s against 1.60–2.07 s (a privacy export shows the times as instants).
    static string? Earlier(IReadOnlyList<EscalationStep> due) => due.Count < 2 ? null : Json(w => WriteEarlier(w, due));

    static void WriteEarlier(Utf8JsonWriter w, IReadOnlyList<EscalationStep> due)
    {
        w.WriteStartArray();
        for (var i = 0; i < due.Count - 1; i++)
        {
            w.WriteStartArray();
            w.WriteStringValue(due[i].Kind); w.WriteNumberValue(due[i].Tier.Number); w.WriteStringValue(due[i].Tier.Name); w.WriteNumberValue(Ms(due[i].DueAt));
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    const string ListSql = """
        SELECT seq, handoff_id, kind, tier, tier_name, due_at, fired_at, fired_by, earlier
        FROM escalations WHERE handoff_id = @id ORDER BY seq
        """;

    /// Every step that fired for the hand-off, in the order they fell due; steps that fired together share a seq.
    public IReadOnlyList<EscalationRecord> For(string handoffId, DbConnection db)
    {
        var records = new List<EscalationRecord>();
        foreach (var r in db.Query<(long Seq, string HandoffId, string Kind, int Tier, string TierName, long DueAt, long FiredAt, string FiredBy, string? Earlier)>(
                     ListSql, new { id = handoffId }))
        {
            var firedAt = Instant.FromUnixTimeMilliseconds(r.FiredAt);
            if (r.Earlier is { } earlier)
            {
                using var steps = JsonDocument.Parse(earlier);
                foreach (var step in steps.RootElement.EnumerateArray())
                    records.Add(new EscalationRecord(r.Seq, r.HandoffId, step[0].GetString()!, step[1].GetInt32(), step[2].GetString()!,
                        Instant.FromUnixTimeMilliseconds(step[3].GetInt64()), firedAt, r.FiredBy));
            }
            records.Add(new EscalationRecord(r.Seq, r.HandoffId, r.Kind, r.Tier, r.TierName, Instant.FromUnixTimeMilliseconds(r.DueAt), firedAt, r.FiredBy));
        }
        return records;
    }

    static long Ms(Instant i) => i.ToUnixTimeMilliseconds();

    static OpenHandoff ReadDue(System.Data.IDataReader r) => new(r.GetString(0), new ThreadKey(r.GetString(1), r.GetString(2)), r.GetString(3),
        r.GetString(4), (Priority)r.GetInt32(5), r.GetString(6), HandoffStates.Parse(r.GetString(7)), r.IsDBNull(8) ? null : r.GetString(8), r.GetString(9),
        At(r, 10)!.Value, At(r, 11), At(r, 12), At(r, 13), At(r, 14), r.GetString(15) is { Length: > 0 } fired ? fired.Split(',').ToHashSet() : [],
        At(r, 16), At(r, 17), r.IsDBNull(18) ? null : r.GetString(18));

    static Instant? At(System.Data.IDataReader r, int i) => r.IsDBNull(i) ? null : Instant.FromUnixTimeMilliseconds(r.GetInt64(i));
}
