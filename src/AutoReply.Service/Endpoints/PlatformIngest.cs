using AutoReply.Channels.Platforms;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;
using AutoReply.Core.Policies;
using AutoReply.Service.Configuration;
using AutoReply.Service.Dialogs;
using AutoReply.Service.Workers;
using AutoReply.Storage.Inbox;
using AutoReply.Storage.Outbox;
using AutoReply.Storage.Platforms;
using AutoReply.Storage;
using AutoReply.Storage.Transcript;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoReply.Service.Endpoints;

/// Stores what a platform webhook delivered, in one write: new DMs into the inbox (a platform's retry of the same
/// delivery changes nothing), a DM from someone invited from a public comment linked to it, receipts, edits and
/// deletions recorded, and complaint-like public comments on accounts that want it answered with one public
/// invitation to DM (through the outbox, like any reply), accounts that revoked the app's access marked disconnected, and
/// replies a person wrote in the platform's own inbox recorded, holding the thread from the bot.
/// The platform is answered only after this returns.
public sealed class PlatformIngest(WriteQueue writes, InboxStore inbox, PlatformStore platform, ReplyQueue queue, TranscriptStore transcript,
    PipelineSignals signals, LibrarySource library, PublicComments comments, IOptions<PublicReplyOptions> options, Health.ServiceMetrics metrics,
    AccountConnections connections, Storage.Outcomes.ComplaintStore complaints, ConversionAttribution attribution,
    Storage.Handoffs.HandoffStore handoffs, Storage.Conversations.ConversationStore conversations, IOptions<HandoffOptions> handoffOptions)
{
    public async Task<(int New, int Duplicates)> Store(PlatformBatch batch, Func<string, string, bool> publicRepliesOn, Instant now, CancellationToken ct)
    {
        var o = options.Value;
        // Complaint-like comments count as public complaints on every account; those with public replies on are invited to DM.
        var complaining = batch.Comments.Select(c => c with { Text = Core.Privacy.PaymentData.Mask(c.Text).Text })
            .Where(c => comments.LooksPrivate(c.Text)).ToList();
        var invites = complaining.Where(c => publicRepliesOn(c.Channel, c.Account)).Select(c => (Comment: c, Text: InviteText(c.Text))).ToList();
        int moved = 0, raisedInPublic = 0;
        var revoked = false;
        var (added, duplicates, replies) = await writes.Write((db, tx) =>
        {
            int added = 0, duplicates = 0, replies = 0;
            revoked = batch.Revoked.Count > 0 && connections.Record(batch.Revoked, now, db, tx);
            foreach (var m in batch.Messages.Select(m => m.WithPaymentDataMasked()))   // masked before anything is stored (see Ingest)
            {
                if (!inbox.AppendIfNew(m, db, tx)) { duplicates++; continue; }
                added++;
                if (PlatformThreads.AccountOf(m.Thread) is { } account && platform.Link(m, account, Duration.FromTimeSpan(o.LinkWithin), db, tx) is { } comment)
                {
                    complaints.MovedToDm(m.Thread.Channel, comment, m.Thread, m.ReceivedAt, db, tx);
                    moved++;
                }
            }
            foreach (var e in batch.Events)
                if (e.Kind == ChannelEvent.PersonReplied) PersonReplied(e, now, db, tx);
                else platform.Record(e.Kind, e.Thread, e.MessageId, e.Text, e.At, db, tx);
            foreach (var c in complaining) if (complaints.RaisedInPublic(c.Channel, c.CommentId, c.At, db, tx)) raisedInPublic++;
            foreach (var (c, text) in invites)
            {
                var thread = PlatformThreads.Of(c.Channel, c.Account, c.AuthorId);
                var reply = ReplyQueue.New(thread, c.AuthorId, Reply.Of(ReplyKind.Public, text), c.CommentId, now);
                var invite = new PublicInvite(c.Channel, c.Account, c.CommentId, c.AuthorId, c.AuthorName, c.Text, now, reply.Id);
                if (!platform.TryInvite(invite, Duration.FromTimeSpan(o.PerAuthor), db, tx)) continue;
                transcript.Append(new TranscriptEntry(thread, c.At, TranscriptDirection.In, TranscriptWords.PublicComment, c.AuthorId, c.Text, c.CommentId),
                    db, tx);
                queue.Queue(reply, "bot", db, tx);
                replies++;
            }
            return (added, duplicates, replies);
        }, ct);
        if (revoked) connections.Committed();
        if (added > 0) { signals.InboxChanged.Set(); attribution.DmsStored(); }
        metrics.Complained("moved", moved);
        metrics.Complained("public", raisedInPublic);
        if (replies > 0) signals.OutboxChanged.Set();
        if (added > 0) metrics.Received(batch.Messages[0].Thread.Channel, added);   // one delivery is one platform's
        return (added, duplicates);
    }

    /// A person of the brand answered in the platform's own inbox: recorded as a person's reply, and the bot keeps out of
    /// the thread — for Handoffs:PersonReplyHold after the reply, and while an open hand-off of the thread is not resolved
    /// (the reply is that hand-off's first answer, as if given here). Counted from the platform's time of the reply, when
    /// that is a credible one (<see cref="InboundMessage.Credible"/>), else from now.
    void PersonReplied(ChannelEvent e, Instant now, System.Data.Common.DbConnection db, System.Data.Common.DbTransaction tx)
    {
        var at = InboundMessage.Credible(e.At, now);
        if (e.MessageId is null || !platform.RecordPersonReply(e.Thread, e.MessageId, e.Text, at, db, tx)) return;
        if (handoffs.RespondedInThread(e.Thread, at, db, tx)) conversations.SetHold(e.Thread, held: true, answered: true, at, db, tx);
        conversations.HoldForPerson(e.Thread, PlatformThreads.UserOf(e.Thread), at + Duration.FromTimeSpan(handoffOptions.Value.PersonReplyHold), db, tx);
    }

    /// The invitation in the comment's language when the library can tell it, else the default language.
    string InviteText(string comment)
    {
        var lib = library.Current;
        var (language, confidence) = lib.Detector.Detect(comment);
        var lang = confidence >= 0.8 ? language : lib.DefaultLanguage;
        return lib.Messages.TryGetValue(MessageKeys.PublicInvite, out var text)
            ? text.In(lang).Render(_ => null)
            : "We're sorry to hear that! Please send us a direct message so we can look into it with you.";
    }
}
