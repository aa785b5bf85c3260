using System.Data.Common;
using AutoReply.Core.Engine;
using AutoReply.Core.Messages;
using Dapper;
using NodaTime;

namespace AutoReply.Storage.Conversations;

/// A thread that waits in a flow only a person can finish, due for a person when it lapses.
public sealed record DueLapse(ThreadKey Thread, string SenderId, int Turns);

/// The threads waiting in a flow that only a person can finish (a callback, a lead, a refund): a row is written by the turn
/// that leaves the thread there, moved on by each turn after it, and gone with the turn that leaves the flow — all in the
/// turn's transaction, so a row is never older or newer than the thread it stands for. The lapse job takes a row once due.
public sealed class FlowLapseStore
{
    const string ScheduleSql = """
        INSERT INTO flow_lapses (channel, thread_id, sender_id, due_at, turns) VALUES (@channel, @threadId, @senderId, @due, @turns)
        ON CONFLICT (channel, thread_id) DO UPDATE SET sender_id = excluded.sender_id, due_at = excluded.due_at, turns = excluded.turns
        """;

    const string CancelSql = "DELETE FROM flow_lapses WHERE channel = @channel AND thread_id = @threadId";

    /// Writes what a turn changed: the thread's lapse due at the new time (as of its <paramref name="turns"/>-th turn), or none.
    public void Apply(ThreadKey thread, string senderId, int turns, FlowLapseChange change, DbConnection db, DbTransaction tx)
    {
        if (change.At is { } due)
            db.Defer(tx, ScheduleSql, ("@channel", thread.Channel), ("@threadId", thread.ThreadId), ("@senderId", senderId),
                ("@due", due.ToUnixTimeMilliseconds()), ("@turns", turns));
        else
            db.Defer(tx, CancelSql, ("@channel", thread.Channel), ("@threadId", thread.ThreadId));
    }

    const string DueSql = """
        SELECT channel, thread_id, sender_id, turns FROM flow_lapses
        WHERE due_at <= @now
          AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.channel = flow_lapses.channel AND i.thread_id = flow_lapses.thread_id AND i.state = 0)
        ORDER BY due_at LIMIT @limit
        """;

    /// The lapses due by <paramref name="now"/>, earliest first — not of a thread with a DM still to decide: its turn moves the
    /// thread on (or reads it afresh) and writes the row anew.
    public IReadOnlyList<DueLapse> Due(Instant now, int limit, DbConnection db, DbTransaction tx) =>
        db.Query<(string Channel, string ThreadId, string SenderId, int Turns)>(DueSql, new { now = now.ToUnixTimeMilliseconds(), limit }, tx)
          .Select(r => new DueLapse(new ThreadKey(r.Channel, r.ThreadId), r.SenderId, r.Turns))
          .ToList();

    const string TakeSql = "DELETE FROM flow_lapses WHERE channel = @Channel AND thread_id = @ThreadId AND turns = @turns";

    /// Takes a due lapse: false when another instance took it first or a turn moved the thread on meanwhile. Taken before
    /// anything is written, as a satisfaction question is marked asked: on PostgreSQL a second instance's delete waits for
    /// the first to commit and then finds nothing.
    public bool Take(DueLapse lapse, DbConnection db, DbTransaction tx) =>
        db.Execute(TakeSql, new { lapse.Thread.Channel, lapse.Thread.ThreadId, turns = lapse.Turns }, tx) == 1;
}
