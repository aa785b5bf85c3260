using AutoReply.Core.Messages;

namespace AutoReply.Channels.Sending;

/// What came of one attempt to deliver a reply.
public abstract record SendOutcome
{
    public sealed record Delivered : SendOutcome;
    /// Worth trying again later (timeout, 5xx, 429, any non-2xx for the generic channel); RetryAfter when the receiver said.
    public sealed record Failed(string Error, TimeSpan? RetryAfter = null) : SendOutcome;
    /// Will never succeed as it is (the platform rejected it for good): dead-letter it now.
    public sealed record Rejected(string Error) : SendOutcome;
    /// Not sent, by the platform's rules (outside its messaging window): kept, not retried, and the reason is put
    /// where the agent sees it.
    public sealed record Held(string Reason) : SendOutcome;

    public static readonly SendOutcome Ok = new Delivered();
}

/// Delivers replies to one channel. One verb: Send. It does not retry; the OutboxSender decides about retries.
public interface IChannelSender
{
    string Channel { get; }
    Task<SendOutcome> Send(OutboundReply reply, CancellationToken ct);
}
