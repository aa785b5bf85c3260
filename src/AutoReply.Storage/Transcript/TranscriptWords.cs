namespace AutoReply.Storage.Transcript;

/// Which way a transcript line goes: a message in from the customer, a message out to them, or something that
/// happened in the thread. Stored as its <see cref="TranscriptWords.Wire"/> name ("in", "out", "event").
public enum TranscriptDirection { In, Out, Event }

/// The words a transcript line is stored with, one list: the directions' names and the kinds of line. A line out is of
/// its reply's kind (<see cref="AutoReply.Core.Messages.ReplyKindNames.Wire"/>: "answer", "ack", "agent" …) unless listed here.
/// The SQL that reads the transcript (response figures, gaps, the queue's last DM) spells the same words.
public static class TranscriptWords
{
    public static string Wire(this TranscriptDirection direction) => direction switch
    {
        TranscriptDirection.In => "in",
        TranscriptDirection.Out => "out",
        TranscriptDirection.Event => "event",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
    };

    /// A stored direction; one this version does not know (written by a newer one) reads as an event.
    public static TranscriptDirection ParseDirection(string wire) => wire switch
    {
        "in" => TranscriptDirection.In,
        "out" => TranscriptDirection.Out,
        _ => TranscriptDirection.Event,
    };

    // In: what the customer sent. Only "dm" lines count in the response figures (a sticker alone is a "thanks", a closing
    // remark — "ok", "alles klar" — asks nothing).
    public const string Dm = "dm";
    public const string Sticker = "sticker";
    public const string Closing = "closing";
    public const string PublicComment = "public-comment";

    // Out, besides the reply kinds.
    public const string CsatQuestion = "csat-question";

    // Events: the engine's and the pipeline's.
    public const string Decision = "decision";
    public const string EngineFailed = "engine-failed";
    public const string Handoff = "handoff";
    public const string Sale = "sale";
    public const string Held = "held";
    public const string Escalation = "escalation";
    public const string Csat = "csat";
    public const string CsatSkipped = "csat-skipped";
    public const string Linked = "linked";

    // Events: agents' actions.
    public const string Claim = "claim";
    public const string Note = "note";
    public const string Waiting = "waiting";
    public const string Change = "change";
    public const string Resolve = "resolve";
    public const string Release = "release";
}
