using System.Data.Common;
using AutoReply.Core.Messages;
using AutoReply.Storage.Transcript;
using NodaTime;

namespace AutoReply.Storage.Outbox;

/// Queues a message to a customer, in the caller's transaction: the outbox row that sends it (durable with the state
/// that caused it, retried, one Idempotency-Key) and the transcript line that records it. Every message out — the bot's,
/// an agent's, a public invitation, a satisfaction question, a marketing message — is queued here. The caller wakes the
/// sender once its transaction has committed (PipelineSignals.OutboxChanged in the service), not before.
public sealed class ReplyQueue(OutboxStore outbox, TranscriptStore transcript)
{
    /// The message as queued. <paramref name="actor"/> is who sends it ("bot", an agent's id, "operator");
    /// <paramref name="transcriptKind"/> names the line when it is not the reply's kind. Deferred statements where
    /// <paramref name="deferred"/>: nothing reads the row back in this transaction (a turn's commit).
    public OutboundReply Queue(ThreadKey thread, string recipient, Reply reply, string actor, Instant now, DbConnection db, DbTransaction tx,
        string? replyTo = null, string? transcriptKind = null, bool deferred = false) =>
        Queue(New(thread, recipient, reply, replyTo, now), actor, db, tx, transcriptKind, deferred);

    /// Queues a message built beforehand with <see cref="New"/> (when something else must name its id first).
    public OutboundReply Queue(OutboundReply queued, string actor, DbConnection db, DbTransaction tx, string? transcriptKind = null,
        bool deferred = false)
    {
        if (deferred) outbox.Add(queued, db, tx);
        else outbox.Insert(queued, db, tx);
        var line = new TranscriptEntry(queued.Thread, queued.CreatedAt, TranscriptDirection.Out, transcriptKind ?? queued.Kind.Wire(), actor, queued.Text,
            queued.Id);
        transcript.Append(line, db, tx);
        return queued;
    }

    /// A message under a fresh id, never one derived from a row: a rebuilt database restarts its sequences, and a
    /// receiver that de-duplicates on the key must never see an old key again.
    public static OutboundReply New(ThreadKey thread, string recipient, Reply reply, string? replyTo, Instant now) =>
        new(Guid.CreateVersion7().ToString("N"), thread, recipient, reply.Kind, reply.Text, reply.QuickReplies, replyTo, now);
}
