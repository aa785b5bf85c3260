using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;
using NodaTime;

namespace AutoReply.Core.Policies;

/// DMs without words. A sticker on its own (Messenger's thumbs-up, a heart) says "thanks" or "ok", almost always after
/// an answer: it is recorded in the thread and not answered — an acknowledgement in reply to a thumbs-up is spam.
/// A message the platform cannot show us (Instagram's is_unsupported: a type its API does not deliver) may be a
/// question, so the customer is asked to write it as text, once per quiet period; the rest of that period it is only
/// recorded. A thread a person holds is theirs: these DMs join the hand-off like any other (the next stage).
/// Photos, files and locations go on through the pipeline as before: they often are the question ("is this broken?").
sealed class ReadNonTextMessages(Duration quietPeriod) : ITurnStage
{
    static readonly Dictionary<string, string> BuiltIn = new()
    {
        ["en"] = "Sorry, we can't see this kind of message here. Could you write your question as a text message?",
        ["de"] = "Diese Art von Nachricht können wir hier leider nicht sehen. Magst du uns dein Anliegen als Text schreiben?",
        ["fi"] = "Emme valitettavasti näe tämäntyyppistä viestiä täällä. Voisitko kirjoittaa kysymyksesi tekstiviestinä?",
    };

    public TurnDecision? Decide(Turn turn)
    {
        var attachments = turn.Message.Attachments;
        if (attachments.Count == 0 || turn.Text.Trim().Length > 0 || turn.Thread.PersonHolds(turn.Now)) return null;
        if (attachments.All(a => a.Kind == Attachment.Sticker))
            return TurnDecision.Silence(Reason.StickerOnly) with { Detail = "a sticker on its own: nothing to answer" };
        if (!attachments.Any(a => a.Kind == Attachment.Unsupported)) return null;

        var memory = turn.Thread.Memory;
        if (memory.UnsupportedNoticeAtMs is { } last && turn.Now - Instant.FromUnixTimeMilliseconds(last) < quietPeriod)
            return TurnDecision.Silence(Reason.UnsupportedMessage) with { Detail = "a message the platform cannot show; asked for text already" };
        var text = TurnVariables.OptionalMessage(turn, MessageKeys.UnsupportedMessage, BuiltIn);
        var thread = turn.Thread with { Memory = memory with { UnsupportedNoticeAtMs = turn.Now.ToUnixTimeMilliseconds() } };
        return TurnDecision.Reply(Reason.UnsupportedMessage, Reply.Of(ReplyKind.Answer, text), thread)
            with { Detail = "a message the platform cannot show: asked for text" };
    }
}
