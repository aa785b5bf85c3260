using AutoReply.Core.Engine;
using AutoReply.Core.Policies;
using AutoReply.Core.Library;

namespace AutoReply.Core.Handoffs;

/// A DM that asks for a person gets one, whatever else it matches: no stock answer, no flow step. It is handed off
/// with reason CustomerAskedForPerson and the acknowledgement's promise; the hand-off's summary carries the DM's
/// topic (the answer it resembles most, when any does) so the agent need not ask what it is about, and takes that
/// answer's category, so a complaint's SLA applies to a complaint.
/// One exception: when the library confidently matches an answer that is itself the brand's way to a person — a
/// hand-off answer ("talk to a person") or one whose flow's last step is a hand-off (the callback flow asks for a time
/// and a number first) — that answer is given: it says more than the acknowledgement, and a person still takes over.
/// On the matcher's confidence (MatchingSettings.PersonAnswerFrom), here and where the answer is given (MatchStockAnswer).
/// An angry DM that only the person-request model reads as a request is left to HandOffUnhappyCustomers, which hands it
/// to a person as the complaint it is ("This is the THIRD time I'm writing!!! Where is my refund??" was queued as a billing
/// question asking for a person, with billing's promise, and not counted as a complaint).
sealed class HandOffWhenAskedForPerson(AcknowledgeWithPromise acknowledge, Answers.MatchingSettings matching, EscalationSignals signals) : ITurnStage
{
    const float TopicConfidence = 0.3f;

    /// What a request for a person is about: the best of the library's answers but its way to a person ("talk to a
    /// person"), when the matcher gives it at least 0.3 ("wo ist meine Bestellung? bitte einen echten Mitarbeiter" → "Wo
    /// ist meine Bestellung?"; "I need a human, my parcel arrived crushed" → the damage answer, whose complaint category
    /// and SLA the hand-off takes), in the hand-off's summary as "topic" — also when the way to a person is what the DM gets.
    internal static IReadOnlyDictionary<string, string> WithTopic(Turn turn, IReadOnlyDictionary<string, string> summary, out Answer? topic) =>
        WithTopic(turn, summary, Candidates(turn), out topic);

    static IReadOnlyList<Matching.Candidate> Candidates(Turn turn) => turn.Library.Matcher?.Match(turn.Text, turn.Language, 3, out _) ?? [];

    static IReadOnlyDictionary<string, string> WithTopic(Turn turn, IReadOnlyDictionary<string, string> summary,
        IReadOnlyList<Matching.Candidate> candidates, out Answer? topic)
    {
        // The topic must share a content word with the DM: "gibts bei euch auch nen echten menschen oder nur so nen automat??"
        // matched the course overview at 0.63 on "bei euch" and "auch", and took its sales category and promise (QA round 26).
        topic = candidates
            .Where(c => c.Confidence >= TopicConfidence && turn.Library.Vocabulary?.Read(turn.Text, turn.Language, c.Label) is not { Covered: 0 })
            .Select(c => turn.Library.Answers.GetValueOrDefault(c.Label))
            // (nor the callback, which says how, not what about: "topic Call me back", the session-55 review)
            .FirstOrDefault(a => a is not null && !a.ForReachingAPerson && !turn.Library.OnlyBringsAPerson(a)) ?? SentenceTopic(turn);
        if (topic is null) return summary;
        return new Dictionary<string, string>(summary) { ["topic"] = topic.TitleIn(turn.Language, turn.Library.DefaultLanguage) };
    }

    /// What a sentence of the DM that does not ask for a person is about, when the matcher is at least
    /// <see cref="SentenceTopicConfidence"/> sure of it: read whole, the request's words drown the topic ("I'd like to talk to
    /// a real person please. My tickets for Sunday never arrived" had the tickets' answer at 0.01 beside the way to a person,
    /// and the hand-off no topic, QA round 19).
    static Answer? SentenceTopic(Turn turn)
    {
        if (turn.Library.Matcher is not { } matcher) return null;
        // Sentences, and clauses a comma sets apart ("Ich möchte mein Abo kündigen, aber bitte mit einem Menschen sprechen").
        var parts = Clause.Split(turn.Text);
        if (parts.Length < 2) return null;
        // A sentence of words the library knows must share one with its topic: "wenn das möglich ist" matched a sales answer at
        // 0.63 on "wenn", "das" and "ist", and a polite request for a person was promised sales' reply time (QA round 42). One
        // with a word the library does not know keeps its topic: "Somebody stole my bike.", "parcle never arived" say what
        // they are about in words the check cannot read (a review).
        return parts
            .Where(t => Matching.TextFolding.FoldedWords(t).Count >= 3 && !PersonRequest.FoundByRules(t))
            .Select(t => matcher.Match(t, turn.Language, 1, out _) is [{ } best] && best.Confidence >= SentenceTopicConfidence
                && turn.Library.Vocabulary?.Read(t, turn.Language, best.Label) is not { Covered: 0, Unknown.Count: 0 } ? best : null)
            .OfType<Matching.Candidate>()
            .OrderByDescending(c => c.Confidence)
            .Select(c => turn.Library.Answers.GetValueOrDefault(c.Label))
            .FirstOrDefault(a => a is not null && !a.ForReachingAPerson && !turn.Library.OnlyBringsAPerson(a));
    }

    const float SentenceTopicConfidence = 0.6f;

    /// The library's way to a person a request for one gets, when the matcher is at least <paramref name="from"/> sure of
    /// it: the whole DM's best answer, or a flow that ends with a person and is the best answer of the sentence that asks
    /// ("könnt ihr mich mal anrufen? hab ne frage zu meiner bestellung" reads as the order whole, and as the callback, which
    /// asks when and where to call, in its first sentence). A hand-off answer only for the whole DM: in a sentence of its
    /// own it would say less than the hand-off with the DM's topic and its category.
    /// <paramref name="judged"/>: the judge's reading of the DM when the caller has it (<see cref="Answers.JudgedMatch.ForAnswering"/>).
    internal static Answer? WayToAPerson(Turn turn, IReadOnlyList<Matching.Candidate> candidates, float from, float answerThreshold,
        Answers.JudgedMatch? judged = null)
    {
        var library = turn.Library;
        // A way to a person is an answer asked for as a person is: "talk to a person", the callback. One that says or collects
        // something and then hands it to the team is one only when the judge gives it as the answer ("can i talk to a teacher
        // on video first to check my level?" → the level check, judged 0.96), not on the matcher's word alone ("I need a
        // human. booking LH-519340 was charged twice" started the date change, judged 0.20, QA round 28; "I'd like to speak
        // with your manager about the service we got last Friday" got the damage answer's "We're sorry something got
        // damaged! … send photos", matcher 0.81, judged 0.11, QA round 49).
        // A hand-off answer, which a person follows at once, needs the judge only to find it likely (HandOffAnswerFrom: "I need to
        // speak to a vet NOW!!! my dog was hit by a car" gets the emergency numbers, judged 0.50); a flow asks its questions
        // first, and needs the judge to give it.
        if (candidates is [{ } top, ..] && top.Confidence >= from && library.Answers.TryGetValue(top.Label, out var way)
            && (library.OnlyBringsAPerson(way) || library.ReachesAPerson(way)
                && (judged ?? Answers.JudgedMatch.ForAnswering(turn)) is { } reading && reading.First.Label == way.Id
                && reading.Sure >= (way.HandOff ? HandOffAnswerFrom : answerThreshold)))
            return way;
        if (library.Matcher is not { } matcher) return null;
        var sentences = Sentence.Split(turn.Text).Where(t => Matching.TextFolding.FoldedWords(t).Count > 0).ToList();
        if (sentences.Count < 2) return null;
        // The sentence must hold a word of the flow's own ("anrufen"): "please answer quickly" is impatience, not a callback.
        foreach (var sentence in sentences)
            if (matcher.Match(sentence, turn.Language, 1, out _) is [{ } best] && best.Confidence >= from
                && library.Answers.TryGetValue(best.Label, out var flow) && flow.Flow is not null && library.IsWayToAPerson(flow)
                && library.Vocabulary?.Read(sentence, turn.Language, flow.Id) is not { Covered: 0 })
                return flow;
        return null;
    }

    /// From this judge's probability a hand-off answer that says something before a person takes over (the vet's emergency
    /// numbers, a damage report's photos) is given to a request for a person: the "Did you mean" floor's likely, not
    /// AnswerThreshold's given, since a person follows it whatever it says.
    const float HandOffAnswerFrom = 0.35f;

    static readonly System.Text.RegularExpressions.Regex Clause = new(@"(?<=[.!?,;])\s+|\n+",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    static readonly System.Text.RegularExpressions.Regex Sentence = new(@"(?<=[.!?])\s+|\n+",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    public TurnDecision? Decide(Turn turn)
    {
        // Inside a flow the flow hands off itself, keeping what it collected (ContinueActiveDialog).
        if (turn.Thread.Memory.InDialog || !turn.AsksForPerson) return null;
        if (!turn.PersonRequest.ByFrames && signals.AngryByWords(turn.Text)) return null;
        // The matcher is asked once: its best answer may be the library's way to a person, the others give the topic.
        var candidates = Candidates(turn);
        // Asked in angry words, a person at once, with the apology, rather than a flow that asks for a number or a time first
        // ("THIS IS THE THIRD TIME YOU CHARGED ME TWICE THIS MONTH. GET ME A MANAGER NOW" got the billing check's "What's your
        // membership number?", QA round 29). A hand-off answer is still given: it may be what the customer must do now (a vet's
        // emergency numbers). Capitals and "!!!" alone are urgency, not anger: "PLEASE CALL ME BACK" gets the callback.
        var angry = signals.AngerInWords(turn.Text);
        // So does a complaint told calmly: "my jacket arrived with a torn sleeve, please get back to me so we can sort it out
        // properly" got the callback flow's "When should we call you?" and no apology (the session-55 review).
        if (WayToAPerson(turn, candidates, matching.PersonAnswerFrom, matching.AnswerThreshold) is { } way
            && !(way.Flow is not null && (angry || EscalationSignals.Complains(turn.Text)))) return null;
        var summary = WithTopic(turn, turn.Thread.Memory.Variables, candidates, out var topic);
        // Asked in anger: a complaint, its acknowledgement worded with a complaint's reply time (QA round 15).
        var category = angry ? AcknowledgeWithPromise.ComplaintCategory : signals.RequestCategory(topic?.Category ?? SlaPolicies.Fallback, turn.Text);
        var request = new HandOffRequest(category, Reason.CustomerAskedForPerson.ToString(),
            null, summary);
        var ack = acknowledge.Decide(turn, request, angry: angry);
        return ack with
        {
            Reason = Reason.CustomerAskedForPerson,
            Detail = (summary.TryGetValue("topic", out var t) ? $"asked for a person; topic {t}" : "asked for a person") + $"; found by {turn.PersonRequest.Why}"
        };
    }
}
