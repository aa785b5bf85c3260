using System.Text;
using System.Globalization;
using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Matching;
using AutoReply.Core.Messages;

namespace AutoReply.Core.Answers;

/// How sure the engine must be. The best answer is given when the judge (Matching.AnswerJudge) finds it at least
/// <see cref="AnswerThreshold"/> likely to be right: 0.6 answers when a right answer is half again as likely as a
/// wrong one, as a wrong stock answer costs more than a DM a person answers. The judge reads the matcher's calibrated
/// confidences, the DM's evidence, its words and the library's size; it was fitted on simulated libraries of 5 to 20
/// examples an answer (most of them first libraries: 18 answers of five) and the tuned judgement libraries, so its
/// probability is best on libraries of that shape.
/// "Did you mean …?" is asked only for a DM with at least <see cref="MinimumEvidence"/>: with little to go on
/// ("on page 12"), a question back would be a guess dressed up as a choice; the DM goes to a person instead.
/// A DM whose content words are at least <see cref="MaxUnknownShare"/> unknown to the library, or whose best answer
/// shares no content word with it (<see cref="RequireSharedWord"/>), is not answered (see Matching.Vocabulary); nor is one
/// that holds more words customers use to ask for other answers than words of the best one (<see cref="OwnWordsLead"/>).
public sealed record MatchingSettings(float AnswerThreshold = 0.6f, float AmbiguityMargin = 0.15f, float AmbiguityFloor = 0.2f, double MinimumEvidence = 0.05)
{
    public float MaxUnknownShare { get; init; } = 0.75f;
    public bool RequireSharedWord { get; init; } = true;
    /// "do you rent out e-bikes?" shares "bikes" with bike service and "rent" with ski rental's examples, and is about
    /// neither: the best answer is given only when the DM holds no more of the words customers use to ask for other
    /// answers than of its own. On the judgement libraries (docs/measurements.md, "Judgement: history") it took the tuned parts' wrong answers from
    /// 14.1% to 12.0% and out-of-scope answers from 12.5% to 9.7% with as many right answers, and the never-tuned parts'
    /// from 6.8% to 5.7% and 14.5% to 11.8% for 3 of 88 right answers.
    public bool OwnWordsLead { get; init; } = true;
    /// … but not against a match the matcher is this sure of and the judge gives: "Im a student in Helsinki, do you have
    /// student discount on a new bike?" (discounts 0.98, judged 0.785) and "Ich arbeite in Wien, geht Bikeleasing über euch
    /// auch in Österreich?" (0.97, 0.760) went to a person for a place and "work" that other answers' examples hold (QA round
    /// 25). On the judgement libraries at 0.95: one never-tuned DM more answered right, nothing else moved; at 0.9 one
    /// tuned out-of-scope DM more was answered wrongly. Above 1: the rule never yields.
    public float OwnWordsLeadYieldsFrom { get; init; } = 0.95f;
    /// An answer judged less likely right than this ends with the offer of a person ("Not what you asked? Reply no …");
    /// a "no" in the next DM hands the thread over as a repeated miss. 0 turns the offer off.
    public float OfferPersonBelow { get; init; } = 0.8f;
    /// Mid-flow, a new question is answered (and the flow resumed or ended) only from this matcher confidence on, and only
    /// when the judge finds it as likely right as <see cref="AnswerThreshold"/> asks outside a flow: anything less is taken as a reply to the flow's prompt. At 0.6, "it's in my email
    /// somewhere" after "What's your order number?" was answered with the product-availability text.
    public float InterruptFlowFrom { get; init; } = 0.9f;
    /// "Did you mean …?" needs the two closest answers' matcher confidences to add up to this: together they are likely
    /// to hold the right one.
    public float AskWhichFrom { get; init; } = 0.6f;
    /// … and the judge must find the better of the two at least this likely right: two answers alike in the words every
    /// question shares ("best recipe for banana bread?" → children's ages or group bookings, judged 0.05, QA round 19) are
    /// no choice to offer.
    /// 0.2: on the judgement benchmark's tuned part no "Did you mean" changes; on the parts never tuned on (read for 0.1,
    /// 0.2 and 0.3 before choosing) in-scope questions asked 1.8% → 0.7%, out-of-scope ones 1.8% → 0.8%, and questions
    /// offering two wrong answers 0.5% fewer.
    public float AskWhichJudgedFrom { get; init; } = 0.2f;
    /// A DM that asks for a person gets the library's own way to a person (a hand-off answer, or a flow that ends in one)
    /// from this matcher confidence on, without the judge, which was fitted on questions, not on requests: either way a
    /// person takes over.
    public float PersonAnswerFrom { get; init; } = 0.6f;
    /// A DM handed to a person because the judge found its best answer likely but not likely enough (from this figure to
    /// <see cref="AnswerThreshold"/>) gets that answer suggested under the acknowledgement: its title as a quick reply, which
    /// the customer may tap for the answer while the hand-off waits. Only for an answer no hard rule kept from the DM, that
    /// neither hands off nor opens a flow and is no greeting or thanks, and not to a complaint, a request for a person or a DM
    /// out of scope at 0.5 or more (MatchStockAnswer.Suggesting). 0 turns the suggestion off; at 1 or more nothing is ever
    /// suggested.
    public float SuggestFrom { get; init; } = 0.35f;
    /// A DM that holds the value its best answer's flow asks for by the library's own pattern (an order number) starts that
    /// flow from this matcher confidence, without the judge: the value says what the DM is about (MatchStockAnswer.DecideAlone).
    public float FlowValueFrom { get; init; } = 0.8f;

    /// Whether the best answer may be given: no hard rule keeps it from the DM and the judge finds it at least
    /// <see cref="AnswerThreshold"/> likely to be right (on a library too small to calibrate, the matcher's confidence
    /// stands in: see <see cref="JudgedMatch"/>).
    /// Never an answer the matcher itself gives less than <see cref="MinConfidence"/>, whatever the judge says: "your answers
    /// are always the same" got the opening hours at a matcher confidence of 0.00 (out of scope 0.99), judged 0.62 (a review).
    public bool WouldGive(JudgedMatch judged) => judged.Sure >= AnswerThreshold && judged.First.Confidence >= MinConfidence && Veto(judged) is null;

    /// On the judgement libraries' tuned and validation parts, 0.1 changes no decision (0.2 loses a right answer).
    public const float MinConfidence = 0.1f;

    /// The hard rules for a judged match: as <see cref="Veto(DmWords?, string)"/>, but the rule of other answers' words yields
    /// to a match the matcher is at least <see cref="OwnWordsLeadYieldsFrom"/> sure of and the judge gives.
    public (Reason Why, string Detail)? Veto(JudgedMatch judged)
    {
        var veto = Veto(judged.Words, judged.First.Label);
        return veto is { Why: Reason.NoConfidentAnswer } && judged.First.Confidence >= OwnWordsLeadYieldsFrom && judged.Sure >= AnswerThreshold ? null : veto;
    }

    /// The hard rules that keep the best answer from a DM whatever the judge says, with the reason and the words that
    /// tell why; null when none applies.
    public (Reason Why, string Detail)? Veto(DmWords? words, string answerId)
    {
        if (words is not { Unknown: var unknown, Content: var content }) return null;
        // Words the library has never seen are evidence against every answer: a DM mostly about them is out of scope,
        // however its generic words ("do you sell", "kann ich") and character grams happen to score.
        // Days and months are left out of the count: when is no sign of what (Vocabulary.IsCalendarWord).
        var unknownThings = unknown.Count - words.UnknownCalendar;
        // Nor, against two unknown words or more, are the words that only ask a price or an opening time ("paljonko lento
        // lontooseen maksaa" is about a flight, whatever a price list knows of "maksaa": QA round 54 got the escape rooms'
        // prices, judged 0.87; "what time does the barber open tmrw i need a fade" the gym's hours, QA round 63). One
        // unknown word beside a price is as often a place or a count the reply need not name ("how much to come out to
        // Eimsbüttel", "paljonko maksaa jos meit on 7 tyyppiä").
        var asked = unknownThings >= 2 ? content - words.KnownPrice : content;
        if (MaxUnknownShare < 1 && unknownThings > 0 && unknownThings >= MaxUnknownShare * asked)
            return (Reason.OutOfScope, $"unknown words {unknown.Count}/{content}: {string.Join(", ", unknown)}");
        if (RequireSharedWord && content > 0 && words.Covered == 0)
            return (Reason.OutOfScope, $"{answerId} shares no content word with the DM");
        if (OwnWordsLead && words.Foreign.Count - words.ForeignCalendar > words.Covered)
            return (Reason.NoConfidentAnswer, $"words of other answers ({string.Join(", ", words.Foreign)}) outnumber {answerId}'s own ({words.Covered})");
        return null;
    }
}

/// The matcher's best answer for a DM (among those <c>eligible</c>), the runner-up, what the DM's words say
/// (Vocabulary), what the judge read, and its probability that the best answer is the right one (Matching.AnswerJudge).
/// On a library too small to calibrate (<see cref="IntentMatcher.IsCalibrated"/>) the judge, fitted on calibrated
/// readings, would take the evidence's placeholder for certainty: the matcher's confidence stands in for it.
public sealed record JudgedMatch(Candidate First, Candidate? Second, DmWords? Words, AnswerJudge.Reading Reading, float Sure, bool Judged)
{
    public float OutOfScope => Reading.OutOfScope;
    public double Evidence => Reading.Evidence;

    /// What the transcript says of it: the judge's probability, or that the confidence stood in.
    public string Describe() => Judged
        ? "judged " + Sure.ToString("0.000", CultureInfo.InvariantCulture)
        : "uncalibrated: confidence " + Sure.ToString("0.000", CultureInfo.InvariantCulture) + " stands in for the judge";

    /// The match a stock answer would be given by: a DM that asks for a person may get the library's way to a person,
    /// any other DM only the other answers.
    public static JudgedMatch? ForAnswering(Turn turn) =>
        Of(turn.Library, turn.Text, turn.Language, c => turn.AsksForPerson || !turn.Library.Answers[c.Label].ForReachingAPerson);

    public static JudgedMatch? Of(DialogLibrary library, string text, string language, Func<Candidate, bool>? eligible = null)
    {
        if (library.Matcher is not { } matcher) return null;
        var candidates = matcher.Match(text, language, 3, out var outOfScope).Where(c => eligible?.Invoke(c) ?? true).Take(2).ToList();
        if (candidates.Count == 0) return null;
        var (first, second) = (candidates[0], candidates.Count > 1 ? candidates[1] : null);
        var words = library.Vocabulary?.Read(text, language, first.Label);
        var reading = AnswerJudge.Reading.Of(matcher, first, second, outOfScope, words, language);
        return matcher.IsCalibrated
            ? new JudgedMatch(first, second, words, reading, AnswerJudge.ProbabilityRight(reading), Judged: true)
            : new JudgedMatch(first, second, words, reading, first.Confidence, Judged: false);
    }
}

/// The DM gets a stock answer when the library has one it is confident about. When two answers are close it asks
/// which one the customer means (quick replies); when none is likely, the DM is acknowledged and handed off, the
/// decision saying why (candidates and scores, or the words the library does not know). Out-of-scope examples in the
/// library pull a DM towards "none"; words no answer knows are evidence against all of them (Matching.Vocabulary).
sealed class MatchStockAnswer(MatchingSettings settings, AnswerReplies replies, Policies.AcknowledgeWithPromise acknowledge, PromisePassed passed) : ITurnStage
{
    /// The DM is matched without the praise, wishes and sign-offs around its question (<see cref="Pleasantries"/>); the
    /// detail says what was left out. Only around a question: "thank you, that was really helpful" is thanks, whole.
    public TurnDecision? Decide(Turn turn)
    {
        if (QuickReplyTapped(turn) is { } tapped) return tapped;
        var decision = DecideWhole(turn);
        decision = AgainAfterAMiss(turn, decision) ?? decision;
        // A DM that says it cannot wait gets no quiz: "Did you mean …?" to "… the parcel is already on its way PLEASE HELP"
        // left the customer choosing, with no one (a review of session 42; capitals had made it an angry complaint before).
        if (decision is { Reason: Reason.AskedWhichAnswer } && Handoffs.EscalationSignals.SaysItIsUrgent(turn.Text))
            return HandOff(turn, Reason.NoConfidentAnswer, decision.Detail + "; said to be urgent: a person, not a choice");
        return UrgentToo(turn, decision) ?? TriedToo(turn, decision) ?? decision;
    }

    /// A stock answer to a DM that says the customer already did what they were to do ("checked spam too", "hab ich schon
    /// probiert", "kokeilin jo"; <see cref="AlreadyTried"/>) comes, and a person takes the thread too, in the answer's
    /// category: the how-to may only repeat what they tried (QA round 54: "we never got our team photo from saturday, checked
    /// spam too" got "check your spam folder", and nobody looked for the photo). On the same terms as <see cref="UrgentToo"/>.
    TurnDecision? TriedToo(Turn turn, TurnDecision? decision) =>
        AlreadyTried.IsMatch(Matching.TextFolding.Fold(turn.Text)) ? AnswerAndAPerson(turn, decision, null, "the customer already tried something: a person looks too") : null;

    /// A stock answer to a DM that says it cannot wait ("URGENT …", "dringend: …", "… please help asap", "… PLEASE HELP"; see
    /// EscalationSignals.SaysItIsUrgent) comes at once, and a person takes the thread too, at high priority, in the answer's category: "URGENT we're stuck on the road
    /// near Ivalo, the van won't start and it's -25 outside, kids with us" got the roadside how-to and no one (QA round 34).
    /// The customer is told when the person will look (ack.also). An answer that opens a flow keeps it, the person told at
    /// once, the flow's question last (QA round 62: "URGENT our shop server is down … losing orders every minute" got the
    /// emergency line and "What's your customer number?", and nobody until the number came or the flow lapsed half an hour
    /// later); what the flow collects joins the hand-off. Not under greetings and thanks, nor an answer that hands off
    /// itself, nor in a thread a person already holds.
    TurnDecision? UrgentToo(Turn turn, TurnDecision? decision) =>
        // (the cheap test first: IsSmallTalk reads every example of the answer, and cost the engine a quarter of its speed)
        decision is { Kind: DecisionKind.Reply, Reason: Reason.Answered } && Handoffs.EscalationSignals.SaysItIsUrgent(turn.Text)
            ? AnswerAndAPerson(turn, decision, Handoffs.Priority.High, "said to be urgent: a person looks too", withFlow: true)
            : null;

    /// The stock answer of <paramref name="decision"/>, and a hand-off of the thread to a person in the answer's category (or
    /// <paramref name="category"/>), the customer told when the person will look (ack.also). Not under greetings and thanks,
    /// nor an answer that hands off itself, nor in a thread a person already holds; an answer that opens a flow only
    /// <paramref name="withFlow"/>.
    TurnDecision? AnswerAndAPerson(Turn turn, TurnDecision? decision, Handoffs.Priority? priority, string why, bool withFlow = false, string? category = null)
    {
        if (decision is not { Kind: DecisionKind.Reply, Reason: Reason.Answered, AnswerId: { } id } || turn.Thread.HeldByPerson
            || !turn.Library.Answers.TryGetValue(id, out var answer) || answer.HandOff || answer.Flow is not null && !withFlow || IsSmallTalk(answer))
            return null;
        // (the answer came without the offer of a person, "Not what you asked? Reply no …": a person looks anyway; see Offers)
        var answered = turn with { Thread = decision.Thread ?? turn.Thread };
        var ack = acknowledge.Decide(answered, new HandOffRequest(category ?? answer.Category, Reason.Answered.ToString(),
            priority is { } p ? Handoffs.PriorityNames.Name(p) : null, answered.Thread.Memory.Variables), also: true);
        return ack with
        {
            Reason = Reason.Answered,
            // The flow's question last: the customer answers what was asked last.
            Replies = [.. decision.Replies.Where(r => r.Kind != ReplyKind.Dialog), .. ack.Replies, .. decision.Replies.Where(r => r.Kind == ReplyKind.Dialog)],
            Thread = ack.Thread ?? answered.Thread,
            AnswerId = id,
            Detail = $"{decision.Detail}; {why}",
        };
    }

    /// A tap on a quick reply of the answer just given whose label is an answer's title, in any of its languages ("Kurssien
    /// hinnat" under a greeting that offers the course prices): that answer, as the brand wired it. Read as typed text, a
    /// label is only as good as the matcher's reading of it (QA round 17: the Finnish one went to a person, judged 0.28).
    /// A label that is no title is read as typed text; `autoreply check` warns of one the library would not answer.
    TurnDecision? QuickReplyTapped(Turn turn)
    {
        if (JustAnswered(turn) is not { } just || !turn.Library.Answers.TryGetValue(just.AnswerId, out var before)) return null;
        var tapped = Matching.TextFolding.Fold(turn.Text).Trim();
        if (!before.ByLanguage.Values.Any(t => t.QuickReplies.Any(q => Matching.TextFolding.Fold(q).Trim() == tapped))) return null;
        return turn.Library.TitledAs(tapped) is { } answer
            ? Give(turn, answer, 1f, $"{answer.Id}: a quick reply of {before.Id}, the title of {answer.Id}")
            : null;
    }

    /// The answer just given, again, to a DM that says it did not help ("das geht nicht, da steht versendet", "ei, kysyin
    /// lauantaista"): a person takes over (RepeatedMiss) instead of the same text word for word (QA round 15; the offer of
    /// a person under an unsure answer caught a "no" only after answers the judge doubted).
    TurnDecision? AgainAfterAMiss(Turn turn, TurnDecision? decision)
    {
        // A DM that finds no answer of its own, right after one, and says that answer did not help ("that didn't help, I never
        // get the email" after the password answer): a miss of it (QA round 16: a general question). Not after a greeting or
        // thanks, and not a DM that finds an answer ("my discount code doesn't work" after the opening hours: a review).
        if (Unanswered(decision) && decision is not { Reason: Reason.AskedWhichAnswer } && JustAnswered(turn) is { } just && !turn.Text.Contains('?')
            && turn.Library.Answers.TryGetValue(just.AnswerId, out var missed) && !IsSmallTalk(missed)
            && DidNotHelp.IsMatch(Matching.TextFolding.Fold(turn.Text)))
        {
            var toPerson = HandOff(turn, Reason.RepeatedMiss, $"{missed.Id} just given, and the DM says it did not help: a person answers ({decision?.Detail})",
                missed.Category);
            return toPerson with { Reason = toPerson.Replies.Count > 0 ? Reason.RepeatedMiss : toPerson.Reason };
        }
        // A no that opens a DM asking nothing new: "no credit card here, can I pay with paypal?", "Nö, aber wie lange …?" ask
        // a question of their own, which may well get the same answer (a review of session 32).
        if (decision is not { Kind: DecisionKind.Reply, AnswerId: { } id } || turn.Thread.Memory.Answered is not { } before
            || !(before.AnswerId == id || before.All?.Contains(id) == true)
            || !(Recognizers.BooleanRecognizer.OpensWithNo(turn.Text) && !turn.Text.Contains('?') || DidNotHelp.IsMatch(Matching.TextFolding.Fold(turn.Text))))
            return null;
        return Missed(turn, turn.Library.Answers[id], $"{id} again, to a DM that says it did not help: a person answers ({decision.Detail})");
    }

    /// The hand-off of a DM that says <paramref name="missed"/> did not help: a repeated miss, in that answer's category.
    TurnDecision Missed(Turn turn, Answer missed, string detail)
    {
        var handedOff = HandOff(turn, Reason.RepeatedMiss, detail, missed.Category);
        return handedOff with { Reason = handedOff.Replies.Count > 0 ? Reason.RepeatedMiss : handedOff.Reason };
    }

    /// A DM saying the customer already did what they were to do (en/de/fi, folded): "already tried", "checked spam too",
    /// "tried everything", "hab ich schon probiert", "Spam schon gecheckt", "kokeilin jo", "roskapostit on jo katsottu". Not
    /// having tried the brand's own things ("already tried your lab room", "kokeilin jo teidän Vankila-huonetta", "tried on
    /// the M": the session-50 review).
    static readonly System.Text.RegularExpressions.Regex AlreadyTried = new(
        @"\b(?:already (?:tried(?! on| your| ur| both| you)|checked(?! in| out)|restarted|reset|cleared|reinstalled|followed (?:the|your|all) (?:steps|instructions|guide))|already (?:did|done) (?:that|it|this|all|everything)|tried (?:everything|all of (?:that|it)|that already)" +
        @"|checked (?:my |the |in )?(?:spam|junk)|(?:spam|junk)(?: folder)? (?:too|as well|already)|i(?:'ve| have)? done that already|done all that" +
        @"|(?:schon|bereits) (?:alles )?(?:probiert|versucht|gemacht|nachgeschaut|geschaut|gecheckt|kontrolliert|nachgesehen|neu gestartet)" +
        @"|spam(?:ordner)? (?:hab ich |habe ich )?(?:auch )?(?:schon |bereits )?(?:gecheckt|nachgeschaut|geschaut|kontrolliert|durchsucht)" +
        @"|(?:kokeilin|katsoin|tarkistin|yritin|kokeiltu|katsottu|tarkistettu) (?:jo|kaiken|kaikki)(?! teidan| teian| teijan)|jo (?:kokeil\w*|katso\w*|tarkist\w*|yritt\w*)(?! teidan| teian| teijan)" +
        @"|roskapost\w* (?:on |oli )?(?:jo |myos )?(?:katsottu|tarkistettu|katsoin|tarkistin))\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// A DM saying that what it was told does not work or help (en/de/fi, folded).
    static readonly System.Text.RegularExpressions.Regex DidNotHelp = new(
        @"\b(?:(?:does ?n[o']?t|did ?n[o']?t|does not|did not|won'?t|isn'?t) (?:work|help)|not working|not helping|that'?s wrong|wrong answer" +
        @"|(?:geht|klappt|funktioniert|hilft|stimmt) (?:so |leider |aber |doch )?nicht|bringt (?:mir )?nichts|falsche antwort" +
        @"|ei (?:toimi|toiminut|auta|auttanut|onnistu|pida paikkaansa)|vaara vastaus)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    TurnDecision? DecideWhole(Turn turn)
    {
        // Thanks with wishes and goodbyes around them are the library's thank-you answer when it has one, matched on the
        // thanks alone; without one they ask nothing, and are recorded unanswered as a closing remark is ("great thx" after an
        // answer went to a person).
        if (Pleasantries.ThanksAlone(turn.Text) is { } thanks)
            return DecideAsked(turn with { Message = turn.Message with { Text = thanks } }) is { Kind: DecisionKind.Reply, Reason: Reason.Answered } thanked
                ? thanked with { Detail = thanked.Detail + $"; thanks, wishes and goodbyes: matched on \"{thanks}\"" }
                : TurnDecision.Silence(Reason.ClosingRemark) with { Detail = $"thanks, wishes and goodbyes: nothing to answer, and no thank-you answer for \"{thanks}\"" };
        // A greeting alone that found no answer read whole is the library's greeting when it has one, matched on the language's
        // plainest greeting ("Servus miteinand! 😊" is "hallo").
        if (Pleasantries.GreetingAlone(turn.Text) && DecideGreetingOrNot(turn) is { } greeted) return greeted;
        // A bare "?" that opens a thread (a reply to a story or an ad, say) asks what there is to ask: the library's greeting
        // ("Hi! How can I help?"), not a person's queue (QA rounds 25 and 26). Later in a thread it asks again, and goes on.
        if (turn.Thread.Turns == 0 && BareQuestion(turn.Text) && DecideGreetingOrNot(turn) is { Reason: Reason.Answered } opened)
            return opened with { Detail = opened.Detail + "; a bare question mark opening the thread" };
        var asked = Pleasantries.Without(turn.Text, Pleasantries.NamesFor(turn.Library, turn.Language), out var left);
        // A question mark anywhere, or a DM that opens as a question ("where is my order? A-7731" after "thanks," is left out)
        if (left.Count == 0 || !(asked.Contains('?') || IsQuestion(asked, turn.Language)))
        {
            var whole = DecideAsked(turn);
            return Unanswered(whole) ? QuestionAfterStory(turn, turn.Text) ?? WithoutItsReference(turn) ?? WithoutItsGreeting(turn, turn.Text) ?? whole : whole;
        }
        var decision = DecideAsked(turn with { Message = turn.Message with { Text = asked } });
        if (Unanswered(decision) && (QuestionAfterStory(turn, asked) ?? WithoutItsGreeting(turn, asked)) is { } question) decision = question;
        return decision is null ? null : decision with { Detail = decision.Detail + "; left out: " + string.Join(", ", left.Select(l => $"\"{l}\"")) };
    }

    /// A DM that names one of the library's own references (a code one of its flows' patterns takes, "Kundennummer NH-730154 –
    /// ich möchte zum Ende der Laufzeit kündigen, wie mache ich das?") and, read whole, found no answer: read without the
    /// reference and the word for it, the answer it ranked first is given when the judge would give it and it opens no flow
    /// (a flow would want the value). The code's letters and the word for it weighed against the question (QA round 62:
    /// judged 0.55, the same question 0.99 without them). Only the answer ranked first read whole: the reference is left
    /// out as noise, never to find another answer.
    TurnDecision? WithoutItsReference(Turn turn)
    {
        var text = turn.Text;
        var patterns = turn.Library.Flows.Values.SelectMany(f => f.Steps.OfType<Dialogs.FlowStep.Ask>()).Select(a => a.Pattern)
            .OfType<System.Text.RegularExpressions.Regex>().ToList();
        if (patterns.Count == 0 || patterns.Select(p => p.Match(text)).FirstOrDefault(m => m.Success) is not { } found) return null;
        var before = ReferenceWordBefore.Match(text[..found.Index]);
        var from = before.Success ? before.Index : found.Index;
        var without = (text[..from] + " " + text[(found.Index + found.Length)..].TrimStart(' ', ',', ':', '-', '–', '—')).Trim();
        if (without.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 3) return null;
        if (turn.Library.Matcher?.Match(text, turn.Language, 1, out _) is not [var first, ..]) return null;
        var decision = DecideAsked(turn with { Message = turn.Message with { Text = without } });
        return decision is { Kind: DecisionKind.Reply, Reason: Reason.Answered, AnswerId: { } id } && id == first.Label
               && turn.Library.Answers[id].Flow is null
            ? decision with { Detail = decision.Detail + $"; read without the reference \"{text[from..(found.Index + found.Length)].Trim()}\"" }
            : null;
    }

    /// A DM that opens with a greeting and, read whole, found no answer: read without the greeting, the answer the judge would
    /// give (or the one it would suggest). The greeting's word pulled the DM to the library's greeting answer (QA round 74: "Hallo, regnet es morgen, kommt
    /// ihr dann trotzdem?" matched the greeting at 0.93 and went to a person as sharing no word with it). A greeting names no
    /// topic, so what is left is the whole question.
    TurnDecision? WithoutItsGreeting(Turn turn, string text)
    {
        if (OpeningGreeting.Match(text) is not { Success: true } greeting) return null;
        var rest = text[greeting.Length..].Trim();
        if (rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 3) return null;
        // (an answer, or a hand-off that suggests one: better than the greeting's "shares no word")
        return DecideAsked(turn with { Message = turn.Message with { Text = rest } }) is { } decision
               && (decision is { Reason: Reason.Answered, AnswerId: not null } || decision.Kind == DecisionKind.HandOff && decision.Thread?.Memory.Suggested is not null)
            ? decision with { Detail = decision.Detail + $"; read without the greeting \"{greeting.Value.Trim()}\"" }
            : null;
    }

    /// A greeting that opens a DM, with the punctuation after it and whom it greets: "Hallo, ", "hi there! ", "Moin zusammen, ",
    /// "Hyvää päivää, ".
    static readonly System.Text.RegularExpressions.Regex OpeningGreeting = new(
        @"^\W*(?:" + Pleasantries.GreetingWords + @"|guten (?:tag|morgen|abend)|good (?:morning|afternoon|evening)" +
        @"|hyv[aä][aä] (?:p[aä]iv[aä][aä]|huomenta|iltaa))\b(?:\s+(?:there|all|everyone|team|zusammen|miteinander|ihr|leute|kaikki))?[\s,!.:;–-]+",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// A word for a reference right before it: "Kundennummer", "customer number:", "order #", "asiakasnumero", "ref".
    static readonly System.Text.RegularExpressions.Regex ReferenceWordBefore = new(
        @"(?:\b(?:my |meine? |unsere? |our )?(?:customer|client|account|member(?:ship)?|order|booking|reference|ref|contract|invoice)(?: (?:number|no|nr|id|code))?" +
        @"|\b\w*(?:nummer|nr|numero|tunnus)|\b(?:nr|no|id)\.?)\W{0,3}$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// Nothing but question marks (and a thinking face or a question-mark emoji): "?", "??", "❓", "🤔?".
    static bool BareQuestion(string text)
    {
        var any = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || rune.Value is 0xFE0F) continue;
            if (rune.Value is not ('?' or 0x2753 or 0x2754 or 0x1F914 or 0xFF1F)) return false;
            any = true;
        }
        return any;
    }

    /// The DM read whole, or, when that found no answer, the greeting answer matched on the language's plainest greeting.
    TurnDecision? DecideGreetingOrNot(Turn turn)
    {
        // "how are you?" is small talk whatever answer its words resemble: the greeting first (QA round 56: "mitä kuuluu?" got
        // the Wi-Fi answer, whose example "kuuluuko puhelin siellä" shares its word)
        var howAreYou = Pleasantries.AsksHowYouAre(turn.Text);
        var whole = howAreYou ? null : DecideAsked(turn);
        if (!howAreYou && !Unanswered(whole)) return whole;
        var hello = turn.Language switch { "de" => "hallo", "fi" => "moi", _ => "hello" };
        return DecideAsked(turn with { Message = turn.Message with { Text = hello } }) is { Kind: DecisionKind.Reply, Reason: Reason.Answered, AnswerId: { } id } greeted
               && IsSmallTalk(turn.Library.Answers[id])
            ? greeted with { Detail = greeted.Detail + $"; a greeting alone: matched on \"{hello}\"" }
            : whole ?? DecideAsked(turn);
    }

    /// A DM whose question comes after what the customer tells first ("My sister works in customer service herself, so no
    /// rush! Quick question: do you ship to Norway?", "Unser Azubi hat das bestellt – kann man auch mit Kreditkarte
    /// zahlen?"), or before a short detail (<see cref="QuestionWithinStory"/>), judged whole, found no answer: the words of the story outweighed the question's (QA round 16: ten such DMs
    /// went to a person, their questions answered alone). Then the question alone is judged, and answered when the judge
    /// would answer it: only a question that stands on its own (one that points back, "do you have them in 44?", needs the
    /// story), after statements that ask nothing and are no topic of their own (below).
    TurnDecision? QuestionAfterStory(Turn turn, string text)
    {
        if (turn.AsksForPerson || turn.Thread.Memory.PendingChoice is { Count: > 0 } || StoryThenQuestion(text, turn.Language) is not var (story, question))
            return null;
        if (PointsBack(Matching.TextFolding.Fold(question), turn.Language) || Matching.TextFolding.FoldedWords(question).Count < 2) return null;
        var alone = DecideAsked(turn with { Message = turn.Message with { Text = question } });
        if (alone is not { Kind: DecisionKind.Reply, Reason: Reason.Answered, AnswerId: { } id }) return null;
        // A story that is a clear topic of its own is what the question is about, and a person reads both: one the judge would
        // answer ("My parcel never arrived. Can I get my money back?"), or a complaint or hand-off the matcher finds in it ("The
        // mug arrived smashed. How long does a refund take?", a review). Not the way to a person: a story that mentions staff
        // is no request (the request stage has read the DM).
        // A story the judge would answer is such a topic only when it tells of something wrong (a "never", a "not yet", a
        // complaint): "we ordered from you last year for my wife's birthday. do you also do a flower subscription?" tells only
        // how the customer knows the shop (a review of this session: the subscription went to a person).
        // So is a story that cancels or moves what was booked: "juhlat on ens viikolla ja pitäis perua 😞 meneekö ennakkomaksu"
        // asks what the cancellation costs (QA round 78: the deposit's terms alone were sent).
        if (JudgedMatch.Of(turn.Library, story, turn.Language, c => !turn.Library.Answers[c.Label].ForReachingAPerson) is { } told
            && told.First.Label != id && told.First.Confidence >= StoryTopic
            && (settings.WouldGive(told) && TellsOfSomethingWrong(story) || CancelsOrMoves.IsMatch(Matching.TextFolding.Fold(story))
                || turn.Library.Answers[told.First.Label] is { HandOff: true } or { Category: "complaint" }))
            return null;
        // the number a flow takes may be in the story ("order TW-5087 - pickup is in 4 days but we need to cancel, …?")
        var given = (JudgedMatch.Of(turn.Library, question, turn.Language, c => c.Label == id) is { } judged
            ? WithItsFlow(turn, turn with { Message = turn.Message with { Text = question } }, turn.Library.Answers[id], judged) : null) ?? alone;
        return given with { Detail = given.Detail + $"; the customer's question, judged without the story around it: \"{question.Trim()}\"" };
    }

    /// Words that cancel or move a booking or an order (folded): "cancel", "reschedule", "absagen", "stornieren", "verschieben",
    /// "perua", "siirtää".
    static readonly System.Text.RegularExpressions.Regex CancelsOrMoves = new(
        @"\b(?:cancel\w*|reschedul\w*|postpone\w*|absag\w*|abzusagen|storn\w*|verschieb\w*|verlegen|peru(?:a|n|maan|ttu|ttiin|taan|isin|ttava|minen|utu\w*|utt\w*)|siirt(?:aa|amaan|aisin|aisi|aminen|o))\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// Whether a story tells of something wrong: a word of negation or of waiting still ("never arrived", "not yet", "noch
    /// nicht", "ei ole tullut", "still"), or a complaint (<see cref="Handoffs.EscalationSignals.Complains"/>).
    static bool TellsOfSomethingWrong(string story) =>
        Matching.TextFolding.FoldedWords(story).Any(Wrong.Contains) || Handoffs.EscalationSignals.Complains(story);

    static readonly HashSet<string> Wrong =
    [
        "not", "never", "no", "nothing", "nobody", "dont", "didnt", "doesnt", "hasnt", "havent", "wasnt", "isnt", "wont", "cant", "couldnt", "still",
        "yet", "lost", "missing", "wrong", "issue", "nicht", "kein", "keine", "keinen", "nie", "nichts", "niemand", "noch", "immer",
        "falsch", "falsche", "verloren", "fehlt", "problem", "ei", "en", "eika", "eivat", "ole", "viela", "vielakaan", "kadonnut", "vaara",
        "ongelma", "puuttuu", "edelleen",
    ];

    /// The story and the question of a DM that tells something first and asks one question last: sentences, or the part after
    /// "quick question:", "just wanted to ask", "wollte fragen", "kysyisin"; with words after its last question mark, or when
    /// that finds none, <see cref="QuestionWithinStory"/>. Null when it is not so (no story, a question in the story, or a
    /// last part that asks nothing).
    static (string Story, string Question)? StoryThenQuestion(string text, string language)
    {
        var lastMark = text.LastIndexOf('?');
        if (lastMark >= 0 && Matching.TextFolding.FoldedWords(text[(lastMark + 1)..]).Count > 0) return QuestionWithinStory(text, language);
        var cut = -1;
        if (AskingAnnounced.Match(text) is { Success: true } announced && announced.Index > 0) cut = announced.Index + announced.Length;
        else
        {
            foreach (System.Text.RegularExpressions.Match end in SentenceEnd.Matches(text))
                if (end.Index + end.Length < text.TrimEnd().Length) cut = end.Index + end.Length;
        }
        if (cut <= 0) return QuestionWithinStory(text, language);
        var (story, question) = (text[..cut], text[cut..]);
        if (Matching.TextFolding.FoldedWords(story).Count < 3 || story.Contains('?') || SentenceEnd.Split(story).Any(s => IsQuestion(s, language)))
            return QuestionWithinStory(text, language);
        return Question(question, language) is { } asked ? (story, asked) : QuestionWithinStory(text, language);
    }

    /// The one question of a DM whose other sentences tell before it, with at most a short detail after it ("Mein Kater ist
    /// 17 und hasst Autofahren … Macht ihr auch Hausbesuche? Wir wohnen in Haidhausen.": QA round 41, judged whole 0.45 with
    /// the right answer at 0.95), and the story around it. Null when the DM asks twice or not at all, tells too little for a
    /// story, or tells more than a detail after the question.
    static (string Story, string Question)? QuestionWithinStory(string text, string language)
    {
        var mark = text.IndexOf('?');
        if (mark < 0) return null;
        var end = mark;
        while (end + 1 < text.Length && text[end + 1] is '?' or '!') end++;
        if (text.IndexOf('?', end + 1) >= 0) return null;
        var start = 0;
        foreach (System.Text.RegularExpressions.Match m in SentenceEnd.Matches(text[..mark])) start = m.Index + m.Length;
        var (before, question, after) = (text[..start], text[start..(end + 1)], text[(end + 1)..]);
        // After the question only a detail ("Wir wohnen in Haidhausen.", "Going from Kerava to Pasila"): a longer story told
        // after it is often the real matter, and a person reads both (a review of session 44: "Do you sell locks? Mine was cut
        // off last night and things are missing." got the locks; "How much is a checkup for a cat? She's been vomiting for
        // three days and won't eat." the exam's price).
        if (Matching.TextFolding.FoldedWords(after).Count > DetailAfterQuestion) return null;
        if (Matching.TextFolding.FoldedWords(before).Count + Matching.TextFolding.FoldedWords(after).Count < 3) return null;
        if (SentenceEnd.Split(before).Concat(SentenceEnd.Split(after)).Any(s => IsQuestion(s, language))) return null;
        return Question(question, language) is { } asked ? ((before + " " + after).Trim(), asked) : null;
    }

    /// The matcher's confidence from which a story is a topic of its own (<see cref="QuestionAfterStory"/>).
    const double StoryTopic = 0.5;

    /// The most words a DM may tell after its question for the question to be judged without them (<see cref="QuestionWithinStory"/>).
    const int DetailAfterQuestion = 6;

    /// Where a sentence ends: ".", "!" or ":" before a space, a line break, a dash between spaces, or emoji; with the spaces after.
    static readonly System.Text.RegularExpressions.Regex SentenceEnd = new(@"(?:[.!:]+(?=\s)|\n|\s[–—-](?=\s)|[\p{So}\p{Cs}]+)\s*",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// A question announced mid-DM: "quick question:", "just wanted to ask (if)", "kurze Frage:", "wollte (mal) fragen(, ob)",
    /// "halusin kysyä", "kysyisin".
    static readonly System.Text.RegularExpressions.Regex AskingAnnounced = new(
        @"(?:\b(?:a\s+)?quick\s+question\s*:|\b(?:i\s+)?(?:just\s+)?want(?:ed)?\s+to\s+ask(?:\s+you)?(?:\s+(?:if|whether))?\b|\bkurze\s+frage\s*:" +
        @"|\bwollte\s+(?:mal\s+|nur\s+|kurz\s+)*fragen,?(?:\s+ob)?\b|\bhalusin\s+kysy[äa]\b|\bkysyisin\b|\bpikakysymys\s*:)\s*",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Compiled);

    TurnDecision? DecideAsked(Turn turn)
    {
        var several = SeveralQuestions(turn);
        if (several is { Found.Count: > 0 })
        {
            var answers = several.Found.Select(f => f.Answer).ToList();
            if (Rest(turn, several, answers) is { Count: > 0 } rest) return WithRest(turn, answers, rest, Describe(several.Found), several.Main);
            // One clear part, and the others ask nothing its answer does not cover ("… and how long do I have?" under the returns):
            // that answer, not the whole DM judged again, where "how long" is another answer's word.
            if (several.Found.Count > 1 || several.Unclear.Count > 0) return GiveAll(turn, several.Found, several.Main);
        }
        var decision = DecideAlone(turn);
        // No part was clear alone, yet the whole DM got an answer ("how much is shipping to austria? and can you engrave
        // my name on the watch?"): a part that answer does not cover still goes to a person.
        // So does a question after the last joint of a DM that did not part into questions, whose first half asks nothing in
        // a question's shape ("shipping duration to austria and do you do alterations?": the alterations were dropped unanswered
        // under the international shipping, session 61).
        if ((several is { Found.Count: 0 } ? several : several is null ? LastQuestion(turn) : null) is { } unanswered
            && decision is { AnswerId: { } id, Reason: not Reason.CustomerAskedForPerson } && decision.Kind != DecisionKind.HandOff
            && turn.Library.Answers[id] is var whole && Rest(turn, unanswered, [whole]) is { Count: > 0 } left)
            return WithRest(turn, [whole], left, JudgedMatch.ForAnswering(turn) is { } judged ? Describe(judged) : id);
        // A DM that found no answer alone, or two it could not choose between, may be a short follow-up to the answer just
        // given: read after its DM, it may be clear. Never in place of an answer the DM found itself (a hand-off answer: "it
        // came broken"), but for a follow-up that only narrows the question before: "and to Austria?" after "how long is
        // shipping to Germany?" asks how long, not where the shop delivers (QA round 4).
        var narrows = decision is { Kind: DecisionKind.Reply, Reason: Reason.Answered, AnswerId: { } own } && Narrows(turn, own);
        // A follow-up that points back is read as a part of one DM is (PointingBack): "how much does it cost?" after the
        // delivery time with "delivery"; and one that its own words give another answer ("ja paljonko se maksaa?" after the
        // returns: the shipping costs, as if a return cost €4.95) belongs to the question before (QA round 5).
        if (!narrows && JustAnswered(turn) is { } earlier && JudgedMatch.ForAnswering(turn) is { } alone
            && (decision is { Kind: DecisionKind.Reply, Reason: Reason.Answered } && decision.AnswerId == alone.First.Label || Unanswered(decision))
            && PointingBack(turn, turn.Text, alone, earlier.Text, earlier.AnswerId) is { } back)
        {
            var detail = $"{alone.First.Label} {F(alone.First.Confidence)} alone; points back to the DM answered before: {back.First.Label} " +
                $"{F(back.First.Confidence)}, {back.Describe()}";
            return settings.WouldGive(back) ? Give(turn, turn.Library.Answers[back.First.Label], back.Sure, detail) : HandOff(turn, Reason.NoConfidentAnswer, detail);
        }
        if ((narrows || Unanswered(decision)) && FollowUp(turn, narrows) is { } followUp)
        {
            // Every answer of a DM of several questions continues: "entä viroon?" asks both the cost and the time again.
            if (followUp.Continues && JustAnswered(turn)?.All is { Count: > 1 } all && all.Contains(followUp.Judged.First.Label)
                && all.Select(id => turn.Library.Answers.GetValueOrDefault(id)).ToList() is var again && again.All(a => a is { Flow: null }))
            {
                var (lastGiven, replied) = GiveInTurn(turn, again!, "", offerUnderLast: false);
                return lastGiven with
                {
                    Replies = replied, AnswerId = again[0]!.Id,
                    Detail = $"{string.Join(", ", all)}; {followUp.Judged.Describe()}; a follow-up with no word of its own but how long, a day or a " +
                             "place: the answers before continue",
                    Thread = lastGiven.Thread! with
                    {
                        Memory = lastGiven.Thread!.Memory with { Answered = lastGiven.Thread.Memory.Answered! with { Text = followUp.Read } },
                    },
                };
            }
            var answer = turn.Library.Answers[followUp.Judged.First.Label];
            // read with its DM, a follow-up may ask of a holiday or an amenity the answer does not speak of: "und an Ostern?"
            // after the hours got the hours again (the session-50 review)
            if (UnstatedDetail(followUp.Read, answer, turn) is { } detail)
                return HandOff(turn, Reason.NoConfidentAnswer, $"{answer.Id} {F(followUp.Judged.First.Confidence)}; {followUp.Judged.Describe()}; " +
                    $"a follow-up read after the DM answered before, asking about {detail}, which {answer.Id} does not speak of");
            var given = Give(turn, answer, followUp.Judged.Sure,
                $"{answer.Id} {F(followUp.Judged.First.Confidence)}; {followUp.Judged.Describe()}; " +
                (narrows ? "a follow-up that narrows the DM answered before, answered as it was"
                    : followUp.Continues ? "a follow-up with no word of its own but how long, a day or a place: the answer before continues"
                    : "a follow-up, read after the DM answered before"));
            // A second follow-up ("and sunday?") is read after the whole exchange, not after "and on saturday?" alone.
            return given.Thread?.Memory.Answered is { } answered
                ? given with { Thread = given.Thread with { Memory = given.Thread.Memory with { Answered = answered with { Text = followUp.Read } } } }
                : given;
        }
        // The customer has waited past the answer's own time: a person checks (a flow looks the order up itself).
        if (decision is { Kind: DecisionKind.Reply, Reason: Reason.Answered, AnswerId: { } timed } && turn.Library.Answers[timed] is { Flow: null } stock
            && passed.Of(turn, stock) is { } late)
            return HandOff(turn, Reason.PromisePassed, $"{decision.Detail}; {late}", stock.Category);
        return decision;
    }

    /// Whether the DM judged alone found no answer (none, or a hand-off for want of one: not a hand-off answer it found) or
    /// two it could not choose between: what a follow-up's reading may replace.
    static bool Unanswered(TurnDecision? decision) =>
        decision is null or { Kind: DecisionKind.HandOff, AnswerId: null, Reason: Reason.NoConfidentAnswer or Reason.OutOfScope }
            or { Reason: Reason.AskedWhichAnswer };

    /// "can i pay with paypal and do you ship to the uk?", "what are your opening hours and where is your store?": a DM of
    /// two or three questions (or requests: "i want to return my jeans and …"), joined by "and", "und", "ja", "also" or set
    /// apart by question marks. The parts the judge would answer alone, each with a different stock answer, get those
    /// answers — the one the whole DM matches best first, the others in the DM's order, but one that opens a flow (at
    /// most one) last, where its prompt ends the turn, and so does one that hands off, whose person takes the DM. Never an
    /// answer that only brings a person ("talk to a person", the callback: <see cref="DialogLibrary.OnlyBringsAPerson"/>): a
    /// part that asks for one leaves the DM to be judged whole, and its hand-off takes all of it. The
    /// whole DM's best answer must be one of the parts' (a preamble must not bring an answer the DM is not about). A part
    /// that no answer given covers ("can i pay with paypal and why was my parcel left at the neighbours?") goes to a person
    /// with the answers (<see cref="WithRest"/>): answered alone, the first would leave the second with nobody. Null when
    /// the DM is not questions of that kind; with one clear part and nothing left over, the DM is judged whole as before.
    Questions? SeveralQuestions(Turn turn)
    {
        if (turn.AsksForPerson || !Joint.IsMatch(turn.Text)) return null;
        // Each part with the joint after it and the part after that: "i forgot my password and also …" asks of its own.
        var pieces = new List<(string Part, string After)>();
        var at = 0;
        foreach (System.Text.RegularExpressions.Match joint in Joint.Matches(turn.Text))
        {
            pieces.Add((turn.Text[at..joint.Index], joint.Value));
            at = joint.Index + joint.Length;
        }
        pieces.Add((turn.Text[at..], ""));
        var also = turn.Language switch { "de" => AlsoDe, "fi" => AlsoFi, _ => AlsoEn };
        // A statement that no "also" follows is read with the part after it, whose topic it gives: "ostin takin ja se on
        // liian iso, voinko vaihtaa sen … ja samalla kysyisin, onko …" is two questions (QA round 6: the second was dropped),
        // and "i paid with paypal and where is my refund?" one. Only where the statement does not change what that part asks
        // (below): "my order hasn't arrived yet and can I pay with klarna and …" is judged whole, as before.
        var asking = new List<(string Part, bool AlsoAfter, bool Asks, string Own)>();
        var carried = "";
        for (var i = 0; i < pieces.Count && asking.Count <= MaxQuestions; i++)
        {
            var (part, after) = pieces[i];
            if (Matching.TextFolding.FoldedWords(part).Count < 2) continue;
            // A sentence's "Also," parts questions, but makes no question of the sentence before it: "Sorry to bother you. Also,
            // do you ship to Norway?" asks one thing (a review).
            var alsoAfter = !SentenceJoint.IsMatch(after) && also.IsMatch(Matching.TextFolding.Fold(after + (i + 1 < pieces.Count ? pieces[i + 1].Part : "")));
            var asks = IsQuestion(part, turn.Language);
            if (!asks && !alsoAfter && i + 1 < pieces.Count)
            {
                carried += part + after;
                continue;
            }
            asking.Add((carried + part, alsoAfter, asks, part));
            carried = "";
        }
        if (asking.Count is < 2 or > MaxQuestions) return null;
        // Every part a question, or a statement an "also" follows: one at the end ("where is my order? i ordered last week")
        // asks nothing of its own. The cheap test first: no part is matched unless all of them ask.
        if (!asking.All(p => p.AlsoAfter || p.Asks)) return null;
        // A statement carried into a question must leave it its answer, or the question points back to it ("… voinko vaihtaa
        // sen"); otherwise the question would be lost under the statement's topic (a review found Klarna dropped that way).
        // Then the DM is judged whole, and its questions are the parts that answer must cover, or a person answers them.
        foreach (var p in asking.Where(p => p.Part.Length != p.Own.Length))
            if (!PointsBack(Matching.TextFolding.Fold(p.Own), turn.Language)
                && NotToAPerson(turn, p.Part)?.First.Label is { } withStatement && NotToAPerson(turn, p.Own)?.First.Label != withStatement)
                return new Questions([], asking.Select(q => (q.Own, NotToAPerson(turn, q.Own))).ToList());
        var parts = asking.Select(p => Question(p.Part, turn.Language) ?? p.Part).ToList();
        var found = new List<(Answer Answer, JudgedMatch Judged)>();
        var unclear = new List<(string Part, JudgedMatch? Judged)>();
        // every part's best answer among the others, before a hand-off answer took it: what the whole DM's best must be one of
        var partBests = new HashSet<string>();
        JudgedMatch? previous = null;
        var previousUnclear = false;
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            // "how does that work?" after a question asks how the thing just asked for is done: no answer of its own ("I want to
            // return order A-12345, how does that work?" got the shipping times for it); left unclear, Rest finds it covered,
            // and the DM is not judged again whole, where its words would lower the confidence (a review).
            // So does a part that asks only what the part before's answer states: "Viettekö vanhan sohvan pois kun tuotte uuden?
            // Paljonko maksaa?" got the removal's 39 € and, for "paljonko maksaa" alone, the delivery prices too (QA round 44).
            // And a part that points back to it with nothing but words its answer's reply names: "how much storage do i get with
            // the small plan and can i put 2 websites on it" (the plans' reply names the websites of each; QA round 62: alone,
            // "websites" found "we don't build websites").
            if (i > 0 && (HowThatWorks.IsMatch(Matching.TextFolding.Fold(part)) || AsksOnlyWhatWasStated(turn, part, previous)
                || RepliedAlready(turn, part, previous)))
            {
                unclear.Add((part, null));
                continue;
            }
            var judged = NotToAPerson(turn, part);
            var alone = judged;
            var before = previous?.First.Label;
            var pointedBack = judged is not null && i > 0 ? PointingBack(turn, part, judged, parts[i - 1], before) : null;
            if (pointedBack is not null) judged = pointedBack;
            previous = alone;
            // A part that asks only a fact ("How long does it take?") judged the answer before's, which does not state it (the
            // tyre change's prices and booking window): the answer before does not answer it, so a person does (Rest), not
            // nobody (the session-46 review). One that states it answers the part ("… Rücksendung und ist die kostenlos?").
            if (i > 0 && judged is not null && judged.First.Label == before && turn.Library.Vocabulary is { } words
                && FactsAskedOnly(turn, words, part) is { Count: > 0 } facts && !facts.Any(f => f.States(turn.Library.Answers[before], turn.Language)))
            {
                unclear.Add((part, null));
                previousUnclear = false;
                continue;
            }
            // A part that asks only a fact after a part no answer is clear for asks it of that part: the two are one question
            // for a person ("do you fix cracked iphone screens? how much" got the salon's price list for "how much", QA round
            // 52). Read with the words of the part before, it may have found its answer ("… and how much does it cost?").
            // (After an answer, a fact asked may be another answer's on the same topic: "how long does shipping take and how
            // much does it cost?" gets the shipping costs too.)
            if (i > 0 && previousUnclear && pointedBack is null && turn.Library.Vocabulary is { } known && FactsAskedOnly(turn, known, part).Count > 0)
            {
                unclear[^1] = (unclear[^1].Part + " " + part, null);
                continue;
            }
            // A part that points back to one no answer is clear for asks of that one's topic, which no answer covers: "Onko
            // satamassa pysäköintiä pitkäksi aikaa ja paljonko se maksaa?" asks what the parking costs, and alone "paljonko se
            // maksaa" got the ticket prices (QA round 38, and "… kajakin … kuljetetaanko se autokannella niinku pyörät" the
            // bicycles). The two are one part, left for a person whatever answer the whole DM gets (no reading of the two
            // together, which the bicycles' words would make "about" the bicycles: Rest). Unless, read with the words of the part
            // before, it gets that part's own best answer ("wie lange habe ich Zeit für eine Rücksendung und ist die kostenlos?").
            if (previousUnclear && PointsBack(Matching.TextFolding.Fold(part), turn.Language)
                && !(judged is not null && judged.First.Label == before && settings.WouldGive(judged)))
            {
                unclear[^1] = (unclear[^1].Part + " " + part, null);
                continue;
            }
            if (judged is not null) partBests.Add(judged.First.Label);
            // A part no other answer is clear for may get an answer that says something and hands off (QA round 35: "wie hoch ist
            // die Mahngebühr und wann seid ihr samstags erreichbar?" left the fee, which a hand-off answer states, to a person
            // as "tariffs 0.01"). Only then: read among them, a part clear without them came second to a hand-off answer and
            // lost its own (a review: "can I exchange the shoes for a bigger size and is there a warranty on them?").
            if ((judged is null || !settings.WouldGive(judged))
                && JudgedMatch.Of(turn.Library, part, turn.Language, c => !turn.Library.OnlyBringsAPerson(turn.Library.Answers[c.Label])) is { } withHandOffs
                && turn.Library.Answers[withHandOffs.First.Label].HandOff && settings.WouldGive(withHandOffs))
                // (and is the answer the next part may ask only a fact of: "is late checkout possible? how much" got the weekly
                // prices for "how much", beside the late check-out's 40 €, QA round 56)
                judged = previous = withHandOffs;
            previousUnclear = judged is null || !settings.WouldGive(judged);
            if (judged is null || previousUnclear)   // (judged is null: for the compiler, which cannot see it in previousUnclear)
            {
                unclear.Add((part, judged));
                continue;
            }
            var answer = turn.Library.Answers[judged.First.Label];
            // A part asking of a holiday or an amenity the answer does not speak of is a person's, as such a DM alone is (the
            // session-50 review: "are you open on christmas day and do you ship to norway?" got the weekly hours).
            if (UnstatedDetail(part, answer, turn) is not null)
            {
                unclear.Add((part, judged));
                continue;
            }
            if (found.All(f => f.Answer.Id != answer.Id)) found.Add((answer, judged));
        }
        if (found.Count(f => LeadsOn(f.Answer)) > 1) return null;
        string? main = null;
        if (found.Count > 0)
        {
            // The DM's best answer read whole must be one of the parts' and comes first: a part that is a preamble ("I
            // ordered last week and …") must not bring an answer the DM is not about.
            if (JudgedMatch.ForAnswering(turn) is not { } whole
                || (found.All(f => f.Answer.Id != whole.First.Label) && !partBests.Contains(whole.First.Label)))
                return null;
            // The whole DM's best first, the others in the DM's order, the one that opens a flow or hands off last (a stable sort).
            found = [.. found.OrderBy(f => LeadsOn(f.Answer)).ThenBy(f => f.Answer.Id != whole.First.Label)];
            if (found.Any(f => f.Answer.Id == whole.First.Label)) main = whole.First.Label;
        }
        return new Questions(found, unclear, main);
    }

    /// An answer that leads on from its text: it opens a flow or hands off. A DM of several questions gets at most one, last.
    static bool LeadsOn(Answer answer) => answer.Flow is not null || answer.HandOff;

    /// The parts of a DM of several questions: the answers the clear ones get, and the parts the judge found no answer for.
    /// <see cref="Main"/>: the answer the whole DM is most about, when it is one of those found — the decision's answer, given
    /// first or, when it opens a flow or hands off, last.
    sealed record Questions(List<(Answer Answer, JudgedMatch Judged)> Found, List<(string Part, JudgedMatch? Judged)> Unclear, string? Main = null);

    /// The unclear parts that none of the answers given covers. A part with no content word ("how long does it take?",
    /// "is that ok?", "how long do I have?") asks nothing new; one with a word the library has never seen does ("can you gift wrap it?" under
    /// the gift cards: "wrap"); any other is about an answer given when its best answer is one of them or when it holds more
    /// words of that answer's examples or replies than words customers use to ask for other answers ("and how much does it
    /// cost?" under a shipping answer that names the price). One shared word is not enough: "Wie lange dauert die Lieferung
    /// von einer Gleitsichtbrille" shares "Brille" with the discounts answer, and was dropped under it unanswered (QA round 21).
    static List<(string Part, JudgedMatch? Judged)> Rest(Turn turn, Questions several, IReadOnlyList<Answer> given)
    {
        // Without a vocabulary to say what a part is about, every unclear part is left for a person.
        if (turn.Library.Vocabulary is not { } vocabulary) return several.Unclear;
        return several.Unclear.Where(u =>
        {
            var words = vocabulary.Read(u.Part, turn.Language);
            // "how long" asks nothing more of an answer given that states a time ("… and how long do I have?" under the returns,
            // which say 30 days; of the payment methods it does), nor "what does it cost" of one that states a price (QA rounds 42
            // and 43: "… Macht ihr das und was kostet des?" got the 15 € and a person for the price too). Of answers that do not
            // state it, a person answers it: "Do you change tyres? How long does it take?" under the tyre change's prices and
            // booking window got no time and no person (the session-46 review).
            if (FactsAskedOnly(turn, vocabulary, u.Part) is { Count: > 0 } facts) return !facts.Any(f => given.Any(a => f.States(a, turn.Language)));
            if (words.Content == 0) return false;
            // "how does that work?" after what the customer wants done asks what the answer given says: how to do it
            if (HowThatWorks.IsMatch(Matching.TextFolding.Fold(u.Part))) return false;
            // the same after a story that asks nothing, when the part's best answer is one given ("I have a small baby and no time
            // to pack everything myself. What does it cost?" after "Can you pack our stuff?", whose answer states 49 €/h: QA round
            // 49 sent the price to a person too); a story of another need ("We also need somewhere to keep the sofa") keeps its
            // person
            if (u.Judged is { } about && given.Any(a => a.Id == about.First.Label) && StoryThenQuestion(u.Part, turn.Language) is var (_, question)
                && AsksOnlyAStatedFact(turn, vocabulary, question, given)) return false;
            // a part that asks nothing and requests nothing, told of the customer's circumstances beside a question whose answer
            // is its own best ("do you pick up cars? i work in the city center and have zero time to drive out to you", QA round
            // 70: "have zero time to drive out to you" went to a person for its unknown "zero")
            // — not one that says what is needed, or a number: "we need 200 mugs by end of january, budget 2000€" beside "do you
            // do bulk orders?" asks a person for a quote
            if (u.Judged is { } told && given.Any(a => a.Id == told.First.Label) && !IsQuestion(u.Part, turn.Language)
                && Matching.TextFolding.Fold(u.Part) is var said && !Requests.IsMatch(said) && !Needs.IsMatch(said)) return false;
            // a part the matcher is sure is about an answer given asks that answer, though the library lacks one of its words
            // ("Where are you located? Is there parking?": "located", QA round 31)
            if (u.Judged is { First.Confidence: >= SureOfGivenFrom } sure && given.Any(a => a.Id == sure.First.Label)) return false;
            // "how often" and nothing else asks how often the thing before comes, which an answer given that states an interval
            // covers ("Wie funktioniert euer Abo genau? Wie oft kommt da was?" under "every 2, 4, 6 or 8 weeks", QA round 39)
            if (AsksOnlyHowOften(turn, u.Part) && given.Any(a => StatesInterval(a, turn.Language))) return false;
            // a place or a day the library need not know narrows the question ("or the UK at least?", "oder nach England?")
            if (words.Unknown.Any(w => !Narrowing(w, turn.Language))) return true;
            if (u.Judged is { } j && given.Any(a => a.Id == j.First.Label)) return false;
            // a part of nothing but such words and a follow-up's opening narrows the question before, as "und sonntags?" does
            // in the next DM, when an answer given speaks of what it names: "Wann seid ihr erreichbar? Auch am Wochenende?" got
            // the hours and a person for the weekend (QA round 37)
            if (OnlyNarrows(turn, u.Part) && SpeaksOf(turn, u.Part, given)) return false;
            // a part the matcher finds about another answer asks of that one, unless an answer given holds two of its words or
            // more ("do I pay the return shipping" under the home try-on's free return label); one shared word is not enough
            var shared = u.Judged is { First.Confidence: >= OtherTopicFrom } ? 2 : 1;
            return !given.Any(a => vocabulary.Read(u.Part, turn.Language, a.Id) is var about && about.Covered >= shared && about.Covered > about.Foreign.Count);
        }).ToList();
    }

    /// Whether a part asks only for a fact that an answer given states: "how long" of one that states a time, "what does it
    /// cost" of one that states a price, "does it expire" of one that states how long a thing lasts.
    static bool AsksOnlyAStatedFact(Turn turn, Matching.Vocabulary vocabulary, string part, IEnumerable<Answer> given) =>
        FactsAskedOnly(turn, vocabulary, part).Any(f => given.Any(a => f.States(a, turn.Language)));

    /// The facts a part asks for and nothing else (<see cref="StatedFacts"/>): its words of one, and no content word besides.
    static List<(System.Text.RegularExpressions.Regex AskedBy, Func<Answer, string, bool> States)> FactsAskedOnly(Turn turn, Matching.Vocabulary vocabulary,
        string part)
    {
        var folded = Matching.TextFolding.Fold(part);
        // "what time can I come?" asks a time of day, not how long; "Gilt der auch für mich?" asks whom it is for, not how long
        // it lasts (the session-46 review: both counted as answered by any span the reply states)
        if (WhatTime.IsMatch(folded) || AppliesTo.IsMatch(folded)) return [];
        return StatedFacts.Where(f => f.AskedBy.IsMatch(folded) && vocabulary.Read(f.AskedBy.Replace(folded, " "), turn.Language).Content == 0).ToList();
    }

    /// "What time", "um wie viel Uhr", "mihin aikaan" (folded): a time of day asked, which a span does not answer.
    static readonly System.Text.RegularExpressions.Regex WhatTime = new(
        @"\b(?:what|which) time\b|\bum wie ?viel uhr\b|\bmihin aikaan\b|\bmoneltako\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// Whether a thing is valid for someone, not for how long: "gilt der auch für mich", "are they valid for me too",
    /// "koskeeko se myös minua" (folded).
    static readonly System.Text.RegularExpressions.Regex AppliesTo = new(
        @"\b(?:gilt|gelten|valid|voimassa|koskee|koskeeko)\b.*\b(?:fur (?:mich|uns|alle|jeden|kinder|studenten)|for (?:me|us|everyone|anyone|kids|children|students)|auch fur|minulle|meille|mulle|myos minua|minuakin)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// Whether a part points back ("it", "them", "das") and every content word of it is one customers ask for the answer the
    /// part before gets with, and that answer's reply names (the word, or its first five letters: "websites" beside "10
    /// websites"). A word only the reply holds may ask another thing of it: "are they valid for me too?" under "valid for 6
    /// months" asks whom the card is for.
    bool RepliedAlready(Turn turn, string part, JudgedMatch? before)
    {
        if (before is null || !settings.WouldGive(before) || !PointsBack(Matching.TextFolding.Fold(part), turn.Language)
            || !turn.Library.Answers.TryGetValue(before.First.Label, out var answer) || turn.Library.Vocabulary is not { } vocabulary) return false;
        var content = Matching.TextFolding.FoldedWords(part).Where(w => Vocabulary.IsContent(w, turn.Language) && !w.All(char.IsDigit)).ToList();
        if (content.Count == 0) return false;
        var replyWords = PromisePassed.RepliesIn(answer, turn.Language).SelectMany(r => Matching.TextFolding.FoldedWords(r.Source)).ToHashSet();
        return content.All(word => vocabulary.AsksWith(word, turn.Language, answer.Id)
            && replyWords.Any(w => w == word || w.Length >= 5 && word.Length >= 5 && w[..5] == word[..5]));
    }

    /// Whether a part asks only for a fact that the answer the part before gets states (<see cref="AsksOnlyAStatedFact"/>).
    bool AsksOnlyWhatWasStated(Turn turn, string part, JudgedMatch? before) =>
        before is not null && settings.WouldGive(before) && turn.Library.Vocabulary is { } vocabulary
        && turn.Library.Answers.TryGetValue(before.First.Label, out var answer) && AsksOnlyAStatedFact(turn, vocabulary, part, [answer]);

    /// A part that asks only how the thing just said is done — "how does that work", "what do I need to do", "wie geht
    /// das", "miten se toimii" — is covered by the answer to it (QA round 11: "I want to exchange my jeans for a bigger
    /// size, how does that work" got the exchange how-to and a person for "how does that work").
    static readonly System.Text.RegularExpressions.Regex HowThatWorks = new(
        @"^\W*(?:(?:and|so|but|ok|okay|und|also|aber|ja|niin|mut|mutta)\W+)?(?:" +
        @"how (?:does|do|would|will|can|should) (?:that|it|this|one|i) (?:work|go|be done|do (?:that|it|this))|how do i do (?:that|it|this)|how (?:does|would) that go" +
        @"|what (?:do|would|should) i (?:need to |have to )?do|what(?:'s| is) the (?:process|procedure)" +
        @"|wie (?:geht|funktioniert|lauft|klappt|mache ich|mach ich) (?:das|es|ich das)(?: genau)?|was muss ich (?:da |dafur )?(?:tun|machen)" +
        @"|miten (?:se|tama|taa|toi) (?:toimii|menee|tehdaan|hoituu)|miten toimin|mita mun (?:pitaa|tarvii) tehda)" +
        @"(?: (?:exactly|then|please|genau|dann|bitte|sitten|kiitos))?\W*$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// "; for a person: "…" (its best answer and how sure the judge was)" — the parts left over, for the transcript.
    static string ForAPerson(List<(string Part, JudgedMatch? Judged)> rest) =>
        "; for a person: " + string.Join("; ", rest.Select(r =>
            $"\"{r.Part.Trim()}\"" + (r.Judged is { } j ? $" ({j.First.Label} {F(j.First.Confidence)}, {j.Describe()})" : "")));

    const int MaxQuestions = 3;

    /// From this matcher confidence an unclear part whose best answer is given is about that answer, whatever word of it the
    /// library lacks (<see cref="Rest"/>).
    const float SureOfGivenFrom = 0.9f;

    /// From this matcher confidence an unclear part of a DM of several questions is about its own best answer, not about
    /// an answer given beside it (<see cref="Rest"/>).
    const float OtherTopicFrom = 0.4f;

    /// A part that points back to the one before, read with words of that part: null when the part is read as it is.
    /// - Unclear alone ("… and how much does it cost?"): with the words customers use to ask for the part's own best
    ///   answer ("shipping", in its examples), when it then gets that answer and the part before did not.
    /// - Clear alone, with another answer than the part before ("how long do i have to return something and is it
    ///   free?" alone gets the shipping costs, and "free" would tell the customer a return costs €4.95): with the words
    ///   customers use to ask for the part before's answer, when it then gets that answer and no word of the part before
    ///   asks for its own. Its own words are what it says of that topic, so the part belongs to that answer: given, it
    ///   answers the part; not given, a person gets both.
    /// Never a part with a word the library never saw ("and can you wrap it as a present?" after the gift cards: the
    /// wrapping would reach nobody). <paramref name="previous"/>: the best answer of the part before, judged alone.
    JudgedMatch? PointingBack(Turn turn, string part, JudgedMatch alone, string before, string? previous)
    {
        if (!(PointsBack(Matching.TextFolding.Fold(part), turn.Language) || NamesNoTopic(turn, part, previous)) || turn.Library.Vocabulary is not { } vocabulary
            || vocabulary.Read(part, turn.Language).Unknown.Count > 0 || previous is null && settings.WouldGive(alone)
            || previous == alone.First.Label)
            return null;
        var words = Matching.TextFolding.Words(before);
        JudgedMatch? ReadWith(string answerId)
        {
            var topic = words.Where(w => vocabulary.AsksWith(w, turn.Language, answerId)).ToList();
            return topic.Count == 0 ? null : NotToAPerson(turn, part + " " + string.Join(' ', topic)) is { } read && read.First.Label == answerId ? read : null;
        }
        if (!settings.WouldGive(alone)) return ReadWith(alone.First.Label) is { } own && settings.WouldGive(own) ? own : null;
        // A topic the part's own answer is asked with too ("how long does delivery take and how much does it cost?":
        // "delivery") is one it may speak of: only a part whose own answer is off the topic before is read with it.
        return words.Any(w => vocabulary.AsksWith(w, turn.Language, alone.First.Label)) ? null : ReadWith(previous!);
    }

    /// Whether the answers given speak of what a part that only narrows names: a day or a time (a weekday, the weekend, a clock
    /// time, the business hours), a place (a country or a city), "how long" (a span). "Wann gibt es Frühstück? Auch am
    /// Sonntag?" under "breakfast is included", which names no day, and "can i pay with klarna invoice and how long do i
    /// have?" under the payment methods, which say no time, are left for a person (a review).
    static bool SpeaksOf(Turn turn, string part, IReadOnlyList<Answer> given)
    {
        var texts = given.SelectMany(a => PromisePassed.RepliesIn(a, turn.Language)).Select(t => t.Source).ToList();
        var replyWords = texts.SelectMany(Matching.TextFolding.FoldedWords).ToList();
        foreach (var word in Matching.TextFolding.FoldedWords(part).Where(w => Narrowing(w, turn.Language)))
        {
            var spoken = SpanWord.IsMatch(word) ? given.Any(a => PromisePassed.StatesSpan(a, turn.Language))
                : TimeWord.IsMatch(word) ? texts.Any(t => t.Contains("{business_hours}", StringComparison.Ordinal) || ClockTime.IsMatch(t)) || replyWords.Any(TimeWord.IsMatch)
                // the place itself, in any of its forms ("Island", "islantiin"): a reply naming other countries says nothing of it
                : replyWords.Any(w => w == word || w.Length >= 5 && word.Length >= 5 && w[..5] == word[..5]);
            if (!spoken) return false;
        }
        return true;
    }

    /// A time of day in a reply: "9:00", "17.30", "9–17", "10 am", "18 Uhr", "klo 8".
    static readonly System.Text.RegularExpressions.Regex ClockTime = new(
        @"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s*[–-]\s*\d{1,2}\b|\b\d{1,2}\s*(?:am|pm|uhr)\b|\bklo\s*\d",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// A short part that names no topic of its own: every content word of it is one customers use to ask for the answer of
    /// the part before (<paramref name="previous"/>, judged alone) — "and do we need to reserve" after the restaurant's
    /// hours, "paljonko maksaa" after the massage (QA round 36: the room booking and the room prices, both wrong). What it
    /// asks of, the part before names, as with a word that points back. A word of another topic keeps the part its own
    /// answer: "do you ship to Switzerland? and returns?", "is breakfast included? and the spa?" (a review of a first
    /// version, which took any word several answers are asked with for no topic, and dropped those parts unanswered).
    static bool NamesNoTopic(Turn turn, string part, string? previous)
    {
        if (previous is null || turn.Library.Vocabulary is not { } vocabulary) return false;
        var words = Matching.TextFolding.Words(part);
        if (words.Count > MaxTopicless) return false;
        var content = words.Where(w => Matching.Vocabulary.IsContent(w, turn.Language)).ToList();
        return content.Count > 0 && content.All(w => vocabulary.AsksWith(w, turn.Language, previous));
    }

    const int MaxTopicless = 5;

    /// A word that points back to what the part before was about: "how much does it cost?", "wie lange dauert das?",
    /// "paljonko se maksaa?".
    static bool PointsBack(string folded, string language)
    {
        var plain = Filler.Replace(folded, " ");
        return PointingWord.IsMatch(plain) || language == "de" && PointingArticle.IsMatch(plain);
    }

    /// "it", "es", "se" that point nowhere: "… und gibt es Gutscheine?", "is it possible to pay …", "onko se mahdollista
    /// maksaa laskulla?" (a review found each answered as the part before, its own question dropped).
    static readonly System.Text.RegularExpressions.Regex Filler = new(
        @"\b(?:gibt es|gibts|es gibt|ist es moglich|geht es|is it possible|is there|are there|it'?s possible|onko se mahdollista|onks se mahdollista|onko mahdollista)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    static readonly System.Text.RegularExpressions.Regex PointingWord = new(
        // (not German "sie": "können Sie …" is the polite "you")
        @"\b(?:it|that|this|they|them|those|es|das|dies|diese[nrms]?|se|sen|siita|siihen|silla|ne|niita|tama|tuo)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// German "die", "der", "den" as a pronoun: "ist die kostenlos?", "kostet der was?", "geht die auch nach Österreich?" —
    /// at the end of the part or before a word no noun is, not as the article of "ist die Rücksendung kostenlos?".
    static readonly System.Text.RegularExpressions.Regex PointingArticle = new(
        @"\b(?:die|der|den)\b(?=\W*$|\s+(?:auch|noch|schon|denn|eigentlich|wirklich|dann|immer|kostenlos|gratis|umsonst|was|etwas|lange|viel|ab|bei|bis|nach|mit)\b)",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// A part that asks: it ends with a question mark, or opens as a question or a request does ("how long…", "can i…",
    /// "i want to…", "was kostet…", "gibt es…", "ich möchte…", "milloin…", "haluan…"; in a Finnish DM a verb with -ko/-kö,
    /// "voinko…" — only there: "thanks so much!!" ends in -ks too), after an "and" or a greeting.
    internal static bool IsQuestion(string part, string language) => Question(part, language) is not null;

    /// The question a part asks: the part, or what follows a preamble that announces questions ("hi! two things: where is
    /// my order A-4455", "Hallo, 2 Fragen: kann ich …", "Moi, kaksi kysymystä: voiko …": the preamble is no part of what it
    /// asks); null when it asks nothing. Only such a preamble: "my parcel arrived crushed. what can i do" is no question
    /// of its own, as the DM's topic is in what comes first.
    static string? Question(string part, string language)
    {
        if (Opens(part)) return part;
        if (Preamble.Match(Matching.TextFolding.Fold(part)) is { Success: true } preamble && part[preamble.Length..] is var rest && Opens(rest)) return rest;
        return part.TrimEnd().EndsWith('?') ? part : null;

        bool Opens(string clause)
        {
            var folded = Matching.TextFolding.Fold(clause.Trim());
            return (QuestionOpening.IsMatch(folded) || language == "fi" && FinnishQuestionVerb.IsMatch(folded)) && !TellsWhen(clause);
        }
    }

    /// "ist nächste woche donnerstag", "is on friday at 3": "is" and a time, no question mark — when the thing of the
    /// question beside it is, not a question (QA round 71: "kann ich meinen termin verschieben? ist nächste woche donnerstag"
    /// sent the time to a person as a question, and the booking's change flow was not started).
    static bool TellsWhen(string clause)
    {
        if (clause.TrimEnd().EndsWith('?')) return false;
        var words = Matching.TextFolding.FoldedWords(clause);
        return words.Count >= 2 && words[0] is "is" or "ist" && words.Skip(1).All(w =>
            w.All(char.IsDigit) || TimeWords.Contains(w) || Matching.Vocabulary.IsCalendarWord(w));
    }

    static readonly HashSet<string> TimeWords =
    [
        "on", "at", "the", "this", "next", "coming", "tomorrow", "today", "tonight", "morning", "afternoon", "evening", "am", "pm",
        "um", "im", "diese", "diesen", "dieser", "nachste", "nachsten", "kommende", "kommenden", "morgen", "ubermorgen", "heute",
        "abend", "vormittag", "nachmittag", "fruh", "uhr",
    ];

    /// A preamble that announces questions, with a greeting before it: "hi! two things:", "Hallo, 2 Fragen:", "moi, pari
    /// kysymystä -". Matched on the folded part, whose length is the part's for these words (no ß, no ligature).
    static readonly System.Text.RegularExpressions.Regex Preamble = new(
        @"^\W*(?:(?:" + Pleasantries.GreetingWords + @"|guten tag|good morning)\W+)*(?:(?:i have|ich habe|ich hatte|mulla on|minulla on)\s+)?" +
        @"(?:(?:two|2|three|3|a few|few|a couple of|couple of|some|several|zwei|drei|ein paar|paar|einige|mehrere|kaksi|kolme|pari|muutama|muutamia)\s+" +
        @"(?:quick\s+|kurze\s+)?(?:things|questions|qs|fragen|sachen|dinge|kysymysta|kysymys|kysymyksia|asiaa|juttua)" +
        // "quick question:", "kurze Frage:", "pikakysymys:" — one question announced, with a colon; "quick q, …" with a comma
        // or a dash (QA round 74)
        @"|(?:a\s+)?(?:quick|short|kurze|eine)\s+(?:question|frage)(?=\s*:)|pikakysymys(?=\s*:)|(?:a\s+)?(?:quick|short)\s+(?:q|one)(?=\s*[,:–-]))\W+(?:\(?1[).]\s*)?",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    static readonly System.Text.RegularExpressions.Regex QuestionOpening = new(
        @"^\W*(?:\(?[1-9][).]\s*)?(?:(?:and|also|plus|und|auch|ja|seka|" + Pleasantries.GreetingWords + @")\W+)*(?:\(?[1-9][).]\s*)?(?:what|whats|how|when|where|why|which|who|can|do|does|did|is(?!\s+(?:ne|nen|n)\b)|are" +
        // "have" and "has" before "a" or "no" open a statement or a wish, not a question: "Have a client pitch next week", "have a
        // nice day", "… and have no idea" (QA rounds 45 and 46: each went to a person as a question left unanswered); "have
        // you …", "has my order …" ask; so only before their subject (QA round 70: "… and have zero time to drive out to you"
        // went to a person as a question)
        @"|(?:have|has)\s+(?:you|u|ya|they|we|i|it|he|she|my|our|your|ur|the|this|that|these|those|any|anyone|anybody|someone|somebody|there)\b" +
        // a modal opens a question only before its subject: "would you …", not "would love to try it on"
        @"|(?:could|will|would|should|may)\s+(?:i|you|u|we|it|they|he|she|this|that|there|someone|anyone)" +
        @"|i want to|i wanna|i'?d like to|i would like to|i need to|i want (?:a|an|my)|i'?d like (?:a|an|my)|ich mochte|ich will|ich wurde gerne?|ich hatte gerne?|ich brauche|haluan|haluaisin|haluisin|tarvitsen" +
        // ("is ne buderus", "ist n Neubau" after a question tell what it is, the subject dropped: QA round 55 sent "is ne
        // buderus" to a person as a question no answer covered; with a question mark they still ask)
        @"|was|wie|wann|wo|woher|wohin|warum|welche\w*|wer|kann|kannst|konnt|konnen|gibt|habt|haben|ist(?!\s+(?:ne|nen|n)\b)|sind|muss|darf|liefert|bietet" +
        // a German verb before "ihr", "du" or "man" asks: "versendet ihr auch in die Schweiz", "nehmt ihr PayPal"
        @"|\w+(?:t|st|en) (?:ihr|du|man)" +
        // and before "ich": "krieg ich mein geld zurück", "bekomme ich …" (once "nicht zufrieden" made a complaint, QA round 62's
        // "… bin nicht zufrieden. krieg ich mein geld zurück wenn ich jetzt kündige" was taken for a complaint that asks
        // nothing, and lost its answer); not after a joining word ("also ich finde …")
        @"|(?!(?:also|aber|und|weil|wenn|falls|dass|ob|da|so|denn|oder|doch|nur|jetzt|dann|hier|heute|gestern|morgen|leider|naja|ja|nein|ok|okay|hallo|hi|wie|was)\b)\w+ ich" +
        @"|mika|mita|miten|milloin|missa|mista|mihin|miksi|kuka|paljonko|kuinka)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    // (not the spoken adverbs in -ks: "Viimeks toisessa paikassa lasku oli melkein tuplat" tells what happened last time, QA round 46)
    static readonly System.Text.RegularExpressions.Regex FinnishQuestionVerb = new(
        @"^\W*(?:(?:ja|seka|moi|hei|heippa)\W+)*(?!(?:viimeks|ensiks|toiseks|kolmanneks|lopuks|onneks|varmuudeks|kiitoks)\b)\w+(?:ko|ks)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// What, after a statement, opens a second concern, so the statement asks of its own: "i forgot my password and also
    /// how do i unsubscribe", "…, außerdem …", "… ja lisäksi …". Not German "also" (so), "auch" or "plus": "und auch schon
    /// bezahlt", "2 shirts plus a hat" go on with the statement.
    static readonly System.Text.RegularExpressions.Regex AlsoEn = new(@"^\W*(?:and\s+)?also\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);
    static readonly System.Text.RegularExpressions.Regex AlsoDe = new(@"^\W*(?:und\s+)?(?:ausserdem|zudem|daruber hinaus)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);
    static readonly System.Text.RegularExpressions.Regex AlsoFi = new(@"^\W*(?:ja\s+)?(?:myos|lisaksi)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// Where a DM's questions part: a question mark, "and" (und, ja, sowie, plus) between two clauses, "also" after a comma or
    /// before a question's opening ("do you ship to austria also can i pay with paypal"), the number of a
    /// list ("1) do you deliver to Ireland 2) how much is shipping 3) …"), or a comma before a question word ("paljonko
    /// toimitus maksaa, voiko maksaa laskulla ja …").
    static readonly System.Text.RegularExpressions.Regex Joint = new(@"\?+\s*(?=\S)" +
        // not the "und" of a compound's shared head: "Innen- und Außenreinigung" (QA round 70: "Außenreinigung" went to a person)
        @"|(?<!\w[-\u2011])[;,]?\s+(?:and|plus|und|sowie|ja|seka)\s+(?=\S)|[;,]\s+also\s+(?=\S)" +
        // a bare "also" only before a question's opening: "does the intensive course also run on zoom?" asks one thing (QA round
        // 50: its first half, praise before it, went to a person as a question of its own)
        // — and not after a question's own verb and subject: "do you also do weekly subscriptions?" (QA round 58: "… do you" went
        // to a person as a part of its own)
        // or its subject's noun: "does the wood sauna also have a bench he can reach?" (QA round 66: "… does the wood sauna" went
        // to a person as a part of its own)
        @"|(?<!\b(?:do|does|did|can|could|is|are|was|were|will|would|have|has|should)\s+(?:you|u|ya|they|we|i|it|he|she" +
        @"|(?:the|your|ur|this|that|these|those|a|an|my|our)(?:\s+[\w'-]+){1,2}))" +
        @"\s+also\s+(?=(?:can|could|do|does|is|are|how|what|when|where|which|will|would|have|i)\b)" +
        // a sentence that begins "Also," / "Plus:" / "Lisäksi," (QA round 17: "I want a refund please. Also, what are your hours?")
        @"|[.!]+\s+(?:also|plus|and|und|au(?:ss|ß)erdem|lis[aä]ksi|my[oö]s)[,:]\s+(?=\S)" +
        // the next number of a list that "1)" or "1." began (not "am 3. Dezember")
        // (the look back only where a number matched: at every position it would read the DM back to its start)
        @"|[;,]?\s+\(?[2-9][).]\s+(?<=(?:^|\W)\(?1[).]\s[\s\S]*)(?=\S)" +
        // not after "can you tell me," "sagen," "kertoa,": the question that follows is the one they ask
        // nor before a "where" whose subject follows it: "ein Geschäft in Hamburg, wo man anprobieren kann?", "a store, where I
        // can try it on" say where (the question would be "wo kann man …"); "…, wann ich mein Paket bekomme?" still parts
        @"|(?<!\b(?:tell me|know|sagen|wissen|erklaren|erklären|kertoa|tietaa|tietää|selittaa|selittää)),\s+" +
        @"(?!(?:where|wo)\s+(?:i|you|we|they|he|she|it|man|ich|du|er|sie|es|wir|ihr)\b)" +
        @"(?=(?:how|what|when|where|which|can|could|do|does|is|are|will" +
        // (and the spoken forms: "was kostet 30 min klavier, gibts ne anmeldegebühr …", QA round 67, where the price went unanswered)
        @"|wie|was|wann|wo|welche\w*|kann|kannst|k[oö]nnt|gibt|gibts|habt|habts|ist|sind|muss|darf" +
        @"|paljonko|paljonks|voiko|voiks|voinko|voinks|kauanko|milloin|miss[aä]|mist[aä]|mik[aä]|mit[aä]|miten|onko|onks|saako|saaks|kuinka)\b)",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// The question after a DM's last "and" (und, ja, plus), as a part no answer was found for, when it opens as a question
    /// does ("… and do you do alterations?"); null otherwise. Not a question after a question mark or a comma, nor one in a
    /// question's shape by its "?" alone: "… never got a tracking email? is that normal", "card expired and the payment failed,
    /// how long before my site goes down" ask of what comes first (tried with those, nine right answers of the judgement
    /// libraries went to a person).
    Questions? LastQuestion(Turn turn)
    {
        if (turn.AsksForPerson || Joint.Matches(turn.Text) is not { Count: > 0 } joints
            || !AndJoint.IsMatch(joints[^1].Value)) return null;
        var last = turn.Text[(joints[^1].Index + joints[^1].Length)..];
        var folded = Matching.TextFolding.Fold(last.Trim());
        // (nor one that only narrows the question before: "… paljonko tollanen maksais ja onnistuuko elokuussa?")
        return Matching.TextFolding.FoldedWords(last).Count >= 2
            && (QuestionOpening.IsMatch(folded) || turn.Language == "fi" && FinnishQuestionVerb.IsMatch(folded)) && !TellsWhen(last)
            && !OnlyNarrows(turn, last)
            ? new Questions([], [(last, NotToAPerson(turn, last))])
            : null;
    }

    static readonly System.Text.RegularExpressions.Regex AndJoint = new(@"^[;,]?\s+(?:and|plus|und|sowie|ja|seka)\s+$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Compiled);

    static readonly System.Text.RegularExpressions.Regex SentenceJoint = new(@"^[.!]",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    TurnDecision GiveAll(Turn turn, List<(Answer Answer, JudgedMatch Judged)> several, string? main = null)
    {
        var detail = Describe(several);
        // The offer of a person, when the judge doubted any of them, once, under the last answer (none under an answer that
        // opens a flow or hands off: the flow or the person goes on from there).
        var offer = !LeadsOn(several[^1].Answer) && several.Any(s => Offers(turn, s.Judged.Sure));
        var (last, given) = GiveInTurn(turn, several.Select(s => s.Answer).ToList(), detail, offerUnderLast: offer);
        return last with { Replies = given, AnswerId = Main(several.Select(s => s.Answer).ToList(), main), Detail = offer ? detail + "; offered a person" : detail };
    }

    /// The answers one after another in one turn, each given to the thread as the one before left it: the last decision
    /// (its thread is the turn's), and every reply in order.
    (TurnDecision Last, List<Reply> Replies) GiveInTurn(Turn turn, IReadOnlyList<Answer> answers, string detail, bool offerUnderLast)
    {
        var given = new List<Reply>();
        var current = turn;
        TurnDecision? last = null;
        for (var i = 0; i < answers.Count; i++)
        {
            last = offerUnderLast && i == answers.Count - 1
                ? replies.GiveWithOffer(current, answers[i], Reason.Answered, detail)
                : replies.Give(current, answers[i], Reason.Answered, detail);
            given.AddRange(last.Replies);
            current = current with { Thread = last.Thread! };
        }
        // The thread remembers every answer of the DM, for a follow-up that narrows them all ("entä viroon?" after the costs
        // and the time of delivery to Finland).
        if (answers.Count > 1 && last!.Thread?.Memory.Answered is { } remembered)
            last = last with { Thread = last.Thread with { Memory = last.Thread.Memory with { Answered = remembered with { All = [.. answers.Select(a => a.Id)] } } } };
        return (last!, given);
    }

    static string Describe(List<(Answer Answer, JudgedMatch Judged)> several) =>
        "several questions: " + string.Join("; ", several.Select(s => $"{s.Answer.Id} {F(s.Judged.First.Confidence)}, {s.Judged.Describe()}"));

    /// The answers of the clear questions, then the acknowledgement of a hand-off for the rest: a person answers what the
    /// library does not (reason <see cref="Reason.PartlyAnswered"/>; the transcript quotes the parts left over). No offer
    /// of a person under the answers: one follows anyway. An answer that opens a flow would keep the thread with the bot
    /// and the rest would reach nobody: its part goes to the person with the rest, or, alone, the whole DM does.
    TurnDecision WithRest(Turn turn, IReadOnlyList<Answer> answers, List<(string Part, JudgedMatch? Judged)> rest, string detail, string? main = null)
    {
        if (answers[^1].Flow is { } opens)
        {
            // The flow's question would leave the rest with nobody: a person takes the flow's part too, and the others are
            // answered (a review: "do you do bulk orders? … also do you ship to Norway?" with a part left over lost the
            // Norway answer once the lead flow could be one of the parts).
            if (answers.Count == 1) return HandOff(turn, Reason.NoConfidentAnswer, detail + $"; {answers[^1].Id} opens a flow" + ForAPerson(rest));
            rest = [.. rest, (answers[^1].TitleIn(turn.Language, turn.Library.DefaultLanguage), null)];
            answers = answers.Take(answers.Count - 1).ToList();
            detail += $"; {opens} is a flow, left to a person with the rest";
        }
        detail += ForAPerson(rest);
        var (last, given) = GiveInTurn(turn, answers, detail, offerUnderLast: false);
        // The parts left over in the hand-off's summary: the agent sees what is still to answer without opening the transcript.
        var unanswered = string.Join(" / ", rest.Select(r => r.Part.Trim()));
        // The last answer hands off itself: its person takes the rest too, listed in its summary, with no second promise.
        if (last is { Kind: DecisionKind.HandOff, HandOffRequest: { } own })
            return last with
            {
                Replies = given, AnswerId = Main(answers, main), Detail = detail,
                HandOffRequest = own with { Summary = new Dictionary<string, string>(own.Summary) { ["unanswered"] = unanswered } },
            };
        var current = turn with { Thread = last.Thread! };
        var summary = new Dictionary<string, string>(current.Thread.Memory.Variables) { ["unanswered"] = unanswered };
        var ack = acknowledge.Decide(current, new HandOffRequest(Handoffs.SlaPolicies.Fallback, Reason.PartlyAnswered.ToString(), null, summary), rest: true);
        return ack with { Reason = Reason.PartlyAnswered, Replies = [.. given, .. ack.Replies], Thread = ack.Thread ?? current.Thread, AnswerId = Main(answers, main), Detail = detail };
    }

    /// The decision's answer among those given: the one the whole DM is most about, when it was given, else the first.
    static string Main(IReadOnlyList<Answer> given, string? main) => main is not null && given.Any(a => a.Id == main) ? main : given[0].Id;

    /// Whether a DM that got another answer than the one just given (<paramref name="own"/>) only narrows the question before:
    /// a follow-up's opening and a few words that ask nothing of their own ("and to Austria?", "what about Norway?", "und
    /// nach Österreich?", "entä Ruotsiin?"), where "and can I pay with PayPal?" and "und was kostet das?" ask.
    static bool Narrows(Turn turn, string own)
    {
        var folded = Matching.TextFolding.Fold(turn.Text);
        if (JustAnswered(turn) is not { } before || before.AnswerId == own || FollowUpOpening.Match(folded) is not { Success: true } opening)
            return false;
        var rest = folded[opening.Length..];
        if (QuestionOpening.IsMatch(rest) || Matching.TextFolding.FoldedWords(rest).Count is 0 or > 3 || turn.Library.Vocabulary is not { } vocabulary)
            return false;
        // Only a place or a day beside words that ask nothing ("and to Austria?" after how long delivery to Germany takes,
        // QA round 12: it got where the shop delivers) narrows whatever the DM before asked.
        if (Matching.TextFolding.Words(rest).Any(w => Narrowing(w, turn.Language)) && OnlyNarrows(turn, rest)) return true;
        // Otherwise its own answer must be one the DM before asks with its words too ("shipping" asks where the shop
        // delivers): "and returns?" after the delivery time is a new question, not the delivery time of returns.
        return Matching.TextFolding.Words(before.Text).Any(w => vocabulary.AsksWith(w, turn.Language, own));
    }

    /// The DM the answer just given answered, when this DM comes right after it (the next turn, within
    /// <see cref="FollowUpWithin"/>) and asks for no person; null otherwise.
    static Threads.AnsweredDm? JustAnswered(Turn turn) =>
        turn.Thread.Memory.Answered is { } before && before.ForTurn == turn.Thread.Turns
        && turn.Now - NodaTime.Instant.FromUnixTimeMilliseconds(before.AtMs) <= FollowUpWithin && !turn.AsksForPerson ? before : null;

    /// How long after an answer a short DM is still read as its follow-up.
    static readonly NodaTime.Duration FollowUpWithin = NodaTime.Duration.FromMinutes(30);

    /// "and on saturday?" after the opening hours, "what about Austria?" after shipping to Switzerland, "entä
    /// lauantaina?", "how long are they valid?" after the gift cards: a DM in the turn right after a stock answer, within half
    /// an hour, that opens like a follow-up ("and", "what about", "und", "entä"…), has at most three words, or at most six
    /// with one that points back ("they", "das", "se"), and has no word the library does not know but days, times, "how
    /// long" and places (so "and do you sell skateboards?" still goes to a person); thanks are none. Read after the DM the
    /// answer answered, it is judged like any DM: the answer is given when the judge is as sure as for a DM alone, and never
    /// the way to a person — or, for a question with no word of its own but those, when the reading still gets the answer
    /// just given (Continues).
    /// <paramref name="narrowing"/> (<see cref="Narrows"/>): the DM before is judged again alone, and only its answer is given.
    (JudgedMatch Judged, string Read, bool Continues)? FollowUp(Turn turn, bool narrowing = false)
    {
        // Thanks are thanks, not a question about the answer they thank for ("great thx" after the payment methods).
        if (JustAnswered(turn) is not { } before || Pleasantries.ThanksAlone(turn.Text) is not null) return null;
        var words = Matching.TextFolding.FoldedWords(turn.Text);
        var folded = Matching.TextFolding.Fold(turn.Text);
        if (words.Count == 0 || !(words.Count <= 3 || FollowUpOpening.IsMatch(folded) || words.Count <= 6 && PointsBack(folded, turn.Language))) return null;
        var known = turn.Library.Vocabulary?.Read(turn.Text, turn.Language);
        if (known is not null && known.Unknown.Any(w => !FollowUpOpening.IsMatch(Matching.TextFolding.Fold(w)) && !Narrowing(w, turn.Language)))
            return null;
        var read = before.Text + "\n" + turn.Text;
        if (NotToAPerson(turn, narrowing ? before.Text : read) is not { } judged) return null;
        // A question with no word of its own but those that narrow ("and how long do I have?", "und wie lange?", "and to
        // Poland?", "entä Puolaan?") can only be about what was just answered: when, read after its DM, it still gets that
        // answer, the answer continues — the judge, which reads such a DM as little evidence, was sure of the DM before (QA
        // round 6: the return window and Poland went to a person). After a DM of several answers all of them continue, also
        // where the judge is sure of one ("and to estonia?" after the cost and the time asks both again).
        var continues = !narrowing && (judged.First.Label == before.AnswerId || before.All?.Contains(judged.First.Label) == true)
            && OnlyNarrows(turn, turn.Text)
            && (turn.Text.Contains('?') || IsQuestion(turn.Text, turn.Language))
            // "how long" only of an answer that says how long ("and how long to Poland?" after the countries asks a new thing)
            && (!SpanWord.IsMatch(folded) || turn.Library.Answers.TryGetValue(before.AnswerId, out var answered) && PromisePassed.StatesSpan(answered, turn.Language));
        if (continues && before.All is { Count: > 1 }) return (judged, read, true);
        // A narrowing follow-up ("und in die Schweiz?", which alone finds where the shop delivers) of a DM of several answers:
        // they all continue, for the place it names.
        if (narrowing && before.All is { Count: > 1 } all && all.Contains(judged.First.Label) && settings.WouldGive(judged)) return (judged, read, true);
        if (settings.WouldGive(judged) && (!narrowing || judged.First.Label == before.AnswerId)) return (judged, read, false);
        return continues ? (judged, read, true) : null;
    }

    /// Whether <paramref name="text"/> holds no content word but those that narrow (<see cref="Narrowing"/>) and a
    /// follow-up's opening ("entä", "what about"), which ask nothing of their own.
    static bool OnlyNarrows(Turn turn, string text) =>
        turn.Library.Vocabulary?.Read(string.Join(' ', Matching.TextFolding.Words(text)
            .Where(w => !Narrowing(w, turn.Language) && !FollowUpOpening.IsMatch(Matching.TextFolding.Fold(w)))), turn.Language) is { Content: 0 };

    /// A word that narrows the question before rather than asks a new one, which the library need not know: a day or a time
    /// ("und sonntags?"), "how long" ("and how long do I have?"), a country or a city ("and to Poland?", "entä Puolaan?": the
    /// built-in lexicon's places).
    static bool Narrowing(string word, string language)
    {
        var folded = Matching.TextFolding.Fold(word);
        if (TimeWord.IsMatch(folded) || SpanWord.IsMatch(folded)) return true;
        foreach (var concept in Matching.Concepts.Builtin.Of(folded, folded, language))
            if (concept is "country" or "city") return true;
        return false;
    }

    /// The words of "how long", "how much time": a follow-up that asks only them asks about what was just answered.
    static readonly System.Text.RegularExpressions.Regex SpanWord = new(@"\b(?:long|time|lange?|zeit|kauan|kauanko|aikaa?)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// The words of "what does it cost", "was kostet das", "paljonko se maksaa" (folded): a part that asks only them asks the
    /// price of what was just answered.
    static readonly System.Text.RegularExpressions.Regex PriceWord = new(
        @"\b(?:costs?|price[sd]?|pricing|fees?|charges?|kostet|kosten|kostest|preise?|teuer|gebuhr\w*|kostenlos|gratis|umsonst|paljonko|maksaa|maksaako|maksoi|hinta|hintaa|hinnat|hinnan" +
        // "ist das kostenlos?", "onko se ilmainen?" ask the price too (QA round 51: "is it free?" under "a free children's planting
        // day" went to a person). Not English "free": "are you free tomorrow?" asks for a time, and was dropped under the
        // movers' prices (the session-48 review)
        @"|ilmai\w*|maksuton\w*|maksullinen\w*" +
        // "how much" with nothing else asks the price of the thing before ("do you fix cracked iphone screens? how much", QA round 52)
        @"|how much|wie ?viel|kuinka paljon)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// A price in a reply: an amount of money ("15 €", "€4.95", "290 euroa", "$20") or words that it costs nothing
    /// ("free of charge", "is free", "kostenlos", "gratis", "maksuton", "ilmainen"; not "free" alone: "feel free to call").
    static readonly System.Text.RegularExpressions.Regex Price = new(
        @"\d\s*(?:€|eur\b|euro|\$|£|chf\b)|[€$£]\s*\d|\b(?:free \s of \s charge|for \s free|(?:is|are|it's|its|a|the) \s free|kostenlos\w*|gratis|umsonst|maksuton\w*|maksutta|ilmai\w*)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnorePatternWhitespace
        | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// The answers a DM that asks a price and names nothing it is the price of ("price?", "was kostet das?", "how much?",
    /// "hinta?") may be asking about, when the library has two or more whose replies give prices (not those that hand off or
    /// open a flow): up to <see cref="PriceOptions"/>, in the matcher's order. The customer says which; the matcher would pick
    /// the price list whose examples happen to say "price" (QA round 65: "price?" got the grooming prices, judged 0.85, from a
    /// daycare with two price lists). Null when the DM names something, or the library has one price list or none.
    static IReadOnlyList<Answer>? PricedAnswers(Turn turn)
    {
        var library = turn.Library;
        // (a number names something: "how much for 10 people?", "wie viel ist 17 mal 23")
        if (library.Matcher is not { } matcher || turn.Text.Any(char.IsDigit) || !PriceWord.IsMatch(Matching.TextFolding.Fold(turn.Text))) return null;
        foreach (var word in Matching.TextFolding.FoldedWords(turn.Text))
            if (word.Length >= 3 && !Matching.GenericWords.Contains(word, turn.Language) && !PriceWord.IsMatch(word)) return null;
        var offered = library.Answers.Values.Where(a => a is { HandOff: false, Flow: null } && StatesPrice(a, turn.Language)).ToList();
        // The answers titled as prices ("Grooming prices", "Daycare prices"); one alone is the library's price list ("Prices"
        // beside "Gift cards"), and the matcher finds it. Without any, those customers ask for prices.
        var titled = offered.Where(a => PriceTitle.IsMatch(Matching.TextFolding.Fold(a.TitleIn(turn.Language, library.DefaultLanguage)))).ToList();
        var lists = titled.Count > 0 ? titled : offered.Where(a => AskedForAPrice(a, turn.Language)).ToList();
        if (lists.Count < 2) return null;
        return matcher.Match(turn.Text, turn.Language, matcher.Labels.Count, out _)
            .Select(c => lists.Find(a => a.Id == c.Label)).OfType<Answer>().Take(PriceOptions).ToList();
    }

    /// A title that names a price list ("Grooming prices", "Was kostet eine Anlage?", "Hinnasto"), folded; not one that says a
    /// thing is free ("Gratis-Schnuppertag").
    static readonly System.Text.RegularExpressions.Regex PriceTitle = new(
        @"\b(?:prices?|pricing|costs?|fees?|rates|tariffs|how much|\w*preise?|kosten|kostet|gebuhr\w*|tarife|wie ?viel|hinta\w*|hinnat|hinnasto|maksu(?:t|ja)?|maksaa|paljonko)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// Whether two of an answer's examples in the language (in all of its languages when it has none in that one) ask a price.
    static bool AskedForAPrice(Answer answer, string language)
    {
        var texts = answer.ByLanguage.TryGetValue(language, out var own) && own.Examples.Count > 0 ? [own] : answer.ByLanguage.Values.ToList();
        return texts.Sum(t => t.Examples.Count(e => PriceWord.IsMatch(Matching.TextFolding.Fold(e)))) >= 2;
    }

    /// How many price lists a "price?" is offered at most (<see cref="PricedAnswers"/>).
    const int PriceOptions = 3;

    /// Whether an answer's replies state a price (<see cref="Price"/>).
    static bool StatesPrice(Answer answer, string language) =>
        PromisePassed.RepliesIn(answer, language).Any(r => Price.IsMatch(Matching.TextFolding.Fold(r.Source)));

    /// The words of "does it expire", "how long is it valid", "verfällt die", "wie lange gilt", "vanheneeko se" (folded): a part
    /// that asks only them asks how long what was just answered lasts ("vanhentuuko", "umpeutuu" too).
    static readonly System.Text.RegularExpressions.Regex ExpiryWord = new(
        @"\b(?:expire[sd]?|expiring|expiry|expiration|valid|validity|verfa(?:e)?ll\w*|ablauf\w*|abgelaufen|lauft|gultig\w*|gultigkeit|gilt|vanhene\w*|vanhentu\w*|umpeutu\w*|voimassa\w*)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// "until when", "how late", "bis wann", "mihin asti" (folded): a part that asks only them asks when the thing before ends
    /// or closes, which a reply stating clock times answers (QA round 52: "ootteks auki lauantaisin ja mihin asti" got the
    /// hours, and a person for "mihin asti").
    static readonly System.Text.RegularExpressions.Regex UntilWhen = new(
        @"\b(?:until|till|til) when\b|\bhow late\b|\bbis wann\b|\bbis wieviel uhr\b|\b(?:mihin|moneen|monelta|mihin aikaan) (?:asti|saakka)\b|\bkuinka myohaan\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// Whether the DM asks for an exception to a term the answer states, once it has passed: "my gift card expired last month,
    /// can you extend it?" (QA rounds 48 and 54 got the gift-card answer, "valid 12 months"), "Gutschein abgelaufen, kann ich
    /// ihn trotzdem noch einlösen?", "lahjakortti vanheni, voiko sitä jatkaa?". Only a person can grant one, unless the answer
    /// speaks of what happens after it has passed ("expired cards can be extended once …").
    static bool AsksForAnException(Turn turn, Answer answer)
    {
        var folded = Matching.TextFolding.Fold(turn.Text);
        if (!Passed.IsMatch(folded) || !Extend.IsMatch(folded)) return false;
        return !PromisePassed.RepliesIn(answer, turn.Language).Select(r => Matching.TextFolding.Fold(r.Source)).Any(r => Passed.IsMatch(r) || Extend.IsMatch(r));
    }

    /// A term that has passed, folded: "expired", "abgelaufen", "verfallen", "vanheni", "vanhentunut", "umpeutui".
    static readonly System.Text.RegularExpressions.Regex Passed = new(
        @"\b(?:expired|has expired|run out|ran out|abgelaufen|verfallen|verfallt|vanheni|vanhentu\w*|umpeutu\w*|meni vanhaksi)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// Asking it to hold all the same, folded: "extend", "renew", "still use", "make an exception", "verlängern", "trotzdem",
    /// "noch einlösen", "Kulanz", "jatkaa", "pidentää", "vielä käyttää", "poikkeus".
    static readonly System.Text.RegularExpressions.Regex Extend = new(
        @"\b(?:extend\w*|extension|renew\w*|still (?:use|redeem|valid|be used)|make an exception|exception|goodwill" +
        @"|verlanger\w*|trotzdem|noch (?:einlosen|nutzen|verwenden|benutzen)|ausnahme\w*|kulanz\w*" +
        @"|jatka\w*|jatko\w*|pidenn\w*|pidenta\w*|viela (?:kayttaa|kaytta\w*|voimassa)|poikkeus\w*)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// The holiday a DM asks about that an answer of hours (its replies state clock times) does not speak of (<see cref="HolidayQuestion"/>).
    static string? UnstatedHoliday(Turn turn, Answer answer, string? text = null) =>
        HolidayQuestion.Unstated(text ?? turn.Text, answer, turn.Language) is { } holiday && StatesClockTime(answer, turn.Language) ? holiday : null;

    /// A holiday, an amenity, a way to pay or a group of customers <paramref name="text"/> asks about that
    /// <paramref name="answer"/> does not speak of.
    static string? UnstatedDetail(string text, Answer answer, Turn turn) =>
        UnstatedHoliday(turn, answer, text) ?? UnstatedTerm(text, answer, turn.Language);

    /// An amenity, a way to pay or a group of customers, or a price the DM asks of <paramref name="answer"/> that its replies
    /// do not speak of; null when there is none.
    static string? UnstatedTerm(string text, Answer answer, string language) =>
        AmenityQuestion.Unstated(text, answer, language) ?? TermsQuestion.Unstated(text, answer, language) ?? UnstatedPrice(text, answer, language);

    /// "a price" when the DM asks what something costs and <paramref name="answer"/> cannot say: its replies neither state a
    /// price (<see cref="StatesPrice"/>) nor speak of one ("the price depends on the damage: bring it in"), none of its examples
    /// asks one, and it neither hands off nor starts a flow (which lead to a person who can). QA round 81: "how much are the
    /// bread rolls" got "order your rolls the evening before", judged 0.96, and "was kosten die brötchen" the same. Null
    /// otherwise.
    static string? UnstatedPrice(string text, Answer answer, string language) =>
        !answer.HandOff && answer.Flow is null && AsksAPrice.IsMatch(Matching.TextFolding.Fold(text))
        && !PromisePassed.RepliesIn(answer, language).Any(r => Matching.TextFolding.Fold(r.Source) is var reply
            && (Price.IsMatch(reply) || AsksAPrice.IsMatch(reply) || SpeaksOfAPrice.IsMatch(reply)))
        && !answer.ByLanguage.Values.SelectMany(t => t.Examples).Any(e => AsksAPrice.IsMatch(Matching.TextFolding.Fold(e)))
            ? "a price" : null;

    /// The words that ask what a thing costs (folded), narrower than <see cref="PriceWord"/>, which reads a part that asks
    /// nothing else: "how much" only before what asks a price ("how much luggage can I bring" asks no price), "paljonko" and
    /// "mitä" only with "maksaa" ("paljonko se pidentää korjausaikaa" asks how long, "voiko maksaa kortilla" how to pay), and
    /// not "free" or "fee" words.
    static readonly System.Text.RegularExpressions.Regex AsksAPrice = new(
        @"\b(?:costs?|price[sd]?|pricing|how much (?:is|are|does|do|for|to|would|will|extra|per|a|an)|kostet|(?:was|viel|die|welche) kosten|preis|preise|teuer" +
        @"|wie ?viel (?:kostet|kosten|zahl\w*|fur|pro|extra)|hinta\w*|hinna\w*" +
        @"|paljonko(?: \w+){0,3} (?:maksaa|maksais\w*|maksavat|maksoi|kustantaa)|mita (?!jos\b)(?:\w+ )?(?:maksaa|maksais\w*|maksavat|kustantaa))\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// A reply that speaks of a price without an amount: "free parking", "breakfast included", "unsere Preisliste", "20 dollars".
    static readonly System.Text.RegularExpressions.Regex SpeaksOfAPrice = new(
        @"\b(?:free \w+|included|inclusive|inklusive|inkl|inbegriffen|preis\w+|gebuhr\w*|tarif\w*|dollars?|sisaltyy|hintaan|maksuton\w*)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// Whether an answer's replies state a time of day (a clock time, a span of hours, or the business hours).
    static bool StatesClockTime(Answer answer, string language) =>
        PromisePassed.RepliesIn(answer, language).Any(r => r.Source.Contains("{business_hours}", StringComparison.Ordinal) || ClockTime.IsMatch(r.Source));

    /// The facts a part may ask for and nothing else, by the words that ask for them, with whether an answer's replies state
    /// one (<see cref="Rest"/>): a time ("how long"), a price ("what does it cost"), how long a thing is valid ("Und
    /// verfaellt die irgendwann?" under "10er-Karte 190 € (6 Monate gültig)" went to a person too, QA round 45).
    static readonly (System.Text.RegularExpressions.Regex AskedBy, Func<Answer, string, bool> States)[] StatedFacts =
        [(SpanWord, PromisePassed.StatesDuration), (PriceWord, StatesPrice), (ExpiryWord, PromisePassed.StatesDuration), (UntilWhen, StatesClockTime)];

    /// Whether a part asks "how often" and nothing else: no content word but a word of <see cref="FrequencyWord"/> ("Wie oft
    /// kommt da was?"; not "wie oft sollte ich meinen Hund baden lassen?", which asks of bathing — a review).
    static bool AsksOnlyHowOften(Turn turn, string part)
    {
        var words = Matching.TextFolding.Words(part);
        var rest = words.Where(w => !FrequencyWord.IsMatch(Matching.TextFolding.Fold(w))).ToList();
        return rest.Count < words.Count && turn.Library.Vocabulary?.Read(string.Join(' ', rest), turn.Language) is { Content: 0 };
    }

    /// The words of "how often": a part that asks only them asks how often the thing before comes, which a reply stating
    /// an interval covers ("alle 2, 4, 6 oder 8 Wochen": QA round 39, "Wie funktioniert euer Abo genau? Wie oft kommt da
    /// was?" got the subscription and a person for "how often"); a span ("30 days") does not.
    static readonly System.Text.RegularExpressions.Regex FrequencyWord = new(@"^(?:often|frequently|oft|haufig|usein)$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// An interval in a reply: "every 2 weeks", "alle 4 Wochen", "jeden Monat", "joka viikko", "2 viikon välein", "weekly",
    /// "monatlich", "kuukausittain", "3 times a week", "zweimal", "3 kertaa".
    static readonly System.Text.RegularExpressions.Regex Interval = new(
        @"\b(?:every|each|alle|jede[nmrs]?|joka)\s+(?:\d|other|second|zwei|drei|vier|week|month|day|year|woche|monat|tag|jahr|viikko|kuukausi|paiva|vuosi)" +
        @"|\b(?:daily|weekly|fortnightly|monthly|yearly|annually|taglich|wochentlich|monatlich|jahrlich|paivittain|viikoittain|kuukausittain|vuosittain)\b" +
        @"|\b\d+\s*(?:x|times|mal|kertaa)\b|\b(?:once|twice|einmal|zweimal|dreimal)\b|\bvalein\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// Whether an answer's replies state an interval (<see cref="Interval"/>).
    static bool StatesInterval(Answer answer, string language) =>
        PromisePassed.RepliesIn(answer, language).Any(r => Interval.IsMatch(Matching.TextFolding.Fold(r.Source)));

    /// Days and times, which narrow the question before rather than ask about something new ("und sonntags?",
    /// "entä lauantaina?"): the library need not know them.
    static readonly System.Text.RegularExpressions.Regex TimeWord = new(
        @"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekends?|today|tomorrow|tonight|holidays?|evenings?|mornings?" +
        @"|(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|feiertag|wochenende|abend|morgen|vormittag|nachmittag)\w*|heute|ubermorgen" +
        @"|(?:maanantai|tiistai|keskiviikko|torstai|perjantai|lauantai|sunnuntai|viikonlop|arki|pyha|juhlapyh|ilta|aamu)\w*|tanaan|huomenna" +
        // months ("und im august?", "onnistuuko elokuussa?"), not English "may"
        @"|january|february|march|april|june|july|august|september|october|november|december" +
        @"|januar|februar|marz|mai|juni|juli|oktober|dezember" +
        @"|(?:tammikuu|helmikuu|maaliskuu|huhtikuu|toukokuu|kesakuu|heinakuu|elokuu|syyskuu|lokakuu|marraskuu|joulukuu)\w*)$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    static readonly System.Text.RegularExpressions.Regex FollowUpOpening = new(
        // (after "ok", "alright", "hmm", "so": "ok what about switzerland then", QA round 9)
        @"^\W*(?:(?:ok|okay|okey|okei|alright|hmm+|so|oh|ah|achso|ach so|aha|joo|jaa)\W+)?(?:and|also|plus|what about|how about|and what about|what if|same for|und|auch|was ist mit|wie (?:ist|sieht'?s|sieht es) (?:es )?mit|und wie|" +
        @"entä|enta|mites|miten (?:on|olis)|kuin myös|ja|myös|sama)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// What the transcript says of a DM judged whole: the two best answers, the out-of-scope probability, the evidence and
    /// the judge's figure.
    static string Describe(JudgedMatch judged) =>
        string.Join(", ", new[] { judged.First, judged.Second }.OfType<Candidate>().Select(c => $"{c.Label} {F(c.Confidence)}"))
        + $"; out of scope {F(judged.OutOfScope)}; evidence {F(judged.Evidence)}; {judged.Describe()}";

    TurnDecision? DecideAlone(Turn turn)
    {
        var library = turn.Library;
        if (JudgedMatch.ForAnswering(turn) is not { } judged) return null;
        var (first, second) = (judged.First, judged.Second);
        var detail = Describe(judged);
        // A request for a person that matches the library's own way to a person, a hand-off answer or a flow ending in one
        // (HandOffWhenAskedForPerson let it through on the same terms): given on the matcher's confidence, not the judge's.
        if (turn.AsksForPerson && Handoffs.HandOffWhenAskedForPerson.WayToAPerson(turn, [first], settings.PersonAnswerFrom, settings.AnswerThreshold, judged) is { } way)
            return replies.Give(turn, way, Reason.Answered, detail + (way.Id == first.Label ? "; asked for a person" : $"; asked for a person in a sentence that is {way.Id}"));
        if (PricedAnswers(turn) is { } priced)
            return turn.Thread.Memory.PendingChoice is { Count: > 0 }
                ? HandOff(turn, Reason.NoConfidentAnswer, $"{detail}; asks a price of nothing it names, again")
                : AskWhich(turn, priced, $"{detail}; asks a price of nothing it names: {string.Join(", ", priced.Select(a => a.Id))} give prices");
        if (Policies.IgnoreClosingRemarks.AsksForSomeoneElse(turn.Text))
            return HandOff(turn, Reason.OutOfScope, $"{detail}; asks whether this is someone else's number: no answer of the library's, a person replies");
        var vetoed = settings.Veto(judged);
        // A DM that holds the value the best answer's flow asks for by the brand's own pattern ("Bestellnummer SW-7654321 – wann
        // kommt die endlich?", "order SW-4829103 still says processing after 5 days") is about that flow, whatever the judge
        // reads of its other words: the flow starts with the value filled (QA round 23: judged 0.23 and 0.31, handed off).
        // Not past the rules of unknown words and no shared word, which say the DM is about something else.
        if (first.Confidence >= settings.FlowValueFrom && vetoed is not { Why: Reason.OutOfScope } && !settings.WouldGive(judged)
            && NamesItsFlowsValue(library, first.Label, turn.Text) && !AskedOfAnotherAnswer(library, first.Label, turn))
            return Give(turn, library.Answers[first.Label], judged.Sure, $"{detail}; names the value its flow asks for");
        if (vetoed is { } veto) return HandOff(turn, veto.Why, $"{detail}; {veto.Detail}");
        if (AnotherReference(library, first.Label, turn.Text) is { } reference)
            return HandOff(turn, Reason.NoConfidentAnswer, $"{detail}; names the reference {reference}, not in the shape of what {first.Label}'s flow asks for: a person looks");
        if (AsksForAnException(turn, library.Answers[first.Label]))
            return HandOff(turn, Reason.NoConfidentAnswer, $"{detail}; asks for an exception to what {first.Label} states: a person decides",
                library.Answers[first.Label].Category);
        if (UnstatedTerm(turn.Text, library.Answers[first.Label], turn.Language) is { } amenity)
            return HandOff(turn, Reason.NoConfidentAnswer, $"{detail}; asks about {amenity}, which {first.Label} does not speak of");
        if (UnstatedHoliday(turn, library.Answers[first.Label]) is { } holiday)
            return Suggesting(turn, judged, HandOff(turn, Reason.NoConfidentAnswer, $"{detail}; asks about {holiday}, which {first.Label}'s hours do not speak of"));
        // Whether the DM tells of a complaint that is not the answer's own: read once, for the two rules of complaints below.
        var complains = library.Answers[first.Label].Category != Policies.AcknowledgeWithPromise.ComplaintCategory
                        && ComplainsOfSomethingElse(turn, library.Answers[first.Label]);
        if (complains && TellsAComplaintOnly(turn, library.Answers[first.Label]))
            return HandOff(turn, Reason.NoConfidentAnswer, $"{detail}; tells of a complaint and asks nothing {first.Label} answers: a person replies");

        var close = second is not null && second.Confidence >= settings.AmbiguityFloor && first.Confidence - second.Confidence < settings.AmbiguityMargin;
        // After a "Did you mean …?" that did not help, a second guess would be worse: a person takes over.
        var missedBefore = turn.Thread.Memory.PendingChoice is { Count: > 0 };
        // Never with a greeting or thanks among the two: "hallo ich hätt gern nen termin zum haareschneiden" was asked "Change my
        // appointment, or Hello?" (QA round 70); the greeting is said anyway, the rest goes on as a DM of one question. Two
        // pleasantries ("okei kiitos, nähdään! moro": thanks, or hello?) get the first: either is harmless (the session's review)
        var (firstTalk, secondTalk) = close ? (IsSmallTalk(library.Answers[first.Label]), IsSmallTalk(library.Answers[second!.Label])) : (false, false);
        if (firstTalk && secondTalk && first.Confidence >= SmallTalkFrom)
        {
            // (the thanks where the DM thanks: "You're welcome" fits a goodbye too, "Hello" does not)
            var thanked = ThanksWord.IsMatch(Matching.TextFolding.Fold(turn.Text))
                ? new[] { first, second! }.FirstOrDefault(c => library.Answers[c.Label].ByLanguage.Values.SelectMany(v => v.Examples).Any(e => ThanksWord.IsMatch(Matching.TextFolding.Fold(e))))
                : null;
            return Give(turn, library.Answers[(thanked ?? first).Label], judged.Sure, $"{detail}; two pleasantries, {(thanked ?? first).Label} given");
        }
        if (close && !firstTalk && !secondTalk && first.Confidence + second!.Confidence >= settings.AskWhichFrom && judged.Evidence >= settings.MinimumEvidence
            && (!judged.Judged || judged.Sure >= settings.AskWhichJudgedFrom))
        {
            if (missedBefore) return HandOff(turn, Reason.NoConfidentAnswer, detail);
            // Of two, one a flow whose value the DM names ("HA-60342") and the other an answer that hands off (not one that only
            // brings a person), the hand-off answer: its person gets the value with the DM ("varausnumero HA-60342, lapsi on
            // kipeä ja meillä on lääkärintodistus, voiko lipun siirtää" was asked "the sick ticket, or move my booking?" — QA
            // round 80).
            var (a, b) = (library.Answers[first.Label], library.Answers[second.Label]);
            var person = NamesItsFlowsValue(library, b.Id, turn.Text) ? a : NamesItsFlowsValue(library, a.Id, turn.Text) ? b : null;
            if (person is { HandOff: true } && !library.OnlyBringsAPerson(person))
                return Give(turn, person, judged.Sure, $"{detail}; {person.Id}, whose person takes the value of the other's flow the DM names");
            return AskWhich(turn, [a, b], detail);
        }
        if (!settings.WouldGive(judged)) return Suggesting(turn, judged, HandOff(turn, Reason.NoConfidentAnswer, detail));
        // A complaint told beside a question the answer answers ("der zylinder den ihr letzte woche eingebaut habt klemmt. brauch
        // ich jetzt nen neuen"): the answer, and a person for the complaint, with the apology (the session-57 review: the
        // cylinder's price alone, and nobody heard of the jammed lock). No "not what you asked?" under it: the person comes anyway.
        // (AnswerAndAPerson gives no person beside a hand-off answer, a flow or small talk)
        if (complains && !library.IsWayToAPerson(library.Answers[first.Label])
            && AnswerAndAPerson(turn, replies.Give(turn, library.Answers[first.Label], Reason.Answered, detail), null,
                $"tells of a complaint beside what {first.Label} answers: a person looks too", category: Policies.AcknowledgeWithPromise.ComplaintCategory) is { } withPerson)
            return withPerson;
        // The terms of a process, asked with the number its flow takes ("order TW-5087 - pickup is in 4 days but we need to
        // cancel, do we get the deposit back?"): the terms, and the flow that acts on the order after them, its number filled
        // (QA round 60: the cancellation terms were sent, and the cancellation of TW-5087 reached nobody).
        return WithItsFlow(turn, turn, library.Answers[first.Label], judged) ?? Give(turn, library.Answers[first.Label], judged.Sure, detail);
    }

    /// <paramref name="terms"/> (an answer without a flow or a hand-off, judged as <paramref name="judged"/>) and after it the
    /// flow whose value the whole DM names (<see cref="FlowForItsValue"/>), or null when there is no such flow.
    /// <paramref name="asked"/>: the turn as its question was read (without a story around it, perhaps).
    TurnDecision? WithItsFlow(Turn whole, Turn asked, Answer terms, JudgedMatch judged)
    {
        if (terms is not { Flow: null, HandOff: false } || FlowForItsValue(whole, terms.Id) is not { } acts) return null;
        var both = GiveAll(asked with { Message = asked.Message with { Text = whole.Text } }, [(terms, judged), acts], terms.Id);
        return both with { Detail = $"{both.Detail}; names the value {acts.Answer.Id}'s flow takes" };
    }

    /// Another of the DM's three best answers that opens a flow taking a value the DM names by the flow's own pattern, and
    /// whose own words the DM holds ("cancel" for the cancellation flow): the process the DM acts on. Null when none is.
    static (Answer Answer, JudgedMatch Judged)? FlowForItsValue(Turn turn, string best)
    {
        // (the flows' patterns first: most DMs name no such value, and the matcher is not asked again for them)
        if (turn.Library.Matcher is not { } matcher
            || !turn.Library.Flows.Values.Any(f => f.Steps.OfType<Dialogs.FlowStep.Ask>().Any(a => a.Pattern?.IsMatch(turn.Text) == true)))
            return null;
        // (read without the value and the words that name it: a flow that only the number brings up is not asked for, unless the
        // DM asks for something to be done — "SK-5120 cancel pls", whose flow the matcher finds by the number alone)
        var asked = WithoutTheValue(turn.Library, turn.Text);
        var requests = Requests.IsMatch(Matching.TextFolding.Fold(asked));
        var withoutIt = requests ? [] : matcher.Match(asked, turn.Language, 3, out _);
        foreach (var c in matcher.Match(turn.Text, turn.Language, 3, out _))
        {
            if (c.Label == best || c.Confidence < FlowBesideFrom || !NamesItsFlowsValue(turn.Library, c.Label, turn.Text)
                || !(requests || withoutIt.Any(w => w.Label == c.Label && w.Confidence >= FlowWithoutItsValueFrom))
                || turn.Library.Answers[c.Label] is not { Flow: not null } answer || answer.ForReachingAPerson
                || turn.Library.Vocabulary?.Read(asked, turn.Language, c.Label) is not { Covered: > 0 }) continue;
            if (JudgedMatch.Of(turn.Library, turn.Text, turn.Language, other => other.Label == c.Label) is { } judged) return (answer, judged);
        }
        return null;
    }

    /// The DM without the values the library's flows ask for by their patterns and the words that name them: those of the
    /// asking steps' prompts, or the beginning of one of them ("booking", "Buchung" beside "What's your booking number?",
    /// "Wie lautet deine Buchungsnummer?"). What is left says what the customer wants done with it: "cancel booking SK-5120"
    /// acts on the booking, "we have private sauna booking SK-5120 on friday, are towels included?" only names it (QA round
    /// 66: the towels were answered, and the booking-change flow asked what to change).
    static string WithoutTheValue(DialogLibrary library, string text)
    {
        var naming = new HashSet<string>();
        foreach (var ask in library.Flows.Values.SelectMany(flow => flow.Steps.OfType<Dialogs.FlowStep.Ask>()))
        {
            if (ask.Pattern is not { } pattern || !pattern.IsMatch(text)) continue;
            text = pattern.Replace(text, " ");
            foreach (var prompt in ask.Prompt.ByLanguage.Values)
                naming.UnionWith(TextFolding.Words(prompt.Source).Select(w => TextFolding.Fold(w)).Where(w => w.Length >= MinNamingWord));
        }
        return string.Join(' ', TextFolding.Words(text).Where(word =>
        {
            var folded = TextFolding.Fold(word);
            return !naming.Contains(folded) && !(folded.Length >= MinNamingWord && naming.Any(n => n.StartsWith(folded, StringComparison.Ordinal)));
        }));
    }

    /// Whether the DM, read without the value <paramref name="flowAnswer"/>'s flow asks for (<see cref="WithoutTheValue"/>), asks
    /// another answer: one leads it from <see cref="AnotherAnswerFrom"/> and the flow's answer is not among the three best
    /// from <see cref="FlowWithoutItsValueFrom"/> ("yksityissauna varattu perjantaille, varaus SK-5120, onko pyyhkeet
    /// hinnassa?" asks about towels, and names its booking).
    bool AskedOfAnotherAnswer(DialogLibrary library, string flowAnswer, Turn turn)
    {
        if (library.Matcher is not { } matcher) return false;
        var read = matcher.Match(WithoutTheValue(library, turn.Text), turn.Language, 3, out _);
        return read.Count > 0 && read[0].Label != flowAnswer && read[0].Confidence >= AnotherAnswerFrom
            && !read.Any(c => c.Label == flowAnswer && c.Confidence >= FlowWithoutItsValueFrom);
    }

    /// Words of thanks, folded: "thanks", "thx", "danke", "kiitos", "kiitti".
    static readonly System.Text.RegularExpressions.Regex ThanksWord = new(@"\b(?:thanks?|thank you|thx|ty|danke\w*|dankesch\w*|kiitos|kiitti|kiitoksia)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// The matcher's confidence from which the first of two pleasantries close together is given.
    const float SmallTalkFrom = 0.4f;

    /// The matcher's confidence, read without the value, from which a flow is still asked for ("please cancel JV-4455, the
    /// weather looks bad": the booking change at 0.049 beside the bad-weather terms; a review of this session found it lost at
    /// <see cref="FlowBesideFrom"/>), and from which another answer leads a DM that names a flow's value only in passing
    /// ("meillä on yksityissauna varattu perjantaille, varaus SK-5120, onko pyyhkeet hinnassa?": the private sauna at 0.82).
    const float FlowWithoutItsValueFrom = 0.02f;
    const float AnotherAnswerFrom = 0.5f;

    /// The shortest word of a prompt that names a flow's value, or begins one (shorter ones are "is", "my", "it").
    const int MinNamingWord = 4;

    /// The matcher's confidence from which a flow whose value the DM names follows the terms it asked about (<see cref="FlowForItsValue"/>).
    const float FlowBesideFrom = 0.05f;

    /// A complaint told and nothing asked ("the cottage was filthy when we arrived", "die Hälfte der Flyer ist fehlerhaft"):
    /// a person replies, not an answer its other words match (the session-51 review: the cottage's check-in times, judged
    /// 0.96). Unless the answer is the library's own for it: a complaint's, one that hands off or opens a flow (a process
    /// the DM asks for: "refund for A-5555 please, wrong item"), or one customers ask for with the complaint's own words
    /// ("my item arrived damaged").
    /// A DM that tells of a complaint (<see cref="ComplainsOfSomethingElse"/>, read by the caller) and asks nothing the answer
    /// answers.
    static bool TellsAComplaintOnly(Turn turn, Answer answer)
    {
        // A hand-off answer's reply is for a customer who asks its process ("please cancel Thursday's lesson"); told a complaint
        // and asked nothing, it reads as a rule put to them (QA round 67: a teacher who never came got the lesson-cancellation
        // terms, "later cancellations cannot be made up").
        if (answer.HandOff && Requests.IsMatch(Matching.TextFolding.Fold(turn.Text)) || answer.Flow is not null) return false;
        return !turn.Text.Contains('?') && !SentenceEnd.Split(turn.Text).Any(sentence => IsQuestion(sentence, turn.Language));
    }

    /// Whether the DM tells of a complaint that is not what <paramref name="answer"/> is for: customers do not ask that answer
    /// with the complaint's words ("my item arrived damaged" is the damaged-goods answer's own).
    static bool ComplainsOfSomethingElse(Turn turn, Answer answer)
    {
        if (!Handoffs.EscalationSignals.Complains(turn.Text)) return false;
        var vocabulary = turn.Library.Vocabulary;
        return !TextFolding.Words(turn.Text).Any(word => Handoffs.EscalationSignals.IsComplaintWord(word) && vocabulary?.AsksWith(word, turn.Language, answer.Id) == true);
    }

    /// What is needed, or a number (folded): the details of an order or a request a person acts on ("we need 200 mugs by end
    /// of january", "wir brauchen 3 Stück", "tarvitaan 10 kpl").
    static readonly System.Text.RegularExpressions.Regex Needs = new(@"\b(?:need|needs|needed|brauche\w*|benotig\w*|tarvi\w*)\b|\d",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// Words that ask for something to be done (folded): "please", "can you", "I want", "bitte", "könnt ihr", "haluan", "voisitteko".
    static readonly System.Text.RegularExpressions.Regex Requests = new(
        @"\b(?:please|pls|plz|can you|could you|would you|can u|i want|i'?d like|i would like|i need|cancel|refund|bitte|kannst du|konnt ihr|konnen sie|ich mochte|ich will" +
        @"|ich hatte gern|ich brauche|storn\w*|kundig\w*|absag\w*|haluan|haluaisin|haluisin|voisitteko|voitteko|voisko|peru\w*|hyvit\w*)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// A reference the DM names that the answer's flow would not take: the flow asks for a value by a pattern of the library's
    /// own (an order number like TW-4412), none of its patterns finds one in the DM, and the DM names a code of another shape
    /// — letters and digits in capitals ("XK93LP"), or any code after a word for a reference ("ref", "booking number",
    /// "Buchungsnummer", "varausnumero"). It is another business's booking, or a number a person must look up: the QA round 60
    /// bakery's order-change answer (judged 0.96) asked "hi I need to change my flight booking to friday, ref XK93LP" for a
    /// TW order number. Null when there is none.
    static string? AnotherReference(DialogLibrary library, string answerId, string text)
    {
        if (!library.Answers.TryGetValue(answerId, out var answer) || answer.Flow is not { } id || !library.Flows.TryGetValue(id, out var flow)) return null;
        var patterns = flow.Steps.OfType<Dialogs.FlowStep.Ask>().Select(ask => ask.Pattern).OfType<System.Text.RegularExpressions.Regex>().ToList();
        if (patterns.Count == 0 || patterns.Any(p => p.IsMatch(text))) return null;
        foreach (System.Text.RegularExpressions.Match m in Reference.Matches(text))
        {
            var code = m.Groups["code"].Value;
            // named an order's number, it is the flow's to say that it does not look like one ("where is my order XXX-4521?")
            if (OrderWordBefore.IsMatch(text[Math.Max(0, m.Index - 24)..m.Index])) continue;
            if (code.Count(char.IsDigit) >= 2 && code.Count(char.IsLetter) >= 2 && (m.Groups["named"].Success || code.All(c => char.IsDigit(c) || char.IsUpper(c) || c == '-')))
                return code;
        }
        return null;
    }

    /// A word for an order right before a code (the text before it ends with it, perhaps with "nr", "number" or "#" between).
    static readonly System.Text.RegularExpressions.Regex OrderWordBefore = new(
        @"\b(?:order|orders|bestellung|bestellnummer|bestellnr|bestell-nr|auftrag|auftragsnummer|tilaus\w*)\W*(?:(?:nr|no|number|nummer|numero)\W*)?$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// A code of five to twelve letters and digits, perhaps after a word for a reference (in group "named").
    static readonly System.Text.RegularExpressions.Regex Reference = new(
        @"(?:(?<named>\b(?:ref|reference|booking(?: number| no| nr| ref| code)?|confirmation(?: number| code)?|buchungs?(?:nummer|code)|referenz|vorgangsnummer" +
        @"|varaus(?:numero|tunnus)|viite(?:numero)?)\b\W{0,3}(?:is\s+|ist\s+|on\s+)?)|\b)(?<code>[A-Za-z0-9][A-Za-z0-9-]{3,10}[A-Za-z0-9])\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// Whether the answer opens a flow that asks for a value by a pattern of the library's own (an order number) and the text
    /// holds one.
    static bool NamesItsFlowsValue(DialogLibrary library, string answerId, string text) =>
        library.Answers.TryGetValue(answerId, out var answer) && answer.Flow is { } id && library.Flows.TryGetValue(id, out var flow)
        && flow.Steps.OfType<Dialogs.FlowStep.Ask>().Any(ask => ask.Pattern is { } pattern && pattern.IsMatch(text));

    /// The hand-off of a DM whose best answer the judge found likely, not likely enough: the acknowledgement suggests it
    /// (<see cref="MatchingSettings.SuggestFrom"/>). Not after a "Did you mean …?" that missed, nor to a DM that asked for a
    /// person, nor with an acknowledgement held back by the quiet period (there is no reply to put it under).
    TurnDecision Suggesting(Turn turn, JudgedMatch judged, TurnDecision handOff)
    {
        // Nor to a complaint (its person is the answer, not a how-to), nor to a DM the out-of-scope examples claim more than
        // any answer, nor with a greeting or thanks for its answer ("hello, I have a question" was offered "Hello"): a review
        // of session 32.
        if (settings.SuggestFrom <= 0 || judged.Sure < settings.SuggestFrom || turn.AsksForPerson || handOff.Reason != Reason.NoConfidentAnswer
            || handOff.HandOffRequest?.Category == "complaint" || judged.OutOfScope >= 0.5f
            || !turn.Library.Answers.TryGetValue(judged.First.Label, out var answer) || answer.HandOff || answer.Flow is not null
            || turn.Library.ReachesAPerson(answer) || IsSmallTalk(answer))
            return handOff;
        // Said to be urgent ("APUA putki vuotaa keittiön lattialle …"), the likely answer comes at once, with a person at high
        // priority, not behind a quick reply an urgent customer may not tap (QA round 56: the caretaker's 24/7 line, judged
        // 0.49, was only suggested to a flooding kitchen). A person reads the thread either way.
        if (judged.Sure >= UrgentAnswerFrom && Handoffs.EscalationSignals.SaysItIsUrgent(turn.Text)
            && AnswerAndAPerson(turn, Give(turn, answer, judged.Sure, $"{handOff.Detail}; said to be urgent: {answer.Id}, the likely answer, at once"),
                Handoffs.Priority.High, "a person looks too") is { } both)
            return both;
        return acknowledge.Suggest(turn, handOff, answer) is { } suggested
            ? suggested with { Detail = $"{handOff.Detail}; suggested {answer.Id}" }
            : handOff;
    }

    /// From this judge's probability the likely answer to a DM said to be urgent is given at once, with a person (<see cref="Suggesting"/>):
    /// between the suggestion's floor and the answer's threshold.
    const float UrgentAnswerFrom = 0.45f;

    /// An answer asked for with greetings and thanks (most of its examples are one): nothing to suggest while a person is awaited.
    internal static bool IsSmallTalk(Answer answer)
    {
        var examples = answer.ByLanguage.Values.SelectMany(t => t.Examples).ToList();
        return examples.Count > 0 && examples.Count(Pleasantries.IsGreetingOrThanks) * 2 >= examples.Count;
    }

    /// The answer, with the offer of a person when the judge was less sure than <see cref="MatchingSettings.OfferPersonBelow"/>;
    /// never under an answer to greetings and thanks ("kiitti moi" got "You're welcome!" and "Not what you asked? Reply no",
    /// QA round 32).
    TurnDecision Give(Turn turn, Answer answer, float sure, string detail) => Offers(turn, sure) && !IsSmallTalk(answer)
        ? replies.GiveWithOffer(turn, answer, Reason.Answered, detail)
        : replies.Give(turn, answer, Reason.Answered, detail);

    /// Whether an answer the judge was <paramref name="sure"/> of offers a person under it: below
    /// <see cref="MatchingSettings.OfferPersonBelow"/>, and not to a DM that says it is urgent, which a person takes anyway
    /// (UrgentToo; a review found "Not what you asked? Reply no …" above "a person will look at this as well"), nor to one
    /// that says the customer already tried something (TriedToo), which a person takes too.
    bool Offers(Turn turn, float sure) => sure < settings.OfferPersonBelow && !Handoffs.EscalationSignals.SaysItIsUrgent(turn.Text)
        && !AlreadyTried.IsMatch(Matching.TextFolding.Fold(turn.Text));

    /// A text judged among the answers that are no way to a person (a part of a DM, a follow-up read after its DM).
    static JudgedMatch? NotToAPerson(Turn turn, string text) =>
        JudgedMatch.Of(turn.Library, text, turn.Language, c => !turn.Library.IsWayToAPerson(turn.Library.Answers[c.Label]));

    static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    TurnDecision HandOff(Turn turn, Reason why, string detail, string category = Handoffs.SlaPolicies.Fallback)
    {
        if (turn.Thread.Memory.PendingChoice is { Count: > 0 }) why = Reason.RepeatedMiss;   // the question before did not help either
        // A DM that asks for a person reaches this stage only when the library's way to a person matched it
        // (HandOffWhenAskedForPerson); when that answer is not given after all, the hand-off still says what was asked.
        if (turn.AsksForPerson) why = Reason.CustomerAskedForPerson;
        var ack = acknowledge.Decide(turn, new HandOffRequest(category, why.ToString(), null, turn.Thread.Memory.Variables));
        return ack with { Reason = ack.Replies.Count > 0 ? why : ack.Reason, Detail = detail };
    }

    static TurnDecision AskWhich(Turn turn, IReadOnlyList<Answer> options, string detail)
    {
        var library = turn.Library;
        var titles = options.Select(o => o.TitleIn(turn.Language, library.DefaultLanguage)).ToArray();
        var text = library.Message(MessageKeys.DidYouMean, turn.Language).Render(v => TurnVariables.Common(turn, v));
        var thread = turn.Thread with { Memory = turn.Thread.Memory with { PendingChoice = options.Select(o => o.Id).ToArray() } };
        return TurnDecision.Reply(Reason.AskedWhichAnswer, new Reply(ReplyKind.Answer, text, titles), thread) with { Detail = detail };
    }
}

/// After an acknowledgement that suggested an answer (<see cref="MatchingSettings.SuggestFrom"/>), a DM that is its title (the
/// quick reply) while the hand-off is open, or a plain yes in the very next DM, gets the answer while the hand-off waits for
/// its person. The promise of a person stands (only an agent closes a hand-off), and the transcript tells the agent what the
/// customer took. Not once a person has written in the thread: then the DM is theirs. Anything else is read as any DM of a
/// held thread is.
sealed class ResolveSuggestion(AnswerReplies replies) : ITurnStage
{
    static readonly HashSet<string> PlainYes =
    [
        // Not "sure", "gerne", "joo kiitos": the usual replies to "we'll reply by Monday" (a review of session 32).
        "yes", "yes please", "yes pls", "yeah", "yep", "yup", "correct", "exactly", "thats it", "yes thats it",
        "ja", "ja bitte", "jawohl", "genau", "richtig", "ja genau", "genau das",
        "joo", "juu", "jep", "kylla", "juuri niin", "just niin", "joo se",
    ];

    public TurnDecision? Decide(Turn turn)
    {
        // Only while the hand-off is open (once a person resolved or released it, a person's word may stand in the thread: a
        // review of session 32 had the stock answer sent after an agent's reply and resolve), and only to the customer it was
        // offered to (in a thread others write in too, another's DM is not their choice).
        if (turn.Thread.Memory.Suggested is not { } suggested || !turn.Thread.HeldByPerson
            || turn.Thread.PersonAnswered || suggested.SenderId is { } offeredTo && offeredTo != turn.Message.Sender.Id
            || !turn.Library.Answers.TryGetValue(suggested.AnswerId, out var answer)) return null;
        // The title in any of the answer's languages (a two-word tap does not tell its language), while the hand-off is open; or,
        // in the very next DM, a plain yes to it ("yes", "ja", "joo": QA round 15 found all three unanswered). Not "ok" or
        // "thanks", which acknowledge the acknowledgement.
        var said = ResolvePendingChoice.Normalize(turn.Text);
        var chosen = said.Length > 0 && answer.ByLanguage.Values.Any(t => t.Title is { } title && ResolvePendingChoice.Normalize(title) == said)
            || suggested.ForTurn == turn.Thread.Turns && PlainYes.Contains(said);
        if (!chosen) return null;
        var given = replies.Give(turn, answer, Reason.AnsweredChoice, $"took {answer.Id}, suggested under the acknowledgement; the hand-off stays open");
        return given with { Thread = given.Thread! with { Memory = given.Thread!.Memory with { Suggested = null } } };
    }
}

/// After "Did you mean …?", the next DM may be the choice: a quick reply's title, its number, or words that
/// match one of the offered answers better than the other. Anything else drops the question and is matched afresh.
sealed class ResolvePendingChoice(AnswerReplies replies) : ITurnStage
{
    public TurnDecision? Decide(Turn turn)
    {
        if (turn.Thread.Memory.PendingChoice is not { Count: > 0 } pending) return null;
        var library = turn.Library;
        var options = pending.Where(library.Answers.ContainsKey).Select(id => library.Answers[id]).ToList();
        var said = Normalize(turn.Text);
        for (var i = 0; i < options.Count; i++)
        {
            var title = Normalize(options[i].TitleIn(turn.Language, library.DefaultLanguage));
            if (said == title || said == (i + 1).ToString(CultureInfo.InvariantCulture))
                return replies.Give(turn, options[i], Reason.AnsweredChoice, $"chose {options[i].Id}");
        }
        return null;
    }

    internal static string Normalize(string s) => string.Join(' ', Matching.TextFolding.FoldedWords(s));
}
