using Dapper;

namespace AutoReply.Storage.Sqlite;

/// The schema, as numbered steps applied in order and recorded in schema_migrations.
/// A step is never edited once released; a change is a new step. Two instances starting together are safe:
/// the write transaction makes the second wait, and it then finds the steps applied.
public static class Migrations
{
    static readonly (int Version, string Sql)[] Steps =
    [
        (1, """
            CREATE TABLE inbox (
                seq          INTEGER PRIMARY KEY AUTOINCREMENT,
                channel      TEXT    NOT NULL,
                platform_id  TEXT    NOT NULL,
                thread_id    TEXT    NOT NULL,
                sender_id    TEXT    NOT NULL,
                sender_name  TEXT,
                text         TEXT    NOT NULL,
                sent_at      INTEGER NOT NULL,
                received_at  INTEGER NOT NULL,
                state        INTEGER NOT NULL DEFAULT 0,   -- 0 pending, 1 decided, 2 failed
                lease_owner  TEXT,
                lease_until  INTEGER,
                decided_at   INTEGER,
                error        TEXT,
                UNIQUE (channel, platform_id)
            );
            CREATE INDEX inbox_pending ON inbox (seq) WHERE state = 0;
            CREATE INDEX inbox_pending_thread ON inbox (channel, thread_id) WHERE state = 0;

            CREATE TABLE conversations (
                channel          TEXT    NOT NULL,
                thread_id        TEXT    NOT NULL,
                sender_id        TEXT    NOT NULL,
                language         TEXT,
                last_ack_at      INTEGER,
                last_inbound_at  INTEGER,
                turns            INTEGER NOT NULL,
                PRIMARY KEY (channel, thread_id)
            ) WITHOUT ROWID;

            CREATE TABLE contacts (
                channel     TEXT    NOT NULL,
                sender_id   TEXT    NOT NULL,
                opted_out   INTEGER NOT NULL,
                changed_at  INTEGER,
                PRIMARY KEY (channel, sender_id)
            ) WITHOUT ROWID;

            CREATE TABLE outbox (
                seq              INTEGER PRIMARY KEY AUTOINCREMENT,
                id               TEXT    NOT NULL UNIQUE,
                channel          TEXT    NOT NULL,
                thread_id        TEXT    NOT NULL,
                recipient        TEXT    NOT NULL,
                kind             TEXT    NOT NULL,
                text             TEXT    NOT NULL,
                quick_replies    TEXT,
                in_reply_to      TEXT,
                created_at       INTEGER NOT NULL,
                state            INTEGER NOT NULL DEFAULT 0,  -- 0 pending, 1 sent, 2 dead
                attempts         INTEGER NOT NULL DEFAULT 0,
                next_attempt_at  INTEGER NOT NULL,
                lease_until      INTEGER,
                last_error       TEXT,
                sent_at          INTEGER
            );
            CREATE INDEX outbox_pending ON outbox (seq) WHERE state = 0;
            CREATE INDEX outbox_pending_thread ON outbox (channel, thread_id, seq) WHERE state = 0;
            CREATE INDEX outbox_dead ON outbox (seq) WHERE state = 2;

            CREATE TABLE transcript (
                seq        INTEGER PRIMARY KEY AUTOINCREMENT,
                channel    TEXT    NOT NULL,
                thread_id  TEXT    NOT NULL,
                at         INTEGER NOT NULL,
                direction  TEXT    NOT NULL,   -- in, out, event
                kind       TEXT    NOT NULL,
                actor      TEXT,
                text       TEXT,
                ref_id     TEXT
            );
            CREATE INDEX transcript_thread ON transcript (channel, thread_id, seq);
            """),
        (2, """
            -- What the engine remembers between turns beyond the columns: a pending "Did you mean …?", reply variants.
            ALTER TABLE conversations ADD COLUMN memory TEXT;
            """),
        (3, """
            -- Photos and files sent with a DM, as JSON [{"kind","url"}].
            ALTER TABLE inbox ADD COLUMN attachments TEXT;
            """),
        (4, """
            -- The hand-off queue: at most one open hand-off per thread; later DMs are added to it.
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
                opened_at           INTEGER NOT NULL,
                updated_at          INTEGER NOT NULL,
                warn_at             INTEGER,
                first_response_due  INTEGER,
                resolution_due      INTEGER,
                first_response_at   INTEGER,
                resolved_at         INTEGER
            );
            CREATE UNIQUE INDEX handoffs_open_thread ON handoffs (channel, thread_id) WHERE state <> 'resolved';
            CREATE INDEX handoffs_open_due ON handoffs (first_response_due) WHERE state <> 'resolved';
            """),
        (5, """
            -- Which team works a hand-off (routed by category).
            ALTER TABLE handoffs ADD COLUMN team TEXT NOT NULL DEFAULT 'support';
            """),
        (6, """
            -- A person holds the thread (the bot stays quiet), and whether that person has written yet.
            ALTER TABLE conversations ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE conversations ADD COLUMN person_answered INTEGER NOT NULL DEFAULT 0;
            """),
        (7, """
            -- Escalation: when the check next has something to do for an open hand-off, what has fired for it, the
            -- customer's tier, and the waiting-for-customer pause (the resolution clock stops while it lasts).
            ALTER TABLE handoffs ADD COLUMN next_check_at INTEGER;
            ALTER TABLE handoffs ADD COLUMN fired TEXT NOT NULL DEFAULT '';
            ALTER TABLE handoffs ADD COLUMN customer_tier TEXT;
            ALTER TABLE handoffs ADD COLUMN sender_name TEXT;
            ALTER TABLE handoffs ADD COLUMN waiting_since INTEGER;
            ALTER TABLE handoffs ADD COLUMN waiting_ended_at INTEGER;
            UPDATE handoffs SET next_check_at = COALESCE(warn_at, first_response_due, resolution_due) WHERE state <> 'resolved';
            CREATE INDEX handoffs_next_check ON handoffs (next_check_at) WHERE state <> 'resolved' AND next_check_at IS NOT NULL;
            CREATE INDEX handoffs_opened ON handoffs (opened_at);

            -- Every escalation, once: the unique key is what makes it fire exactly once, whichever instance checks.
            CREATE TABLE escalations (
                seq         INTEGER PRIMARY KEY AUTOINCREMENT,
                handoff_id  TEXT    NOT NULL,
                kind        TEXT    NOT NULL,
                tier        INTEGER NOT NULL,
                tier_name   TEXT    NOT NULL,
                due_at      INTEGER NOT NULL,
                fired_at    INTEGER NOT NULL,
                fired_by    TEXT    NOT NULL,
                UNIQUE (handoff_id, kind)
            );
            CREATE INDEX escalations_fired ON escalations (fired_at);

            -- Notifications of escalations (webhook or e-mail), delivered with retries like the outbox.
            CREATE TABLE notifications (
                seq              INTEGER PRIMARY KEY AUTOINCREMENT,
                id               TEXT    NOT NULL UNIQUE,
                escalation_seq   INTEGER NOT NULL,
                target_kind      TEXT    NOT NULL,   -- webhook, email
                target           TEXT    NOT NULL,
                payload          TEXT    NOT NULL,
                created_at       INTEGER NOT NULL,
                state            INTEGER NOT NULL DEFAULT 0,  -- 0 pending, 1 sent, 2 dead
                attempts         INTEGER NOT NULL DEFAULT 0,
                next_attempt_at  INTEGER NOT NULL,
                lease_until      INTEGER,
                last_error       TEXT,
                sent_at          INTEGER
            );
            CREATE INDEX notifications_pending ON notifications (next_attempt_at) WHERE state = 0;
            """),
        (8, """
            -- Public comments answered with an invitation to DM (once per comment), and the DM that followed.
            CREATE TABLE public_invites (
                channel        TEXT    NOT NULL,
                account        TEXT    NOT NULL,
                comment_id     TEXT    NOT NULL,
                author_id      TEXT    NOT NULL,
                author_name    TEXT,
                text           TEXT    NOT NULL,
                invited_at     INTEGER NOT NULL,
                reply_id       TEXT    NOT NULL,
                linked_thread  TEXT,
                linked_at      INTEGER,
                PRIMARY KEY (channel, comment_id)
            ) WITHOUT ROWID;
            CREATE INDEX public_invites_author ON public_invites (channel, account, author_id, invited_at);
            -- Marketing consent: when and where the customer gave it (null: never, or withdrawn).
            ALTER TABLE contacts ADD COLUMN marketing_consent_at INTEGER;
            ALTER TABLE contacts ADD COLUMN marketing_consent_source TEXT;
            -- Inbox state 3: withdrawn (the customer deleted the DM before it was answered); outbox state 3: held.
            """),
        (9, """
            -- Customer satisfaction after a resolved hand-off: the question is due at due_at (sent only inside the
            -- platform's window, never to an opted-out sender); the answer, 1–5, is kept with the thread.
            CREATE TABLE csat (
                handoff_id   TEXT    PRIMARY KEY,
                channel      TEXT    NOT NULL,
                thread_id    TEXT    NOT NULL,
                sender_id    TEXT    NOT NULL,
                due_at       INTEGER NOT NULL,
                state        TEXT    NOT NULL,   -- scheduled, asked, answered, skipped
                asked_at     INTEGER,
                score        INTEGER,
                answer       TEXT,
                answered_at  INTEGER,
                note         TEXT
            ) WITHOUT ROWID;
            CREATE INDEX csat_due ON csat (due_at) WHERE state = 'scheduled';
            CREATE INDEX csat_thread ON csat (channel, thread_id) WHERE state = 'asked';
            CREATE INDEX transcript_at ON transcript (at);
            ALTER TABLE conversations ADD COLUMN csat_asked_at INTEGER;
            """),
        (10, """
            -- Replies of a thread go out one after another. A reply written while an earlier one of its thread is pending
            -- waits (blocked) and is let go when that one is sent, held or dead, so a claim scans only sendable rows
            -- (under load most pending replies wait behind another; scanning past them made each claim cost 20-40 ms).
            ALTER TABLE outbox ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;
            UPDATE outbox SET blocked = TRUE WHERE state = 0 AND EXISTS (
                SELECT 1 FROM outbox p WHERE p.state = 0 AND p.channel = outbox.channel AND p.thread_id = outbox.thread_id AND p.seq < outbox.seq);
            CREATE INDEX outbox_ready ON outbox (seq) WHERE state = 0 AND NOT blocked;
            -- Who holds a claim, so the claims of an instance that stopped are given back as soon as it is seen dead.
            ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
            ALTER TABLE notifications ADD COLUMN lease_owner TEXT;
            CREATE TABLE instances (
                id            TEXT    PRIMARY KEY,
                host          TEXT    NOT NULL,
                started_at    INTEGER NOT NULL,
                heartbeat_at  INTEGER NOT NULL
            );
            """),
        (11, """
            -- Transparency: when a thread was last told it talks to an automated system, and when a person last handed it
            -- back; a DM whose payment details were masked before it was stored.
            ALTER TABLE conversations ADD COLUMN disclosed_at INTEGER;
            ALTER TABLE conversations ADD COLUMN handed_back_at INTEGER;
            ALTER TABLE inbox ADD COLUMN payment_masked INTEGER NOT NULL DEFAULT 0;
            -- Erasure and retention (GDPR Art. 17, 5(1)(e)): platform ids of erased DMs (a redelivery is not stored again),
            -- the privacy log (exports, erasures, retention runs; a subject only as a keyed hash), and that hash's key.
            CREATE TABLE erased_messages (
                channel      TEXT    NOT NULL,
                platform_id  TEXT    NOT NULL,
                erased_at    INTEGER NOT NULL,
                PRIMARY KEY (channel, platform_id)
            ) WITHOUT ROWID;
            CREATE TABLE privacy_log (
                seq      INTEGER PRIMARY KEY AUTOINCREMENT,
                at       INTEGER NOT NULL,
                action   TEXT    NOT NULL,   -- export, erasure, retention
                actor    TEXT    NOT NULL,
                subject  TEXT,
                counts   TEXT    NOT NULL
            );
            CREATE TABLE privacy_keys (
                name   TEXT PRIMARY KEY,
                value  TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX conversations_sender ON conversations (channel, sender_id);
            CREATE INDEX inbox_sender ON inbox (channel, sender_id);
            CREATE INDEX inbox_thread ON inbox (channel, thread_id);
            CREATE INDEX outbox_thread ON outbox (channel, thread_id);
            CREATE INDEX handoffs_thread ON handoffs (channel, thread_id);
            """),
        (12, """
            -- Brand accounts that withdrew the app's access (X's user_event revoke): nothing is sent for them until the
            -- operator configures a new token. token_fingerprint says which token was revoked; a different one resumes.
            CREATE TABLE channel_accounts (
                channel            TEXT    NOT NULL,
                account            TEXT    NOT NULL,
                disconnected_at    INTEGER NOT NULL,
                reason             TEXT    NOT NULL,
                token_fingerprint  TEXT    NOT NULL,
                PRIMARY KEY (channel, account)
            ) WITHOUT ROWID;
            """),
        (13, """
            -- Sales a shop reported (POST /api/conversions), idempotent on the order id, attributed to the customer's DM
            -- thread that led to them (thread_id, or NULL while none did); value as a decimal string, summed exactly.
            CREATE TABLE conversions (
                order_id     TEXT    PRIMARY KEY,
                channel      TEXT    NOT NULL,
                sender_id    TEXT    NOT NULL,
                value        TEXT    NOT NULL,
                currency     TEXT    NOT NULL,
                at           INTEGER  NOT NULL,
                recorded_at  INTEGER  NOT NULL,
                source       TEXT    NOT NULL,
                thread_id    TEXT,
                first_dm_at  INTEGER,
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
                at            INTEGER  NOT NULL,
                moved_thread  TEXT,
                moved_at      INTEGER,
                PRIMARY KEY (channel, ref)
            );
            CREATE INDEX complaints_at ON complaints (at);
            """),
        (14, """
            -- An escalation is what one check fired for one hand-off: steps that fell due together (after an outage, say)
            -- are one row, the latest in its own columns, every kind in kinds and the earlier ones in earlier (JSON:
            -- [[kind, tier, tier name, due at], …]). A row without kinds (written before, or by an older instance during an
            -- upgrade) is one step: readers take COALESCE(kinds, kind).
            ALTER TABLE escalations ADD COLUMN kinds TEXT;
            ALTER TABLE escalations ADD COLUMN earlier TEXT;
            """),
        (15, """
            -- Until when a person of the brand holds the thread because they answered it in the platform's own inbox (Meta
            -- Business Suite, X's app): the bot stays out of it without a hand-off (epoch ms; NULL: never).
            ALTER TABLE conversations ADD COLUMN person_hold_until INTEGER;
            """),
        (16, """
            -- A thread waiting in a flow that only a person can finish (a callback, a lead, a refund): when the customer
            -- has not written by due_at (Flows:Timeout after the flow's last step), a person gets what it collected. turns
            -- is the thread's turn count the row was written at: a row the thread has moved on from is stale.
            CREATE TABLE flow_lapses (
                channel    TEXT     NOT NULL,
                thread_id  TEXT     NOT NULL,
                sender_id  TEXT     NOT NULL,
                due_at     INTEGER  NOT NULL,
                turns      INTEGER  NOT NULL,
                PRIMARY KEY (channel, thread_id)
            );
            CREATE INDEX flow_lapses_due ON flow_lapses (due_at);
            """),
    ];

    public static int Latest => Steps[^1].Version;

    public static void Apply(SqliteDatabase database)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)", transaction: tx);
        var applied = connection.ExecuteScalar<int?>("SELECT MAX(version) FROM schema_migrations", transaction: tx) ?? 0;
        if (applied > Latest)
            throw new InvalidOperationException($"the database is at schema version {applied}, newer than this build knows ({Latest}); run a newer AutoReply");
        foreach (var (version, sql) in Steps.Where(s => s.Version > applied))
        {
            connection.Execute(sql, transaction: tx);
            connection.Execute("INSERT INTO schema_migrations (version, applied_at) VALUES (@version, datetime('now'))", new { version }, tx);
        }
        tx.Commit();
    }
}
