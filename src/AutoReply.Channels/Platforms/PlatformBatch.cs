using AutoReply.Core.Messages;
using NodaTime;

namespace AutoReply.Channels.Platforms;

/// Something a platform reported about a thread that is not a DM to answer: a read or delivery receipt, an edit,
/// a deletion, a reply a person of the brand wrote in another app. Recorded in the transcript; an edit or deletion of a
/// DM not yet decided also changes that DM; a person's reply holds the thread from the bot.
public sealed record ChannelEvent(ThreadKey Thread, string Kind, string? MessageId, string? Text, Instant At)
{
    /// A person of the brand answered the customer in the platform's own inbox (Meta Business Suite, X's app), not here.
    public const string PersonReplied = "person_replied";
}

/// A public comment or mention on a connected account (a post comment, an Instagram comment, a tweet).
public sealed record PublicComment(string Channel, string Account, string CommentId, string AuthorId, string? AuthorName, string Text, Instant At);

/// A brand account withdrew the app's access (X's user_event revoke): nothing can be sent for it until the operator
/// configures a new token.
public sealed record AccountRevoked(string Channel, string Account, Instant At);

/// What one platform webhook delivery held: DMs to store, events to record, public comments to look at, accounts
/// that revoked access, and how many entries were skipped (echoes of our own sends, typing, likes, malformed events).
public sealed record PlatformBatch(IReadOnlyList<InboundMessage> Messages, IReadOnlyList<ChannelEvent> Events,
    IReadOnlyList<PublicComment> Comments, int Skipped)
{
    public IReadOnlyList<AccountRevoked> Revoked { get; init; } = [];
}

/// A webhook body read: a batch, or why the body as a whole is not one.
public readonly record struct ParsedBatch(PlatformBatch? Batch, string? Error)
{
    public static ParsedBatch Invalid(string error) => new(null, error);
}

/// The thread key of a platform conversation: one brand account and one customer.
public static class PlatformThreads
{
    public static ThreadKey Of(string channel, string account, string user) => new(channel, $"{account}:{user}");

    /// The brand account of a platform thread ("PAGE:USER" → PAGE), or null for a thread of another shape.
    public static string? AccountOf(ThreadKey thread) => thread.ThreadId.IndexOf(':') is > 0 and var i ? thread.ThreadId[..i] : null;

    /// The customer of a platform thread ("PAGE:USER" → USER); the whole id for a thread of another shape.
    public static string UserOf(ThreadKey thread) => thread.ThreadId.IndexOf(':') is > 0 and var i ? thread.ThreadId[(i + 1)..] : thread.ThreadId;
}

/// A platform's text over the service's limit (`Channels:Generic:MaxTextLength`). The generic API refuses such a DM
/// with 400 and its client can send it again shorter; a platform cannot, and it does not deliver again after the 200 it
/// got. So a platform DM, edit or comment over the limit is cut to it and marked, not dropped: the customer is heard,
/// and the mark tells the agent there was more. (Until session 20 it was skipped: a 4,100-character complaint on
/// Messenger or X reached no one.)
public static class PlatformText
{
    public static string Within(string text, int limit)
    {
        if (text.Length <= limit) return text;
        var mark = $" […] (cut: {text.Length} characters in all)";
        var keep = Math.Max(0, limit - mark.Length);
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1])) keep--;   // never half a character
        return text[..keep] + mark;
    }
}
