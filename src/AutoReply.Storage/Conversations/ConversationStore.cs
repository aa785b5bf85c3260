using AutoReply.Core.Messages;
using AutoReply.Core.Threads;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace AutoReply.Storage.Conversations;

/// The engine's memory between turns: one row per thread (conversations) and one per sender (contacts).
public sealed class ConversationStore
{
    const string LoadThreadSql = """
        SELECT language AS Language, last_ack_at AS LastAckAt, last_inbound_at AS LastInboundAt, turns AS Turns
        FROM conversations WHERE channel = @Channel AND thread_id = @ThreadId
        """;

    public ConversationState LoadThread(ThreadKey key, SqliteConnection db, SqliteTransaction? tx = null)
    {
        var row = db.QuerySingleOrDefault<ThreadRow>(LoadThreadSql, new { key.Channel, key.ThreadId }, tx);
        return row is null ? ConversationState.New(key)
            : new ConversationState(key, row.Language, At(row.LastAckAt), At(row.LastInboundAt), row.Turns);
    }

    const string SaveThreadSql = """
        INSERT INTO conversations (channel, thread_id, sender_id, language, last_ack_at, last_inbound_at, turns)
        VALUES (@Channel, @ThreadId, @SenderId, @Language, @LastAckAt, @LastInboundAt, @Turns)
        ON CONFLICT (channel, thread_id) DO UPDATE SET
            language = excluded.language, last_ack_at = excluded.last_ack_at,
            last_inbound_at = excluded.last_inbound_at, turns = excluded.turns
        """;

    public void SaveThread(ConversationState s, string senderId, SqliteConnection db, SqliteTransaction tx) =>
        db.Execute(SaveThreadSql, new
        {
            s.Key.Channel, s.Key.ThreadId, SenderId = senderId, s.Language,
            LastAckAt = Ms(s.LastAckAt), LastInboundAt = Ms(s.LastInboundAt), s.Turns,
        }, tx);

    const string ThreadExistsSql = "SELECT EXISTS (SELECT 1 FROM conversations WHERE channel = @Channel AND thread_id = @ThreadId)";

    public bool ThreadExists(ThreadKey key, SqliteConnection db) => db.ExecuteScalar<bool>(ThreadExistsSql, new { key.Channel, key.ThreadId });

    const string LoadContactSql = "SELECT opted_out AS OptedOut, changed_at AS ChangedAt FROM contacts WHERE channel = @channel AND sender_id = @senderId";

    public ContactState LoadContact(string channel, string senderId, SqliteConnection db, SqliteTransaction? tx = null)
    {
        var row = db.QuerySingleOrDefault<ContactRow>(LoadContactSql, new { channel, senderId }, tx);
        return row is null ? ContactState.New(channel, senderId) : new ContactState(channel, senderId, row.OptedOut, At(row.ChangedAt));
    }

    const string SaveContactSql = """
        INSERT INTO contacts (channel, sender_id, opted_out, changed_at) VALUES (@Channel, @SenderId, @OptedOut, @ChangedAt)
        ON CONFLICT (channel, sender_id) DO UPDATE SET opted_out = excluded.opted_out, changed_at = excluded.changed_at
        """;

    public void SaveContact(ContactState c, SqliteConnection db, SqliteTransaction tx) =>
        db.Execute(SaveContactSql, new { c.Channel, c.SenderId, c.OptedOut, ChangedAt = Ms(c.ChangedAt) }, tx);

    static long? Ms(Instant? i) => i?.ToUnixTimeMilliseconds();
    static Instant? At(long? ms) => ms is { } v ? Instant.FromUnixTimeMilliseconds(v) : null;

    sealed class ThreadRow
    {
        public string? Language { get; set; }
        public long? LastAckAt { get; set; }
        public long? LastInboundAt { get; set; }
        public int Turns { get; set; }
    }

    sealed class ContactRow
    {
        public bool OptedOut { get; set; }
        public long? ChangedAt { get; set; }
    }
}
