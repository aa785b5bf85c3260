using System.Data.Common;
using System.Text.Json;
using AutoReply.Core.Messages;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using static AutoReply.Storage.PreparedStatements;

namespace AutoReply.Storage.Outbox;

/// A reply taken from the outbox to send, with how often sending it has failed before.
public sealed record ClaimedReply(long Seq, OutboundReply Reply, int Attempts);

/// A reply that could not be delivered after every attempt.
public sealed record DeadLetter(string Id, ThreadKey Thread, string Recipient, string Kind, string Text, int Attempts, string? LastError, Instant CreatedAt);

/// The outbox table: replies written in the same transaction as the decision that made them, and sent from
/// here by the OutboxSender. A reply's id is its idempotency key, unique here, so a decision cannot be stored twice.
public sealed class OutboxStore(Database database)
{
    // A reply behind an earlier pending one of its thread is written blocked; it is let go when that one leaves
    // the queue (see Unblock). A reply of a thread with nothing pending is sendable at once.
    const string InsertSql = """
        INSERT INTO outbox (id, channel, thread_id, recipient, kind, text, quick_replies, in_reply_to, created_at, next_attempt_at, blocked)
        VALUES (@id, @channel, @threadId, @recipient, @kind, @text, @quickReplies, @inReplyTo, @createdAt, @createdAt,
                EXISTS (SELECT 1 FROM outbox p WHERE p.state = 0 AND p.channel = @channel AND p.thread_id = @threadId))
        ON CONFLICT (id) DO NOTHING
        """;

    public bool Insert(OutboundReply r, DbConnection db, DbTransaction tx) => db.Execute(tx, InsertSql, InsertArgs(r)) == 1;

    const string TextSql = "SELECT text FROM outbox WHERE id = @id";

    /// The text of the message queued under <paramref name="id"/>, or null when none is (any more).
    public string? TextOf(string id, DbConnection db, DbTransaction tx) => db.ExecuteScalar<string?>(TextSql, new { id }, tx);

    /// Adds a reply under a new id (so it cannot be there already) with the transaction's deferred statements: in the
    /// order added, each reply sees the ones before it when it decides whether it is blocked.
    public void Add(OutboundReply r, DbConnection db, DbTransaction tx) => db.Defer(tx, InsertSql, InsertArgs(r));

    static (string Name, object? Value)[] InsertArgs(OutboundReply r) =>
    [
        ("@id", r.Id), ("@channel", r.Thread.Channel), ("@threadId", r.Thread.ThreadId), ("@recipient", r.Recipient), ("@kind", r.Kind.Wire()),
        ("@text", r.Text), ("@quickReplies", Typed(r.QuickReplies.Count == 0 ? null : JsonSerializer.Serialize(r.QuickReplies))),
        ("@inReplyTo", Typed(r.InReplyTo)), ("@createdAt", Ms(r.CreatedAt)),
    ];

    // Only the oldest pending reply of a thread is claimable: replies reach the customer in the order they were
    // decided, and one that is waiting for a retry holds back the ones after it rather than being overtaken.
    // The scan runs over the sendable rows only (outbox_ready: pending and not blocked), oldest first, and stops at the
    // limit. The NOT EXISTS is the guarantee of order should a reply have been let go early (two writers racing on
    // PostgreSQL); on the sendable rows it is one index probe each. The "+" keeps SQLite from choosing the
    // (channel, thread) index for the channel filter, which would bring back a sort of every pending reply.
    const string ClaimDueSql = """
        UPDATE outbox SET lease_until = @leaseUntil, lease_owner = @owner
        WHERE seq IN (
            SELECT o.seq FROM outbox o
            WHERE o.state = 0 AND NOT o.blocked AND +o.channel IN @channels AND o.next_attempt_at <= @now AND (o.lease_until IS NULL OR o.lease_until < @now)
              AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.state = 0 AND p.channel = o.channel AND p.thread_id = o.thread_id AND p.seq < o.seq)
            ORDER BY o.seq LIMIT @limit)
        RETURNING seq AS Seq, id AS Id, channel AS Channel, thread_id AS ThreadId, recipient AS Recipient, kind AS Kind, text AS Text,
                  quick_replies AS QuickReplies, in_reply_to AS InReplyTo, created_at AS CreatedAt, attempts AS Attempts
        """;

    // PostgreSQL: the same claim without SQLite's planner hint. Instances claim in turns (Database.ClaimInTurn), so two
    // senders never take the same reply. "The thread's oldest pending reply" is a MIN over the thread's pending rows, not
    // NOT EXISTS: on a young table (statistics that still say the outbox is empty) the planner ran the NOT EXISTS as a
    // scan of every pending reply for each candidate (5.7 ms a claim under load); the MIN is one index probe (2.0 ms).
    // "channel || ''" is SQLite's "+channel": the same young statistics made the planner walk the channel's every pending
    // row by outbox_pending_thread and sort them (1,400-2,000 rows, 8 ms a claim under load) instead of outbox_ready in order.
    const string ClaimDuePostgresSql = """
        UPDATE outbox SET lease_until = @leaseUntil, lease_owner = @owner
        WHERE seq IN (
            SELECT o.seq FROM outbox o
            WHERE o.state = 0 AND NOT o.blocked AND o.channel || '' = ANY(@channels) AND o.next_attempt_at <= @now AND (o.lease_until IS NULL OR o.lease_until < @now)
              AND o.seq = (SELECT MIN(p.seq) FROM outbox p WHERE p.state = 0 AND p.channel = o.channel AND p.thread_id = o.thread_id)
            ORDER BY o.seq LIMIT @limit)
        RETURNING seq AS Seq, id AS Id, channel AS Channel, thread_id AS ThreadId, recipient AS Recipient, kind AS Kind, text AS Text,
                  quick_replies AS QuickReplies, in_reply_to AS InReplyTo, created_at AS CreatedAt, attempts AS Attempts
        """;

    // PostgreSQL: the claim must walk outbox_ready in order and stop at the limit. The planner expects a handful of sendable
    // rows (partial-index statistics say so whenever the queue is short, and in every table younger than a minute) and
    // may choose a bitmap scan instead, which reads every sendable row and runs the "oldest of its thread" probe on each
    // before it sorts: with a backlog of 600 replies and room for one, 7-15 ms a claim, all of it inside the claim's turn,
    // which the other instances wait for. Under load (two instances, 10,000 DMs) claims took 0.7-5.0 s of the server's
    // time with bitmap scans allowed, 0.53-0.65 s without, depending on the plan it happened to cache. Set for the
    // transaction only (set_config's is_local), and put back after the claim: the setting lives and dies with the
    // transaction, never with the pooled session. As SELECTs of one row each, so they travel in the claim's round trip
    // (Database.ClaimInTurn). The setting the claim found is kept in a setting of AutoReply's own for the transaction and
    // put back from there (reading the default from pg_settings cost 1.2 ms a claim: the view computes every setting).
    const string NoBitmapScanPostgresSql =
        "SELECT set_config('autoreply.bitmapscan', current_setting('enable_bitmapscan'), true), set_config('enable_bitmapscan', 'off', true)";
    const string DefaultScansPostgresSql = "SELECT set_config('enable_bitmapscan', current_setting('autoreply.bitmapscan'), true)";

    /// Claims up to <paramref name="limit"/> due replies of the given channels (those with a sender configured).
    /// The claim is the <paramref name="owner"/>'s (an instance): given back at once when that instance is seen dead.
    public IReadOnlyList<ClaimedReply> ClaimDue(string owner, Instant now, Duration lease, int limit, IReadOnlyList<string> channels, DbConnection db,
        DbTransaction? tx)
    {
        var (sql, args, before, after) = ClaimDueStatement(owner, now, lease, limit, channels);
        return Claimed(database.ClaimInTurn<OutboxRow>(ClaimQueue.Outbox, db, tx, sql, args, before, after));
    }

    /// <see cref="ClaimDue"/>, awaited (<see cref="Database.ClaimInTurnAsync"/>).
    public async Task<IReadOnlyList<ClaimedReply>> ClaimDueAsync(string owner, Instant now, Duration lease, int limit, IReadOnlyList<string> channels,
        DbConnection db, DbTransaction? tx, CancellationToken ct)
    {
        var (sql, args, before, after) = ClaimDueStatement(owner, now, lease, limit, channels);
        return Claimed(await database.ClaimInTurnAsync<OutboxRow>(ClaimQueue.Outbox, db, tx, sql, args, before, after, ct));
    }

    // On PostgreSQL the rest of the transaction plans as configured (a claim batched with other work, as in tests).
    (string Sql, object Args, string[]? Before, string[]? After) ClaimDueStatement(string owner, Instant now, Duration lease, int limit,
        IReadOnlyList<string> channels)
    {
        var args = new { owner, now = Ms(now), leaseUntil = Ms(now + lease), limit, channels };
        return database.Dialect == Dialect.Postgres
            ? (ClaimDuePostgresSql, args, [NoBitmapScanPostgresSql], [DefaultScansPostgresSql])
            : (ClaimDueSql, args, null, null);
    }

    static List<ClaimedReply> Claimed(List<OutboxRow> rows) =>
        rows.OrderBy(r => r.Seq).Select(r => new ClaimedReply(r.Seq, r.ToReply(), r.Attempts)).ToList();

    const string MarkSentSql = """
        UPDATE outbox SET state = 1, sent_at = @at, attempts = attempts + 1, lease_until = NULL, lease_owner = NULL, last_error = NULL
        WHERE seq = @seq AND state = 0
        """;

    public void MarkSent(long seq, Instant at, DbConnection db, DbTransaction tx) =>
        Leave(seq, MarkSentSql, MarkSentPostgresSql, db, tx, ("@seq", seq), ("@at", Ms(at)));

    /// The reply <paramref name="seq"/> leaves the queue by <paramref name="sql"/> and the next pending reply of its thread
    /// becomes sendable: on PostgreSQL in one deferred statement, on SQLite by a second one when the first changed the row.
    void Leave(long seq, string sql, string postgresSql, DbConnection db, DbTransaction tx, params ReadOnlySpan<(string Name, object? Value)> args)
    {
        if (database.Dialect == Dialect.Postgres) db.Defer(tx, postgresSql, args);
        else if (db.Execute(tx, sql, args) == 1) LetNextGo(seq, db, tx);
    }

    const string LetNextGoSql = """
        UPDATE outbox SET blocked = FALSE
        WHERE seq = (SELECT MIN(p.seq) FROM outbox s JOIN outbox p ON p.channel = s.channel AND p.thread_id = s.thread_id
                     WHERE s.seq = @seq AND p.state = 0)
          AND blocked
        """;

    /// The reply <paramref name="seq"/> left the queue: the next pending reply of its thread becomes sendable.
    void LetNextGo(long seq, DbConnection db, DbTransaction tx) => db.Execute(tx, LetNextGoSql, ("@seq", seq));

    // PostgreSQL: a reply leaves the queue and lets the next go in one statement, so it can be deferred with the
    // transaction's others (one round trip for a whole batch of sends). The outer UPDATE sees the rows as they were
    // before the CTE's, hence the left reply itself is passed over by its seq rather than by its new state: it was its
    // thread's oldest pending reply (only those are claimed), so the next is the first pending one after it — one probe
    // of outbox_pending_thread (a join with the CTE instead scanned every pending reply).
    const string LetNextGoAfterPostgres = """
         UPDATE outbox SET blocked = FALSE
         WHERE seq = (SELECT MIN(p.seq) FROM outbox p
                      WHERE p.state = 0 AND p.channel = (SELECT channel FROM left_queue) AND p.thread_id = (SELECT thread_id FROM left_queue)
                        AND p.seq > @seq)
           AND blocked
        """;
    const string MarkSentPostgresSql = "WITH left_queue AS (" + MarkSentSql + " RETURNING channel, thread_id)" + LetNextGoAfterPostgres;
    const string MarkHeldPostgresSql = "WITH left_queue AS (" + MarkHeldSql + " RETURNING channel, thread_id)" + LetNextGoAfterPostgres;
    const string MarkDeadPostgresSql = "WITH left_queue AS (" + MarkDeadSql + " RETURNING channel, thread_id)" + LetNextGoAfterPostgres;

    // A sweep looks at a window of blocked replies, the next window each time (a cursor that starts over after the last):
    // with a backlog, thousands of replies wait behind their thread's first one, and probing each for an earlier pending
    // reply took 20-90 ms a sweep on PostgreSQL under load (about 1 s of the server's time for 10,000 DMs). Windows, not
    // always the oldest replies: those may wait for good reason (a channel without a sender, a first reply in backoff for
    // half an hour), and an overlooked reply behind a hundred of them would never be looked at.
    const string SweepWindowSql = """
        SELECT COUNT(*) AS Count, COALESCE(MAX(w.seq), 0) AS Last
        FROM (SELECT b.seq FROM outbox b WHERE b.state = 0 AND b.blocked AND b.seq > @after ORDER BY b.seq LIMIT @window) w
        """;

    const string UnblockSql = """
        UPDATE outbox SET blocked = FALSE
        WHERE seq IN (SELECT b.seq FROM outbox b WHERE b.state = 0 AND b.blocked AND b.seq > @after ORDER BY b.seq LIMIT @window)
          AND seq = (SELECT MIN(p.seq) FROM outbox p WHERE p.state = 0 AND p.channel = outbox.channel AND p.thread_id = outbox.thread_id)
        """;

    /// How many blocked replies one sweep looks at.
    public const int SweepWindow = 100;

    /// Lets go the blocked replies with nothing pending before them among the <see cref="SweepWindow"/> blocked after
    /// <paramref name="after"/>; returns how many, and where the next sweep starts (0: from the first again). Where
    /// writers commit side by side (PostgreSQL), a reply can be written blocked while the one before it is being marked
    /// sent in another transaction, and neither sees the other's change; the sender runs this sweep now and then so such a
    /// reply waits a few polls, not for ever.
    public (int LetGo, long Next) Unblock(long after, DbConnection db, DbTransaction tx)
    {
        var (count, last) = db.QueryRows(tx, SweepWindowSql, r => (r.GetInt64(0), r.GetInt64(1)), ("@after", after), ("@window", SweepWindow))[0];
        var letGo = db.Execute(tx, UnblockSql, ("@after", after), ("@window", SweepWindow));
        return (letGo, count < SweepWindow ? 0 : last);
    }

    const string MarkRetrySql = """
        UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @next, lease_until = NULL, lease_owner = NULL, last_error = @error
        WHERE seq = @seq AND state = 0
        """;

    public void MarkRetry(long seq, Instant next, string error, DbConnection db, DbTransaction tx) =>
        db.Defer(tx, MarkRetrySql, ("@seq", seq), ("@next", Ms(next)), ("@error", error));

    const string MarkHeldSql = """
        UPDATE outbox SET state = 3, attempts = attempts + 1, lease_until = NULL, lease_owner = NULL, last_error = @error
        WHERE seq = @seq AND state = 0
        """;

    /// Not sent by the platform's rules (state 3, "held"): kept with the reason, never retried.
    public void MarkHeld(long seq, string reason, DbConnection db, DbTransaction tx)
    {
        Leave(seq, MarkHeldSql, MarkHeldPostgresSql, db, tx, ("@seq", seq), ("@error", reason));
        db.Defer(tx, NotDisclosedSql, ("@seq", seq));
    }

    // A disclosure that never reached the customer (held outside a platform's messaging window, or dead-lettered) told them
    // nothing: the thread counts as not told, and its next automated message comes after one (QA round 14: a DM delivered
    // 30 hours late had its disclosure held, and the customer's next DM was answered without one). Both subqueries name
    // the one reply, so the thread is found by its key.
    const string NotDisclosedSql = """
        UPDATE conversations SET disclosed_at = NULL
        WHERE channel = (SELECT o.channel FROM outbox o WHERE o.seq = @seq AND o.kind = 'disclosure')
          AND thread_id = (SELECT o.thread_id FROM outbox o WHERE o.seq = @seq AND o.kind = 'disclosure')
        """;

    const string MarkDeadSql = """
        UPDATE outbox SET state = 2, attempts = attempts + 1, lease_until = NULL, lease_owner = NULL, last_error = @error
        WHERE seq = @seq AND state = 0
        """;

    public void MarkDead(long seq, string error, DbConnection db, DbTransaction tx)
    {
        Leave(seq, MarkDeadSql, MarkDeadPostgresSql, db, tx, ("@seq", seq), ("@error", error));
        db.Defer(tx, NotDisclosedSql, ("@seq", seq));
    }

    // Only the sendable rows (outbox_ready): a blocked reply is let go when the one before it leaves the queue, and that
    // wakes the sender. Counted in, a thread with two replies waiting made this "due now", and an idle sender asked again
    // every 10 ms, each time reading every pending reply (on PostgreSQL 1-27 ms a call under load, the whole outbox when
    // the planner chose a scan: 22 s of the server's time in one 60 s run). "+channel" / "channel || ''" keep the planner on
    // outbox_ready rather than a channel index that holds the blocked rows too.
    const string NextDueSql = "SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, 0))) FROM outbox WHERE state = 0 AND NOT blocked AND +channel IN @channels";
    // PostgreSQL: the channels as one array parameter, hence = ANY(…) where SQLite has IN (…); planned once per connection
    // (GenericPlanSql: an idle sender asks often, and the plan for each array was made anew in 1,567 of 1,777 calls).
    const string NextDuePostgresSql = Postgres.PostgresDatabase.GenericPlanSql + ";\n" + """
        SELECT MIN(GREATEST(next_attempt_at, COALESCE(lease_until, 0))) FROM outbox WHERE state = 0 AND NOT blocked AND channel || '' = ANY(@channels)
        """;

    /// When the earliest sendable reply (not blocked behind an earlier one of its thread) can be sent, or null when none is
    /// waiting.
    public Instant? NextDueAt(IReadOnlyList<string> channels, DbConnection db)
    {
        var ms = database.Dialect == Dialect.Postgres
            ? db.QueryRows(null, NextDuePostgresSql, setUp: 1, r => r.IsDBNull(0) ? (long?)null : r.GetInt64(0), ("@channels", channels.ToArray()))[0]
            : db.ExecuteScalar<long?>(NextDueSql, new { channels });
        return ms is { } at ? Instant.FromUnixTimeMilliseconds(at) : null;
    }

    const string RetrySql = """
        UPDATE outbox SET state = 0, attempts = 0, next_attempt_at = @now, lease_until = NULL, lease_owner = NULL, last_error = NULL,
            blocked = EXISTS (SELECT 1 FROM outbox p WHERE p.state = 0 AND p.channel = outbox.channel AND p.thread_id = outbox.thread_id AND p.seq < outbox.seq)
        WHERE id = @id AND state = 2
        """;

    /// Puts a dead-lettered reply back in the queue under its id (its Idempotency-Key); false when no dead reply has it.
    public bool Retry(string id, Instant now, DbConnection db, DbTransaction tx) => db.Execute(RetrySql, new { id, now = Ms(now) }, tx) == 1;

    const string DeadSql = """
        SELECT seq AS Seq, id AS Id, channel AS Channel, thread_id AS ThreadId, recipient AS Recipient, kind AS Kind, text AS Text,
               attempts AS Attempts, last_error AS LastError, created_at AS CreatedAt
        FROM outbox WHERE state = 2 ORDER BY seq DESC LIMIT @limit
        """;

    public IReadOnlyList<DeadLetter> DeadLetters(int limit, DbConnection db) =>
        db.Query<OutboxRow>(DeadSql, new { limit })
          .Select(r => new DeadLetter(r.Id, new ThreadKey(r.Channel, r.ThreadId), r.Recipient, r.Kind, r.Text, r.Attempts, r.LastError,
              Instant.FromUnixTimeMilliseconds(r.CreatedAt)))
          .ToList();

    const string PendingCountSql = "SELECT COUNT(*) FROM outbox WHERE state = 0";

    public long PendingCount(DbConnection db) => db.ExecuteScalar<long>(PendingCountSql);

    static long Ms(Instant i) => i.ToUnixTimeMilliseconds();

    sealed class OutboxRow
    {
        public long Seq { get; set; }
        public string Id { get; set; } = "";
        public string Channel { get; set; } = "";
        public string ThreadId { get; set; } = "";
        public string Recipient { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Text { get; set; } = "";
        public string? QuickReplies { get; set; }
        public string? InReplyTo { get; set; }
        public long CreatedAt { get; set; }
        public int Attempts { get; set; }
        public string? LastError { get; set; }

        public OutboundReply ToReply() => new(Id, new ThreadKey(Channel, ThreadId), Recipient, ReplyKindNames.Parse(Kind), Text,
            QuickReplies is null ? [] : JsonSerializer.Deserialize<string[]>(QuickReplies) ?? [], InReplyTo,
            Instant.FromUnixTimeMilliseconds(CreatedAt));
    }
}
