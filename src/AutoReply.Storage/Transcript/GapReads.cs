using System.Data.Common;
using AutoReply.Core.Messages;
using Dapper;
using NodaTime;

namespace AutoReply.Storage.Transcript;

/// A DM of the period with the line that says what the bot decided about it ("handoff: NoConfidentAnswer (…)").
public sealed record DecidedDm(long Seq, ThreadKey Thread, string MessageId, Instant At, string Text, string Decision, string? SenderName);

/// What the gaps report reads of the transcript: the DMs of a period with their decisions, and what agents answered after
/// a DM. Read-only; plain SQL both dialects read alike.
public sealed class GapReads
{
    // A DM line with its decision line (same thread and platform id) and the sender's name from the inbox.
    const string DecidedFrom = """
        SELECT d.seq AS Seq, d.channel AS Channel, d.thread_id AS ThreadId, d.ref_id AS MessageId, d.at AS At, d.text AS Text,
               e.text AS Decision, i.sender_name AS SenderName
        FROM transcript d
        JOIN transcript e ON e.channel = d.channel AND e.thread_id = d.thread_id AND e.ref_id = d.ref_id AND e.kind = 'decision'
        LEFT JOIN inbox i ON i.channel = d.channel AND i.platform_id = d.ref_id
        WHERE d.direction = 'in' AND d.kind = 'dm' AND d.text IS NOT NULL
        """;

    const string DecidedSql = DecidedFrom + " AND d.at >= @from AND d.at < @to AND d.ref_id IS NOT NULL ORDER BY d.seq DESC LIMIT @limit";

    /// The period's DMs and their decisions, newest first, at most <paramref name="limit"/>.
    public IReadOnlyList<DecidedDm> Decided(Instant from, Instant to, int limit, DbConnection db) =>
        Read(db, DecidedSql, new { from = from.ToUnixTimeMilliseconds(), to = to.ToUnixTimeMilliseconds(), limit });

    // By id, decided or not: the decision is not needed to make examples of them.
    const string ByIdsFrom = """
        SELECT d.seq AS Seq, d.channel AS Channel, d.thread_id AS ThreadId, d.ref_id AS MessageId, d.at AS At, d.text AS Text,
               '' AS Decision, i.sender_name AS SenderName
        FROM transcript d LEFT JOIN inbox i ON i.channel = d.channel AND i.platform_id = d.ref_id
        WHERE d.direction = 'in' AND d.kind = 'dm' AND d.text IS NOT NULL
        """;

    // Dapper passes a list to Npgsql as one array parameter, hence = ANY(…) where SQLite has IN (…).
    const string ByIdsSql = ByIdsFrom + " AND d.seq IN @seqs";
    const string ByIdsPostgresSql = ByIdsFrom + " AND d.seq = ANY(@seqs)";

    /// DMs by their transcript line (the ids the gaps report gives).
    public IReadOnlyList<DecidedDm> ByIds(IReadOnlyList<long> seqs, Dialect dialect, DbConnection db) =>
        Read(db, dialect == Dialect.Postgres ? ByIdsPostgresSql : ByIdsSql, new { seqs = seqs.ToArray() }).OrderBy(d => d.Seq).ToList();

    const string AgentReplySql = """
        SELECT text FROM transcript
        WHERE channel = @channel AND thread_id = @threadId AND seq > @seq AND direction = 'out' AND kind = 'agent' AND text IS NOT NULL
        ORDER BY seq LIMIT 1
        """;

    /// The first reply a person wrote in the thread after this DM, if any.
    public string? AgentReplyAfter(DecidedDm dm, DbConnection db) =>
        db.QueryFirstOrDefault<string?>(AgentReplySql, new { channel = dm.Thread.Channel, threadId = dm.Thread.ThreadId, seq = dm.Seq });

    const string PreviousSql = DecidedFrom + " AND d.channel = @channel AND d.thread_id = @threadId AND d.seq < @seq ORDER BY d.seq DESC LIMIT 1";

    /// The thread's DM before this one, with its decision.
    public DecidedDm? Previous(DecidedDm dm, DbConnection db) =>
        Read(db, PreviousSql, new { channel = dm.Thread.Channel, threadId = dm.Thread.ThreadId, seq = dm.Seq }).FirstOrDefault();

    static List<DecidedDm> Read(DbConnection db, string sql, object args) =>
        db.Query<(long Seq, string Channel, string ThreadId, string MessageId, long At, string Text, string Decision, string? SenderName)>(sql, args)
          .Select(r => new DecidedDm(r.Seq, new ThreadKey(r.Channel, r.ThreadId), r.MessageId, Instant.FromUnixTimeMilliseconds(r.At), r.Text, r.Decision,
              r.SenderName))
          .ToList();
}
