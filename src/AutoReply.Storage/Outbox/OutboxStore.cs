using System.Data.Common;
using System.Text.Json;
using AutoReply.Core.Messages;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace AutoReply.Storage.Outbox;

/// A reply taken from the outbox to send, with how often sending it has failed before.
public sealed record ClaimedReply(long Seq, OutboundReply Reply, int Attempts);

/// A reply that could not be delivered after every attempt.
public sealed record DeadLetter(string Id, ThreadKey Thread, string Recipient, string Kind, string Text, int Attempts, string? LastError, Instant CreatedAt);

/// The outbox table: replies written in the same transaction as the decision that made them, and sent from
/// here by the OutboxSender. A reply's id is its idempotency key, unique here, so a decision cannot be stored twice.
public sealed class OutboxStore(Database database)
{
    const string InsertSql = """
        INSERT INTO outbox (id, channel, thread_id, recipient, kind, text, quick_replies, in_reply_to, created_at, next_attempt_at)
        VALUES (@id, @channel, @threadId, @recipient, @kind, @text, @quickReplies, @inReplyTo, @createdAt, @createdAt)
        ON CONFLICT (id) DO NOTHING
        """;

    public bool Insert(OutboundReply r, DbConnection db, DbTransaction tx) =>
        db.Execute(tx, InsertSql, ("@id", r.Id), ("@channel", r.Thread.Channel), ("@threadId", r.Thread.ThreadId), ("@recipient", r.Recipient),
            ("@kind", r.Kind.Wire()), ("@text", r.Text), ("@quickReplies", r.QuickReplies.Count == 0 ? null : JsonSerializer.Serialize(r.QuickReplies)),
            ("@inReplyTo", r.InReplyTo), ("@createdAt", Ms(r.CreatedAt))) == 1;

    // Only the oldest pending reply of a thread is claimable: replies reach the customer in the order they were
    // decided, and one that is waiting for a retry holds back the ones after it rather than being overtaken.
    // Oldest first (by seq, on the partial index of pending rows): the scan stops at the limit instead of
    // sorting every pending reply, which made each claim cost milliseconds under load. The "+" keeps SQLite
    // from choosing the (channel, thread) index for the channel filter, which would bring that sort back.
    const string ClaimDueSql = """
        UPDATE outbox SET lease_until = @leaseUntil
        WHERE seq IN (
            SELECT o.seq FROM outbox o
            WHERE o.state = 0 AND +o.channel IN @channels AND o.next_attempt_at <= @now AND (o.lease_until IS NULL OR o.lease_until < @now)
              AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.state = 0 AND p.channel = o.channel AND p.thread_id = o.thread_id AND p.seq < o.seq)
            ORDER BY o.seq LIMIT @limit)
        RETURNING seq AS Seq, id AS Id, channel AS Channel, thread_id AS ThreadId, recipient AS Recipient, kind AS Kind, text AS Text,
                  quick_replies AS QuickReplies, in_reply_to AS InReplyTo, created_at AS CreatedAt, attempts AS Attempts
        """;

    // PostgreSQL: the same claim without SQLite's planner hint. Instances claim in turns (Database.TakeTurns), so two
    // senders never take the same reply.
    const string ClaimDuePostgresSql = """
        UPDATE outbox SET lease_until = @leaseUntil
        WHERE seq IN (
            SELECT o.seq FROM outbox o
            WHERE o.state = 0 AND o.channel = ANY(@channels) AND o.next_attempt_at <= @now AND (o.lease_until IS NULL OR o.lease_until < @now)
              AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.state = 0 AND p.channel = o.channel AND p.thread_id = o.thread_id AND p.seq < o.seq)
            ORDER BY o.seq LIMIT @limit)
        RETURNING seq AS Seq, id AS Id, channel AS Channel, thread_id AS ThreadId, recipient AS Recipient, kind AS Kind, text AS Text,
                  quick_replies AS QuickReplies, in_reply_to AS InReplyTo, created_at AS CreatedAt, attempts AS Attempts
        """;

    /// Claims up to <paramref name="limit"/> due replies of the given channels (those with a sender configured).
    public IReadOnlyList<ClaimedReply> ClaimDue(Instant now, Duration lease, int limit, IReadOnlyList<string> channels, DbConnection db, DbTransaction tx)
    {
        var postgres = database.Dialect == Dialect.Postgres;
        database.TakeTurns(ClaimQueue.Outbox, db, tx);
        return db.Query<OutboxRow>(postgres ? ClaimDuePostgresSql : ClaimDueSql, new { now = Ms(now), leaseUntil = Ms(now + lease), limit, channels }, tx)
            .OrderBy(r => r.Seq)
            .Select(r => new ClaimedReply(r.Seq, r.ToReply(), r.Attempts))
            .ToList();
    }

    const string MarkSentSql = "UPDATE outbox SET state = 1, sent_at = @at, attempts = attempts + 1, lease_until = NULL, last_error = NULL WHERE seq = @seq AND state = 0";

    public void MarkSent(long seq, Instant at, DbConnection db, DbTransaction tx) => db.Execute(tx, MarkSentSql, ("@seq", seq), ("@at", Ms(at)));

    const string MarkRetrySql = "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @next, lease_until = NULL, last_error = @error WHERE seq = @seq AND state = 0";

    public void MarkRetry(long seq, Instant next, string error, DbConnection db, DbTransaction tx) =>
        db.Execute(MarkRetrySql, new { seq, next = Ms(next), error }, tx);

    const string MarkHeldSql = "UPDATE outbox SET state = 3, attempts = attempts + 1, lease_until = NULL, last_error = @error WHERE seq = @seq AND state = 0";

    /// Not sent by the platform's rules (state 3, "held"): kept with the reason, never retried.
    public void MarkHeld(long seq, string reason, DbConnection db, DbTransaction tx) => db.Execute(tx, MarkHeldSql, ("@seq", seq), ("@error", reason));

    const string MarkDeadSql = "UPDATE outbox SET state = 2, attempts = attempts + 1, lease_until = NULL, last_error = @error WHERE seq = @seq AND state = 0";

    public void MarkDead(long seq, string error, DbConnection db, DbTransaction tx) => db.Execute(MarkDeadSql, new { seq, error }, tx);

    const string NextDueSql = "SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, 0))) FROM outbox WHERE state = 0 AND channel IN @channels";
    // Dapper passes a list to Npgsql as one array parameter, hence = ANY(…) where SQLite has IN (…).
    const string NextDuePostgresSql = "SELECT MIN(GREATEST(next_attempt_at, COALESCE(lease_until, 0))) FROM outbox WHERE state = 0 AND channel = ANY(@channels)";

    /// When the earliest pending reply becomes sendable, or null when none is pending.
    public Instant? NextDueAt(IReadOnlyList<string> channels, DbConnection db) =>
        db.ExecuteScalar<long?>(database.Dialect == Dialect.Postgres ? NextDuePostgresSql : NextDueSql, new { channels }) is { } ms ? Instant.FromUnixTimeMilliseconds(ms) : null;

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
