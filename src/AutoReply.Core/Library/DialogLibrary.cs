namespace AutoReply.Core.Library;

/// The brand's content, loaded from dialogs/: the service's own messages (acknowledgements, opt-out
/// confirmations) and, as the library grows, stock answers and flows. Immutable once loaded: a reload builds
/// a new one and swaps it in whole, so a turn never sees half of an edit.
public sealed class DialogLibrary(
    string defaultLanguage,
    IReadOnlyList<string> languages,
    IReadOnlyDictionary<string, LocalizedText> messages,
    IReadOnlyDictionary<string, Answer> answers,
    Matching.IntentMatcher? matcher,
    Matching.LanguageDetector detector,
    IReadOnlyDictionary<string, Dialogs.Flow>? flows = null,
    IReadOnlyDictionary<string, SavedReply>? savedReplies = null,
    Matching.Vocabulary? vocabulary = null)
{
    /// Whether <paramref name="answer"/> is the brand's way to a person: a hand-off answer ("talk to a person"), or one
    /// whose flow ends in a hand-off (the callback flow asks for a time and a number first).
    public bool ReachesAPerson(Answer answer) =>
        answer.HandOff || (answer.Flow is { } flow && Flows.TryGetValue(flow, out var f) && f.Steps is [.., Dialogs.FlowStep.HandOff]);

    /// Whether <paramref name="answer"/> does nothing but bring a person: a hand-off answer, or a flow that ends in a hand-off
    /// and is asked for as a person is (the callback). A flow that books or collects something and then hands it to the
    /// team (a trial lesson, a bulk order, a refund) is a service of its own: a DM of several questions may get it with the
    /// other answers (QA round 17: "Can I try a trial lesson? Also, where is the school?" ran the trial flow and the
    /// question where the school is reached nobody).
    public bool IsWayToAPerson(Answer answer) => answer.HandOff || (answer.AskedForAsAPerson && ReachesAPerson(answer));

    /// Whether <paramref name="answer"/> is asked for as a person is and brings one ("talk to a person", the callback): not
    /// an answer that says something and then hands off (the warranty, a double charge), which answers a question of its own.
    public bool OnlyBringsAPerson(Answer answer) => answer.AskedForAsAPerson && ReachesAPerson(answer);

    /// The answer whose title, in any language, is <paramref name="folded"/> (case- and accent-folded); null when none is
    /// or several are.
    public Answer? TitledAs(string folded)
    {
        var titled = Answers.Values.Where(a => a.ByLanguage.Values.Any(t => t.Title is { } title && Matching.TextFolding.Fold(title).Trim() == folded))
            .Take(2).ToList();
        return titled is [var one] ? one : null;
    }

    /// The content words the answers know (see <see cref="Matching.Vocabulary"/>); null when the library has no answers.
    public Matching.Vocabulary? Vocabulary => vocabulary;

    readonly Dictionary<(string, string), Dialogs.Flow> versions =
        (flows ?? new Dictionary<string, Dialogs.Flow>()).Values.ToDictionary(f => (f.Id, f.Version));

    public IReadOnlyDictionary<string, Dialogs.Flow> Flows { get; } = flows ?? new Dictionary<string, Dialogs.Flow>();

    /// The replies agents can pick from in the console or the API.
    public IReadOnlyDictionary<string, SavedReply> SavedReplies { get; } = savedReplies ?? new Dictionary<string, SavedReply>();

    /// The flow a conversation started on, even when the file has changed since: this library's, or one an earlier
    /// library of this process had (see <see cref="KeepingVersionsOf"/>). Null when that version is gone.
    public Dialogs.Flow? FlowVersion(string id, string version) => versions.GetValueOrDefault((id, version));

    /// This library, also knowing the flow versions <paramref name="previous"/> knew, so that conversations
    /// begun before a reload finish on the version they started. Call it on a new library before it goes live:
    /// it is the one step of loading that happens after the loader returns.
    public DialogLibrary KeepingVersionsOf(DialogLibrary previous)
    {
        foreach (var (key, flow) in previous.versions) versions.TryAdd(key, flow);
        return this;
    }

    public string DefaultLanguage => defaultLanguage;
    public IReadOnlyList<string> Languages => languages;
    public IReadOnlyDictionary<string, LocalizedText> Messages => messages;
    public IReadOnlyDictionary<string, Answer> Answers => answers;
    /// Null when the library has no answers: then every DM is acknowledged and handed to a person.
    public Matching.IntentMatcher? Matcher => matcher;
    public Matching.LanguageDetector Detector => detector;

    public Template Message(string key, string? language) =>
        messages.TryGetValue(key, out var text) ? text.In(language) : throw new KeyNotFoundException($"library has no message '{key}'");
}

/// Keys of the messages the service itself needs; a library without them does not load.
public static class MessageKeys
{
    public const string AckOpen = "ack.open";
    public const string AckLater = "ack.later";
    public const string AckClosed = "ack.closed";
    public const string OptOutConfirmed = "optout.confirmed";
    public const string OptInConfirmed = "optin.confirmed";
    public const string DidYouMean = "match.did_you_mean";
    public const string FlowCancelled = "flow.cancelled";
    public const string FlowHandOff = "flow.handoff";
    /// Optional: when a flow's question went unanswered as often as its `attempts` allow (built-in text in en/de/fi: that the
    /// bot could not make it out, who takes over and by when; flow.handoff is for a customer who asked for a person).
    public const string FlowHandOffNotUnderstood = "flow.handoff_not_understood";
    /// Optional: when an angry DM ends a flow (built-in text in en/de/fi: an apology, then who takes over and by when).
    public const string FlowHandOffAngry = "flow.handoff_angry";
    /// Optional: the public reply under a comment that invites the customer to write privately.
    public const string PublicInvite = "public.invite";
    /// Optional: the satisfaction question after a resolved hand-off, and the thanks for an answer.
    public const string CsatQuestion = "csat.question";
    public const string CsatThanks = "csat.thanks";
    /// Optional: the honest answer to "are you a bot?" (a built-in one is used without it).
    public const string BotQuestion = "bot.question";
    /// Optional: the request to write as text after a message the platform cannot show (a built-in one without it).
    public const string UnsupportedMessage = "unsupported.message";
    /// Optional: the line under a stock answer the matcher was not sure of, offering a person (a built-in one without it).
    public const string AnswerNotIt = "answer.not_it";
    /// Optional: the acknowledgement once the reply time promised for an open hand-off has passed (a built-in one without it).
    public const string AckOverdue = "ack.overdue";
    /// Optional: the answer to a date-time outside the business hours where a flow's ask must be within them (a built-in one
    /// without it: the hours, and the question again).
    public const string FlowOutsideHours = "flow.outside_hours";
    /// Optional: the same for a time on a day the team is closed for a holiday ({day}: that day; a built-in one without it),
    /// where the hours alone contradict themselves ("That's outside our hours (Mon–Fri 9:00–18:00)" for a Tuesday at 10:00).
    public const string FlowClosedDay = "flow.closed_day";
    /// Optional: the line before the order-number question asked again, when the DM names an order number the flow's pattern
    /// does not take ({value}, as the customer wrote it; a built-in one without it).
    public const string FlowNotOrderNumber = "flow.not_order_number";
    /// Optional: the same for a phone number that is not a whole one ("+49 151 2345678", a digit short).
    public const string FlowNotPhoneNumber = "flow.not_phone_number";
    /// Optional: the line before a flow's question when the DM answered a later one of it instead (a built-in one without it).
    public const string FlowNoted = "flow.noted";
    /// Optional: the acknowledgement under the answers to a DM of several questions whose rest goes to a person (a built-in
    /// one without it: that a person replies to the rest, and by when).
    public const string AckRest = "ack.rest";
    /// Optional: the apology before the acknowledgement of an angry DM handed to a person outside a flow (a built-in one
    /// without it; flow.handoff_angry is the whole text inside a flow).
    public const string AckAngry = "ack.angry";
    /// Optional: the line under an acknowledgement that suggests the answer the bot found likely but not likely enough
    /// ({answer}: its title, also offered as a quick reply; a built-in one without it).
    public const string AckSuggest = "ack.suggest";
    /// Optional: the line under a stock answer to a DM that says it is urgent, which a person takes too (a built-in one
    /// without it: that a person looks at it as well, and by when).
    public const string AckAlso = "ack.also";

    /// Told before automated messages: that the customer talks to an automated system, and how to reach a person.
    /// Needed in every language of the library.
    public const string Disclosure = "disclosure";
    /// Sent once per thread when a DM held card or bank details (masked): not to send them in chat.
    public const string PaymentDataNotice = "payment_data.notice";

    public static readonly IReadOnlyDictionary<string, string[]> Required = new Dictionary<string, string[]>
    {
        [Disclosure] = ["name", "business_hours"],
        [PaymentDataNotice] = ["name", "business_hours"],
        [AckOpen] = ["name", "reply_by", "reply_within", "business_hours"],
        [AckLater] = ["name", "reply_by", "business_hours"],
        [AckClosed] = ["name", "reply_by", "business_hours"],
        [OptOutConfirmed] = ["name"],
        [OptInConfirmed] = ["name"],
        [DidYouMean] = ["name"],
        [FlowCancelled] = ["name"],
        [FlowHandOff] = ["name", "reply_by", "business_hours"],
    };

    /// The variables of optional messages that have their own ({answer} of ack.suggest), beside the common ones; null for the
    /// others, whose variables are not checked.
    public static readonly IReadOnlyDictionary<string, string[]> OptionalVariables = new Dictionary<string, string[]>
    {
        [AckSuggest] = ["answer", "name", "reply_by", "reply_within", "business_hours"],
    };

    /// The messages the service sends when the library has them (built-in texts otherwise).
    public static readonly IReadOnlySet<string> Optional = new HashSet<string>
        { PublicInvite, CsatQuestion, CsatThanks, BotQuestion, UnsupportedMessage, AnswerNotIt, AckOverdue, FlowHandOffAngry, AckRest, AckAngry, AckSuggest, AckAlso, FlowHandOffNotUnderstood, FlowOutsideHours, FlowClosedDay, FlowNotOrderNumber, FlowNotPhoneNumber, FlowNoted };

    /// Needed only by a library that has flows.
    public static readonly IReadOnlySet<string> ForFlows = new HashSet<string> { FlowCancelled, FlowHandOff };
}
