using AutoReply.Core.Library;

namespace AutoReply.Core.Dialogs;

/// What kind of value a prompt asks for; each is read by a recognizer (or a pattern).
public enum ValueKind { Text, Number, Choice, YesNo, DateTime, Phone, Email, OrderNumber, Attachment }

/// One step of a flow. Steps never send anything themselves: the runtime turns them into replies and state.
public abstract record FlowStep(string Id, int Line)
{
    /// Sends a text and goes on.
    public sealed record Say(string Id, int Line, LocalizedText Text) : FlowStep(Id, Line);

    /// Asks for a typed value, re-prompts when the answer does not fit, hands off after the last attempt. An order number
    /// is read by <see cref="Pattern"/>, compiled once when the flow is loaded. <see cref="WithinBusinessHours"/>: a date-time
    /// (a callback's) must fall when the team works; one outside is answered with the hours and asked again.
    public sealed record Ask(string Id, int Line, ValueKind Kind, LocalizedText Prompt, LocalizedText? Retry, int Attempts, string Save,
        System.Text.RegularExpressions.Regex? Pattern, IReadOnlyDictionary<string, IReadOnlyList<string>> Choices,
        bool WithinBusinessHours = false) : FlowStep(Id, Line);

    /// Goes to the first step whose condition holds on a saved value ("slot == value"), else to Otherwise.
    public sealed record Branch(string Id, int Line, IReadOnlyList<(string Slot, string Value, string Goto)> Cases, string? Otherwise) : FlowStep(Id, Line)
    {
        /// The line of the case that first names each target, for errors about it.
        public IReadOnlyDictionary<string, int> TargetLines { get; init; } = new Dictionary<string, int>();
    }

    /// Sets thread variables.
    public sealed record Set(string Id, int Line, IReadOnlyDictionary<string, string> Values) : FlowStep(Id, Line);

    /// Runs another flow, then comes back here.
    public sealed record Call(string Id, int Line, string Flow) : FlowStep(Id, Line);

    /// Hands the thread to a person with everything collected, optionally saying something first.
    public sealed record HandOff(string Id, int Line, LocalizedText? Text, string Reason, string? Priority) : FlowStep(Id, Line);

    /// Asks a brand system for data (an order's status): the host makes the call, the flow goes on with the answer
    /// saved as {save.field} variables and {save.found} true/false, or at OnFailure when the call fails or times out.
    public sealed record Lookup(string Id, int Line, string Name, string Save, string? OnFailure) : FlowStep(Id, Line);

    /// Records a sale the flow closed (an order placed, a voucher bought): order id, value and currency, each a template
    /// of the flow's variables ("{order_number}", "{order.total}"). It counts for this thread's DM → sale figure.
    public sealed record Sale(string Id, int Line, string OrderId, string Value, string Currency) : FlowStep(Id, Line);

    /// Ends the flow, optionally saying something.
    public sealed record End(string Id, int Line, LocalizedText? Text) : FlowStep(Id, Line);
}

/// A dialog flow from dialogs/flows/: numbered steps, a category (for the hand-off's SLA) and what a confident new
/// question does in the middle of it (resume the flow after answering, or end it). Its version is the hash of its
/// file text unless the file names one: a conversation in a flow keeps the version it started on.
public sealed record Flow(string Id, string Version, string Category, bool ResumeAfterInterruption, IReadOnlyList<FlowStep> Steps, string File, int Line)
{
    /// A customer who leaves the flow before its end (it lapses: Flows:Timeout) still reaches a person, with what it
    /// collected: `on_lapse: handoff`. By default a flow that only a person can finish (no `end:`, no way out but a
    /// hand-off: a callback, a lead, a refund) does; one that can end with its own answer (an order's status) does not.
    public bool HandsOffWhenLapsed { get; init; }

    /// Whether every way through the steps ends at a hand-off: no `end:` step, no branch to "end", no lookup that ends the
    /// flow when it fails, and a hand-off last (so the steps cannot run out before one).
    public static bool OnlyAPersonEnds(IReadOnlyList<FlowStep> steps) =>
        steps is [.., FlowStep.HandOff]
        && !steps.Any(step => step is FlowStep.End
            || step is FlowStep.Branch branch && (branch.Otherwise == "end" || branch.Cases.Any(c => c.Goto == "end"))
            || step is FlowStep.Lookup { OnFailure: null });

    /// The priority the flow's own hand-offs ask for (the highest they name), or null.
    public string? HandOffPriority =>
        Steps.OfType<FlowStep.HandOff>().Select(h => h.Priority).OfType<string>()
            .MaxBy(p => Handoffs.SlaPolicies.ParsePriority(p));

    public int IndexOf(string stepId)
    {
        for (var i = 0; i < Steps.Count; i++) if (Steps[i].Id == stepId) return i;
        return -1;
    }

    /// Whether a text of this flow says the time of day of <paramref name="variable"/> ("we'll call you at
    /// {callback_time:HH:mm}"): then its date-time prompt wants a time, and a day alone is asked again; a flow that says only
    /// the day ("by {needed_by:d MMMM}", or never) takes a day alone.
    public bool SaysTimeOf(string variable) =>
        StepTexts().SelectMany(text => text.ByLanguage.Values).SelectMany(template => template.Variables)
            .Any(v => v.StartsWith(variable + ":", StringComparison.Ordinal) && v[(variable.Length + 1)..].Any(c => c is 'H' or 'h'));

    /// What the flow says and offers, by language: its prompts, retries and other texts, and its options — what the
    /// customers of the answer that opens it talk about with it ("Bestellnummer", "falscher Artikel").
    public IEnumerable<(string Language, string Text)> Words() =>
        StepTexts().SelectMany(text => text.ByLanguage.Select(kv => (kv.Key, kv.Value.Source)))
            .Concat(Steps.OfType<FlowStep.Ask>().SelectMany(ask => ask.Choices.SelectMany(kv => kv.Value.Select(option => (kv.Key, option)))));

    IEnumerable<LocalizedText> StepTexts() =>
        Steps.SelectMany(step => step switch
            {
                FlowStep.Say say => [say.Text],
                FlowStep.Ask ask => [ask.Prompt, ask.Retry],
                FlowStep.HandOff handOff => [handOff.Text],
                FlowStep.End end => [end.Text],
                _ => Array.Empty<LocalizedText?>(),
            })
            .OfType<LocalizedText>();
}
