using System.Data.Common;
using AutoReply.Core.Messages;
using Dapper;
using NodaTime;

namespace AutoReply.Storage.Outcomes;

/// A complaint as the figures count it: where it was raised, when, and (for a public one) whether it moved to a DM.
public sealed record ComplaintLine(string RaisedIn, Instant At, bool Moved);

/// Complaints, each counted once where it was raised: in a DM thread (handed off or answered as a complaint, legal or
/// safety words, anger) or in public (a comment or mention the public-reply feature reads as a complaint). A public
/// complaint whose author then wrote a DM (the thread linked to it) counts as moved, and that thread's complaint is not
/// counted again as a private one.
public sealed class ComplaintStore
{
    public const string Dm = "dm", Public = "public";

    const string PublicSql = """
        INSERT INTO complaints (channel, ref, raised_in, at) VALUES (@channel, @ref, 'public', @at)
        ON CONFLICT (channel, ref) DO NOTHING
        """;

    /// A complaint-like public comment or mention; false when it was counted before (a redelivery).
    public bool RaisedInPublic(string channel, string commentId, Instant at, DbConnection db, DbTransaction tx) =>
        db.Execute(PublicSql, new { channel, @ref = "comment:" + commentId, at = at.ToUnixTimeMilliseconds() }, tx) == 1;

    const string MovedSql = """
        UPDATE complaints SET moved_thread = @thread, moved_at = @at
        WHERE channel = @channel AND ref = @ref AND moved_thread IS NULL
        """;

    /// The author of a public complaint wrote a DM: the complaint moved out of public view.
    public void MovedToDm(string channel, string commentId, ThreadKey thread, Instant at, DbConnection db, DbTransaction tx) =>
        db.Execute(MovedSql, new { channel, @ref = "comment:" + commentId, thread = thread.ThreadId, at = at.ToUnixTimeMilliseconds() }, tx);

    const string PrivateSql = """
        INSERT INTO complaints (channel, ref, raised_in, at)
        SELECT @channel, @ref, 'dm', @at
        WHERE NOT EXISTS (SELECT 1 FROM complaints m WHERE m.channel = @channel AND m.moved_thread = @ref)
        ON CONFLICT (channel, ref) DO NOTHING
        """;

    /// A complaint raised in a DM thread: counted once per thread (deferred with the turn's other statements).
    public void RaisedInDm(ThreadKey thread, Instant at, DbConnection db, DbTransaction tx) =>
        db.Defer(tx, PrivateSql, ("@channel", thread.Channel), ("@ref", thread.ThreadId), ("@at", at.ToUnixTimeMilliseconds()));

    const string PeriodSql = "SELECT raised_in, at, CASE WHEN moved_thread IS NULL THEN 0 ELSE 1 END FROM complaints WHERE at >= @start AND at < @end";

    public static IReadOnlyList<ComplaintLine> InPeriod(Instant start, Instant end, DbConnection db) =>
        db.Query<(string RaisedIn, long At, long Moved)>(PeriodSql, new { start = start.ToUnixTimeMilliseconds(), end = end.ToUnixTimeMilliseconds() })
          .Select(r => new ComplaintLine(r.RaisedIn, Instant.FromUnixTimeMilliseconds(r.At), r.Moved == 1)).ToList();
}
