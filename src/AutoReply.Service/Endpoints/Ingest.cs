using AutoReply.Core.Messages;
using AutoReply.Service.Workers;
using AutoReply.Storage.Inbox;
using AutoReply.Storage;

namespace AutoReply.Service.Endpoints;

/// Makes an inbound DM durable. Every channel endpoint calls this and answers the platform only after it
/// returns, so a 2xx always means "stored"; the same platform id again returns false and changes nothing.
public sealed class Ingest(WriteQueue writes, InboxStore inbox, PipelineSignals signals, Health.ServiceMetrics metrics)
{
    public async Task<bool> Accept(InboundMessage message, CancellationToken ct)
    {
        var isNew = await writes.Write((db, tx) => inbox.AppendIfNew(message, db, tx), ct);
        if (isNew)
        {
            signals.InboxChanged.Set();
            metrics.Received(message.Thread.Channel);
        }
        return isNew;
    }
}
