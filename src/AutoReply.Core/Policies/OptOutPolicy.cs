using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;

namespace AutoReply.Core.Policies;

/// Once a customer has opted out (STOP, stopp, lopeta…, or in words: "please stop messaging me", see
/// <see cref="OptOutRequest"/>), nothing automated is sent to them again; they get one confirmation, and a repeated
/// STOP gets nothing, not a second confirmation.
public sealed class OptOutPolicy(ConsentWords words) : ITurnStage
{
    public TurnDecision? Decide(Turn turn)
    {
        if (!words.Match(turn.Text) && !OptOutRequest.IsAsked(turn.Text)) return null;
        if (turn.Contact.OptedOut) return TurnDecision.Silence(Reason.SenderOptedOut);
        var contact = turn.Contact with { OptedOut = true, ChangedAt = turn.Now };
        var text = turn.Library.Message(MessageKeys.OptOutConfirmed, turn.Language).Render(v => TurnVariables.Common(turn, v));
        return TurnDecision.Reply(Reason.OptedOut, Reply.Of(ReplyKind.Notice, text), contact: contact);
    }
}

/// A sender who opted out can opt back in (START); that turn is answered with a confirmation only.
/// START from someone who never opted out is an ordinary message.
public sealed class OptInPolicy(ConsentWords words) : ITurnStage
{
    public TurnDecision? Decide(Turn turn)
    {
        if (!turn.Contact.OptedOut || !words.Match(turn.Text)) return null;
        var contact = turn.Contact with { OptedOut = false, ChangedAt = turn.Now };
        var text = turn.Library.Message(MessageKeys.OptInConfirmed, turn.Language).Render(v => TurnVariables.Common(turn, v));
        return TurnDecision.Reply(Reason.OptedIn, Reply.Of(ReplyKind.Notice, text), contact: contact);
    }
}

/// An opted-out sender gets no automated message of any kind. Their DMs are still stored and shown to agents.
public sealed class SilenceOptedOutSenders : ITurnStage
{
    public TurnDecision? Decide(Turn turn) => turn.Contact.OptedOut ? TurnDecision.Silence(Reason.SenderOptedOut) : null;
}
