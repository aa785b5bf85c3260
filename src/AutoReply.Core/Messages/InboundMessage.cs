using NodaTime;

namespace AutoReply.Core.Messages;

/// Which conversation a message belongs to: a channel ("generic", "messenger", "x") and that channel's thread id.
public readonly record struct ThreadKey(string Channel, string ThreadId)
{
    public override string ToString() => $"{Channel}/{ThreadId}";
}

/// The person who wrote a DM, as the platform names them.
public sealed record Sender(string Id, string? Name);

/// A DM as it arrived from a channel, after verification and parsing.
/// It is not yet a decision: it becomes one when the TurnWorker hands it to the engine.
public sealed record InboundMessage(
    ThreadKey Thread,
    string PlatformId,
    Sender Sender,
    string Text,
    Instant SentAt,
    Instant ReceivedAt)
{
    /// Photos and files sent with the DM (a DM may be only a photo, with empty text).
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    /// Card numbers or IBANs were masked in <see cref="Text"/> when it arrived (see Privacy.PaymentData).
    public bool PaymentDataMasked { get; init; }

    /// When the customer wrote it, for the platforms' messaging windows: the platform's time when it is up to 7 days
    /// before the DM's arrival (a delivery retried for a day opened its window when it was sent); an older or later one is
    /// no time a platform would deliver at (a client's import, a test's fixed stamp), and the arrival counts.
    public Instant WrittenAt => Credible(SentAt, ReceivedAt);

    /// <paramref name="stamped"/>, a platform's time for something that reached us at <paramref name="arrived"/>, when
    /// it is up to 7 days before that; else the arrival (see <see cref="WrittenAt"/>).
    public static Instant Credible(Instant stamped, Instant arrived) =>
        stamped < arrived && stamped >= arrived - Duration.FromDays(7) ? stamped : arrived;

    /// The DM with its payment details masked: what is stored, logged, shown, matched and exported.
    public InboundMessage WithPaymentDataMasked() =>
        Privacy.PaymentData.Mask(Text) is (var masked, true) ? this with { Text = masked, PaymentDataMasked = true } : this;
}

/// A file sent with a DM: its kind as the platform says ("image", "file", "sticker", …) and where to fetch it; the URL
/// is empty when the platform gave none (a sticker without its image, a message the platform cannot show).
public sealed record Attachment(string Kind, string Url)
{
    public const string Sticker = "sticker";
    /// A message the platform's API cannot show (Instagram's is_unsupported: a type the API does not deliver).
    public const string Unsupported = "unsupported";
}
