using AutoReply.Core.Answers;
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
    Duration AckQuietPeriod,
    MatchingSettings? Matching = null,
    double LanguageConfidence = 0.8);

/// Decides what to do with one inbound DM. A pure function of (thread state, contact, message, library, now):
/// it does no I/O and keeps no state between turns, so the TurnWorker can commit its result in one transaction
/// and a test can run it without a database.
public sealed class ConversationEngine
{
    readonly ITurnStage[] stages;
    readonly double languageConfidence;

    public ConversationEngine(EngineSettings settings)
    {
        languageConfidence = settings.LanguageConfidence;
        var answers = new AnswerReplies(settings.BusinessHours, settings.AckReplyBudget);
        // The whole pipeline, in order. The first stage that decides ends the turn.
        stages =
        [
            new OptOutPolicy(new ConsentWords(settings.OptOutWords)),
            new OptInPolicy(new ConsentWords(settings.OptInWords)),
            new SilenceOptedOutSenders(),
            new ResolvePendingChoice(answers),
            new MatchStockAnswer(settings.Matching ?? new MatchingSettings(), answers),
            new AcknowledgeWithPromise(settings.BusinessHours, settings.AckReplyBudget, settings.AckQuietPeriod),
        ];
    }

    public TurnResult Handle(Turn turn)
    {
        turn = turn with { Language = LanguageOf(turn) };
        var decision = Decide(turn);
        var thread = (decision.Thread ?? turn.Thread) with
        {
            Language = turn.Language,
            LastInboundAt = turn.Message.ReceivedAt,
            Turns = turn.Thread.Turns + 1,
        };
        // A "Did you mean …?" stands for one turn: the DM after it either chose or moved on.
        if (decision.Reason != Reason.AskedWhichAnswer && thread.Memory.PendingChoice is not null)
            thread = thread with { Memory = thread.Memory with { PendingChoice = null } };
        return new TurnResult(decision, thread, decision.Contact ?? turn.Contact);
    }

    /// The DM's language when the detector is sure; otherwise the thread's, otherwise the library's default.
    string LanguageOf(Turn turn)
    {
        var (language, confidence) = turn.Library.Detector.Detect(turn.Text);
        return confidence >= languageConfidence ? language : turn.Thread.Language ?? turn.Library.DefaultLanguage;
    }

    TurnDecision Decide(Turn turn)
    {
        foreach (var stage in stages)
            if (stage.Decide(turn) is { } decision) return decision;
        // The last stage always decides; reaching here means the pipeline was built wrong.
        throw new InvalidOperationException("no stage decided the turn");
    }
}
