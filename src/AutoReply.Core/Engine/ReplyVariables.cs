using AutoReply.Core.Handoffs;
using AutoReply.Core.Time;
using NodaTime;

namespace AutoReply.Core.Engine;

/// Whose promise a reply states: the category and priority of the hand-off it announces. A reply outside any
/// hand-off speaks for the general target.
readonly record struct PromiseScope(string Category, Priority Priority)
{
    public static readonly PromiseScope General = new(SlaPolicies.Fallback, Priority.Normal);

    /// A promise already made for this hand-off: {reply_by} states it again rather than a new one counted from now.
    public Instant? Kept { get; init; }

    /// The time the customer was given for what the person will do (a call at 11:00, a lesson on Tuesday at 10:00): a
    /// promise counted from now is no later than it (see <see cref="HandOffRequest.DueBy"/>).
    public Instant? DueBy { get; init; }
}

/// The variables any reply may use besides a thread's own values: {name}, {business_hours}, and the promise a
/// person's reply keeps — {reply_by} ("Monday 11:00"), {reply_within} ("2 hours") — in business time, taken from
/// the SLA policy of the hand-off the reply announces, so the customer is never promised an earlier reply than the
/// queue will hold a person to.
sealed class ReplyVariables(SlaPolicies sla)
{
    public string? Value(Turn turn, string name, PromiseScope scope = default)
    {
        var language = turn.Language;
        if (scope.Category is null) scope = PromiseScope.General;
        return name switch
        {
            "business_hours" => TimeWording.Hours(sla.Hours, language, turn.Now.InZone(sla.Hours.Zone).Date),
            "reply_by" => TimeWording.When(scope.Kept ?? sla.ReplyBy(scope.Category, scope.Priority, turn.Now, scope.DueBy), turn.Now, sla.Hours.Zone, language),
            "reply_within" => sla.Promise(scope.Category, scope.Priority, turn.Now) is { Within: { } within }
                ? TimeWording.Span(within, language)
                : TimeWording.Span(sla.TargetFor(scope.Category, scope.Priority).FirstResponse, language),
            _ => TurnVariables.Common(turn, name),
        };
    }

    /// One of the library's own messages (acknowledgements, flow notices) in the turn's language.
    public string Message(Turn turn, string key, PromiseScope scope = default) => turn.Library.Message(key, turn.Language).Render(v => Value(turn, v, scope));

    /// An optional message (MessageKeys.Optional) with these variables: the library's when it has one, else the built-in
    /// text in the DM's language (English when it has none), read as a template too ("… reply by {reply_by}").
    /// <paramref name="own"/>: the message's own variables ({value}), before these.
    public string OptionalMessage(Turn turn, string key, IReadOnlyDictionary<string, string> builtIn, PromiseScope scope = default,
        Func<string, string?>? own = null)
    {
        var template = turn.Library.Messages.ContainsKey(key) ? turn.Library.Message(key, turn.Language)
            : Library.Template.Parse(builtIn.GetValueOrDefault(turn.Language, builtIn["en"]));
        return template.Render(v => own?.Invoke(v) ?? Value(turn, v, scope));
    }
}
