using AutoReply.Core.Messages;
using AutoReply.Service.Workers;
using AutoReply.Storage.Inbox;
using AutoReply.Storage;

namespace AutoReply.Service.Endpoints;

/// Makes an inbound DM durable. Every channel endpoint calls this and answers the platform only after it
/// returns, so a 2xx always means "stored"; the same platform id again returns false and changes nothing.
public sealed class Ingest(Database database, WriteQueue writes, InboxStore inbox, PipelineSignals signals, Health.ServiceMetrics metrics, ConversionAttribution attribution)
{
    /// Card numbers and IBANs are masked here, before the DM is stored: nothing after (engine, transcript, console, logs,
    /// export) ever sees them.
    public async Task<bool> Accept(InboundMessage message, CancellationToken ct)
    {
        message = message.WithPaymentDataMasked();
        using var span = Health.Tracing.Start("ingest", message.Thread, message.PlatformId, System.Diagnostics.ActivityKind.Consumer);
        // Deferred: on PostgreSQL the insert goes to the server with the group commit's other statements.
        var appended = await writes.Write((db, tx) => inbox.AppendDeferred(message, db, tx), ct);
        var isNew = appended.Rows == 1;
        if (isNew)
        {
            signals.InboxChanged.Set();
            metrics.Received(message.Thread.Channel);
            attribution.DmsStored();
        }
        return isNew;
    }

    /// For a DM whose id was accepted before: whether it is that DM sent again (the same thread, sender and text, as
    /// stored: payment data masked) or another message under a reused id — a client's counter reset, two systems sharing
    /// ids — which answered "duplicate" would be lost without a word. A DM no longer stored (erased) counts as the same.
    public bool SameAsStored(InboundMessage message)
    {
        message = message.WithPaymentDataMasked();
        using var db = database.Open();
        return inbox.Stored(message.Thread.Channel, message.PlatformId, db) is not { } stored
            || (stored.ThreadId == message.Thread.ThreadId && stored.SenderId == message.Sender.Id && stored.Text == message.Text);
    }
}
