using AutoReply.Core.Engine;

namespace AutoReply.Core.Handoffs;

/// A thread a person holds gets no bot answers: its DMs join the hand-off. Until the person has written, the
/// customer still gets the acknowledgement with its reply-by promise, at most once per quiet period; after that,
/// silence — a bot talking over a person helps no one.
/// A thread a person answered in the platform's own inbox, with no hand-off here, gets silence too while that hold lasts:
/// the person reads the customer's DMs where they answered, and nothing joins a queue they do not work.
sealed class HumanHoldsThread(ITurnStage acknowledge) : ITurnStage
{
    public TurnDecision? Decide(Turn turn)
    {
        if (!turn.Thread.HeldByPerson)
            return turn.Thread.HeldOnPlatform(turn.Now)
                ? TurnDecision.Silence(Reason.HumanHoldsThread) with { Detail = "a person answered in the platform's own inbox" }
                : null;
        // The reason stays HumanHoldsThread with or without the acknowledgement: the bot did not try to answer, so this DM
        // is no gap in the library (see the gaps report).
        // The hand-off line says so too: it said NoConfidentAnswer, the acknowledgement stage's own reason, for a DM the bot
        // never tried to answer (QA round 14).
        if (!turn.Thread.PersonAnswered && acknowledge.Decide(turn) is { } ack)
            return ack with
            {
                Reason = Reason.HumanHoldsThread,
                HandOffRequest = ack.HandOffRequest is { } request ? request with { Reason = Reason.HumanHoldsThread.ToString() } : null,
            };
        return TurnDecision.HandOff(Reason.HumanHoldsThread, []) with
        {
            HandOffRequest = new HandOffRequest("general", Reason.HumanHoldsThread.ToString(), null, turn.Thread.Memory.Variables),
        };
    }
}
