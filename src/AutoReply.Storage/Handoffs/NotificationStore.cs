using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace AutoReply.Storage.Handoffs;

/// A notification of an escalation, claimed for delivery: to a webhook URL or to e-mail addresses.
public sealed record ClaimedNotification(long Seq, string Id, string TargetKind, string Target, string Payload, long Attempts);

/// Notifications wait here, written with the escalation that caused them, until the NotificationSender delivers
/// them: claimed under a lease (one instance sends each at a time), retried with backoff, dead after the last try.
public sealed class NotificationStore(Database database)
{
    const string ClaimSql = """
        UPDATE notifications SET lease_until = @leaseUntil, lease_owner = @owner
        WHERE seq IN (SELECT seq FROM notifications WHERE state = 0 AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until < @now)
                      ORDER BY next_attempt_at LIMIT @limit)
        RETURNING seq AS Seq, id AS Id, target_kind AS TargetKind, target AS Target, payload AS Payload, attempts AS Attempts
        """;

    // PostgreSQL: instances claim at the same moment; the rows one claims are locked until it commits, the others skip
    // them. (attempts is cast: an int4 column would not fit the record's long.)
    const string ClaimPostgresSql = """
        UPDATE notifications SET lease_until = @leaseUntil, lease_owner = @owner
        WHERE seq IN (SELECT seq FROM notifications WHERE state = 0 AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until < @now)
                      ORDER BY next_attempt_at LIMIT @limit FOR UPDATE SKIP LOCKED)
        RETURNING seq AS Seq, id AS Id, target_kind AS TargetKind, target AS Target, payload AS Payload, CAST(attempts AS BIGINT) AS Attempts
        """;

    /// The claim is the <paramref name="owner"/>'s (an instance): given back at once when that instance is seen dead.
    public IReadOnlyList<ClaimedNotification> ClaimDue(string owner, Instant now, Duration lease, int limit, DbConnection db, DbTransaction tx) =>
        db.Query<ClaimedNotification>(database.Dialect == Dialect.Postgres ? ClaimPostgresSql : ClaimSql,
            new { owner, now = now.ToUnixTimeMilliseconds(), leaseUntil = (now + lease).ToUnixTimeMilliseconds(), limit }, tx).ToList();

    const string MarkSentSql = """
        UPDATE notifications SET state = 1, sent_at = @at, attempts = attempts + 1, lease_until = NULL, lease_owner = NULL, last_error = NULL
        WHERE seq = @seq AND state = 0
        """;

    public void MarkSent(long seq, Instant at, DbConnection db, DbTransaction tx) =>
        db.Execute(MarkSentSql,
            new { seq, at = at.ToUnixTimeMilliseconds() }, tx);

    const string MarkRetrySql = """
        UPDATE notifications SET attempts = attempts + 1, next_attempt_at = @next, lease_until = NULL, lease_owner = NULL, last_error = @error
        WHERE seq = @seq AND state = 0
        """;

    public void MarkRetry(long seq, Instant next, string error, DbConnection db, DbTransaction tx) =>
        db.Execute(MarkRetrySql,
            new { seq, next = next.ToUnixTimeMilliseconds(), error }, tx);

    const string MarkDeadSql = """
        UPDATE notifications SET state = 2, attempts = attempts + 1, lease_until = NULL, lease_owner = NULL, last_error = @error
        WHERE seq = @seq AND state = 0
        """;

    public void MarkDead(long seq, string error, DbConnection db, DbTransaction tx) =>
        db.Execute(MarkDeadSql,
            new { seq, error }, tx);

    // escalation_seq 0: a notification about the service itself (an account that revoked access), not of an escalation.
    const string AddSql = """
        INSERT INTO notifications (id, escalation_seq, target_kind, target, payload, created_at, next_attempt_at)
        VALUES (@id, 0, @targetKind, @target, @payload, @now, @now)
        """;

    /// A notification to an operator's target that no escalation caused.
    public void Add(string targetKind, string target, string payload, Instant now, DbConnection db, DbTransaction tx) =>
        db.Execute(AddSql, new { id = Guid.CreateVersion7().ToString("N"), targetKind, target, payload, now = now.ToUnixTimeMilliseconds() }, tx);

    const string NextDueSql = "SELECT MIN(next_attempt_at) FROM notifications WHERE state = 0";

    /// When the next pending notification falls due, if any.
    public Instant? NextDueAt(DbConnection db) =>
        db.ExecuteScalar<long?>(NextDueSql) is { } ms ? Instant.FromUnixTimeMilliseconds(ms) : null;
}
