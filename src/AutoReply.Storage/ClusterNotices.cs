namespace AutoReply.Storage;

/// How instances sharing one database wake each other: an instance that committed work others may take (a DM in the
/// inbox, a reply in the outbox, a notification) announces it, and every other instance's worker wakes at once instead
/// of at its next poll. Polling stays the fallback: a notice lost while an instance was reconnecting costs one poll.
public abstract class ClusterNotices
{
    /// Receives notices (topic, sending instance) until <paramref name="ct"/> is cancelled; throws when the connection is lost (the caller
    /// listens again).
    public abstract Task Listen(Action<string, string> onNotice, CancellationToken ct);

    /// Announces <paramref name="topics"/> to every listening instance, <paramref name="from"/> naming the sender.
    public abstract Task Announce(IReadOnlyCollection<string> topics, string from, CancellationToken ct);
}
