using System.Data.Common;
using AutoReply.Core.Messages;
using AutoReply.Storage.Transcript;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace AutoReply.Storage.Platforms;

/// A public comment the service answered with an invitation to write privately.
public sealed record PublicInvite(string Channel, string Account, string CommentId, string AuthorId, string? AuthorName, string Text, Instant InvitedAt,
    string ReplyId);

/// What the platform channels record besides DMs: receipts, edits and deletions, public invites and the DMs they
/// lead to, and marketing consent.
public sealed class PlatformStore(TranscriptStore transcript)
{
    const string EditUnansweredSql = """
        UPDATE inbox SET text = @text, payment_masked = (payment_masked OR @masked) WHERE channel = @channel AND platform_id = @id AND state = 0
        """;
    const string ErasedSql = "SELECT EXISTS (SELECT 1 FROM erased_messages WHERE channel = @channel AND platform_id = @id)";

    const string WithdrawUnansweredSql = """
        UPDATE inbox SET state = 3, decided_at = @at, error = 'deleted by the customer', lease_owner = NULL, lease_until = NULL
        WHERE channel = @channel AND platform_id = @id AND state = 0
        """;

    // Whether the edited message is one the inbox holds (an edit of a DM from before the service ran, or of one the
    // platform never delivered, is not "edited after it was answered").
    const string KnownSql = "SELECT EXISTS (SELECT 1 FROM inbox WHERE channel = @channel AND platform_id = @id)";
    const string ThreadKnownSql = "SELECT EXISTS (SELECT 1 FROM inbox WHERE channel = @channel AND thread_id = @thread)";

    /// A receipt, edit or deletion. An edit of a DM not yet answered changes the text the bot will read; a deletion
    /// withdraws it (the bot will not answer a message the customer took back). After the answer, both are only noted:
    /// a DM is never answered twice.
    /// Edited texts are masked for payment details like DMs; an event about an erased message writes nothing (it would
    /// put a line back into an erased thread).
    public void Record(string kind, ThreadKey thread, string? messageId, string? text, Instant at, DbConnection db, DbTransaction tx)
    {
        if (messageId is not null && db.ExecuteScalar<bool>(ErasedSql, new { channel = thread.Channel, id = messageId }, tx)) return;
        // A receipt or reaction in a thread the service holds no DM of (never written in, or erased) is about nothing
        // here: recording it would make a thread of it, or bring an erased one back.
        if (kind is "read" or "delivered" or "reaction" && !db.ExecuteScalar<bool>(ThreadKnownSql, new { channel = thread.Channel, thread = thread.ThreadId }, tx))
            return;
        var (masked, hadPaymentData) = text is null ? (null, false) : Core.Privacy.PaymentData.Mask(text);
        text = masked;
        var note = text;
        if (kind == "edited" && messageId is not null)
        {
            var changed = db.Execute(EditUnansweredSql,
                new { text, masked = hadPaymentData, channel = thread.Channel, id = messageId }, tx) == 1;
            note = changed ? $"edited before it was answered: {text}"
                : db.ExecuteScalar<bool>(KnownSql, new { channel = thread.Channel, id = messageId }, tx) ? $"edited after it was answered: {text}"
                : $"edited a message this service never received: {text}";
        }
        else if (kind == "deleted" && messageId is not null)
        {
            var withdrawn = db.Execute(WithdrawUnansweredSql,
                new { at = at.ToUnixTimeMilliseconds(), channel = thread.Channel, id = messageId }, tx) == 1;
            note = withdrawn ? "the customer deleted a message before it was answered; it will not be answered" : "the customer deleted a message";
        }
        transcript.Append(new TranscriptEntry(thread, at, TranscriptDirection.Event, kind, "customer", note, messageId), db, tx);
    }

    const string RepliedAlreadySql = """
        SELECT EXISTS (SELECT 1 FROM transcript WHERE channel = @channel AND thread_id = @thread AND direction = 'out' AND ref_id = @id)
        """;

    /// Who a reply written in a platform's own inbox is from, in the transcript (no agent of this service wrote it).
    public const string PlatformInbox = "platform-inbox";

    /// A reply a person of the brand wrote in the platform's own inbox, as a person's reply line (it counts in the
    /// response figures). False, and nothing written, for a platform's retry of a reply already recorded; true without a
    /// line for a thread the service holds no DM of (the brand wrote first, or the thread was erased): it is still held.
    public bool RecordPersonReply(ThreadKey thread, string messageId, string? text, Instant at, DbConnection db, DbTransaction tx)
    {
        if (db.ExecuteScalar<bool>(RepliedAlreadySql, new { channel = thread.Channel, thread = thread.ThreadId, id = messageId }, tx)) return false;
        // A thread the brand started (or one erased): the reply still holds it, but no transcript is made of it here.
        if (!db.ExecuteScalar<bool>(ThreadKnownSql, new { channel = thread.Channel, thread = thread.ThreadId }, tx)) return true;
        var masked = text is null ? null : Core.Privacy.PaymentData.Mask(text).Text;
        transcript.Append(new TranscriptEntry(thread, at, TranscriptDirection.Out, ReplyKindNames.Wire(ReplyKind.Agent), PlatformInbox, masked, messageId), db, tx);
        return true;
    }

    const string InvitedRecentlySql = """
        SELECT EXISTS (SELECT 1 FROM public_invites WHERE channel = @Channel AND account = @Account AND author_id = @AuthorId AND invited_at >= @since)
        """;

    // A comment whose author was erased is remembered by a tombstone ("comment:" and its id): a redelivery of it is not
    // invited again (a second public reply to someone who asked to be forgotten).
    const string InviteSql = """
        INSERT INTO public_invites (channel, account, comment_id, author_id, author_name, text, invited_at, reply_id)
        SELECT @Channel, @Account, @CommentId, @AuthorId, @AuthorName, @Text, @at, @ReplyId
        WHERE NOT EXISTS (SELECT 1 FROM erased_messages e WHERE e.channel = @Channel AND e.platform_id = 'comment:' || @CommentId)
        ON CONFLICT (channel, comment_id) DO NOTHING
        """;

    /// Records an invitation for this comment unless the comment already has one, or its author was invited on this
    /// account within <paramref name="perAuthor"/> (one public reply, not one per comment of an upset customer).
    public bool TryInvite(PublicInvite invite, Duration perAuthor, DbConnection db, DbTransaction tx)
    {
        var recent = db.ExecuteScalar<bool>(InvitedRecentlySql,
            new { invite.Channel, invite.Account, invite.AuthorId, since = (invite.InvitedAt - perAuthor).ToUnixTimeMilliseconds() }, tx);
        if (recent) return false;
        return db.Execute(InviteSql,
            new
            {
                invite.Channel, invite.Account, invite.CommentId, invite.AuthorId, invite.AuthorName, invite.Text,
                at = invite.InvitedAt.ToUnixTimeMilliseconds(), invite.ReplyId
            }, tx) == 1;
    }

    const string LinkSql = """
        UPDATE public_invites SET linked_thread = @thread, linked_at = @at
        WHERE channel = @channel AND account = @account AND author_id = @author AND linked_at IS NULL AND invited_at >= @since
        RETURNING comment_id, text
        """;

    /// A DM from someone who was invited from a public comment (within <paramref name="within"/>) is linked to it:
    /// the thread's transcript says which comment it came from. The comment's id, or null when the DM came from none.
    public string? Link(InboundMessage m, string account, Duration within, DbConnection db, DbTransaction tx)
    {
        var linked = db.Query<(string CommentId, string Text)>(LinkSql,
            new
            {
                thread = m.Thread.ThreadId, at = m.ReceivedAt.ToUnixTimeMilliseconds(), channel = m.Thread.Channel, account, author = m.Sender.Id,
                since = (m.ReceivedAt - within).ToUnixTimeMilliseconds()
            }, tx).ToList();
        if (linked.Count == 0) return null;
        var l = linked[0];
        transcript.Append(new TranscriptEntry(m.Thread, m.ReceivedAt, TranscriptDirection.Event, TranscriptWords.Linked, "system",
            $"came from public comment {l.CommentId}: {l.Text}", l.CommentId), db, tx);
        return l.CommentId;
    }

    const string SetMarketingConsentSql = """
        INSERT INTO contacts (channel, sender_id, opted_out, changed_at, marketing_consent_at, marketing_consent_source)
        VALUES (@channel, @sender, false, NULL, @consentAt, @source)
        ON CONFLICT (channel, sender_id) DO UPDATE SET marketing_consent_at = excluded.marketing_consent_at,
            marketing_consent_source = excluded.marketing_consent_source
        """;

    public void SetMarketingConsent(string channel, string sender, bool consent, string? source, Instant at, DbConnection db, DbTransaction tx) =>
        db.Execute(SetMarketingConsentSql,
            new { channel, sender, consentAt = consent ? at.ToUnixTimeMilliseconds() : (long?)null, source = consent ? source : null }, tx);

    const string MarketingConsentSql = """
        SELECT opted_out, marketing_consent_at, marketing_consent_source FROM contacts WHERE channel = @channel AND sender_id = @sender
        """;

    /// Whether the sender may get marketing: consent given, and not opted out of automated messages since.
    public (bool Consented, bool OptedOut, Instant? At, string? Source) MarketingConsent(string channel, string sender, DbConnection db,
        DbTransaction? tx = null)
    {
        var rows = db.Query<(bool OptedOut, long? At, string? Source)>(MarketingConsentSql, new { channel, sender }, tx).ToList();
        if (rows.Count == 0) return (false, false, null, null);
        var r = rows[0];
        return (r.At is not null && !r.OptedOut, r.OptedOut, r.At is { } a ? Instant.FromUnixTimeMilliseconds(a) : null, r.Source);
    }
}
