using AutoReply.Channels.Sending;
using AutoReply.Core.Messages;
using AutoReply.Storage.Sqlite;
using Dapper;
using NodaTime;

namespace AutoReply.Service.Workers;

/// The platforms' messaging windows are counted from the customer's last DM in the thread.
public sealed class ConversationWindow(Storage.Database database) : IMessagingWindow
{
    public Task<Instant?> LastInboundAt(ThreadKey thread, CancellationToken ct)
    {
        using var db = database.Open();
        var ms = db.ExecuteScalar<long?>("SELECT last_inbound_at FROM conversations WHERE channel = @Channel AND thread_id = @ThreadId", new { thread.Channel, thread.ThreadId });
        return Task.FromResult(ms is { } m ? Instant.FromUnixTimeMilliseconds(m) : (Instant?)null);
    }
}
