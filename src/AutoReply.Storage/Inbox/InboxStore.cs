using System.Data.Common;
using AutoReply.Core.Messages;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using static AutoReply.Storage.PreparedStatements;

namespace AutoReply.Storage.Inbox;

/// Decisions that cannot be committed: their DMs are no longer <paramref name="owner"/>'s claims (taken for dead and given
/// back, perhaps decided elsewhere already). Nothing of their unit of work is written.
public sealed class ClaimLostException(string owner, int lost)
    : Exception($"{lost} DM(s) are no longer claimed by {owner}, or an earlier DM of their thread is still undecided: their decisions are " +
        "not written (they are decided again, in order)");

/// An accepted DM waiting for (or past) its decision. Seq orders the DMs of a thread as they were accepted; Owner is
/// the instance whose claim it is, the fencing token its decision is committed under.
public sealed record PendingMessage(long Seq, InboundMessage Message, string Owner);

/// The inbox table: where a DM is made durable before the platform gets its 2xx, and from where the
/// TurnWorker takes DMs to decide. Idempotent on (channel, platform id): a platform's retry is a no-op.
public sealed class InboxStore(Database database)
{
    const string AppendIfNewSql = """
        INSERT INTO inbox (channel, platform_id, thread_id, sender_id, sender_name, text, sent_at, received_at, attachments, payment_masked)
        SELECT @channel, @platformId, @threadId, @senderId, @senderName, @text, @sentAt, @receivedAt, @attachments, @paymentMasked
        WHERE NOT EXISTS (SELECT 1 FROM erased_messages e WHERE e.channel = @channel AND e.platform_id = @platformId)
        ON CONFLICT (channel, platform_id) DO NOTHING
        """;

    /// True when the DM is new; false when the same platform id was accepted before, or was erased since (a redelivery
    /// of an erased DM is neither stored nor answered): nothing is changed then.
    public bool AppendIfNew(InboundMessage m, DbConnection db, DbTransaction tx) => Append(m, db, tx, defer: false).Rows == 1;

    /// <see cref="AppendIfNew"/> as a deferred statement (<see cref="PreparedStatements.Defer"/>): one row when the DM is new,
    /// none when it was accepted before, known once the transaction has committed.
    public DeferredCount AppendDeferred(InboundMessage m, DbConnection db, DbTransaction tx) => Append(m, db, tx, defer: true);

    DeferredCount Append(InboundMessage m, DbConnection db, DbTransaction tx, bool defer)
    {
        (string, object?)[] args = [("@channel", m.Thread.Channel), ("@platformId", m.PlatformId), ("@threadId", m.Thread.ThreadId),
            ("@senderId", m.Sender.Id), ("@senderName", Typed(m.Sender.Name)), ("@text", m.Text), ("@sentAt", Ms(m.SentAt)), ("@receivedAt", Ms(m.ReceivedAt)),
            ("@attachments", Typed(m.Attachments.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(m.Attachments))),
            ("@paymentMasked", m.PaymentDataMasked)];
        return defer ? db.Defer(tx, AppendIfNewSql, args) : new DeferredCount { Rows = db.Execute(tx, AppendIfNewSql, args) };
    }

    // A DM is claimed under a lease, so a second instance on the same database leaves it alone, and a crashed
    // instance's claims expire. A thread whose earlier DM another instance holds is skipped entirely: turns of
    // one thread never run in two places at once, nor out of order.
    // The row's own conditions again outside the subquery: on PostgreSQL a claim that waited on a row another instance was
    // committing re-reads only the outer WHERE, and would lease a DM just decided (found by a review of the cluster test).
    const string ClaimSqliteSql = """
        UPDATE inbox SET lease_owner = @owner, lease_until = @leaseUntil
        WHERE state = 0 AND (lease_until IS NULL OR lease_until < @now) AND seq IN (
            SELECT i.seq FROM inbox i
            WHERE i.state = 0 AND (i.lease_until IS NULL OR i.lease_until < @now)
              AND NOT EXISTS (
                  SELECT 1 FROM inbox j
                  WHERE j.state = 0 AND j.channel = i.channel AND j.thread_id = i.thread_id
                    AND j.seq < i.seq AND j.lease_until >= @now AND j.lease_owner <> @owner)
            ORDER BY i.seq LIMIT @limit)
        RETURNING seq AS Seq, channel AS Channel, platform_id AS PlatformId, thread_id AS ThreadId, sender_id AS SenderId,
                  sender_name AS SenderName, text AS Text, sent_at AS SentAt, received_at AS ReceivedAt, attachments AS Attachments,
                  payment_masked AS PaymentMasked
        """;

    // PostgreSQL: the same claim, planned so that no statistics can make it slow. Its plan is made once per connection
    // (generic) and the inbox's statistics are often young: a new database, or a backlog after an outage, while the last
    // ANALYZE saw nearly every DM decided. On such statistics the planner took the pending DMs for one row and ran the IN
    // subquery once for each DM the UPDATE looked at, each time probing every pending DM by seq: a claim of 170 DMs with
    // 308 waiting read 5.2 million buffers in 3.7 s, and under the load benchmark's priming one ran for 30 s, past its
    // timeout, while the other instance waited for the turn (auto_explain). Now the pick is an ARRAY() sub-select, which runs
    // once; and the threads another instance holds are gathered first, a set the size of the others' claims, so the walk
    // in seq order checks each DM against that set and not against the table. The DMs picked are updated by primary key:
    // "state + 0" keeps the planner from the partial indexes of pending DMs (WHERE state = 0) for the UPDATE's own rows,
    // which on the same statistics it scanned whole, a page per DM waiting (13,214 pages with 10,000 waiting; a review).
    const string ClaimPostgresSql = """
        WITH held AS MATERIALIZED (
            SELECT channel, thread_id, MIN(seq) AS first FROM inbox
            WHERE state = 0 AND lease_until >= @now AND lease_owner <> @owner
            GROUP BY channel, thread_id)
        UPDATE inbox SET lease_owner = @owner, lease_until = @leaseUntil
        WHERE seq = ANY(ARRAY(
                SELECT i.seq FROM inbox i
                WHERE i.state = 0 AND (i.lease_until IS NULL OR i.lease_until < @now)
                  AND NOT EXISTS (SELECT 1 FROM held h WHERE h.channel = i.channel AND h.thread_id = i.thread_id AND h.first < i.seq)
                ORDER BY i.seq LIMIT @limit))
          AND state + 0 = 0 AND (lease_until IS NULL OR lease_until < @now)
        RETURNING seq AS Seq, channel AS Channel, platform_id AS PlatformId, thread_id AS ThreadId, sender_id AS SenderId,
                  sender_name AS SenderName, text AS Text, sent_at AS SentAt, received_at AS ReceivedAt, attachments AS Attachments,
                  payment_masked AS PaymentMasked
        """;

    string ClaimSql => database.Dialect == Dialect.Postgres ? ClaimPostgresSql : ClaimSqliteSql;

    // Instances claim in turns (Database.ClaimInTurn), so each sees the leases the others took and a thread's later DM is
    // never claimed beside an earlier one held elsewhere.
    public IReadOnlyList<PendingMessage> Claim(string owner, Instant now, Duration lease, int limit, DbConnection db, DbTransaction? tx) =>
        Pending(database.ClaimInTurn<InboxRow>(ClaimQueue.Inbox, db, tx, ClaimSql, ClaimArgs(owner, now, lease, limit)), owner);

    /// <see cref="Claim"/>, awaited (<see cref="Database.ClaimInTurnAsync"/>).
    public async Task<IReadOnlyList<PendingMessage>> ClaimAsync(string owner, Instant now, Duration lease, int limit, DbConnection db, DbTransaction? tx,
        CancellationToken ct) =>
        Pending(await database.ClaimInTurnAsync<InboxRow>(ClaimQueue.Inbox, db, tx, ClaimSql, ClaimArgs(owner, now, lease, limit), null, null, ct), owner);

    static object ClaimArgs(string owner, Instant now, Duration lease, int limit) => new { owner, now = Ms(now), leaseUntil = Ms(now + lease), limit };

    static List<PendingMessage> Pending(List<InboxRow> rows, string owner) => rows.OrderBy(r => r.Seq).Select(r => r.ToPending(owner)).ToList();

    // The claim is the fence: a decision commits only while its instance still holds the claim. An instance taken for
    // dead (its claims given back, perhaps decided elsewhere already) that wakes up finds it gone and writes nothing.
    // And the order is a fence too: no DM is marked while an earlier one of its thread is undecided outside the unit being
    // committed (@unit). A lane whose batch failed forgets its DMs with their claims still live, and this instance's next
    // claim, which an earlier DM of its own does not block, took the thread's later DMs and decided them first (the
    // three-instance test, under load: m-1816 before m-1516).
    const string MarkDecidedSet = "UPDATE inbox SET state = 1, decided_at = @at, lease_owner = NULL, lease_until = NULL ";
    const string MarkFailedSet = "UPDATE inbox SET state = 2, decided_at = @at, error = @error, lease_owner = NULL, lease_until = NULL ";
    const string StillClaimedSqlite = "WHERE seq = @seq AND state = 0 AND lease_owner = @owner ";
    const string NoEarlierUndecidedSqlite = """
        AND NOT EXISTS (SELECT 1 FROM inbox j
                        WHERE j.state = 0 AND j.channel = inbox.channel AND j.thread_id = inbox.thread_id AND j.seq < inbox.seq
                          AND j.seq NOT IN (SELECT value FROM json_each(@unit)))
        """;
    const string MarkDecidedSqliteSql = MarkDecidedSet + StillClaimedSqlite + NoEarlierUndecidedSqlite;

    // PostgreSQL: the same fences, planned so that the DMs are found by their seqs and the earlier one of a thread by one
    // probe of the pending DMs of that thread, whatever the statistics said when the plan was made (once per connection).
    // As first written, the plan walked the whole partial index of pending DMs for the DMs marked, and again for each of
    // them for an earlier one: 294–297 pages a call in the load benchmark, 113 ms for 16 DMs with 30,000 waiting. "state +
    // 0" keeps the pending DMs' partial indexes from the rows' own lookup; the earlier DM is a scalar subquery with a LIMIT,
    // run for each row with its thread as the index's key (a NOT EXISTS became an anti join that scanned them all).
    const string StillClaimedPostgres = "WHERE seq = @seq AND state + 0 = 0 AND lease_owner = @owner ";
    const string NoEarlierUndecidedPostgres = """
        AND (SELECT j.seq FROM inbox j
             WHERE j.state = 0 AND j.channel = inbox.channel AND j.thread_id = inbox.thread_id AND j.seq < inbox.seq AND j.seq <> ALL(@unit)
             LIMIT 1) IS NULL
        """;
    const string MarkDecidedPostgresSql = MarkDecidedSet + StillClaimedPostgres + NoEarlierUndecidedPostgres;

    /// Marks the DM decided; false when it already was, the claim is no longer <paramref name="owner"/>'s, or an earlier DM
    /// of its thread is undecided and not in <paramref name="unit"/> (the DMs committed with it; this DM alone when null):
    /// the caller must then write nothing of its own decision.
    public bool MarkDecided(long seq, string owner, Instant at, DbConnection db, DbTransaction tx, IReadOnlyList<long>? unit = null) =>
        db.Execute(tx, database.Dialect == Dialect.Postgres ? MarkDecidedPostgresSql : MarkDecidedSqliteSql,
            ("@seq", seq), ("@owner", owner), ("@at", Ms(at)), ("@unit", Unit(unit ?? [seq]))) == 1;

    /// The seqs of a unit of work as the dialect takes a list: an array on PostgreSQL, a JSON array on SQLite (json_each).
    object Unit(IReadOnlyList<long> seqs) => database.Dialect == Dialect.Postgres ? seqs.ToArray() : "[" + string.Join(',', seqs) + "]";

    const string MarkAllDecidedPostgresSql =
        MarkDecidedSet + "WHERE seq = ANY(@seqs) AND state + 0 = 0 AND lease_owner = @owner " + NoEarlierUndecidedPostgres;

    /// <see cref="MarkDecided(long, string, Instant, DbConnection, DbTransaction)"/> for the DMs a lane decided together
    /// (one owner's): all of them or the unit of work fails with <see cref="ClaimLostException"/>, and nothing of it is
    /// written — the claims were taken for dead and given back, and another instance decides these DMs. On PostgreSQL one
    /// deferred statement, sent with the transaction's others just before the commit (the fence costs no round trip of
    /// its own, where it was one per lane's batch: most of a group commit's round trips); on SQLite a statement each, at once.
    /// <paramref name="unit"/>: every DM the unit of work commits, the failed ones too (their order is checked with them).
    public void MarkAllDecided(IReadOnlyList<long> seqs, string owner, Instant at, DbConnection db, DbTransaction tx, IReadOnlyList<long>? unit = null)
    {
        unit ??= seqs;
        if (database.Dialect == Dialect.Postgres)
        {
            db.DeferExpecting(tx, MarkAllDecidedPostgresSql, seqs.Count, marked => new ClaimLostException(owner, seqs.Count - marked),
                ("@seqs", seqs.ToArray()), ("@owner", owner), ("@at", Ms(at)), ("@unit", Unit(unit)));
            return;
        }
        var lost = seqs.Count(seq => !MarkDecided(seq, owner, at, db, tx, unit));
        if (lost > 0) throw new ClaimLostException(owner, lost);
    }

    const string MarkFailedSqliteSql = MarkFailedSet + StillClaimedSqlite + NoEarlierUndecidedSqlite;
    const string MarkFailedPostgresSql = MarkFailedSet + StillClaimedPostgres + NoEarlierUndecidedPostgres;

    /// A DM the engine could not decide (a defect, not bad input) is set aside with the error, visible to
    /// operators, instead of being retried for ever and blocking its thread. False, as <see cref="MarkDecided"/>, when the
    /// claim or the order does not hold.
    public bool MarkFailed(long seq, string owner, Instant at, string error, DbConnection db, DbTransaction tx, IReadOnlyList<long>? unit = null) =>
        db.Execute(tx, database.Dialect == Dialect.Postgres ? MarkFailedPostgresSql : MarkFailedSqliteSql,
            ("@seq", seq), ("@owner", owner), ("@at", Ms(at)), ("@error", error), ("@unit", Unit(unit ?? [seq]))) == 1;

    const string GiveBackSqliteSql = """
        UPDATE inbox SET lease_owner = NULL, lease_until = NULL
        WHERE seq IN (SELECT value FROM json_each(@seqs)) AND state = 0 AND lease_owner = @owner
        """;

    const string GiveBackPostgresSql = """
        UPDATE inbox SET lease_owner = NULL, lease_until = NULL
        WHERE seq = ANY(@seqs) AND state = 0 AND lease_owner = @owner
        """;

    /// Gives back the claims of DMs a lane could not commit, so the next claim (here or elsewhere) takes their threads again
    /// from their earliest undecided DM, rather than their later DMs first while these wait out their lease.
    public int GiveBack(IReadOnlyList<long> seqs, string owner, DbConnection db, DbTransaction tx) =>
        seqs.Count == 0 ? 0 : db.Execute(tx, database.Dialect == Dialect.Postgres ? GiveBackPostgresSql : GiveBackSqliteSql, ("@seqs", Unit(seqs)), ("@owner", owner));

    const string ReleaseSql = "UPDATE inbox SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = @owner AND state = 0";

    /// Gives back this owner's claims on shutdown, so a restart need not wait for them to expire.
    public int Release(string owner, DbConnection db, DbTransaction tx) => db.Execute(ReleaseSql, new { owner }, tx);

    const string StoredSql = "SELECT thread_id AS ThreadId, sender_id AS SenderId, text AS Text FROM inbox WHERE channel = @channel AND platform_id = @platformId";

    /// The thread, sender and text a DM of this platform id was stored with, or null when none is (never stored, erased).
    public (string ThreadId, string SenderId, string Text)? Stored(string channel, string platformId, DbConnection db) =>
        db.QuerySingleOrDefault<StoredRow>(StoredSql, new { channel, platformId }) is { } row ? (row.ThreadId, row.SenderId, row.Text) : null;

    sealed class StoredRow
    {
        public string ThreadId { get; set; } = "";
        public string SenderId { get; set; } = "";
        public string Text { get; set; } = "";
    }

    const string PendingCountSql = "SELECT COUNT(*) FROM inbox WHERE state = 0";

    public long PendingCount(DbConnection db) => db.ExecuteScalar<long>(PendingCountSql);

    const string OldestPendingSql = "SELECT received_at FROM inbox WHERE state = 0 ORDER BY seq LIMIT 1";

    /// When the DM waiting longest for its decision arrived (the first pending in acceptance order), or null when none waits.
    public Instant? OldestPending(DbConnection db) =>
        db.ExecuteScalar<long?>(OldestPendingSql) is { } ms ? Instant.FromUnixTimeMilliseconds(ms) : null;

    static long Ms(Instant i) => i.ToUnixTimeMilliseconds();

    // Explicit row shape: Dapper on SQLite maps by name into settable properties; instants are Unix milliseconds.
    sealed class InboxRow
    {
        public long Seq { get; set; }
        public string Channel { get; set; } = "";
        public string PlatformId { get; set; } = "";
        public string ThreadId { get; set; } = "";
        public string SenderId { get; set; } = "";
        public string? SenderName { get; set; }
        public string Text { get; set; } = "";
        public long SentAt { get; set; }
        public long ReceivedAt { get; set; }
        public string? Attachments { get; set; }
        public bool PaymentMasked { get; set; }

        public PendingMessage ToPending(string owner) => new(Seq, new InboundMessage(new ThreadKey(Channel, ThreadId), PlatformId,
            new Sender(SenderId, SenderName), Text, Instant.FromUnixTimeMilliseconds(SentAt), Instant.FromUnixTimeMilliseconds(ReceivedAt))
        {
            Attachments = Attachments is null ? [] : System.Text.Json.JsonSerializer.Deserialize<List<Attachment>>(Attachments) ?? [],
            PaymentDataMasked = PaymentMasked,
        }, owner);
    }
}
