using AutoReply.Core.Messages;
using NodaTime;

namespace AutoReply.Channels.Sending;

/// When the customer of a thread last wrote: the platforms' messaging windows are counted from it.
public interface IMessagingWindow
{
    Task<Instant?> LastInboundAt(ThreadKey thread, CancellationToken ct);
}
