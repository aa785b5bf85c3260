using AutoReply.Channels.Sending;
using AutoReply.Core.Messages;
using AutoReply.Storage;
using Dapper;
using NodaTime;

namespace AutoReply.Service.Workers;

/// The platforms' messaging windows are counted from the customer's last DM in the thread.
public sealed class ConversationWindow(Storage.Database database, Storage.Conversations.ConversationStore conversations) : IMessagingWindow
{
    public Task<Instant?> LastInboundAt(ThreadKey thread, CancellationToken ct)
    {
        using var db = database.Open();
        return Task.FromResult(conversations.LastInboundAt(thread, db));
    }
}
