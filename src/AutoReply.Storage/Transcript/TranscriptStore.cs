using System.Data.Common;
using System.Text.Json;
using AutoReply.Core.Messages;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using static AutoReply.Storage.PreparedStatements;

namespace AutoReply.Storage.Transcript;

/// One line of a thread's record: a DM in, a reply out, or an event (a decision, an opt-out, an agent's action).
public sealed record TranscriptEntry(ThreadKey Thread, Instant At, TranscriptDirection Direction, string Kind, string? Actor, string? Text, string? RefId);

/// A transcript line as read back, with the delivery state of an outbound reply (pending, sent, dead) and the options it
/// offered as quick replies (empty for none, or once the reply's outbox row is gone: erased, or past retention).
public sealed record TranscriptLine(long Seq, Instant At, TranscriptDirection Direction, string Kind, string? Actor, string? Text, string? RefId,
    string? Delivery, IReadOnlyList<string> QuickReplies);

/// The transcript table: append-only, the brand's record of what was said and decided in each thread.
public sealed class TranscriptStore
{
    const string AppendSql = """
        INSERT INTO transcript (channel, thread_id, at, direction, kind, actor, text, ref_id)
        VALUES (@channel, @threadId, @at, @direction, @kind, @actor, @text, @refId)
        """;

    /// Appends a line with the transaction's deferred statements: nothing reads a line back in the transaction that wrote it.
    /// On PostgreSQL all the lines of a group commit are one statement.
    public void Append(TranscriptEntry e, DbConnection db, DbTransaction tx) => db.DeferRow(tx, Lines, e);

    static readonly RowInsert<TranscriptEntry> Lines = new(AppendSql, e =>
        [
            ("@channel", e.Thread.Channel), ("@threadId", e.Thread.ThreadId), ("@at", e.At.ToUnixTimeMilliseconds()), ("@direction", e.Direction.Wire()),
            ("@kind", e.Kind), ("@actor", Typed(e.Actor)), ("@text", Typed(e.Text)), ("@refId", Typed(e.RefId)),
        ], AppendAllPostgresSql, ManyArgs);

    static (string, object?)[] ManyArgs(IReadOnlyList<TranscriptEntry> lines) =>
    [
        ("@channels", lines.Select(l => l.Thread.Channel).ToArray()), ("@threadIds", lines.Select(l => l.Thread.ThreadId).ToArray()),
        ("@ats", lines.Select(l => l.At.ToUnixTimeMilliseconds()).ToArray()), ("@directions", lines.Select(l => l.Direction.Wire()).ToArray()),
        ("@kinds", lines.Select(l => l.Kind).ToArray()), ("@actors", lines.Select(l => l.Actor).ToArray()), ("@texts", lines.Select(l => l.Text).ToArray()),
        ("@refIds", lines.Select(l => l.RefId).ToArray()),
    ];

    // PostgreSQL: many lines in one statement, in the order given (WITH ORDINALITY: each thread's lines keep their order).
    const string AppendAllPostgresSql = """
        INSERT INTO transcript (channel, thread_id, at, direction, kind, actor, text, ref_id)
        SELECT l.channel, l.thread_id, l.at, l.direction, l.kind, l.actor, l.text, l.ref_id
        FROM unnest(@channels, @threadIds, @ats, @directions, @kinds, @actors, @texts, @refIds)
            WITH ORDINALITY AS l(channel, thread_id, at, direction, kind, actor, text, ref_id, n)
        ORDER BY l.n
        """;

    /// Appends many lines at once (a pass of the escalation check): one statement on PostgreSQL, deferred lines on SQLite.
    public void AppendAll(IReadOnlyList<TranscriptEntry> lines, DbConnection db, DbTransaction tx)
    {
        if (lines.Count == 0) return;
        if (db is not Npgsql.NpgsqlConnection)
        {
            foreach (var line in lines) Append(line, db, tx);
            return;
        }
        db.Execute(tx, AppendAllPostgresSql, ManyArgs(lines));
    }

    const string ForThreadSql = """
        SELECT t.seq AS Seq, t.at AS At, t.direction AS Direction, t.kind AS Kind, t.actor AS Actor, t.text AS Text, t.ref_id AS RefId,
               CASE o.state WHEN 0 THEN 'pending' WHEN 1 THEN 'sent' WHEN 2 THEN 'dead' WHEN 3 THEN 'held' END AS Delivery,
               o.quick_replies AS QuickReplies
        FROM transcript t LEFT JOIN outbox o ON t.direction = 'out' AND o.id = t.ref_id
        WHERE t.channel = @Channel AND t.thread_id = @ThreadId
        ORDER BY t.seq
        """;

    public IReadOnlyList<TranscriptLine> ForThread(ThreadKey key, DbConnection db) =>
        db.Query<Row>(ForThreadSql, new { key.Channel, key.ThreadId })
          .Select(r => new TranscriptLine(r.Seq, Instant.FromUnixTimeMilliseconds(r.At), TranscriptWords.ParseDirection(r.Direction), r.Kind, r.Actor, r.Text,
              r.RefId, r.Delivery, r.QuickReplies is null ? [] : JsonSerializer.Deserialize<string[]>(r.QuickReplies) ?? []))
          .ToList();

    sealed class Row
    {
        public long Seq { get; set; }
        public long At { get; set; }
        public string Direction { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? Actor { get; set; }
        public string? Text { get; set; }
        public string? RefId { get; set; }
        public string? Delivery { get; set; }
        public string? QuickReplies { get; set; }
    }
}
