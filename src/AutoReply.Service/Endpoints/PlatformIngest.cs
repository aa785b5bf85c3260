using System.Diagnostics.Metrics;
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
using AutoReply.Storage.Sqlite;
using AutoReply.Storage.Transcript;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoReply.Service.Endpoints;

/// Stores what a platform webhook delivered, in one write: new DMs into the inbox (a platform's retry of the same
/// delivery changes nothing), a DM from someone invited from a public comment linked to it, receipts, edits and
/// deletions recorded, and complaint-like public comments on accounts that want it answered with one public
/// invitation to DM (through the outbox, like any reply). The platform is answered only after this returns.
public sealed class PlatformIngest(WriteQueue writes, InboxStore inbox, PlatformStore platform, OutboxStore outbox, TranscriptStore transcript,
    PipelineSignals signals, LibrarySource library, PublicComments comments, IOptions<PublicReplyOptions> options, ChannelMetrics metrics)
{
    public async Task<(int New, int Duplicates)> Store(PlatformBatch batch, Func<string, string, bool> publicRepliesOn, Instant now, CancellationToken ct)
    {
        var o = options.Value;
        var invites = batch.Comments.Where(c => publicRepliesOn(c.Channel, c.Account) && comments.LooksPrivate(c.Text)).Select(c => (Comment: c, Text: InviteText(c.Text))).ToList();
        var (added, duplicates, replies) = await writes.Write((db, tx) =>
        {
            int added = 0, duplicates = 0, replies = 0;
            foreach (var m in batch.Messages)
            {
                if (!inbox.AppendIfNew(m, db, tx)) { duplicates++; continue; }
                added++;
                if (PlatformThreads.AccountOf(m.Thread) is { } account) platform.Link(m, account, Duration.FromTimeSpan(o.LinkWithin), db, tx);
            }
            foreach (var e in batch.Events) platform.Record(e.Kind, e.Thread, e.MessageId, e.Text, e.At, db, tx);
            foreach (var (c, text) in invites)
            {
                var thread = PlatformThreads.Of(c.Channel, c.Account, c.AuthorId);
                var reply = new OutboundReply(Guid.CreateVersion7().ToString("N"), thread, c.AuthorId, ReplyKind.Public, text, [], c.CommentId, now);
                if (!platform.TryInvite(new PublicInvite(c.Channel, c.Account, c.CommentId, c.AuthorId, c.AuthorName, c.Text, now, reply.Id), Duration.FromTimeSpan(o.PerAuthor), db, tx))
                    continue;
                transcript.Append(new TranscriptEntry(thread, c.At, "in", "public-comment", c.AuthorId, c.Text, c.CommentId), db, tx);
                outbox.Insert(reply, db, tx);
                transcript.Append(new TranscriptEntry(thread, now, "out", "public", "bot", text, reply.Id), db, tx);
                replies++;
            }
            return (added, duplicates, replies);
        }, ct);
        if (added > 0) signals.InboxChanged.Set();
        if (replies > 0) signals.OutboxChanged.Set();
        foreach (var m in batch.Messages.Take(added)) metrics.Received(m.Thread.Channel);
        return (added, duplicates);
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

/// The service's metrics (OpenTelemetry; /metrics in Prometheus form): messages in and out per channel, send
/// outcomes (sent, failed → retried, held, dead), decisions by kind, SLA escalations by kind, and gauges of the
/// inbox backlog, the outbox backlog and the open hand-offs by state.
public sealed class ChannelMetrics : IDisposable
{
    public const string MeterName = "AutoReply";
    readonly Meter meter = new(MeterName);
    readonly Counter<long> received;
    readonly Counter<long> sent;
    readonly Counter<long> decisions;
    readonly Counter<long> escalations;

    public ChannelMetrics(SqliteDatabase database)
    {
        received = meter.CreateCounter<long>("autoreply.messages.in", description: "DMs stored, per channel");
        sent = meter.CreateCounter<long>("autoreply.messages.out", description: "send attempts, per channel and outcome (sent, failed, held, dead)");
        decisions = meter.CreateCounter<long>("autoreply.decisions", description: "turns decided, per kind (reply, silence, handoff) and reason");
        escalations = meter.CreateCounter<long>("autoreply.sla.escalations", description: "escalations fired, per kind (warning, first-response-breach …)");
        meter.CreateObservableGauge("autoreply.queue.depth", () => QueueDepth(database), description: "open hand-offs per state; pending inbox and outbox rows");
    }

    public void Received(string channel) => received.Add(1, new KeyValuePair<string, object?>("channel", channel));
    public void Sent(string channel, string outcome) => sent.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", outcome));
    public void Decided(string kind, string reason) => decisions.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", reason));
    public void Escalated(string kind) => escalations.Add(1, new KeyValuePair<string, object?>("kind", kind));

    static IEnumerable<Measurement<long>> QueueDepth(SqliteDatabase database)
    {
        using var db = database.Open();
        var rows = Dapper.SqlMapper.Query<(string Queue, long N)>(db, """
            SELECT 'handoffs_' || state, COUNT(*) FROM handoffs WHERE state <> 'resolved' GROUP BY state
            UNION ALL SELECT 'inbox_pending', COUNT(*) FROM inbox WHERE state = 0
            UNION ALL SELECT 'outbox_pending', COUNT(*) FROM outbox WHERE state = 0
            """).ToList();
        return rows.Select(r => new Measurement<long>(r.N, new KeyValuePair<string, object?>("queue", r.Queue)));
    }

    public void Dispose() => meter.Dispose();
}
