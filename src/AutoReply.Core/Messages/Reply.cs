namespace AutoReply.Core.Messages;

/// What a reply is, as the customer's channel and the transcript see it.
public enum ReplyKind
{
    /// A stock answer from the library.
    Answer,
    /// "We got your message; a person will reply by ...".
    Ack,
    /// A step of a dialog flow.
    Dialog,
    /// Written by a human agent.
    Agent,
    /// A service notice, such as the opt-out confirmation.
    Notice,
    /// A short public reply under a customer's public comment, inviting them to write privately.
    Public,
    /// A marketing message, sent only to senders who opted in, never as a reply to a support DM.
    Marketing,
    /// "I'm the automated assistant of …": sent before automated messages where the law asks for it.
    Disclosure,
}

/// A reply the engine decided to send. It carries no id: ids are given when the decision is stored,
/// so that the same decision always has the same idempotency key.
public sealed record Reply(ReplyKind Kind, string Text, IReadOnlyList<string> QuickReplies)
{
    public static Reply Of(ReplyKind kind, string text) => new(kind, text, []);
}

public static class ReplyKindNames
{
    public static string Wire(this ReplyKind kind) => kind switch
    {
        ReplyKind.Answer => "answer",
        ReplyKind.Ack => "ack",
        ReplyKind.Dialog => "dialog",
        ReplyKind.Agent => "agent",
        ReplyKind.Notice => "notice",
        ReplyKind.Public => "public",
        ReplyKind.Marketing => "marketing",
        ReplyKind.Disclosure => "disclosure",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static ReplyKind Parse(string wire) => wire switch
    {
        "answer" => ReplyKind.Answer,
        "ack" => ReplyKind.Ack,
        "dialog" => ReplyKind.Dialog,
        "agent" => ReplyKind.Agent,
        "notice" => ReplyKind.Notice,
        "public" => ReplyKind.Public,
        "marketing" => ReplyKind.Marketing,
        "disclosure" => ReplyKind.Disclosure,
        _ => throw new ArgumentOutOfRangeException(nameof(wire), wire, "unknown reply kind"),
    };
}
