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
        Record(queued, actor, transcriptKind, db, tx);
        return queued;
    }

    /// Queues <paramref name="queued"/> unless a message under its id is in the outbox already — a request retried under
    /// one Idempotency-Key, also by two instances at once (the second insert waits for the first and then finds it): false
    /// then, and nothing is written.
    public bool QueueOnce(OutboundReply queued, string actor, DbConnection db, DbTransaction tx)
    {
        if (!outbox.Insert(queued, db, tx)) return false;
        Record(queued, actor, null, db, tx);
        return true;
    }

    /// The text queued under <paramref name="id"/> (a key's first request), null when none is any more.
    public string? QueuedText(string id, DbConnection db, DbTransaction tx) => outbox.TextOf(id, db, tx);

    void Record(OutboundReply queued, string actor, string? transcriptKind, DbConnection db, DbTransaction tx) =>
        transcript.Append(new TranscriptEntry(queued.Thread, queued.CreatedAt, TranscriptDirection.Out, transcriptKind ?? queued.Kind.Wire(), actor,
            queued.Text, queued.Id), db, tx);

    /// A message under a fresh id, never one derived from a row: a rebuilt database restarts its sequences, and a
    /// receiver that de-duplicates on the key must never see an old key again.
    public static OutboundReply New(ThreadKey thread, string recipient, Reply reply, string? replyTo, Instant now) =>
        new(Guid.CreateVersion7().ToString("N"), thread, recipient, reply.Kind, reply.Text, reply.QuickReplies, replyTo, now);

    /// A message under the id a client's Idempotency-Key gives it within <paramref name="scope"/> (a hand-off and the agent):
    /// the same key in the same scope is the same message, whoever retries it; a key is the client's, so it is hashed with
    /// its scope and never stands for a message of another hand-off.
    public static OutboundReply Keyed(string scope, string key, ThreadKey thread, string recipient, Reply reply, Instant now) =>
        new(KeyedId(scope, key), thread, recipient, reply.Kind, reply.Text, reply.QuickReplies, null, now);

    /// The id of the message a client's key stands for within <paramref name="scope"/>.
    public static string KeyedId(string scope, string key) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{scope}\n{key}")), 0, 16);
}
