using AutoReply.Core.Engine;

namespace AutoReply.Core.Handoffs;

/// A thread a person holds gets no bot answers: its DMs join the hand-off. Until the person has written, the
/// customer still gets the acknowledgement with its reply-by promise, at most once per quiet period; after that,
/// silence — a bot talking over a person helps no one.
sealed class HumanHoldsThread(ITurnStage acknowledge) : ITurnStage
{
    public TurnDecision? Decide(Turn turn)
    {
        if (!turn.Thread.HeldByPerson) return null;
        // The reason stays HumanHoldsThread with or without the acknowledgement: the bot did not try to answer, so this DM
        // is no gap in the library (see the gaps report).
        if (!turn.Thread.PersonAnswered && acknowledge.Decide(turn) is { } ack) return ack with { Reason = Reason.HumanHoldsThread };
        return TurnDecision.HandOff(Reason.HumanHoldsThread, []) with
        {
            HandOffRequest = new HandOffRequest("general", Reason.HumanHoldsThread.ToString(), null, turn.Thread.Memory.Variables),
        };
    }
}
