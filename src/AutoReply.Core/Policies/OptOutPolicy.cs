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
        // Opted out already: nothing automated again; a DM that asks for a person goes to one (HandOffOptedOutSenders).
        if (turn.Contact.OptedOut) return turn.AsksForPerson ? null : TurnDecision.Silence(Reason.SenderOptedOut);
        var contact = turn.Contact with { OptedOut = true, ChangedAt = turn.Now };
        var text = turn.Library.Message(MessageKeys.OptOutConfirmed, turn.Language).Render(v => TurnVariables.Common(turn, v));
        // A flow asks no more of a customer who opted out: the thread leaves it. One that only a person can finish (a
        // callback asked for, a refund, a lead) goes to one with what it collected, as when it lapses: STOP at "When should
        // we call you?" had dropped the callback the customer asked for, and a time sent after it reached a person with
        // nothing of the flow (the session-49 review). The person reads the thread and decides; nothing more is sent.
        var thread = turn.Thread.Memory.InDialog ? turn.Thread with { Memory = turn.Thread.Memory with { Dialog = [] } } : null;
        var left = ConversationEngine.LeftFlow(turn.Thread.Memory, turn.Library);
        var confirmation = TurnDecision.Reply(Reason.OptedOut, Reply.Of(ReplyKind.Notice, text), thread, contact);
        // "Stop sending me auto replies and let a human handle this", "Bitte löscht alle meine Daten und schreibt mir nicht
        // mehr": the opt-out holds, and the request reaches a person (as every later DM of an opted-out sender does,
        // HandOffOptedOutSenders), not only the confirmation.
        // A stop that names another way the brand reaches the customer ("STOP. Ich will keine Nachrichten und keinen Newsletter
        // mehr", "stop messaging me and take me off your email list") asks for what only a person can do: the opt-out here
        // holds, and a person sees the DM (QA round 39: the newsletter reached nobody).
        var asked = turn.AsksForPerson ? Reason.CustomerAskedForPerson : Privacy.DataRequest.IsAsked(turn.Text) ? Reason.PrivacyRequest : (Reason?)null;
        var elsewhere = asked is null && OtherChannels.IsMatch(Matching.TextFolding.Fold(turn.Text));
        var more = asked is null && !elsewhere && AsksMore(turn);
        if (asked is null && !elsewhere && !more && left is null) return confirmation;
        var why = asked is { } lead ? $"{lead}; {Reason.OptedOut}" : more ? $"{Reason.OptedOut}; asked more"
            : elsewhere ? $"{Reason.OptedOut}; other channels" : $"{Reason.OptedOut}; {left!.Value.Flow.Id} flow left";
        var detail = asked == Reason.PrivacyRequest ? "opted out, and asked for their data to be erased or disclosed: a person sees the DM"
            : asked == Reason.CustomerAskedForPerson ? "opted out, and asked for a person: a person sees the DM"
            : more ? "opted out, and asked something more (a question, or to close the account), which no automated reply may answer now: a person sees the DM"
            : elsewhere ? "opted out, and named another way we reach them (a newsletter, e-mails, calls): a person sees the DM"
            : "opted out";
        if (left is var (flow, _, waitedAt))
            detail += $" in the {flow.Id} flow at {waitedAt}, which only a person can finish: a person sees what it collected";
        return confirmation with
        {
            Kind = DecisionKind.HandOff,
            HandOffRequest = left is not null
                ? new HandOffRequest(left.Value.Flow.Category, why, left.Value.Flow.HandOffPriority, left.Value.Summary)
                : new HandOffRequest(Handoffs.SlaPolicies.Fallback, why, null, turn.Thread.Memory.Variables),
            Detail = detail,
        };
    }

    /// Whether a stop asks something besides: a part that is neither the stop, nor a greeting or thanks, and asks a question
    /// ("STOP the promos. Where is my refund?") or to close the customer's account ("Abmelden und Konto löschen bitte", a
    /// review of session 47: only the opt-out was done). No automated reply may answer it once the customer opted out, so a
    /// person must; a reason given for the stop ("I never signed up for these") is no such part, nor a question about the
    /// messages themselves ("why do you keep messaging me??", "Wie melde ich mich von diesen Nachrichten ab?"). "Who gave you
    /// my number??" before a stop is such a part: where the brand got the customer's data is theirs to know (GDPR article 14).
    bool AsksMore(Turn turn)
    {
        foreach (var piece in Piece.Split(turn.Text))
        {
            var folded = Matching.TextFolding.Fold(piece);
            var closes = CloseAccount.IsMatch(folded);
            if (Matching.TextFolding.FoldedWords(piece).Count < 2 && !closes) continue;
            if (OptOutRequest.IsAsked(piece) || words.Match(piece) || Answers.Pleasantries.IsGreetingOrThanks(piece)) continue;
            if (closes || Answers.MatchStockAnswer.IsQuestion(piece, turn.Language) && !AboutTheMessages.IsMatch(folded) && NamesSomething(piece, folded, turn))
                return true;
        }
        return false;
    }

    /// A question that names something: the customer's own ("Where is my refund?", "who gave you my number?"), or a word
    /// the library knows. Not one only of the stop's frustration, which names nothing ("Do you understand?", "is that so
    /// hard??", "I want to be left alone": the session-48 review found such stops queued for a person).
    static bool NamesSomething(string piece, string folded, Turn turn) =>
        Own.IsMatch(folded) || OwnFinnish.IsMatch(folded)
        || turn.Library.Vocabulary?.Read(Frustration.Replace(folded, " "), turn.Language) is { } words && words.Content > words.Unknown.Count;

    /// Words of the stop's frustration that a library may know from elsewhere ("Do you understand?", "Ist das so schwer zu
    /// verstehen??", "ettekö te ymmärrä?": the session-49 review found them still queued on libraries that know the words).
    static readonly System.Text.RegularExpressions.Regex Frustration = new(
        @"\b(?:understand\w*|get it|hard|difficult|problem|point|verstehen|versteht|verstanden|kapiert|schwer|ymmar\w*|vaikea\w*|ongelma\w*)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// The customer's own things, folded: "my", "mein …", "meine …", "minun", "mun".
    static readonly System.Text.RegularExpressions.Regex Own = new(@"\b(?:my|mine|mein|meine|meinen|meinem|meiner|meines|minun|mun)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// A Finnish noun with the first person's possessive ending ("numeroni", "tilaukseni", "rahanikin"), in any DM: the
    /// detector may not be sure of a short Finnish one.
    static readonly System.Text.RegularExpressions.Regex OwnFinnish = new(@"\b\w{3,}ni(?:kin|han|ko)?\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// The parts of a DM: its sentences, and what "and" joins (not a comma: "Könnt ihr aufhören, mich … zuzuspammen?" is one).
    static readonly System.Text.RegularExpressions.Regex Piece = new(@"(?<=[.!?;\n])\s*|\s+(?:and|und|ja|&)\s+",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// Words of the messages and of stopping them, folded: a question with one is about the stop.
    static readonly System.Text.RegularExpressions.Regex AboutTheMessages = new(
        @"\b(?:stop\w*|messag\w*|msgs?|texts?|texting|dms?|dming|spam\w*|promos?|promotions?|offers?|deals?|ads|notifications?|unsubscrib\w*|opt\w*|off|say|said|tell|told" +
        @"|send\w*|sent|how many times|bekomm\w*|erhalt\w*|wie oft|kuinka monta kertaa|montako kertaa" +
        @"|nachricht\w*|angebot\w*|schreib\w*|geschrieben|schick\w*|abmeld\w*|werbung|rabattcode\w*|benachrichtigung\w*|aufhor\w*|abschalt\w*|ausschalt\w*|abstell\w*|sagen|gesagt" +
        @"|viest\w*|lahet\w*|mainos\w*|tarjou\w*|lopet\w*|sanoa|sanoin)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// Closing the customer's account, folded: "delete my account", "Konto löschen", "Kundenkonto auflösen", "poistakaa tilini".
    static readonly System.Text.RegularExpressions.Regex CloseAccount = new(
        @"\b(?:delete|close|remove|deactivate|erase)\s+(?:\w+\s+){0,2}?(?:account|profile)s?\b" +
        @"|\b(?:konto|kundenkonto|benutzerkonto|account|profil|kundenprofil)\s+(?:\w+\s+){0,2}?(?:losch\w*|schliess\w*|auflos\w*|entfern\w*|kundig\w*)" +
        @"|\b(?:losch\w*|schliess\w*|entfern\w*)\s+(?:\w+\s+){0,3}?(?:konto|kundenkonto|benutzerkonto|account|profil|kundenprofil)\b" +
        @"|\b(?:poist\w*|sulke\w*|sulje\w*)\s+(?:\w+\s+){0,2}?(?:tilini|tilin|asiakastili\w*|kayttajatili\w*|profiili\w*)\b" +
        @"|\b(?:tilini|asiakastilini|asiakastili|kayttajatili\w*|profiilini)\s+(?:\w+\s+){0,2}?(?:poist\w*|pois|suljet\w*)",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// The ways a brand reaches a customer besides these DMs, folded: newsletters, e-mails, SMS, calls ("don't call me either",
    /// "ruft mich nicht an", "älkää soittako"), letters and catalogues.
    static readonly System.Text.RegularExpressions.Regex OtherChannels = new(
        @"\b(?:newsletters?|e ?mails?|mails|mailings?|mailing list|sms|phone calls|calls|call(?:ing)? me|catalogu?es?|anrufe|anrufen|ruft mich|briefe|werbepost|werbebriefe|katalog(?:e)?" +
        @"|uutiskirje\w*|sahkopost\w*|sposti\w*|tekstivies\w*|puhelu\w*|soittoj\w*|soittako|soita|mainospost\w*)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);
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
        // "Automated replies are on again" is true of this thread too: a hold that only the opt-out made is let go.
        var release = turn.Thread.HeldByPerson && turn.Thread.Memory.HeldForOptOut && !turn.Thread.PersonAnswered;
        var thread = turn.Thread.Memory.HeldForOptOut ? turn.Thread with { Memory = turn.Thread.Memory with { HeldForOptOut = false } } : null;
        return TurnDecision.Reply(Reason.OptedIn, Reply.Of(ReplyKind.Notice, text), thread, contact) with { ReleasesHold = release };
    }
}

/// An opted-out sender gets no automated message of any kind, but what they write still reaches a person: the bot may
/// not answer them, so only a person can. Each DM is handed off without a word to the customer — as an urgent complaint
/// when it holds legal or safety words, as a complaint when it is angry, as a request for a person when it asks for
/// one — and the hand-off's reason says the sender opted out, so the agent knows the bot stayed quiet. (Until session
/// 20 these DMs were only written to the transcript, where nobody looks: "I want to talk to a person" or "I am
/// contacting my lawyer" after STOP reached no one.)
public sealed class HandOffOptedOutSenders(Handoffs.EscalationSignals signals) : ITurnStage
{
    public TurnDecision? Decide(Turn turn)
    {
        if (!turn.Contact.OptedOut) return null;
        // What the DM itself asks for leads the reason; that the sender opted out always follows.
        var (category, priority, asked) = signals.LegalOrSafety(turn) ? ("complaint", "urgent", Reason.LegalOrSafety)
            : signals.AngryByWords(turn.Text) ? ("complaint", (string?)null, (Reason?)null)
            : turn.AsksForPerson ? (Handoffs.SlaPolicies.Fallback, null, Reason.CustomerAskedForPerson)
            : Privacy.DataRequest.IsAsked(turn.Text) ? (Handoffs.SlaPolicies.Fallback, null, Reason.PrivacyRequest)
            : (Handoffs.SlaPolicies.Fallback, null, null);
        var reason = asked is { } lead ? $"{lead}; {Reason.SenderOptedOut}" : Reason.SenderOptedOut.ToString();
        // The hold this hand-off starts is the opt-out's alone: an opt-in lets go of it (OptInPolicy).
        var thread = turn.Thread.HeldByPerson ? null : turn.Thread with { Memory = turn.Thread.Memory with { HeldForOptOut = true } };
        return TurnDecision.HandOff(Reason.SenderOptedOut, [], thread) with
        {
            HandOffRequest = new HandOffRequest(category, reason, priority, turn.Thread.Memory.Variables),
            Detail = "the sender opted out: no automated reply; a person sees the DM",
        };
    }
}
