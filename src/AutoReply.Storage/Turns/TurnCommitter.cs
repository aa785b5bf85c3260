using System.Data.Common;
using AutoReply.Core.Engine;
using AutoReply.Core.Messages;
using AutoReply.Core.Threads;
using AutoReply.Storage.Conversations;
using AutoReply.Storage.Inbox;
using AutoReply.Storage.Outbox;
using AutoReply.Storage.Transcript;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace AutoReply.Storage.Turns;

/// A turn a lane has run, to be committed: its result, or the error the engine failed with — then with the hand-off the
/// engine made instead (an acknowledgement and a person) when it could make one; and the sender's state before it (a
/// contact the turn left as it found it is not written again).
public sealed record DecidedTurn(PendingMessage Pending, TurnResult? Result, string? Error, ContactState ContactBefore);

/// Writes everything one turn decided in the caller's transaction: the inbox row marked decided, the thread and
/// contact state, the transcript, and the replies into the outbox. All of it or none: a reply written after the
/// state (not with it) would be lost by a crash in between, and one written before could be sent twice.
public sealed class TurnCommitter(InboxStore inbox, ConversationStore conversations, ReplyQueue queue, TranscriptStore transcript,
    Handoffs.HandoffStore handoffs, Handoffs.ITeamRouting routing, Handoffs.CsatStore? csat = null, Outcomes.ComplaintStore? complaints = null,
    Outcomes.ConversionStore? conversions = null, FlowLapseStore? lapses = null)
{

    /// The stored replies, or null when the DM had already been decided (by another instance, or before a
    /// crash): then nothing is written, so a DM never gets two decisions.
    public IReadOnlyList<OutboundReply>? Commit(PendingMessage pending, TurnResult result, Instant now, DbConnection db, DbTransaction tx,
        ContactState? contactBefore = null) =>
        inbox.MarkDecided(pending.Seq, pending.Owner, now, db, tx) ? Write(pending, result, now, db, tx, contactBefore) : null;

    /// Commits a lane's turns together, in their order: the decided DMs marked with one statement per owner (deferred on
    /// PostgreSQL), then what each turn decided (see <see cref="Commit"/>), or the failure of a turn the engine failed on.
    /// Returns how many replies were stored. All of the decided DMs or none: should any no longer be this owner's claim,
    /// the unit fails with <see cref="ClaimLostException"/> and nothing of it is written (a lane's turns carry a thread's
    /// state from one to the next, and the claims of an instance taken for dead are given back all at once).
    public int CommitAll(IReadOnlyList<DecidedTurn> turns, Instant now, DbConnection db, DbTransaction tx)
    {
        var unit = turns.Select(t => t.Pending.Seq).ToList();
        foreach (var owned in turns.Where(t => t.Error is null && t.Result is not null).GroupBy(t => t.Pending.Owner))
            inbox.MarkAllDecided(owned.Select(t => t.Pending.Seq).ToList(), owned.Key, now, db, tx, unit);
        var replies = 0;
        foreach (var turn in turns)
            replies += turn.Error is { } error ? Fail(turn, error, now, db, tx, unit) : Write(turn.Pending, turn.Result!, now, db, tx, turn.ContactBefore).Count;
        return replies;
    }

    IReadOnlyList<OutboundReply> Write(PendingMessage pending, TurnResult result, Instant now, DbConnection db, DbTransaction tx, ContactState? contactBefore)
    {
        var m = pending.Message;

        conversations.SaveThread(result.Thread, result.Decision.PutsOnHold, result.Disclosed, m.Sender.Id, db, tx);
        if (result.Decision.ReleasesHold) conversations.Release(result.Thread.Key, db, tx);
        if (result.Contact != contactBefore) conversations.SaveContact(result.Contact, db, tx);   // most turns leave it as it was
        if (result.Lapse is { } lapse) lapses?.Apply(m.Thread, m.Sender.Id, result.Thread.Turns, lapse, db, tx);

        var decision = result.Decision;
        // A sticker on its own is the customer's "thanks", and "ok" or "alles klar" closes the exchange: neither is a
        // conversation waiting for a response, and the response figures count only "dm" lines (ResponseStats.CountedLines).
        var kind = decision.Reason switch
        {
            Reason.StickerOnly => TranscriptWords.Sticker,
            Reason.ClosingRemark => TranscriptWords.Closing,
            _ => TranscriptWords.Dm,
        };
        transcript.Append(new TranscriptEntry(m.Thread, m.ReceivedAt, TranscriptDirection.In, kind, m.Sender.Id, Shown(m), m.PlatformId), db, tx);
        transcript.Append(new TranscriptEntry(m.Thread, now, TranscriptDirection.Event, TranscriptWords.Decision, "bot",
            $"{decision.Kind.ToString().ToLowerInvariant()}: {decision.Reason}" + (decision.Detail is null ? "" : $" ({decision.Detail})"), m.PlatformId),
            db, tx);

        if (decision.Satisfaction is { } score) csat?.Answer(m.Thread, score, m.Text, now, db, tx);
        if (result.Complaint) complaints?.RaisedInDm(m.Thread, m.ReceivedAt, db, tx);
        foreach (var sale in decision.Sales)
        {
            var conversion = new Outcomes.Conversion(sale.OrderId, m.Thread.Channel, m.Sender.Id, sale.Value, sale.Currency, now, "flow");
            conversions?.RecordInThread(conversion, m.Thread.ThreadId, db, tx);
            var line = $"sale: order {sale.OrderId}, {sale.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} {sale.Currency} (flow)";
            transcript.Append(new TranscriptEntry(m.Thread, now, TranscriptDirection.Event, TranscriptWords.Sale, "bot", line, sale.OrderId), db, tx);
        }

        if (decision.HandOffRequest is { } handOff) HandOff(m.Thread, m.Sender, handOff, m.PlatformId, now, db, tx);

        return [.. result.Replies.Select(reply => queue.Queue(m.Thread, m.Sender.Id, reply, "bot", now, db, tx, replyTo: m.PlatformId, deferred: true))];
    }

    /// Opens the thread's hand-off (or adds to the open one) and writes it into the transcript, with what it asks of a person.
    /// <paramref name="platformId"/>: the DM it was made for, if any (a lapsed flow's is made for none).
    public void HandOff(ThreadKey thread, Sender sender, HandOffRequest request, string? platformId, Instant now, DbConnection db, DbTransaction tx)
    {
        handoffs.OpenOrAdd(thread, sender, request, routing.TeamFor(request.Category), now, db, tx);
        var summary = System.Text.Json.JsonSerializer.Serialize(new { request.Category, request.Reason, request.Priority, request.Summary });
        transcript.Append(new TranscriptEntry(thread, now, TranscriptDirection.Event, TranscriptWords.Handoff, "bot", summary, platformId), db, tx);
    }

    /// The DM as the transcript shows it: its text, and a line per attachment.
    static string Shown(InboundMessage m) => m.Attachments.Count == 0 ? m.Text
        : string.Join("\n", m.Attachments.Select(a => a.Url.Length == 0 ? $"[{a.Kind}]" : $"[{a.Kind}: {a.Url}]").Prepend(m.Text).Where(l => l.Length > 0));

    /// Sets aside a DM the engine failed on (failed, with the error in the transcript for an operator to see) and writes
    /// the hand-off the engine made instead, if any: the customer is acknowledged and a person answers, rather than
    /// nobody. Returns the replies stored.
    int Fail(DecidedTurn turn, string error, Instant now, DbConnection db, DbTransaction tx, IReadOnlyList<long> unit)
    {
        var pending = turn.Pending;
        if (!inbox.MarkFailed(pending.Seq, pending.Owner, now, error, db, tx, unit)) return 0;
        var m = pending.Message;
        var replies = 0;
        if (turn.Result is { } handOff) replies = Write(pending, handOff, now, db, tx, turn.ContactBefore).Count;
        else transcript.Append(new TranscriptEntry(m.Thread, m.ReceivedAt, TranscriptDirection.In, TranscriptWords.Dm, m.Sender.Id, m.Text, m.PlatformId), db, tx);
        transcript.Append(new TranscriptEntry(m.Thread, now, TranscriptDirection.Event, TranscriptWords.EngineFailed, "bot", error, m.PlatformId), db, tx);
        return replies;
    }
}
