using AutoReply.Core.Policies;
using AutoReply.Core.Time;
using NodaTime;

namespace AutoReply.Core.Engine;

/// Settings the engine's rules are built from; the host fills them from configuration.
public sealed record EngineSettings(
    BusinessHours BusinessHours,
    IReadOnlyList<string> OptOutWords,
    IReadOnlyList<string> OptInWords,
    Duration AckReplyBudget,
    Duration AckQuietPeriod);

/// Decides what to do with one inbound DM. A pure function of (thread state, contact, message, library, now):
/// it does no I/O and keeps no state between turns, so the TurnWorker can commit its result in one transaction
/// and a test can run it without a database.
public sealed class ConversationEngine
{
    readonly ITurnStage[] stages;

    public ConversationEngine(EngineSettings settings)
    {
        // The whole pipeline, in order. The first stage that decides ends the turn.
        stages =
        [
            new OptOutPolicy(new ConsentWords(settings.OptOutWords)),
            new OptInPolicy(new ConsentWords(settings.OptInWords)),
            new SilenceOptedOutSenders(),
            new AcknowledgeWithPromise(settings.BusinessHours, settings.AckReplyBudget, settings.AckQuietPeriod),
        ];
    }

    public TurnResult Handle(Turn turn)
    {
        var decision = Decide(turn);
        var thread = (decision.Thread ?? turn.Thread) with
        {
            LastInboundAt = turn.Message.ReceivedAt,
            Turns = turn.Thread.Turns + 1,
        };
        return new TurnResult(decision, thread, decision.Contact ?? turn.Contact);
    }

    TurnDecision Decide(Turn turn)
    {
        foreach (var stage in stages)
            if (stage.Decide(turn) is { } decision) return decision;
        // The last stage always decides; reaching here means the pipeline was built wrong.
        throw new InvalidOperationException("no stage decided the turn");
    }
}
