using Dapper;
using Npgsql;

namespace AutoReply.Storage.Postgres;

/// The schema on PostgreSQL, as numbered steps applied in order and recorded in schema_migrations — the same tables,
/// columns and partial indexes as on SQLite (Sqlite/Migrations.cs), written in PostgreSQL's dialect: instants are
/// BIGINT Unix milliseconds, sequences are identity columns, flags are BOOLEAN. Versions are this dialect's own: step 1 is the schema as
/// SQLite's step 9 left it (no PostgreSQL database predates it); later changes are a new step in each dialect.
///
/// Several instances may start at the same moment: each takes a transaction-level advisory lock before it looks,
/// so one applies the steps and the others wait, then find them applied. The lock is released by the commit — never a
/// session-level lock, which a connection pool would keep holding.
public static class PostgresMigrations
{
    const long LockKey = 0x4175746f5265706c;   // "AutoRepl"

    static readonly (int Version, string Sql)[] Steps =
    [
        (1, """
            CREATE TABLE inbox (
                seq          BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                channel      TEXT    NOT NULL,
                platform_id  TEXT    NOT NULL,
                thread_id    TEXT    NOT NULL,
                sender_id    TEXT    NOT NULL,
                sender_name  TEXT,
                text         TEXT    NOT NULL,
                sent_at      BIGINT  NOT NULL,
                received_at  BIGINT  NOT NULL,
                state        INTEGER NOT NULL DEFAULT 0,   -- 0 pending, 1 decided, 2 failed, 3 withdrawn
                lease_owner  TEXT,
                lease_until  BIGINT,
                decided_at   BIGINT,
                error        TEXT,
                attachments  TEXT,
                UNIQUE (channel, platform_id)
            );
            CREATE INDEX inbox_pending ON inbox (seq) WHERE state = 0;
            CREATE INDEX inbox_pending_thread ON inbox (channel, thread_id) WHERE state = 0;

            CREATE TABLE conversations (
                channel          TEXT    NOT NULL,
                thread_id        TEXT    NOT NULL,
                sender_id        TEXT    NOT NULL,
                language         TEXT,
                last_ack_at      BIGINT,
                last_inbound_at  BIGINT,
                turns            INTEGER NOT NULL,
                memory           TEXT,
                held             BOOLEAN NOT NULL DEFAULT false,
                person_answered  BOOLEAN NOT NULL DEFAULT false,
                csat_asked_at    BIGINT,
                PRIMARY KEY (channel, thread_id)
            );

            CREATE TABLE contacts (
                channel                   TEXT    NOT NULL,
                sender_id                 TEXT    NOT NULL,
                opted_out                 BOOLEAN NOT NULL,
                changed_at                BIGINT,
                marketing_consent_at      BIGINT,
                marketing_consent_source  TEXT,
                PRIMARY KEY (channel, sender_id)
            );

            CREATE TABLE outbox (
                seq              BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id               TEXT    NOT NULL UNIQUE,
                channel          TEXT    NOT NULL,
                thread_id        TEXT    NOT NULL,
                recipient        TEXT    NOT NULL,
                kind             TEXT    NOT NULL,
                text             TEXT    NOT NULL,
                quick_replies    TEXT,
                in_reply_to      TEXT,
                created_at       BIGINT  NOT NULL,
                state            INTEGER NOT NULL DEFAULT 0,  -- 0 pending, 1 sent, 2 dead, 3 held
                attempts         INTEGER NOT NULL DEFAULT 0,
                next_attempt_at  BIGINT  NOT NULL,
                lease_until      BIGINT,
                last_error       TEXT,
                sent_at          BIGINT
            );
            CREATE INDEX outbox_pending ON outbox (seq) WHERE state = 0;
            CREATE INDEX outbox_pending_thread ON outbox (channel, thread_id, seq) WHERE state = 0;
            CREATE INDEX outbox_dead ON outbox (seq) WHERE state = 2;

            CREATE TABLE transcript (
                seq        BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                channel    TEXT    NOT NULL,
                thread_id  TEXT    NOT NULL,
                at         BIGINT  NOT NULL,
                direction  TEXT    NOT NULL,   -- in, out, event
                kind       TEXT    NOT NULL,
                actor      TEXT,
                text       TEXT,
                ref_id     TEXT
            );
            CREATE INDEX transcript_thread ON transcript (channel, thread_id, seq);
            CREATE INDEX transcript_at ON transcript (at);

            CREATE TABLE handoffs (
                id                  TEXT    PRIMARY KEY,
                channel             TEXT    NOT NULL,
                thread_id           TEXT    NOT NULL,
                sender_id           TEXT    NOT NULL,
                category            TEXT    NOT NULL,
                priority            INTEGER NOT NULL,
                reason              TEXT    NOT NULL,
                summary             TEXT,
                state               TEXT    NOT NULL,   -- queued, assigned, waiting, resolved
                assignee            TEXT,
                messages            INTEGER NOT NULL,
                opened_at           BIGINT  NOT NULL,
                updated_at          BIGINT  NOT NULL,
                warn_at             BIGINT,
                first_response_due  BIGINT,
                resolution_due      BIGINT,
                first_response_at   BIGINT,
                resolved_at         BIGINT,
                team                TEXT    NOT NULL DEFAULT 'support',
                next_check_at       BIGINT,
                fired               TEXT    NOT NULL DEFAULT '',
                customer_tier       TEXT,
                sender_name         TEXT,
                waiting_since       BIGINT,
                waiting_ended_at    BIGINT
            );
            CREATE UNIQUE INDEX handoffs_open_thread ON handoffs (channel, thread_id) WHERE state <> 'resolved';
            CREATE INDEX handoffs_open_due ON handoffs (first_response_due) WHERE state <> 'resolved';
            CREATE INDEX handoffs_next_check ON handoffs (next_check_at) WHERE state <> 'resolved' AND next_check_at IS NOT NULL;
            CREATE INDEX handoffs_opened ON handoffs (opened_at);

            CREATE TABLE escalations (
                seq         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                handoff_id  TEXT    NOT NULL,
                kind        TEXT    NOT NULL,
                tier        INTEGER NOT NULL,
                tier_name   TEXT    NOT NULL,
                due_at      BIGINT  NOT NULL,
                fired_at    BIGINT  NOT NULL,
                fired_by    TEXT    NOT NULL,
                UNIQUE (handoff_id, kind)
            );
            CREATE INDEX escalations_fired ON escalations (fired_at);

            CREATE TABLE notifications (
                seq              BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id               TEXT    NOT NULL UNIQUE,
                escalation_seq   BIGINT  NOT NULL,
                target_kind      TEXT    NOT NULL,   -- webhook, email
                target           TEXT    NOT NULL,
                payload          TEXT    NOT NULL,
                created_at       BIGINT  NOT NULL,
                state            INTEGER NOT NULL DEFAULT 0,  -- 0 pending, 1 sent, 2 dead
                attempts         INTEGER NOT NULL DEFAULT 0,
                next_attempt_at  BIGINT  NOT NULL,
                lease_until      BIGINT,
                last_error       TEXT,
                sent_at          BIGINT
            );
            CREATE INDEX notifications_pending ON notifications (next_attempt_at) WHERE state = 0;

            CREATE TABLE public_invites (
                channel        TEXT    NOT NULL,
                account        TEXT    NOT NULL,
                comment_id     TEXT    NOT NULL,
                author_id      TEXT    NOT NULL,
                author_name    TEXT,
                text           TEXT    NOT NULL,
                invited_at     BIGINT  NOT NULL,
                reply_id       TEXT    NOT NULL,
                linked_thread  TEXT,
                linked_at      BIGINT,
                PRIMARY KEY (channel, comment_id)
            );
            CREATE INDEX public_invites_author ON public_invites (channel, account, author_id, invited_at);

            CREATE TABLE csat (
                handoff_id   TEXT    PRIMARY KEY,
                channel      TEXT    NOT NULL,
                thread_id    TEXT    NOT NULL,
                sender_id    TEXT    NOT NULL,
                due_at       BIGINT  NOT NULL,
                state        TEXT    NOT NULL,   -- scheduled, asked, answered, skipped
                asked_at     BIGINT,
                score        INTEGER,
                answer       TEXT,
                answered_at  BIGINT,
                note         TEXT
            );
            CREATE INDEX csat_due ON csat (due_at) WHERE state = 'scheduled';
            CREATE INDEX csat_thread ON csat (channel, thread_id) WHERE state = 'asked';
            """),
        (2, """
            -- Replies of a thread go out one after another. A reply written while an earlier one of its thread is pending
            -- waits (blocked) and is let go when that one is sent, held or dead, so a claim scans only sendable rows
            -- (under load most pending replies wait behind another; scanning past them made each claim cost 20-40 ms).
            ALTER TABLE outbox ADD COLUMN blocked BOOLEAN NOT NULL DEFAULT FALSE;
            UPDATE outbox SET blocked = TRUE WHERE state = 0 AND EXISTS (
                SELECT 1 FROM outbox p WHERE p.state = 0 AND p.channel = outbox.channel AND p.thread_id = outbox.thread_id AND p.seq < outbox.seq);
            CREATE INDEX outbox_ready ON outbox (seq) WHERE state = 0 AND NOT blocked;
            -- Who holds a claim, so the claims of an instance that stopped are given back as soon as it is seen dead.
            ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
            ALTER TABLE notifications ADD COLUMN lease_owner TEXT;
            CREATE TABLE instances (
                id            TEXT    PRIMARY KEY,
                host          TEXT    NOT NULL,
                started_at    BIGINT  NOT NULL,
                heartbeat_at  BIGINT  NOT NULL
            );
            """),
        (3, """
            -- Queue tables: every row is inserted, updated a few times and finished, so their partial indexes fill with
            -- entries of finished rows that each claim must step over until a vacuum removes them (a claim of the outbox
            -- after a burst took 18 ms, most of it checking such entries). Vacuum them after a thousand changed rows,
            -- not after a fifth of the table as by default, and analyze them as often.
            ALTER TABLE inbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
                                   autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
            ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
                                    autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
            ALTER TABLE notifications SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
                                           autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
            """),
        (4, """
            -- Transparency: when a thread was last told it talks to an automated system, and when a person last handed it
            -- back; a DM whose payment details were masked before it was stored.
            ALTER TABLE conversations ADD COLUMN disclosed_at BIGINT;
            ALTER TABLE conversations ADD COLUMN handed_back_at BIGINT;
            ALTER TABLE inbox ADD COLUMN payment_masked BOOLEAN NOT NULL DEFAULT FALSE;
            -- Erasure and retention (GDPR Art. 17, 5(1)(e)): platform ids of erased DMs (a redelivery is not stored again),
            -- the privacy log (exports, erasures, retention runs; a subject only as a keyed hash), and that hash's key.
            CREATE TABLE erased_messages (
                channel      TEXT    NOT NULL,
                platform_id  TEXT    NOT NULL,
                erased_at    BIGINT  NOT NULL,
                PRIMARY KEY (channel, platform_id)
            );
            CREATE TABLE privacy_log (
                seq      BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at       BIGINT  NOT NULL,
                action   TEXT    NOT NULL,
                actor    TEXT    NOT NULL,
                subject  TEXT,
                counts   TEXT    NOT NULL
            );
            CREATE TABLE privacy_keys (
                name   TEXT PRIMARY KEY,
                value  TEXT NOT NULL
            );
            CREATE INDEX conversations_sender ON conversations (channel, sender_id);
            CREATE INDEX inbox_sender ON inbox (channel, sender_id);
            CREATE INDEX inbox_thread ON inbox (channel, thread_id);
            CREATE INDEX outbox_thread ON outbox (channel, thread_id);
            CREATE INDEX handoffs_thread ON handoffs (channel, thread_id);
            """),
        (5, """
            -- Brand accounts that withdrew the app's access (X's user_event revoke): nothing is sent for them until the
            -- operator configures a new token. token_fingerprint says which token was revoked; a different one resumes.
            CREATE TABLE channel_accounts (
                channel            TEXT    NOT NULL,
                account            TEXT    NOT NULL,
                disconnected_at    BIGINT  NOT NULL,
                reason             TEXT    NOT NULL,
                token_fingerprint  TEXT    NOT NULL,
                PRIMARY KEY (channel, account)
            );
            """),
        (6, """
            -- Sales a shop reported (POST /api/conversions), idempotent on the order id, attributed to the customer's DM
            -- thread that led to them (thread_id, or NULL while none did); value as a decimal string, summed exactly.
            CREATE TABLE conversions (
                order_id     TEXT    PRIMARY KEY,
                channel      TEXT    NOT NULL,
                sender_id    TEXT    NOT NULL,
                value        TEXT    NOT NULL,
                currency     TEXT    NOT NULL,
                at           BIGINT  NOT NULL,
                recorded_at  BIGINT  NOT NULL,
                source       TEXT    NOT NULL,
                thread_id    TEXT,
                first_dm_at  BIGINT,
                category     TEXT
            );
            CREATE INDEX conversions_unattributed ON conversions (channel, sender_id) WHERE thread_id IS NULL;
            CREATE INDEX conversions_at ON conversions (at);
            -- Complaints, each counted once where it was raised: a DM thread ('dm', ref = the thread id) or a public
            -- comment or mention ('public', ref = 'comment:' and its id), the latter with the DM thread it moved to.
            CREATE TABLE complaints (
                channel       TEXT    NOT NULL,
                ref           TEXT    NOT NULL,
                raised_in     TEXT    NOT NULL,
                at            BIGINT  NOT NULL,
                moved_thread  TEXT,
                moved_at      BIGINT,
                PRIMARY KEY (channel, ref)
            );
            CREATE INDEX complaints_at ON complaints (at);
            """),
        (7, """
            -- Room on every page of the queues for their rows' next versions: a claim's lease and a retry's next attempt
            -- change no indexed column, so with room on the page PostgreSQL updates the row in place (HOT) instead of
            -- adding an entry to each of the table's indexes.
            ALTER TABLE outbox SET (fillfactor = 70);
            ALTER TABLE inbox SET (fillfactor = 70);
            ALTER TABLE notifications SET (fillfactor = 70);
            """),
        (8, """
            -- The blocked replies, for the sender's sweep that lets go one whose predecessor left in a concurrent
            -- transaction (OutboxStore.Unblock): it walked every pending reply, 20-90 ms a sweep with a backlog under load.
            CREATE INDEX outbox_blocked ON outbox (seq) WHERE state = 0 AND blocked;
            """),
        (9, """
            -- An escalation is what one check fired for one hand-off (see the SQLite migration 14). No default and no
            -- backfill: adding a nullable column rewrites nothing, so the table is not locked for longer than a moment.
            ALTER TABLE escalations ADD COLUMN kinds TEXT;
            ALTER TABLE escalations ADD COLUMN earlier TEXT;
            """),
        (10, """
            -- Until when a person who answered in the platform's own inbox holds the thread (see the SQLite migration 15).
            ALTER TABLE conversations ADD COLUMN person_hold_until BIGINT;
            """),
        (11, """
            -- A thread waiting in a flow that only a person can finish (see the SQLite migration 16).
            CREATE TABLE flow_lapses (
                channel    TEXT     NOT NULL,
                thread_id  TEXT     NOT NULL,
                sender_id  TEXT     NOT NULL,
                due_at     BIGINT   NOT NULL,
                turns      INTEGER  NOT NULL,
                PRIMARY KEY (channel, thread_id)
            );
            CREATE INDEX flow_lapses_due ON flow_lapses (due_at);
            """),
    ];

    public static int Latest => Steps[^1].Version;

    const string TakeLockSql = "SELECT pg_advisory_xact_lock(@key)";
    const string CreateVersionsSql = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)";
    const string AppliedSql = "SELECT MAX(version) FROM schema_migrations";
    const string RecordSql = "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, now())";

    /// Brings the database to <see cref="Latest"/>; returns the versions this call applied (none when another instance did).
    public static IReadOnlyList<int> Apply(NpgsqlDataSource database)
    {
        using var connection = database.OpenConnection();
        using var tx = connection.BeginTransaction();
        connection.Execute(TakeLockSql, new { key = LockKey }, tx);
        connection.Execute(CreateVersionsSql, transaction: tx);
        var applied = connection.ExecuteScalar<int?>(AppliedSql, transaction: tx) ?? 0;
        if (applied > Latest)
            throw new InvalidOperationException($"the database is at schema version {applied}, newer than this build knows ({Latest}); run a newer AutoReply");
        var done = new List<int>();
        foreach (var (version, sql) in Steps.Where(s => s.Version > applied))
        {
            connection.Execute(sql, transaction: tx);
            connection.Execute(RecordSql, new { version }, tx);
            done.Add(version);
        }
        tx.Commit();
        return done;
    }
}
