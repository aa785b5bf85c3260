using System.Data.Common;
using System.Text.Json;
using AutoReply.Core.Engine;
using AutoReply.Core.Messages;
using AutoReply.Core.Threads;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using static AutoReply.Storage.PreparedStatements;

namespace AutoReply.Storage.Conversations;

/// The engine's memory between turns: one row per thread (conversations) and one per sender (contacts).
public sealed class ConversationStore
{
    const string LoadThreadSql = """
        SELECT language, last_ack_at, last_inbound_at, turns, memory, held, person_answered, csat_asked_at, disclosed_at, handed_back_at,
            person_hold_until
        FROM conversations WHERE channel = @channel AND thread_id = @threadId
        """;

    public ConversationState LoadThread(ThreadKey key, DbConnection db, DbTransaction? tx = null) =>
        db.QueryRow(tx, LoadThreadSql, r => Thread(key, r), ("@channel", key.Channel), ("@threadId", key.ThreadId)) ?? ConversationState.New(key);

    static ConversationState Thread(ThreadKey key, DbDataReader r) =>
        new(key, r.IsDBNull(0) ? null : r.GetString(0), At(r, 1), At(r, 2), r.GetInt32(3),
            r.IsDBNull(4) ? ThreadMemory.Empty : JsonSerializer.Deserialize<ThreadMemory>(r.GetString(4)) ?? ThreadMemory.Empty)
        {
            HeldByPerson = r.GetBoolean(5),
            PersonAnswered = r.GetBoolean(6),
            CsatAskedAt = At(r, 7),
            DisclosedAt = At(r, 8),
            HandedBackAt = At(r, 9),
            PersonHoldUntil = At(r, 10),
        };

    // Both rows a turn starts from, either of which may be missing; read one by one or a batch at once.
    const string TurnStartColumns = """
        c.language, c.last_ack_at, c.last_inbound_at, c.turns, c.memory, c.held, c.person_answered, c.csat_asked_at,
        c.disclosed_at, c.handed_back_at, c.person_hold_until, c.thread_id IS NOT NULL, k.opted_out, k.changed_at, k.sender_id IS NOT NULL
        """;

    // One turn's start in one statement (one round trip where the database is a server).
    const string LoadTurnSql = "SELECT " + TurnStartColumns + "\n" + """
        FROM (SELECT 1 AS one) x
        LEFT JOIN conversations c ON c.channel = @channel AND c.thread_id = @threadId
        LEFT JOIN contacts k ON k.channel = @channel AND k.sender_id = @senderId
        """;

    /// What a turn starts from: the thread's state and its sender's (each new when there is none yet).
    public (ConversationState Thread, ContactState Contact) LoadTurn(ThreadKey key, string senderId, DbConnection db) =>
        db.QueryRow(null, LoadTurnSql, r => TurnStartOf(key, senderId, r),
            ("@channel", key.Channel), ("@threadId", key.ThreadId), ("@senderId", senderId)) is { } start
            ? (start.Thread, start.Contact)
            : (ConversationState.New(key), ContactState.New(key.Channel, senderId));

    /// A row of <see cref="TurnStartColumns"/> as the states a turn starts from.
    static TurnStart TurnStartOf(ThreadKey key, string senderId, DbDataReader r) => new(
        r.GetBoolean(11) ? Thread(key, r) : ConversationState.New(key),
        r.GetBoolean(14) ? new ContactState(key.Channel, senderId, r.GetBoolean(12), At(r, 13)) : ContactState.New(key.Channel, senderId));

    sealed record TurnStart(ConversationState Thread, ContactState Contact);

    // PostgreSQL: the starts of a whole batch of DMs in one round trip, the (channel, thread, sender) triples as arrays, planned
    // once per connection (GenericPlanSql). Each thread and contact is looked up by its key (LATERAL … LIMIT 1, which the
    // planner cannot fold into a join): planned for arrays of any length, the plain joins hashed whole tables, and the
    // statement took 0.27 ms against 0.08 ms.
    const string LoadTurnsPostgresSql = Postgres.PostgresDatabase.GenericPlanSql + ";\nSELECT " + TurnStartColumns + ", q.i\n" + """
        FROM unnest(@channels::text[], @threadIds::text[], @senderIds::text[]) WITH ORDINALITY AS q(channel, thread_id, sender_id, i)
        LEFT JOIN LATERAL (SELECT * FROM conversations t WHERE t.channel = q.channel AND t.thread_id = q.thread_id LIMIT 1) c ON TRUE
        LEFT JOIN LATERAL (SELECT * FROM contacts s WHERE s.channel = q.channel AND s.sender_id = q.sender_id LIMIT 1) k ON TRUE
        """;

    /// <see cref="LoadTurn"/> for each of <paramref name="starts"/>, in their order: on PostgreSQL in one statement (a lane's
    /// batch of DMs was one round trip per DM, 15% of the service's CPU under load), awaited: the lane's thread goes back
    /// to the pool while the server works (sixteen lanes waiting on the server held as many pool threads, and DMs waited
    /// for the pool to grow). On SQLite one by one, in process.
    public async Task<IReadOnlyList<(ConversationState Thread, ContactState Contact)>> LoadTurns(IReadOnlyList<(ThreadKey Key, string SenderId)> starts,
        DbConnection db, CancellationToken ct = default)
    {
        if (db is not Npgsql.NpgsqlConnection) return [.. starts.Select(s => LoadTurn(s.Key, s.SenderId, db))];
        var result = new (ConversationState, ContactState)[starts.Count];
        await db.QueryRowsAsync(null, LoadTurnsPostgresSql, setUp: 1, r =>
            {
                var i = (int)r.GetInt64(15) - 1;
                var start = TurnStartOf(starts[i].Key, starts[i].SenderId, r);
                result[i] = (start.Thread, start.Contact);
                return i;
            }, ct,
            ("@channels", starts.Select(s => s.Key.Channel).ToArray()), ("@threadIds", starts.Select(s => s.Key.ThreadId).ToArray()),
            ("@senderIds", starts.Select(s => s.SenderId).ToArray()));
        return result;
    }

    const string SaveThreadSql = """
        INSERT INTO conversations (channel, thread_id, sender_id, language, last_ack_at, last_inbound_at, turns, memory, held, csat_asked_at, disclosed_at)
        VALUES (@channel, @threadId, @senderId, @language, CAST(@lastAckAt AS BIGINT), CAST(@lastInboundAt AS BIGINT), @turns, @memory, @held,
                CAST(@csatAskedAt AS BIGINT), CAST(@disclosedAt AS BIGINT))
        ON CONFLICT (channel, thread_id) DO UPDATE SET
            language = excluded.language, last_ack_at = excluded.last_ack_at, csat_asked_at = excluded.csat_asked_at,
            disclosed_at = COALESCE(excluded.disclosed_at, conversations.disclosed_at),
            last_inbound_at = excluded.last_inbound_at, turns = excluded.turns, memory = excluded.memory,
            held = (excluded.held OR conversations.held)
        """;

    /// Saves what a turn changed. The hold is not the turn's copy of the flag but whether the turn put the thread on
    /// hold (<see cref="TurnDecision.PutsOnHold"/>): the upsert ORs it into the row as it is when it runs (deferred, see
    /// <see cref="PreparedStatements.Defer"/>), so an agent's release while the turn ran stands.
    /// The disclosure time is written only by a turn that told (<paramref name="disclosed"/>, <see cref="TurnResult.Disclosed"/>).
    public void SaveThread(ConversationState s, bool putsOnHold, bool disclosed, string senderId, DbConnection db, DbTransaction tx) =>
        db.Defer(tx, SaveThreadSql, ("@channel", s.Key.Channel), ("@threadId", s.Key.ThreadId), ("@senderId", senderId), ("@language", Typed(s.Language)),
            ("@lastAckAt", Typed(Ms(s.LastAckAt))), ("@lastInboundAt", Typed(Ms(s.LastInboundAt))), ("@turns", s.Turns),
            ("@memory", Typed(s.Memory == ThreadMemory.Empty ? null : JsonSerializer.Serialize(s.Memory))), ("@held", putsOnHold),
            ("@csatAskedAt", Typed(Ms(s.CsatAskedAt))), ("@disclosedAt", Typed(disclosed ? Ms(s.DisclosedAt) : null)));

    const string ReleaseSql = "UPDATE conversations SET held = @no WHERE channel = @channel AND thread_id = @threadId AND person_answered = @no";

    /// A turn let go of the thread's hold (<see cref="TurnDecision.ReleasesHold"/>: an opt-in after a hold only the opt-out
    /// made), after its save: unless a person has answered in the thread meanwhile.
    public void Release(ThreadKey key, DbConnection db, DbTransaction tx) =>
        db.Defer(tx, ReleaseSql, ("@no", false), ("@channel", key.Channel), ("@threadId", key.ThreadId));

    // person_answered and handed_back_at are written only here, by the agent API: a turn never changes them, so a turn's
    // save cannot undo them.
    const string HoldSql = "UPDATE conversations SET held = @held, person_answered = @answered WHERE channel = @Channel AND thread_id = @ThreadId";
    const string HandBackSql = """
        UPDATE conversations SET held = @held, person_answered = @answered, handed_back_at = CASE WHEN @spoke THEN @now ELSE handed_back_at END
        WHERE channel = @Channel AND thread_id = @ThreadId
        """;

    /// A person took over (answered = true) or let go (held = false, answered = false). Letting go of a hand-off a person
    /// answered in (<paramref name="personSpoke"/>) hands the thread back to automation at <paramref name="now"/>: its next
    /// automated message is preceded by the disclosure again. One no person answered in leaves the customer talking to the
    /// bot all along: no second disclosure (QA, session 30: one came 11 seconds after the first).
    public void SetHold(ThreadKey key, bool held, bool answered, Instant now, DbConnection db, DbTransaction tx, bool personSpoke = true) =>
        db.Execute(held ? HoldSql : HandBackSql, new { key.Channel, key.ThreadId, held, answered, spoke = personSpoke, now = now.ToUnixTimeMilliseconds() }, tx);

    // Only ever later: a second reply, or a retried delivery of the first, never shortens the hold. The row may not exist
    // yet: the person can answer before the customer's first DM is decided, and that turn must find the hold.
    const string HoldForPersonSql = """
        INSERT INTO conversations (channel, thread_id, sender_id, turns, person_hold_until)
        VALUES (@Channel, @ThreadId, @senderId, 0, @until)
        ON CONFLICT (channel, thread_id) DO UPDATE SET person_hold_until = excluded.person_hold_until
        WHERE conversations.person_hold_until IS NULL OR conversations.person_hold_until < excluded.person_hold_until
        """;

    /// A person answered the thread in the platform's own inbox: the bot stays out of it until <paramref name="until"/>.
    public void HoldForPerson(ThreadKey key, string senderId, Instant until, DbConnection db, DbTransaction tx) =>
        db.Execute(HoldForPersonSql, new { key.Channel, key.ThreadId, senderId, until = until.ToUnixTimeMilliseconds() }, tx);

    const string LanguageSql = "SELECT language FROM conversations WHERE channel = @Channel AND thread_id = @ThreadId";

    /// The language the thread was last spoken in, if it has one yet.
    public string? Language(ThreadKey key, DbConnection db, DbTransaction? tx = null) =>
        db.ExecuteScalar<string?>(LanguageSql, new { key.Channel, key.ThreadId }, tx);

    const string LastInboundAtSql = "SELECT last_inbound_at FROM conversations WHERE channel = @Channel AND thread_id = @ThreadId";

    /// When the customer last wrote in the thread: the platforms' messaging windows count from it.
    public Instant? LastInboundAt(ThreadKey key, DbConnection db) =>
        db.ExecuteScalar<long?>(LastInboundAtSql, new { key.Channel, key.ThreadId }) is { } ms ? Instant.FromUnixTimeMilliseconds(ms) : null;

    const string ThreadExistsSql = "SELECT EXISTS (SELECT 1 FROM conversations WHERE channel = @Channel AND thread_id = @ThreadId)";

    public bool ThreadExists(ThreadKey key, DbConnection db) => db.ExecuteScalar<bool>(ThreadExistsSql, new { key.Channel, key.ThreadId });

    const string LoadContactSql = "SELECT opted_out AS OptedOut, changed_at AS ChangedAt FROM contacts WHERE channel = @channel AND sender_id = @senderId";

    public ContactState LoadContact(string channel, string senderId, DbConnection db, DbTransaction? tx = null)
    {
        return db.QueryRow(tx, LoadContactSql, r => new ContactState(channel, senderId, r.GetBoolean(0), At(r, 1)),
            ("@channel", channel), ("@senderId", senderId)) ?? ContactState.New(channel, senderId);
    }

    const string SaveContactSql = """
        INSERT INTO contacts (channel, sender_id, opted_out, changed_at) VALUES (@channel, @senderId, @optedOut, CAST(@changedAt AS BIGINT))
        ON CONFLICT (channel, sender_id) DO UPDATE SET opted_out = excluded.opted_out, changed_at = excluded.changed_at,
            -- STOP withdraws marketing consent for good: a later START turns automated replies back on, not marketing. Only
            -- the STOP itself does: a consent given after it stays while the sender, still opted out, writes on.
            marketing_consent_at = CASE WHEN excluded.opted_out AND NOT contacts.opted_out THEN NULL ELSE contacts.marketing_consent_at END,
            marketing_consent_source = CASE WHEN excluded.opted_out AND NOT contacts.opted_out THEN NULL ELSE contacts.marketing_consent_source END
        """;

    public void SaveContact(ContactState c, DbConnection db, DbTransaction tx) =>
        db.Defer(tx, SaveContactSql, ("@channel", c.Channel), ("@senderId", c.SenderId), ("@optedOut", c.OptedOut), ("@changedAt", Typed(Ms(c.ChangedAt))));

    static long? Ms(Instant? i) => i?.ToUnixTimeMilliseconds();
    static Instant? At(DbDataReader r, int column) => r.IsDBNull(column) ? null : Instant.FromUnixTimeMilliseconds(r.GetInt64(column));
}
