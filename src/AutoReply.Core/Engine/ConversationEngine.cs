using AutoReply.Core.Answers;
using AutoReply.Core.Messages;
using AutoReply.Core.Policies;
using AutoReply.Core.Time;
using NodaTime;

namespace AutoReply.Core.Engine;

/// Settings the engine's rules are built from; the host fills them from configuration. AckReplyBudget is the
/// general first-response target when no SLA policies are given (the host always gives them).
public sealed record EngineSettings(
    BusinessHours BusinessHours,
    IReadOnlyList<string> OptOutWords,
    IReadOnlyList<string> OptInWords,
    Duration AckReplyBudget,
    Duration AckQuietPeriod,
    MatchingSettings? Matching = null,
    double LanguageConfidence = 0.8,
    DialogSettings? Dialogs = null,
    Handoffs.SlaPolicies? Sla = null,
    Handoffs.EscalationSignals? Signals = null,
    Duration? CsatAnswerWithin = null,
    Privacy.DisclosureSettings? Disclosure = null);

/// How flows behave: the words that cancel one or ask for a person at any step, how long a flow waits for a silent
/// customer before it lapses, and the region of phone numbers written without a country code.
public sealed record DialogSettings(IReadOnlyList<string> CancelWords, IReadOnlyList<string> AgentWords, Duration Timeout, string PhoneRegion = "DE")
{
    public static readonly DialogSettings Default = new(
        ["cancel", "cancel that", "cancel this", "cancel it", "stop this", "never mind", "nevermind", "nvm", "nvmd", "forget it", "forget that",
         "abbrechen", "abbruch", "vergiss es", "vergiss das", "lass mal", "schon gut", "peruuta", "peru", "unohda", "unohda se",
         // a polite no that leaves the flow ("no thanks, I found it" was thanked for and asked the prompt again)
         "no thanks", "no thank you", "found it", "i found it", "no thanks i found it", "never mind i found it", "not needed anymore",
         "no longer needed", "all sorted", "sorted", "nein danke", "hat sich erledigt", "nein danke hat sich erledigt", "doch nicht",
         "erledigt", "schon erledigt", "nicht mehr nötig", "ei kiitos", "ei tarvitse", "ei tarvitse enää", "ei tarvii", "ei kiitos unohda",
         "ei kiitos löysin", "löysin sen", "asia hoitui",
         // "stop" after a filler mid-flow ("no, stop", "nein stopp", "ei, lopeta"): the flow's question was asked again. The
         // word alone is an opt-out, decided before any flow (OptOutPolicy).
         "stop", "stop it", "stopp", "hör auf", "lopeta", "lopeta jo"],
        ["agent", "human", "person", "a person", "real person", "mitarbeiter", "mensch", "ihminen", "asiakaspalvelija"],
        Duration.FromMinutes(30));
}

/// Decides what to do with one inbound DM. A pure function of (thread state, contact, message, library, now):
/// it does no I/O and keeps no state between turns, so the TurnWorker can commit its result in one transaction
/// and a test can run it without a database.
public sealed class ConversationEngine
{
    readonly ITurnStage[] stages;
    readonly double languageConfidence;
    readonly Duration flowTimeout;
    readonly Dialogs.DialogRuntime runtime;
    readonly Handoffs.SlaPolicies sla;
    readonly Handoffs.EscalationSignals signals;
    readonly Privacy.Transparency transparency;
    readonly AcknowledgeWithPromise acknowledge;
    readonly MatchStockAnswer matchStock;
    readonly Duration csatAnswerWithin;

    public ConversationEngine(EngineSettings settings)
    {
        csatAnswerWithin = settings.CsatAnswerWithin ?? Duration.FromHours(24);
        languageConfidence = settings.LanguageConfidence;
        var dialogs = settings.Dialogs ?? DialogSettings.Default;
        var matching = settings.Matching ?? new MatchingSettings();
        flowTimeout = dialogs.Timeout;
        sla = settings.Sla ?? DefaultSla(settings);
        signals = settings.Signals ?? Handoffs.EscalationSignals.Default;
        transparency = new Privacy.Transparency(settings.Disclosure ?? Privacy.DisclosureSettings.Default);
        var variables = new ReplyVariables(sla);
        var recognizer = new Recognizers.EntityRecognizer();
        runtime = new Dialogs.DialogRuntime(recognizer, settings.BusinessHours, dialogs.PhoneRegion, variables);
        var answers = new AnswerReplies(variables, runtime, signals);
        acknowledge = new AcknowledgeWithPromise(sla, settings.AckQuietPeriod, variables);
        matchStock = new MatchStockAnswer(matching, answers, acknowledge, new PromisePassed(recognizer, settings.BusinessHours.Zone));
        // The whole pipeline, in order. The first stage that decides ends the turn.
        stages =
        [
            new OptOutPolicy(new ConsentWords(settings.OptOutWords)),
            new OptInPolicy(new ConsentWords(settings.OptInWords)),
            new HandOffOptedOutSenders(signals),
            new RecordSatisfaction(csatAnswerWithin),
            new Handoffs.HandOffOnLegalOrSafetyWords(signals, acknowledge, answers),
            new ReadNonTextMessages(settings.AckQuietPeriod),
            new ResolveSuggestion(answers),
            new Handoffs.HumanHoldsThread(acknowledge),
            new Handoffs.HandOffWhenAskedForPerson(acknowledge, matching, signals),
            new Privacy.HandOffPrivacyRequests(acknowledge),
            new AnswerBotQuestion(runtime),
            new Dialogs.ContinueActiveDialog(runtime, answers, variables, new ConsentWords(dialogs.CancelWords), new ConsentWords(dialogs.AgentWords),
                matching, signals),
            new ResolvePendingChoice(answers),
            new Handoffs.HandOffUnhappyCustomers(signals, acknowledge),
            new IgnoreClosingRemarks(),
            matchStock,
            acknowledge,
        ];
    }

    static Handoffs.SlaPolicies DefaultSla(EngineSettings settings)
    {
        var targets = new Dictionary<string, Handoffs.SlaTarget>(Handoffs.SlaPolicies.DefaultTargets);
        targets[Handoffs.SlaPolicies.Fallback] = targets[Handoffs.SlaPolicies.Fallback] with { FirstResponse = settings.AckReplyBudget };
        var byPriority = new Dictionary<Handoffs.Priority, Handoffs.SlaTarget> { [Handoffs.Priority.Urgent] = Handoffs.SlaPolicies.DefaultUrgent };
        return new Handoffs.SlaPolicies(settings.BusinessHours, targets, byPriority);
    }

    /// Finishes a turn that paused on a lookup: the flow goes on with the host's answer, and the replies of both
    /// halves make one turn (one decision, one commit).
    public TurnResult Resume(Turn turn, TurnResult paused, LookupResult result)
    {
        var resumedTurn = turn with { Thread = paused.Thread, Language = paused.Thread.Language ?? turn.Library.DefaultLanguage };
        var outcome = runtime.Resume(resumedTurn, paused.Thread.Memory, result, [.. paused.Replies]);
        var decision = WithDueTimes(Dialogs.ContinueActiveDialog.Decision(resumedTurn, outcome, paused.Decision.Reason)
            with { Detail = paused.Decision.Detail, AnswerId = paused.Decision.AnswerId, AnswersBotQuestion = paused.Decision.AnswersBotQuestion }, turn);
        if (paused.Decision.Sales.Count > 0) decision = decision with { Sales = [.. paused.Decision.Sales, .. decision.Sales] };
        var thread = (decision.Thread ?? paused.Thread) with { HeldByPerson = decision.HoldAfter(paused.Thread) };
        var resumed = new TurnResult(decision, thread, paused.Contact) { Complaint = IsComplaint(decision, turn.Library) };
        return transparency.Frame(resumedTurn, WithLapse(resumed, turn.Thread, turn.Library));
    }

    /// The turn <see cref="Handle"/> failed on (a defect, not the customer's doing): the DM is acknowledged and handed to
    /// a person, as any DM the bot cannot answer, with the error in the decision's detail — without a word to a sender
    /// who opted out or on a thread a person has answered in, as the pipeline would. Nothing of the failed turn is kept
    /// but the thread as it was. The hand-off reads the DM as any does (its category, its priority, the values it names);
    /// should that fail as well — the defect may be in a detector both use: session 50's crash in the anger phrases threw
    /// here too, and the DM was set aside unanswered — it goes to the general queue at normal priority, read by nothing.
    /// When even that throws, the caller sets the DM aside alone.
    public TurnResult HandOffAfterFailure(Turn turn, string error)
    {
        turn = turn with { Language = turn.Thread.Language ?? turn.Library.DefaultLanguage };
        try { return FailureHandOff(turn, error, readDm: true); }
        catch (Exception again) when (again is not OutOfMemoryException)
        {
            return FailureHandOff(turn, $"{error}; reading the DM for its hand-off failed too: {again.GetType().Name}: {again.Message}", readDm: false);
        }
    }

    TurnResult FailureHandOff(Turn turn, string error, bool readDm)
    {
        var request = new HandOffRequest(Handoffs.SlaPolicies.Fallback, Reason.EngineFailed.ToString(), null, turn.Thread.Memory.Variables);
        // Unread, the acknowledgement sees no words to take for a complaint or a question of money.
        var acknowledged = readDm ? turn : turn with { Message = turn.Message with { Text = "" } };
        var ack = turn.Contact.OptedOut || turn.Thread.PersonAnswered
            ? TurnDecision.HandOff(Reason.EngineFailed, [], turn.Thread) with { HandOffRequest = request }
            : acknowledge.Decide(acknowledged, request);
        var decision = WithDueTimes(ack with { Reason = Reason.EngineFailed, Detail = $"the engine failed: {error}; a person answers" }, turn, readDm);
        return transparency.Frame(acknowledged, WithLapse(new TurnResult(decision, After(turn, decision), turn.Contact), turn.Thread, turn.Library));
    }

    /// The flow of <paramref name="memory"/> that goes to a person when the customer leaves it, if any (the outermost: a
    /// sub-flow collecting a phone number for a callback lapses as the callback).
    static Dialogs.Flow? LapsingFlow(Threads.ThreadMemory memory, Library.DialogLibrary library) =>
        memory.Dialog.Select(frame => Dialogs.DialogRuntime.Locate(library, frame)?.Flow).FirstOrDefault(flow => flow is { HandsOffWhenLapsed: true });

    /// The flow a thread leaves unfinished that only a person can finish, with what a person needs to: what it collected,
    /// and the flow and the value it waited for (`flow`, `left_at`). Null when the thread is in no such flow. Shared by a
    /// lapse and by a stop in the middle of one (<see cref="OptOutPolicy"/>).
    internal static (Dialogs.Flow Flow, IReadOnlyDictionary<string, string> Summary, string WaitedAt)? LeftFlow(Threads.ThreadMemory memory, Library.DialogLibrary library)
    {
        if (memory.Dialog is not [.., var top] || LapsingFlow(memory, library) is not { } flow) return null;
        var waitedAt = Dialogs.DialogRuntime.Locate(library, top) is var (topFlow, index) && topFlow.Steps[index] is Dialogs.FlowStep.Ask ask ? ask.Save : top.Step;
        return (flow, new Dictionary<string, string>(memory.Variables) { ["flow"] = flow.Id, ["left_at"] = waitedAt }, waitedAt);
    }

    /// The result with what its turn changes about the thread's lapse: due Flows:Timeout after the flow's last step while
    /// the thread waits in a flow that goes to a person when left; nothing due once it left one.
    TurnResult WithLapse(TurnResult result, Threads.ConversationState before, Library.DialogLibrary library) =>
        LapseDue(result.Thread, library) is { } due ? result with { Lapse = new FlowLapseChange(due) }
            : LapsingFlow(before.Memory, library) is not null ? result with { Lapse = new FlowLapseChange(null) }
            : result;

    /// When the flow <paramref name="thread"/> waits in lapses, if it is one that goes to a person when left: Flows:Timeout
    /// after its last step. The lapse job asks again when a row it took is not due yet (the timeout was raised since).
    public Instant? LapseDue(Threads.ConversationState thread, Library.DialogLibrary library) =>
        thread.Memory.Dialog is [.., var top] && LapsingFlow(thread.Memory, library) is not null
            ? Instant.FromUnixTimeMilliseconds(top.LastActivityMs) + flowTimeout
            : null;

    /// A flow the customer left before its end, once it has lapsed (Flows:Timeout after its last step): when only a person
    /// can finish it (a callback asked for and no time given, a lead, a refund: <see cref="Dialogs.Flow.HandsOffWhenLapsed"/>),
    /// a person gets it with what it collected, the step it waited at, and the flow's category and priority, due by the SLA
    /// from now. Nothing is sent: the customer left, a reminder nobody asked for is spam, and the person replies. A thread a
    /// person already holds only leaves the flow; a sender who opted out is handed off all the same (nothing is sent to
    /// anyone here). Null when nothing has lapsed (the thread moved on, or its flow is not one that goes to a person).
    public TurnResult? Lapse(Threads.ConversationState thread, Threads.ContactState contact, string senderId, Library.DialogLibrary library, Instant now)
    {
        if (thread.Memory.Dialog is not [.., var top] || now - Instant.FromUnixTimeMilliseconds(top.LastActivityMs) < flowTimeout) return null;
        if (LeftFlow(thread.Memory, library) is not var (flow, summary, waitedAt)) return null;
        var left = thread with { Memory = thread.Memory with { Dialog = [] } };
        var idle = (int)(now - Instant.FromUnixTimeMilliseconds(top.LastActivityMs)).TotalMinutes;
        var detail = $"flow {flow.Id} left at {waitedAt} for {idle} min";
        if (thread.PersonHolds(now))
        {
            var quiet = TurnDecision.Silence(Reason.FlowLapsed, left) with { Detail = $"{detail}; a person holds the thread, so no hand-off" };
            return new TurnResult(quiet, left, contact) { Lapse = new FlowLapseChange(null) };
        }
        // The flow's own priority (the lead's high), raised by the sender's tier as a DM's would be.
        var tier = signals.TierOf(thread.Key.Channel, senderId);
        var stated = Handoffs.SlaPolicies.ParsePriority(flow.HandOffPriority);
        var priority = tier is not null && tier.Priority > stated ? tier.Priority : stated;
        var (first, resolution, warn) = sla.DueTimes(flow.Category, priority, now);
        // A sender who opted out (on another thread of theirs) still asked for what the flow does; nothing is sent either
        // way, and the reason tells the person so.
        var reason = contact.OptedOut ? $"{Reason.FlowLapsed}; {Reason.SenderOptedOut}" : Reason.FlowLapsed.ToString();
        var request = new HandOffRequest(flow.Category, reason, priority.ToString().ToLowerInvariant(), summary)
        {
            FirstResponseDue = first, ResolutionDue = resolution, WarnAt = warn, CustomerTier = tier?.Name,
        };
        var decision = TurnDecision.HandOff(Reason.FlowLapsed, [], left) with { HandOffRequest = request, Detail = $"{detail}; a person follows up" };
        return new TurnResult(decision, left with { HeldByPerson = true }, contact) { Lapse = new FlowLapseChange(null) };
    }

    /// The thread after a turn's decision: one turn more, the DM's language and time, held when the decision hands off,
    /// and the sender's name when the DM gave one.
    static Threads.ConversationState After(Turn turn, TurnDecision decision)
    {
        var thread = decision.Thread ?? turn.Thread;
        var written = turn.Message.WrittenAt;   // the platforms count their reply windows from it
        return thread with
        {
            Language = turn.Language,
            LastInboundAt = turn.Thread.LastInboundAt is { } previous && previous > written ? previous : written,
            Turns = turn.Thread.Turns + 1,
            HeldByPerson = decision.HoldAfter(turn.Thread),
            Memory = string.IsNullOrWhiteSpace(turn.Message.Sender.Name)
                     || turn.Message.Sender.Name == thread.Memory.SenderName && turn.Message.Sender.Id == thread.Memory.SenderNameOf
                ? thread.Memory
                : thread.Memory with { SenderName = turn.Message.Sender.Name, SenderNameOf = turn.Message.Sender.Id },
        };
    }

    public TurnResult Handle(Turn turn)
    {
        var before = turn.Thread;
        turn = turn with { Language = LanguageOf(turn) };
        // A flow the customer left for longer than the timeout has lapsed: the DM is read afresh, and nothing is
        // sent about the old flow (a reminder nobody asked for is spam) — unless, within a day, the DM is the answer the
        // flow was waiting for, unmistakably ("A-1234" 45 minutes after "What's your order number?" was acknowledged and
        // handed to a person): then the flow goes on.
        if (turn.Thread.Memory.Dialog is [.., var top] && turn.Now - Instant.FromUnixTimeMilliseconds(top.LastActivityMs) is var idle
            && idle > flowTimeout && (idle > Duration.FromDays(1) || !runtime.AnswersPrompt(turn, top)))
            turn = turn with { Thread = turn.Thread with { Memory = turn.Thread.Memory with { Dialog = [] } } };
        // A promised reply time belongs to the hand-off it was made for: once that is closed it is no promise for the next,
        // which may open without an acknowledgement (within the quiet period, from a flow) and must not inherit it.
        if (!turn.Thread.HeldByPerson && turn.Thread.Memory.PromisedByMs is not null)
            turn = turn with { Thread = turn.Thread with { Memory = turn.Thread.Memory with { PromisedByMs = null } } };
        var decision = WithDueTimes(Decide(turn), turn);
        // A score that opens a DM saying more ("2 - she needed stitches, the zipper is dangerous") is kept as the rating,
        // while the rest of the DM is decided as any DM is (QA round 12: the score was lost).
        if (decision.Satisfaction is null && turn.Thread.CsatAskedAt is { } asked && turn.Now - asked <= csatAnswerWithin
            && SatisfactionAnswer.Leading(turn.Text) is { } leading)
            decision = decision with { Satisfaction = leading };
        var thread = After(turn, decision);
        // The satisfaction question stands for one DM: answered or not, the next one is read as usual.
        if (thread.CsatAskedAt is not null && decision.Reason != Reason.SatisfactionRecorded) thread = thread with { CsatAskedAt = null };
        // A "Did you mean …?" stands for one turn: the DM after it either chose or moved on.
        if (decision.Reason != Reason.AskedWhichAnswer && thread.Memory.PendingChoice is not null)
            thread = thread with { Memory = thread.Memory with { PendingChoice = null } };
        // So does the offer of a person under an answer the matcher was not sure of.
        if (thread.Memory.NotItOfferedFor is { } offeredFor && offeredFor != thread.Turns)
            thread = thread with { Memory = thread.Memory with { NotItOfferedFor = null } };
        // A suggestion stands while its hand-off is open and no person has written (its title chooses it; a plain yes only in
        // the very next DM: ResolveSuggestion); then it is gone.
        if (thread.Memory.Suggested is not null && (!thread.HeldByPerson || thread.PersonAnswered))
            thread = thread with { Memory = thread.Memory with { Suggested = null } };
        if (thread.Memory.RatedFor is { } ratedFor && ratedFor != thread.Turns)
            thread = thread with { Memory = thread.Memory with { RatedFor = null } };
        // And the DM an answer answered, which a follow-up in the next DM is read after.
        if (thread.Memory.Answered is { } answered && answered.ForTurn != thread.Turns)
            thread = thread with { Memory = thread.Memory with { Answered = null } };
        var result = new TurnResult(decision, thread, decision.Contact ?? turn.Contact) { Complaint = IsComplaint(decision, turn.Library) };
        return transparency.Frame(turn, WithLapse(result, before, turn.Library));
    }

    const string ComplaintCategory = "complaint";

    static bool IsComplaint(TurnDecision decision, Library.DialogLibrary library) =>
        decision.HandOffRequest?.Category == ComplaintCategory
        || decision.AnswerId is { } id && library.Answers.TryGetValue(id, out var answer) && answer.Category == ComplaintCategory;

    /// A hand-off carries its priority — the flow's or answer's, raised by what the DM itself signals (legal words,
    /// a VIP sender, anger) — and its due times from the SLA policies, counted in business time from now. Without
    /// <paramref name="readDm"/> (a failure's hand-off whose reading failed), the stated priority and nothing of the DM.
    TurnDecision WithDueTimes(TurnDecision decision, Turn turn, bool readDm = true)
    {
        if (decision.HandOffRequest is not { } request) return decision;
        var stated = Handoffs.SlaPolicies.ParsePriority(request.Priority);
        var (signalled, why) = readDm ? signals.PriorityOf(turn) : (Handoffs.Priority.Normal, []);
        var priority = signalled > stated ? signalled : stated;
        // Anger found only here is apologised for all the same (AcknowledgeWithPromise.Apologising); a threat of the law is not,
        // where an apology reads as an admission.
        if (why.Any(w => w.StartsWith("angry", StringComparison.Ordinal)) && !turn.Thread.HeldByPerson && !AcknowledgeWithPromise.ApologyAdmits(request))
            decision = acknowledge.Apologising(turn, decision, new PromiseScope(request.Category, priority));
        // A time the flow gave the customer comes first: the person acts by then (its last working moment).
        var (first, resolution, warn) = sla.DueTimes(request.Category, priority, turn.Now, request.DueBy);
        // A hand-off that opens with words to the customer (a flow's or an answer's hand-over text) promised the time its
        // text states, as an acknowledgement does: a later acknowledgement of the open hand-off states that time again, and
        // not within the quiet period (a DM seconds later got "…will reply by 11:00" again, after "…reply by 11:00").
        // A notice is no such text: the opt-out's confirmation, sent with the hand-off of a flow only a person can finish,
        // promised nothing, and the DM after an opt-in went unacknowledged as if within its quiet period (the session-50 review).
        var thread = decision.Thread ?? turn.Thread;
        if (!turn.Thread.HeldByPerson && decision.Replies.Any(r => r.Kind != ReplyKind.Notice) && thread.Memory.PromisedByMs is null)
        {
            // The time a flow gave the customer, when sooner: a later acknowledgement must not promise a reply after the call
            // the customer was promised (a second review: "reply by 12:00" 40 minutes after a callback set for 11:00).
            var promise = sla.ReplyBy(request.Category, stated, turn.Now, request.DueBy);
            decision = decision with
            {
                Thread = thread with { Memory = thread.Memory with { PromisedByMs = promise.ToUnixTimeMilliseconds() }, LastAckAt = turn.Now },
            };
        }
        // What the DM names that no flow collected (an order number, a phone number, an e-mail address): in the summary too.
        var summary = request.Summary;
        foreach (var (key, value) in readDm ? runtime.ValuesIn(turn, summary) : [])
            summary = new Dictionary<string, string>(summary) { [key] = value };
        return decision with
        {
            HandOffRequest = request with
            {
                Summary = summary,
                Priority = priority.ToString().ToLowerInvariant(),
                Reason = why.Count == 0 ? request.Reason : $"{request.Reason} ({string.Join(", ", why)})",
                CustomerTier = readDm ? signals.TierOf(turn)?.Name : null,
                FirstResponseDue = first, ResolutionDue = resolution, WarnAt = warn,
            },
        };
    }

    /// The DM's language when the detector is sure; otherwise the thread's, otherwise the library's default.
    /// A one- or two-word DM ("dunno", "ok danke"), or one of only an address or a number, never switches a thread's
    /// language: too little to go on. Mid-flow, where DMs answer the flow's prompts (times, numbers, names), a switch away
    /// from the thread's language needs the detector surer still (halfway from LanguageConfidence to certainty): "between
    /// 2 and 4pm" read as German at 0.81 switched an English callback flow. (Outside a flow a thread's language may be
    /// the default its first "hi" fell back to, and a customer's own language must win it back at the usual confidence.)
    /// Mid-flow, at a prompt for free text, it needs two everyday words of the new language as well.
    string LanguageOf(Turn turn)
    {
        var established = turn.Thread.Language;
        if (established is not null && Matching.LanguageDetector.ProseWords(turn.Text) <= 2) return established;
        // A short follow-up that opens with a joining word of the thread's language stays in it, whatever its brand names or
        // places read as: "und Apple Pay?" was answered in English (QA round 9).
        if (established is not null && Matching.LanguageDetector.ProseWords(turn.Text) <= 4
            && Opener.TryGetValue(established, out var openers) && Matching.TextFolding.FoldedWords(turn.Text) is [var first, ..] && openers.Contains(first))
            return established;
        var (language, confidence) = turn.Library.Detector.Detect(turn.Text);
        var midFlowSwitch = turn.Thread.Memory.InDialog && established is not null && language != established;
        // The answer to a prompt for free text often names a show, a product or a place in another language: a switch there
        // needs two everyday words of the new language too ("Disney on Ice in Hamburg am 21. Februar" switched a German
        // flow to English, QA round 19).
        if (midFlowSwitch && AsksForText(turn) && turn.Library.Detector.WordsOnlyOf(turn.Text, language, established!) < 2) return established!;
        var needed = midFlowSwitch ? (1 + languageConfidence) / 2 : languageConfidence;
        return confidence >= needed ? language : established ?? turn.Library.DefaultLanguage;
    }

    /// Whether the flow the thread is in waits for free text (a name, an event, a description).
    static bool AsksForText(Turn turn) =>
        Dialogs.DialogRuntime.Locate(turn.Library, turn.Thread.Memory.Dialog[^1]) is var (flow, at) && flow.Steps[at] is Dialogs.FlowStep.Ask { Kind: Dialogs.ValueKind.Text };

    /// Words that open a follow-up in one language and not in the others ("und", not "was", which is English too).
    static readonly Dictionary<string, HashSet<string>> Opener = new()
    {
        ["en"] = ["and", "also", "plus"],
        ["de"] = ["und", "oder", "auch", "aber"],
        ["fi"] = ["enta", "entas", "ja", "tai", "myos", "mites"],
    };

    TurnDecision Decide(Turn turn) => DecideFrom(0, turn);

    /// "is this a bot? how much is shipping to Austria?": the honest answer, then the rest as the stages from
    /// <paramref name="next"/> decide it (<see cref="AnswerBotQuestion.AndTheRest"/>). Out of the stage loop: a lambda
    /// there made a closure for every stage of every turn.
    TurnDecision AndTheRest(Turn turn, TurnDecision answer, int next) =>
        AnswerBotQuestion.AndTheRest(turn, answer, rest => DecideFrom(next, rest)) ?? answer;

    /// A request for a person with a question beside it ("how much are business cards? also can i talk to a real person about
    /// a bigger order"): the person is asked for, and the question gets its stock answer first, when the judge gives it without
    /// doubt and it is a plain answer (no flow, no hand-off, no way to a person, no small talk). Before, the request swallowed
    /// the question, and the customer waited a day for a price the bot knew (QA rounds 56 and 57). The same when the request
    /// starts the library's callback flow. Not when asked in anger, nor in a flow or a thread a person holds.
    TurnDecision WithQuestionBeside(Turn turn, TurnDecision toPerson)
    {
        // (the decision's own fields first: every turn passes here, and reading the DM for a request is not free)
        if (turn.Thread.HeldByPerson || turn.Thread.Memory.InDialog || toPerson.HandOffRequest is null && toPerson.AnswerId is null) return toPerson;
        var way = toPerson.AnswerId is { } wayId && turn.Library.Answers.TryGetValue(wayId, out var wayAnswer) && turn.Library.IsWayToAPerson(wayAnswer)
            ? wayAnswer : null;
        // A hand-off asked for, or the library's way to a person: a hand-off answer, or a flow that asks first when to call
        // (QA round 61: "Was kostet eine Privatstunde für zwei Kinder? Und kann mich bitte jemand zurückrufen?" got only "Wann
        // sollen wir dich anrufen?", and no person saw the price question until the flow was done).
        // A complaint's hand-off only when it is one because a manager is asked for, calmly ("what time do you open on thursday?
        // also can i talk to a manager about something": QA round 75 left the hours unanswered); not in anger, nor with a
        // complaint told.
        var beside = toPerson.HandOffRequest is { } request
            ? (request.Category != AcknowledgeWithPromise.ComplaintCategory || !signals.AngryByWords(turn.Text) && !Handoffs.EscalationSignals.Complains(turn.Text))
              && (toPerson.AnswerId is null ? request.Reason.StartsWith(nameof(Reason.CustomerAskedForPerson), StringComparison.Ordinal) : way is not null)
            : way is { Flow: not null };
        if (!beside || !turn.AsksForPerson) return toPerson;
        var questions = QuestionBeside.Split(turn.Text)
            .Where(s => Matching.TextFolding.FoldedWords(s).Count >= 3 && MatchStockAnswer.IsQuestion(s, turn.Language) && !Handoffs.PersonRequest.IsRequested(s))
            .ToList();
        if (questions.Count != 1) return toPerson;
        var asked = turn with { Message = turn.Message with { Text = questions[0] } };
        if (matchStock.Decide(asked) is not { Kind: DecisionKind.Reply, Reason: Reason.Answered, AnswerId: { } id } answered
            || answered.Detail?.Contains("offered a person", StringComparison.Ordinal) == true
            || turn.Library.Answers[id] is not { HandOff: false, Flow: null } answer || turn.Library.IsWayToAPerson(answer)
            || answered.Replies.Count == 0 || answered.Replies.Any(r => r.Kind != ReplyKind.Answer) || MatchStockAnswer.IsSmallTalk(answer))
            return toPerson;
        return toPerson with
        {
            Replies = [.. answered.Replies, .. toPerson.Replies],
            Detail = $"{toPerson.Detail}; and the question beside it, \"{questions[0].Trim()}\", answered first: {answered.Detail}",
        };
    }

    /// Sentences, and what "also" or "and also" starts: "how much are business cards? also can i talk to a person"; and an
    /// "and" before someone asked for ("whats the price of a wallbox and can i talk to a real person about my roof pls": QA
    /// round 64 got the person, and no price).
    static readonly System.Text.RegularExpressions.Regex QuestionBeside = new(@"(?<=[.!?])\s+|\n+|\s+(?=(?:and )?also\b|(?:und )?au(?:ss|ß)erdem\b|lisaksi\b|lisäksi\b" +
        @"|and (?:can|could|may|would|will) (?:i|someone|somebody|anyone|you|u|a person|a human)\b|und (?:kann|könnte|darf|kannst|könnt|können) (?:ich|mich|jemand|mir|man)\b" +
        @"|ja (?:voinko|voisinko|voisko|voisiko|voiko|voisitteko|saisinko)\b)",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled | System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    TurnDecision DecideFrom(int first, Turn turn)
    {
        for (var i = first; i < stages.Length; i++)
        {
            if (stages[i].Decide(turn) is { } decision)
                return decision.Reason == Reason.AnsweredBotQuestion ? AndTheRest(turn, decision, i + 1) : WithQuestionBeside(turn, decision);
        }
        // The last stage always decides; reaching here means the pipeline was built wrong.
        throw new InvalidOperationException("no stage decided the turn");
    }
}
