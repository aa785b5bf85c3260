using System.Data.Common;
using AutoReply.Core.Messages;
using AutoReply.Storage.Outbox;
using AutoReply.Storage.Transcript;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace AutoReply.Storage.Handoffs;

/// A satisfaction question that fell due: whom to ask, in which thread and language.
public sealed record DueCsat(string HandoffId, ThreadKey Thread, string SenderId, string? Language, bool OptedOut, Instant? LastInboundAt)
{
    /// When the thread was last told it talks to an automated system, and when a person last handed it back.
    public Instant? DisclosedAt { get; init; }
    public Instant? HandedBackAt { get; init; }

    /// A newer hand-off of the thread is open, or a person answers it in the platform's own inbox until then.
    public bool HeldByPerson { get; init; }
    public Instant? PersonHoldUntil { get; init; }
}

/// Customer satisfaction after a resolved hand-off: scheduled at resolve, asked once when due (or skipped, with the
/// reason), and the answer kept with the thread.
public sealed class CsatStore(ReplyQueue queue, TranscriptStore transcript)
{

    const string ScheduleSql = """
        INSERT INTO csat (handoff_id, channel, thread_id, sender_id, due_at, state) VALUES (@handoffId, @Channel, @ThreadId, @senderId, @due, 'scheduled')
        ON CONFLICT (handoff_id) DO NOTHING
        """;

    public void Schedule(string handoffId, ThreadKey thread, string senderId, Instant due, DbConnection db, DbTransaction tx) =>
        db.Execute(ScheduleSql, new { handoffId, thread.Channel, thread.ThreadId, senderId, due = due.ToUnixTimeMilliseconds() }, tx);

    const string DueSql = """
        SELECT q.handoff_id, q.channel, q.thread_id, q.sender_id, c.language, k.opted_out, c.last_inbound_at, c.disclosed_at, c.handed_back_at,
               c.held, c.person_hold_until
        FROM csat q
        LEFT JOIN conversations c ON c.channel = q.channel AND c.thread_id = q.thread_id
        LEFT JOIN contacts k ON k.channel = q.channel AND k.sender_id = q.sender_id
        WHERE q.state = 'scheduled' AND q.due_at <= @now ORDER BY q.due_at LIMIT @limit
        """;

    public IReadOnlyList<DueCsat> Due(Instant now, int limit, DbConnection db, DbTransaction tx) =>
        db.Query<(string HandoffId, string Channel, string ThreadId, string SenderId, string? Language, bool? OptedOut, long? LastInbound, long? DisclosedAt,
                  long? HandedBackAt, bool? Held, long? PersonHoldUntil)>(DueSql, new { now = now.ToUnixTimeMilliseconds(), limit }, tx)
          .Select(r => new DueCsat(r.HandoffId, new ThreadKey(r.Channel, r.ThreadId), r.SenderId, r.Language, r.OptedOut == true, At(r.LastInbound))
          {
              DisclosedAt = At(r.DisclosedAt),
              HandedBackAt = At(r.HandedBackAt),
              HeldByPerson = r.Held == true,
              PersonHoldUntil = At(r.PersonHoldUntil),
          })
          .ToList();

    static Instant? At(long? ms) => ms is { } v ? Instant.FromUnixTimeMilliseconds(v) : null;

    const string SkipSql = "UPDATE csat SET state = 'skipped', note = @why WHERE handoff_id = @id AND state = 'scheduled'";

    public void Skip(DueCsat q, string why, Instant now, DbConnection db, DbTransaction tx)
    {
        if (db.Execute(SkipSql, new { why, id = q.HandoffId }, tx) != 1) return;   // another instance dealt with it (see Ask)
        transcript.Append(new TranscriptEntry(q.Thread, now, TranscriptDirection.Event, TranscriptWords.CsatSkipped, "system",
            $"satisfaction question not sent: {why}", q.HandoffId), db, tx);
    }

    const string AskSql = "UPDATE csat SET state = 'asked', asked_at = @now WHERE handoff_id = @id AND state = 'scheduled'";

    const string MarkAskedSql = "UPDATE conversations SET csat_asked_at = @now WHERE channel = @Channel AND thread_id = @ThreadId";
    const string MarkDisclosedSql = "UPDATE conversations SET disclosed_at = @now WHERE channel = @Channel AND thread_id = @ThreadId";

    /// Sends the question, preceded by <paramref name="disclosure"/> when the thread is owed one (the question is automated);
    /// false when another instance asked it first. The row is marked asked before anything is queued: instances read the
    /// same due rows at the same moment, and on PostgreSQL the second one's mark waits for the first to commit and then
    /// finds the row asked, so it queues nothing. (Queued first, the question and its disclosure went out twice.)
    public bool Ask(DueCsat q, string text, string? disclosure, Instant now, DbConnection db, DbTransaction tx)
    {
        if (db.Execute(AskSql, new { now = now.ToUnixTimeMilliseconds(), id = q.HandoffId }, tx) != 1) return false;
        if (disclosure is not null)
        {
            queue.Queue(q.Thread, q.SenderId, Reply.Of(ReplyKind.Disclosure, disclosure), "bot", now, db, tx);
            db.Execute(MarkDisclosedSql, new { now = now.ToUnixTimeMilliseconds(), q.Thread.Channel, q.Thread.ThreadId }, tx);
        }
        var question = new Reply(ReplyKind.Notice, text, ["1", "2", "3", "4", "5"]);
        queue.Queue(q.Thread, q.SenderId, question, "bot", now, db, tx, transcriptKind: TranscriptWords.CsatQuestion);
        db.Execute(MarkAskedSql, new { now = now.ToUnixTimeMilliseconds(), q.Thread.Channel, q.Thread.ThreadId }, tx);
        return true;
    }

    const string AnswerSql = """
        UPDATE csat SET state = 'answered', score = @score, answer = @answer, answered_at = @now
        WHERE handoff_id = (SELECT handoff_id FROM csat WHERE channel = @Channel AND thread_id = @ThreadId AND state IN ('asked', 'answered')
                            ORDER BY CASE WHEN state = 'asked' THEN 0 ELSE 1 END, COALESCE(answered_at, asked_at) DESC LIMIT 1)
        """;

    /// The answer to the question the thread was asked last; with none awaiting an answer, a new score for the one answered
    /// last (the customer sent the rating again, or changed it).
    public void Answer(ThreadKey thread, int score, string answer, Instant now, DbConnection db, DbTransaction tx)
    {
        db.Defer(tx, AnswerSql, ("@score", score), ("@answer", answer), ("@now", now.ToUnixTimeMilliseconds()),
            ("@Channel", thread.Channel), ("@ThreadId", thread.ThreadId));
        transcript.Append(new TranscriptEntry(thread, now, TranscriptDirection.Event, TranscriptWords.Csat, "customer", $"satisfaction {score}/5", null),
            db, tx);
    }
}
