using System.Globalization;
using System.Text.RegularExpressions;
using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;
using AutoReply.Core.Recognizers;
using AutoReply.Core.Threads;
using NodaTime;
using NodaTime.Text;

namespace AutoReply.Core.Dialogs;

/// Runs flows, in the spirit of Bot Builder's dialog stack but pure: it takes the thread's memory and the DM and
/// returns the replies, the new memory and, when a flow ends in one, a hand-off request. It sends nothing.
/// Steps run until one needs the customer (an ask) or the flow ends; an ended sub-flow returns to its caller.
sealed partial class DialogRuntime(EntityRecognizer recognizer, Time.BusinessHours hours, string phoneRegion, ReplyVariables variables)
{
    readonly DateTimeZone zone = hours.Zone;

    /// A flow's pattern (an order number's) runs without backtracking: in time linear in the DM, so it needs no timeout.
    /// It had one of 50 ms, which a busy machine overran (a thread preempted mid-match): under load on two cores one DM in
    /// about 15,000 threw, was set aside as failed and never answered. The loader refuses a pattern that needs backtracking.
    public const RegexOptions PatternOptions = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    public sealed record Outcome(IReadOnlyList<Reply> Replies, ThreadMemory Memory, HandOffRequest? HandOff, LookupRequest? Lookup = null)
    {
        /// Sales the flow recorded on the way (sale steps).
        public IReadOnlyList<RecordedSale> Sales { get; init; } = [];
    }

    const int MaxStepsPerTurn = 100;   // a flow that loops without asking anything is cut off, not run for ever

    /// At most this many words beside a value given early for a later question ("my number is …", "meine Nummer:").
    const int MaxWordsBesideAValue = 4;

    /// Starts <paramref name="flow"/>. Every ask of it whose typed value the first DM states unmistakably is filled now,
    /// not only those the flow reaches before its first question: "bulk order: 300 mugs, budget about 5,000 €" answers
    /// the budget question asked after "what are you looking for?". Such an ask is skipped once when the flow reaches it
    /// (a flow that goes back to it later asks it). One value never fills two asks.
    public Outcome Start(Turn turn, Flow flow, ThreadMemory memory, List<Reply> replies)
    {
        var variables = new Dictionary<string, string>(memory.Variables);
        var used = new HashSet<string>();
        var given = new List<string>();
        foreach (var ask in flow.Steps.OfType<FlowStep.Ask>())
            if (!given.Contains(ask.Save) && Stated(flow, ask, turn) is { } value && used.Add(value))
            {
                variables[ask.Save] = value;
                given.Add(ask.Save);
            }
        var frame = new DialogFrame(flow.Id, flow.Version, flow.Steps[0].Id, 0, turn.Now.ToUnixTimeMilliseconds()) { Given = given.Count == 0 ? null : given };
        return Run(turn, memory with { Variables = variables, Dialog = [.. memory.Dialog, frame] }, replies, given: used);
    }

    /// The flow (at the version the thread started on when it is still known) and the index of the frame's step.
    public static (Flow Flow, int Step)? Locate(DialogLibrary library, DialogFrame frame)
    {
        var flow = library.FlowVersion(frame.Flow, frame.Version) ?? library.Flows.GetValueOrDefault(frame.Flow);
        if (flow is null) return null;
        var index = flow.IndexOf(frame.Step);
        return index < 0 ? null : (flow, index);
    }

    /// The DM answers the prompt the thread is waiting on: fill the slot and go on, or re-prompt, or give up.
    public Outcome Answer(Turn turn, ThreadMemory memory, out bool understood)
    {
        understood = false;
        var frame = memory.Dialog[^1];
        if (Locate(turn.Library, frame) is not var (flow, index) || flow.Steps[index] is not FlowStep.Ask ask)
            return new Outcome([], memory with { Dialog = [] }, null);
        var needsTime = flow.SaysTimeOf(ask.Save);
        var value = Read(ask, turn, frame, needsTime);
        var outside = value is not null && OutsideHours(ask, value);
        if (value is null || outside)
        {
            // A day alone where the flow wants a time is half an answer, not a new question ("morgen" is no greeting here); so
            // is a time when the team does not work, whose day, when the team works on it, is kept for the time that follows
            // ("tomorrow at 8am" … "ok then at 11" is tomorrow at 11, not today).
            var day = needsTime && !outside ? DateAlone(ask, turn) : outside ? WorkingDayOf(value!) : null;
            // A day alone on which the team does not work ("tomorrow" on a Friday evening) is answered with the hours, as a time
            // then is: "I didn't catch a time in the future" read as if the day went unheard (QA round 16).
            // Only a day: a range ("sometime in january", "end of january") keeps its first day for the time that follows, as
            // before (a review: dropped, the time was booked for today).
            var closedOn = value;
            if (day is not null && !outside && ask.WithinBusinessHours && WorkingDayOf(day + "T12:00:00") is null && SaysOneDay(ask, turn))
                (outside, day, closedOn) = (true, null, day + "T12:00:00");
            understood = day is not null || outside;
            // The answer to a later question of the flow, given early ("+49 171 2345678" to "when should we call you?"): kept,
            // and that question skipped when the flow reaches it; this one is asked again, not as a miss (QA round 11: the
            // number was refused as no time, and asked for again after the time).
            if (!outside && day is null && !LacksValue().IsMatch(Matching.TextFolding.Fold(turn.Text))
                && Later(flow, index, frame, turn, memory) is var (laterAsk, laterValue))
            {
                understood = true;
                var kept = memory with
                {
                    Variables = new Dictionary<string, string>(memory.Variables) { [laterAsk.Save] = laterValue },
                    Dialog = Replace(memory.Dialog, frame with { Given = [.. frame.Given ?? [], laterAsk.Save] }),
                };
                // Said to be kept, then the question: the prompt alone read as if the number went unheard (QA round 12).
                var noted = variables.OptionalMessage(turn, MessageKeys.FlowNoted, NotedBuiltIn);
                return new Outcome([new Reply(ReplyKind.Dialog, $"{noted} {Again(Render(ask.Prompt, turn, kept))}", Choices(ask, turn))], kept, null);
            }
            var attempts = frame.Attempts + 1;
            // Out of tries, or the customer has not got what is asked ("I don't have the order number", "hab sie nicht mehr",
            // "ei oo mulla"): a person takes over, and the customer is told so (never left without a word). Asked again, such a
            // customer went round the prompt three times (QA round 7).
            var lacks = !outside && day is null && ask.Kind is ValueKind.OrderNumber or ValueKind.Phone or ValueKind.Email
                && LacksValue().IsMatch(Matching.TextFolding.Fold(turn.Text));
            if (attempts >= ask.Attempts || lacks)
            {
                understood = understood || lacks;
                // Out of tries, not "Sure — a colleague will take over" (flow.handoff, said to a customer who asked for one, or who
                // has not got the value): that read as if they had asked (QA round 13).
                var scope = new PromiseScope(flow.Category, Handoffs.Priority.Normal);
                // The library's flow.handoff too in a language neither the library's text nor a built-in one has (not English).
                var notUnderstood = !lacks && TurnVariables.HasOptionalMessage(turn, MessageKeys.FlowHandOffNotUnderstood, NotUnderstoodBuiltIn);
                var handOver = notUnderstood ? variables.OptionalMessage(turn, MessageKeys.FlowHandOffNotUnderstood, NotUnderstoodBuiltIn, scope)
                    : variables.Message(turn, MessageKeys.FlowHandOff, scope);
                return HandOff(turn, memory, [Reply.Of(ReplyKind.Dialog, handOver)], flow,
                    (lacks ? Reason.CustomerLacksValue : Reason.PromptExhausted).ToString(), null);
            }
            // "tomorrow" to "when should we call you?" is half an answer: the day is kept for the time that follows.
            var again = memory with { Dialog = Replace(memory.Dialog, frame with { Attempts = attempts, DateSaid = day ?? frame.DateSaid }) };
            var retry = outside ? OutsideHoursText(turn, closedOn)
                : Unread(ask, turn, answering: true) is { } unread ? NotTaken(ask, turn, unread, Again(Render(ask.Prompt, turn, again)))
                : Render(ask.Retry ?? ask.Prompt, turn, again);
            return new Outcome([new Reply(ReplyKind.Dialog, retry, Choices(ask, turn))], again, null);   // the options again with "please pick one"
        }
        understood = true;
        var next = memory with
        {
            Variables = new Dictionary<string, string>(memory.Variables) { [ask.Save] = value },
            Dialog = Replace(memory.Dialog, Advance(flow, index, frame, turn)),
        };
        return Run(turn, next, [], given: [value]);
    }

    /// Goes on after a lookup: the answer's fields become {save.field}, {save.found} says whether there was one;
    /// a failed call goes to the step's on_failure (or ends the flow when it has none).
    public Outcome Resume(Turn turn, ThreadMemory memory, LookupResult result, List<Reply> replies)
    {
        var frame = memory.Dialog[^1];
        if (Locate(turn.Library, frame) is not var (flow, index) || flow.Steps[index] is not FlowStep.Lookup lookup)
            return new Outcome(replies, memory, null);
        var variables = new Dictionary<string, string>(memory.Variables)
        {
            [lookup.Save + ".found"] = result.Outcome == LookupOutcome.Found ? "true" : "false"
        };
        foreach (var (field, value) in result.Fields) variables[$"{lookup.Save}.{field}"] = value;
        memory = memory with { Variables = variables };
        if (result.Outcome == LookupOutcome.Failed)
            return lookup.OnFailure is { } target
                ? Run(turn, memory with { Dialog = Replace(memory.Dialog, frame with { Step = target, Attempts = 0, DateSaid = null }) }, replies)
                : new Outcome(replies, Pop(memory), null);
        return Run(turn, Next(memory, flow, index, frame, turn), replies);
    }

    /// Says the current prompt again (after an interruption the flow resumes from).
    public Outcome Reprompt(Turn turn, ThreadMemory memory, List<Reply> replies)
    {
        var frame = memory.Dialog[^1];
        if (Locate(turn.Library, frame) is var (flow, index) && flow.Steps[index] is FlowStep.Ask ask)
            replies.Add(Reply.Of(ReplyKind.Dialog, Again(Render(ask.Prompt, turn, memory))) with { QuickReplies = Choices(ask, turn) });
        return new Outcome(replies, memory, null);
    }

    /// Whether the DM states, unmistakably, the value the prompt of <paramref name="frame"/> waits for (see Stated).
    public bool AnswersPrompt(Turn turn, DialogFrame frame) =>
        Locate(turn.Library, frame) is var (flow, index) && flow.Steps[index] is FlowStep.Ask ask && Stated(flow, ask, turn) is not null;

    /// A correction of a value the flow already holds — "sorry, I meant A-7713", "make it 11:30 instead", "ich meinte
    /// 0171 …", "tarkoitin A-7713" — replaces it, says so, and asks the current prompt again. Before, the old value went on
    /// to the confirmation (and to the person taking over). Only an order number, phone, e-mail or date-time that an
    /// earlier step of the current flow saved, and only with words of correcting; a time alone corrects only the time of
    /// the date-time held. Null when the DM corrects nothing.
    public Outcome? Correct(Turn turn, ThreadMemory memory)
    {
        if (!Correcting().IsMatch(turn.Text)) return null;
        var frame = memory.Dialog[^1];
        if (Locate(turn.Library, frame) is not var (flow, index)) return null;
        for (var i = index - 1; i >= 0; i--)
        {
            if (flow.Steps[i] is not FlowStep.Ask { Kind: ValueKind.OrderNumber or ValueKind.Phone or ValueKind.Email or ValueKind.DateTime } ask
                || !memory.Variables.TryGetValue(ask.Save, out var old)) continue;
            var value = ask.Kind == ValueKind.DateTime ? CorrectedTime(ask, turn, old) : Read(ask, turn);
            if (value is null || value == old || OutsideHours(ask, value)) continue;
            var corrected = memory with { Variables = new Dictionary<string, string>(memory.Variables) { [ask.Save] = value } };
            var noted = Noted(turn.Language, FlowValues.Present(turn.Library, ask.Save, value, turn.Language));
            return Reprompt(turn, corrected, [Reply.Of(ReplyKind.Dialog, noted)]);
        }
        return null;
    }

    /// A recognized date-time that says a day (or days) but no time of day: "tomorrow", "Monday to Wednesday".
    static bool DayOnly(string type) => type is "datetimeV2.date" or "datetimeV2.daterange";

    /// One that says a time of day (or a span of one) but no day: "3pm", "between 2 and 4".
    static bool TimeOfDayOnly(string type) => type is "datetimeV2.time" or "datetimeV2.timerange";

    /// A corrected date-time: a whole one, a time alone on the day already held, or a day alone at the time held.
    string? CorrectedTime(FlowStep.Ask ask, Turn turn, string old)
    {
        if (When(ask, turn) is not { Instant: { } instant } when) return null;
        if (LocalDateTimePattern.GeneralIso.Parse(old) is not { Success: true } held) return null;
        // A time alone moves the time on the day held; a day alone ("I meant Friday") moves the day at the time held.
        if (TimeOfDayOnly(when.Type))
            instant = held.Value.Date.At(instant.InZone(zone).TimeOfDay).InZoneLeniently(zone).ToInstant();
        else if (DayOnly(when.Type))
            instant = instant.InZone(zone).Date.At(held.Value.TimeOfDay).InZoneLeniently(zone).ToInstant();
        return instant < turn.Now ? null : LocalDateTimePattern.GeneralIso.Format(instant.InZone(zone).LocalDateTime);
    }

    static string Noted(string language, string value) => language switch
    {
        "de" => $"Alles klar, ich habe es korrigiert: {value}.",
        "fi" => $"Selvä, korjasin sen: {value}.",
        _ => $"Got it, I've corrected that: {value}.",
    };

    // Words of correcting, not of apology alone: "sorry, I'm at work till 5pm" at the phone step moved the callback.
    [GeneratedRegex(@"\b(?:i meant|meant|actually|instead|make it|correction|wrong (?:number|one|order)|typo|my mistake|not \S+ but|" +
        @"meinte|eigentlich|stattdessen|korrektur|falsche (?:nummer|bestellnummer)|vertippt|verschrieben|doch lieber|lieber um|" +
        @"tarkoitin|korjaus|väärä numero)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Correcting();

    /// The earliest time still ahead that the flow collected and says the time of day of ("we'll call you at
    /// {callback_time:HH:mm}", "a trial lesson on {trial_time:dddd} at {trial_time:HH:mm}"): what the person must act by.
    Instant? Appointment(Flow flow, ThreadMemory memory, Instant now) =>
        flow.Steps.OfType<FlowStep.Ask>().Where(ask => ask.Kind == ValueKind.DateTime && flow.SaysTimeOf(ask.Save))
            .Select(ask => memory.Variables.TryGetValue(ask.Save, out var value) && LocalDateTimePattern.GeneralIso.Parse(value) is { Success: true } at
                ? at.Value.InZoneLeniently(zone).ToInstant() : (Instant?)null)
            .Where(at => at > now).Min();

    /// Ends every flow of the thread and hands it to a person with what was collected.
    public Outcome HandOff(Turn turn, ThreadMemory memory, List<Reply> replies, Flow? flow, string reason, string? priority) =>
        new(replies, memory with { Dialog = [] }, new HandOffRequest(flow?.Category ?? "service", reason, priority, memory.Variables));

    /// Runs steps until one needs the customer. With <paramref name="given"/> (the values this DM already gave), an ask
    /// whose typed value the DM holds too is filled from it and not asked: "Can you check order A-7731?" never hears
    /// "What's your order number?". The same value never fills two asks.
    Outcome Run(Turn turn, ThreadMemory memory, List<Reply> replies, HashSet<string>? given = null)
    {
        var sales = new List<RecordedSale>();
        var outcome = Steps(turn, memory, replies, given, sales);
        return sales.Count == 0 ? outcome : outcome with { Sales = [.. outcome.Sales, .. sales] };
    }

    Outcome Steps(Turn turn, ThreadMemory memory, List<Reply> replies, HashSet<string>? given, List<RecordedSale> sales)
    {
        for (var guard = 0; guard < MaxStepsPerTurn && memory.Dialog.Count > 0; guard++)
        {
            var frame = memory.Dialog[^1];
            if (Locate(turn.Library, frame) is not var (flow, index))
            {
                memory = memory with { Dialog = memory.Dialog.Take(memory.Dialog.Count - 1).ToList() };
                continue;
            }
            var step = flow.Steps[index];
            switch (step)
            {
                case FlowStep.Ask ask when frame.Given is { } prefilled && prefilled.Contains(ask.Save) && memory.Variables.ContainsKey(ask.Save):
                    var rest = prefilled.Where(g => g != ask.Save).ToList();
                    memory = Next(memory, flow, index, frame with { Given = rest.Count == 0 ? null : rest }, turn);
                    break;
                case FlowStep.Ask ask when given is not null && Stated(flow, ask, turn) is { } already && given.Add(already):
                    memory = Next(memory with { Variables = new Dictionary<string, string>(memory.Variables) { [ask.Save] = already } },
                        flow, index, frame, turn);
                    break;
                case FlowStep.Ask ask:
                    // "call me tomorrow at 7" to a team that opens at 9: the hours, and the question again, not the question alone.
                    var early = given is not null && ask.Kind == ValueKind.DateTime && StatedTime(ask, turn) is { } stated && OutsideHours(ask, stated) ? stated : null;
                    var prompt = early is not null ? OutsideHoursText(turn, early)
                        : given is not null && Unread(ask, turn, answering: false) is { } unread ? NotTaken(ask, turn, unread, Render(ask.Prompt, turn, memory))
                        : Render(ask.Prompt, turn, memory);
                    replies.Add(new Reply(ReplyKind.Dialog, prompt, Choices(ask, turn)));
                    // the day said, alone or with a time outside the hours, is kept for the time that follows
                    var daySaid = given is null || !flow.SaysTimeOf(ask.Save) ? null : early is not null ? WorkingDayOf(early) : DateAlone(ask, turn);
                    return new Outcome(replies,
                        memory with { Dialog = Replace(memory.Dialog, frame with { Attempts = 0, DateSaid = daySaid, LastActivityMs = turn.Now.ToUnixTimeMilliseconds() }) }, null);
                case FlowStep.Say say:
                    replies.Add(Reply.Of(ReplyKind.Dialog, Render(say.Text, turn, memory)));
                    memory = Next(memory, flow, index, frame, turn);
                    break;
                case FlowStep.Set set:
                    var variables = new Dictionary<string, string>(memory.Variables);
                    foreach (var (k, v) in set.Values) variables[k] = v;
                    memory = Next(memory with { Variables = variables }, flow, index, frame, turn);
                    break;
                case FlowStep.Branch branch:
                    var target = branch.Cases
                        .FirstOrDefault(c => string.Equals(memory.Variables.GetValueOrDefault(c.Slot), c.Value, StringComparison.OrdinalIgnoreCase))
                        .Goto ?? branch.Otherwise;
                    if (target is null) { memory = Next(memory, flow, index, frame, turn); break; }
                    if (target == "end") { memory = Pop(memory); break; }
                    memory = memory with { Dialog = Replace(memory.Dialog, frame with { Step = target, Attempts = 0, DateSaid = null }) };
                    break;
                case FlowStep.Call call:
                    var callee = turn.Library.Flows[call.Flow];
                    memory = Next(memory, flow, index, frame, turn);   // where to come back to
                    memory = memory with
                    {
                        Dialog = [.. memory.Dialog, new DialogFrame(callee.Id, callee.Version, callee.Steps[0].Id, 0, turn.Now.ToUnixTimeMilliseconds())]
                    };
                    break;
                case FlowStep.Lookup lookup:
                    // The flow pauses here; the host makes the call and resumes with Resume(…).
                    return new Outcome(replies, memory, null, new LookupRequest(lookup.Name, memory.Variables));
                case FlowStep.HandOff handOff:
                    var appointment = Appointment(flow, memory, turn.Now);
                    if (handOff.Text is { } text)
                        replies.Add(Reply.Of(ReplyKind.Dialog, Render(text, turn, memory,
                            new PromiseScope(flow.Category, Handoffs.SlaPolicies.ParsePriority(handOff.Priority)) { DueBy = appointment })));
                    var handedOff = HandOff(turn, memory, replies, flow, handOff.Reason, handOff.Priority);
                    return handedOff with { HandOff = handedOff.HandOff! with { DueBy = appointment } };
                case FlowStep.Sale sale:
                    if (Sale(sale, memory) is { } recorded) sales.Add(recorded);
                    memory = Next(memory, flow, index, frame, turn);
                    break;
                case FlowStep.End end:
                    if (end.Text is { } bye) replies.Add(Reply.Of(ReplyKind.Dialog, Render(bye, turn, memory)));
                    memory = Pop(memory);
                    break;
            }
        }
        return new Outcome(replies, memory.Dialog.Count > 0 && replies.Count == 0 ? memory with { Dialog = [] } : memory, null);
    }

    /// A sale step's order, value and currency from the flow's variables; null (nothing recorded) when a value is missing
    /// or not an amount: a sale is a fact, never a guess.
    static RecordedSale? Sale(FlowStep.Sale sale, ThreadMemory memory)
    {
        string? Fill(string template) => Template.TryParse(template, out _) is { } t
            ? t.Render(v => memory.Variables.TryGetValue(v, out var value) ? value : null) : null;
        var orderId = Fill(sale.OrderId)?.Trim();
        var currency = Fill(sale.Currency)?.Trim().ToUpperInvariant();
        var text = Fill(sale.Value)?.Trim().Replace(',', '.');
        if (string.IsNullOrEmpty(orderId) || orderId.Contains('{') || currency is not { Length: 3 } || !currency.All(char.IsAsciiLetterUpper)) return null;
        if (!decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || value < 0) return null;
        return new RecordedSale(orderId, value, currency);
    }

    /// The value for <paramref name="ask"/> that the DM states unmistakably, whatever else it says: an order number, a
    /// phone number, an e-mail address, a date with a time of day, an amount of money, one of a choice's options in its
    /// own words ("a refund for A-5555, it arrived damaged" → Damaged). A bare number ("200 hoodies"), a yes, free text,
    /// or a choice whose options the DM does not name as whole words (or names more than one of) answers only a question
    /// that was asked.
    static readonly Dictionary<string, string> NotUnderstoodBuiltIn = new()
    {
        ["en"] = "Sorry, I couldn't make that out. A colleague will take over from here and reply by {reply_by}.",
        ["de"] = "Entschuldige, das konnte ich nicht zuordnen. Ein Kollege übernimmt ab hier und antwortet dir bis {reply_by}.",
        ["fi"] = "Valitettavasti en saanut siitä selvää. Kollegani jatkaa tästä ja vastaa viimeistään {reply_by}.",
    };

    static readonly Dictionary<string, string> NotedBuiltIn = new()
    {
        ["en"] = "Thanks, I've noted that.",
        ["de"] = "Danke, habe ich notiert.",
        ["fi"] = "Kiitos, kirjasin sen ylös.",
    };

    /// A later ask of the flow that the DM answers unmistakably (a phone number, an e-mail address, an order number: values
    /// that cannot be an answer to another question), not given yet; null when there is none. Only a DM that is little more
    /// than the value ("+49 171 2345678", "my number is 0171 2345678"): "I already called 0800 1234567 twice" names a number
    /// that is not the customer's.
    (FlowStep.Ask Ask, string Value)? Later(Flow flow, int index, DialogFrame frame, Turn turn, ThreadMemory memory)
    {
        var words = Matching.TextFolding.FoldedWords(System.Text.RegularExpressions.Regex.Replace(turn.Text, @"\S*[\d@]\S*", " ")).Count;
        foreach (var later in flow.Steps.Skip(index + 1).OfType<FlowStep.Ask>())
        {
            if (frame.Given?.Contains(later.Save) == true || memory.Variables.ContainsKey(later.Save)) continue;
            // An option of a later choice named ("wrong item" to "what's your order number?" before "why would you like a
            // refund?": QA round 16, where the reason was taken for a failed order number and asked for again), with as few
            // words beside it as a value may have.
            if (later.Kind == ValueKind.Choice && NamedOption(later, turn) is var (option, named) && words - named <= MaxWordsBesideAValue)
                return (later, option);
            if (words <= MaxWordsBesideAValue && later.Kind is ValueKind.Phone or ValueKind.Email or ValueKind.OrderNumber && Stated(flow, later, turn) is { } value)
                return (later, value);
        }
        return null;
    }

    /// A prompt said again, without the interjection it opens with: "Sure! When should we call you?" after "Thanks, I've
    /// noted that." read "… noted that. Sure! When should we call you?" (QA round 16).
    static string Again(string prompt) => LeadingInterjection().Replace(prompt, "", 1);

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*\p{L}+(?:[ '’-]\p{L}+){0,2}!\s+(?=\S)", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex LeadingInterjection();

    /// The value the DM states for <paramref name="ask"/> of <paramref name="flow"/>, unmistakably, or null. A date-time the
    /// flow says the time of (a call) needs a time of day; one it says as a day (a deadline: "needed by end of January")
    /// is stated by a date (QA round 16: it was asked for again).
    string? Stated(Flow flow, FlowStep.Ask ask, Turn turn)
    {
        if (ask.Kind == ValueKind.Choice) return NamedOption(ask, turn)?.Option;
        // An amount in a currency only for an ask of money ("Roughly what budget … (in €)?"): "we paid 124 euros for 6 but now
        // only 5 players are coming" noted 124 players (the session-51 review).
        if (ask.Kind == ValueKind.Number)
            return (AsksMoney(ask) ? recognizer.Recognize(turn.Text.Trim(), Context(turn), "currency").FirstOrDefault()?.Resolution["value"] as string : null)
                ?? Counted(ask, turn);
        if (ask.Kind == ValueKind.DateTime)
            return (flow.SaysTimeOf(ask.Save) ? StatedTime(ask, turn) : StatedDeadline(ask, turn) ?? NamedAsAsked(ask, turn)) is { } when
                && !OutsideHours(ask, when) ? when : null;
        if (ask.Kind == ValueKind.Text) return Labelled(ask, turn.Text);
        return ask.Kind is ValueKind.OrderNumber or ValueKind.Phone or ValueKind.Email ? Read(ask, turn) : null;
    }

    /// Whether a number ask asks for money: its prompt or name says a currency, a budget, an amount or a price.
    static bool AsksMoney(FlowStep.Ask ask) =>
        ask.Prompt.ByLanguage.Values.Select(t => t.Source).Append(ask.Save.Replace('_', ' ')).Any(t => Money().IsMatch(Matching.TextFolding.Fold(t)));

    [System.Text.RegularExpressions.GeneratedRegex(@"€|\$|£|\b(?:eur|euros?|budget\w*|amount|price|cost|betrag|preis|summe|kosten|hinta|summa|budjet\w*|euroina|paljonko)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Money();

    /// The count the DM gives of what a number ask counts: named right after the number by a word of the ask's prompt (in any
    /// of its languages) or of its name, and said to hold now ("we booked for 6 but now only 5 players are coming", "vain 3
    /// pelaajaa") (QA round 54: the count given in the first DM was asked for again, as only amounts in a currency were
    /// taken). Null otherwise: a number beside the word may be any of the thing's numbers — "we booked 6 players but 2
    /// cancelled", "2 players can't come", "wir verbrauchen ca. 3500 kWh im Jahr" were noted as the value asked for (the
    /// session-51 review), where asking again is right.
    string? Counted(FlowStep.Ask ask, Turn turn)
    {
        var text = turn.Text.Trim();
        var units = ask.Prompt.ByLanguage.Values.SelectMany(t => Matching.TextFolding.FoldedWords(t.Source))
            .Concat(Matching.TextFolding.FoldedWords(ask.Save.Replace('_', ' ').Replace('-', ' ')))
            .Where(w => w.Length >= 3 && w.Any(char.IsLetter) && !Matching.GenericWords.Contains(w, turn.Language)).ToHashSet();
        var numbers = Numbers(text, turn);
        string? found = null;
        foreach (var number in numbers)
        {
            if (UnitAfter().Match(text, Math.Min(text.Length, number.End + 1)) is not { Success: true } unit) continue;
            var word = Matching.TextFolding.Fold(unit.Groups[1].Value);
            if (!units.Any(u => SameStem(u, word)) || number.Resolution["value"] is not string value) continue;
            if (!SaidToHoldNow(text, number)) continue;
            if (found is not null && found != value) return null;
            found = value;
        }
        return found ?? GroupSize(units, Matching.TextFolding.Fold(InDigits(text, numbers)));
    }

    /// The text with each number it names in words written in digits: "a table for five people", "viidelle hengelle" read as
    /// "for 5 people", "5 hengelle" (QA round 75: "haluisin varata pöydän perjantaille klo 18 viidelle hengelle" was asked
    /// how many were coming).
    static string InDigits(string text, List<Recognizers.Entity> numbers)
    {
        foreach (var number in numbers.OrderByDescending(n => n.Start))
            if (number.Resolution.TryGetValue("value", out var v) && v is string value && number.Text.Any(char.IsLetter) && value.All(char.IsDigit))
                text = string.Concat(text.AsSpan(0, number.Start), value, text.AsSpan(number.End + 1));
        return text;
    }

    /// The size of the customer's group, said without a unit after it, for an ask that counts people (a word of its prompt or
    /// name is one for people): "we're a team of 8", "wir sind ca. 12", "meitä ois n. 15", "15 hengen porukka" (QA round 63:
    /// "How many people are coming?" right after "meitä ois n. 15"). Only in a DM of one number but times of day: "we are 2
    /// adults and 3 kids" is five. Null otherwise.
    static string? GroupSize(HashSet<string> units, string folded)
    {
        // (a time beside it is no other count: "friday at 6pm for 5 people", "perjantaille klo 18 viidelle hengelle")
        if (!units.Any(u => PeopleWord().IsMatch(u)) || AnyNumber().Count(TimeNumber().Replace(folded, " ")) != 1) return null;
        var sizes = GroupSizeSaid().Matches(folded).Select(m => m.Groups["n"].Value).Distinct().ToList();
        return sizes.Count == 1 ? sizes[0] : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\d+")]
    private static partial System.Text.RegularExpressions.Regex AnyNumber();

    /// A number that is a time of day (folded): "6pm", "18:30", "klo 18", "um 19 uhr", "at 7".
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:(?:at|um|klo|kello|ab|from|until|bis)\s+\d{1,2}(?:[:.]\d\d)?\b|\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|uhr|h)\b|\d{1,2}[:.]\d\d\b)")]
    private static partial System.Text.RegularExpressions.Regex TimeNumber();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:people|persons?|guests?|participants?|attendees?|players?|adults?|kids|children|personen|leute|gaste|teilnehmer\w*" +
        @"|erwachsene|kinder|henke\w*|henkilo\w*|hlo|osallistuj\w*|vierai\w*|pelaaj\w*|aikuis\w*|lapsi\w*|lasta|lapset)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex PeopleWord();

    // (folded) "team of 8", "group of about 15", "we're 8", "wir sind ca. 12", "meita ois n. 15", "olemme 12", "15 hengen", and
    // (the review) "15 ppl", "30 of us", "there will be 30", and (QA round 69) "8 guys", "12 Leute", "8 kaveria"
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:(?:team|group|party|family|class|crew|company) of|we(?:'re| are| will be|'ll be)|wir (?:sind|waren|werden)|meita (?:on|ois|olis|olisi|olis|tulee|tulis|tulisi)|olemme|ollaan)" +
        @"\s+(?:(?:about|around|roughly|approx\.?|approximately|ca\.?|circa|etwa|ungefahr|so|n\.?|noin|suunnilleen|ehka|max|maybe)\s+)?(?<n>\d{1,3})\b(?!\s*(?:[.,:]\d|%|€|eur|euro|min|h\b|hours?|days?|years?|uhr|jahre?|vuot\w*|tuntia|klo))" +
        @"|\b(?<n>\d{1,3})\s*(?:hengen|ppl|pax|hlo|hloa|pers)\b" +
        // (and who they are: "private tour for my bachelor party, 8 guys", QA round 69, was asked how many people)
        @"|\b(?<n>\d{1,3})\s+(?:guys|girls|friends|mates|colleagues|coworkers|co-workers|people|persons|adults|leute|personen|freunde|freundinnen|kumpels|jungs|madels|kollegen|kolleginnen|erwachsene|kaveria|kaverii|tyokaveria|kollegaa|tyyppia|tyyppii|henkea|henkee|ihmista|aikuista|hengelle|henkilolle|hlolle)\b|\b(?<n>\d{1,3}) of us\b|\bthere (?:will be|are|'ll be) (?:about |around )?(?<n>\d{1,3})\b(?! (?:min|minutes|hours|days))",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex GroupSizeSaid();

    /// The numbers a DM names, but those inside a code ("AR-48213", "JM48211").
    List<Recognizers.Entity> Numbers(string text, Turn turn) =>
        recognizer.Recognize(text, Context(turn), "number")
            .Where(n => n.Start == 0 || !(char.IsLetterOrDigit(text[n.Start - 1]) || text[n.Start - 1] is '-' or '/' or '#')).ToList();

    /// Two words of one stem: the same, or, both of five letters or more, the same first five ("player", "players").
    static bool SameStem(string a, string b) =>
        a == b || a.Length >= 5 && b.Length >= 5 && string.CompareOrdinal(a, 0, b, 0, 5) == 0;

    [System.Text.RegularExpressions.GeneratedRegex(@"\G\s*(\p{L}[\p{L}\d-]*)", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex UnitAfter();

    /// The number a DM gives as the one that holds now, when it names several: "we were 6 but now only 5", "statt 4 nur noch
    /// 3", "oltiin 6 mutta nyt vain 5" (the first number had been taken: the count the customer corrected).
    string? NumberNow(Turn turn)
    {
        var text = turn.Text.Trim();
        var numbers = Numbers(text, turn);
        if (numbers.Count < 2) return null;
        for (var i = numbers.Count - 1; i >= 0; i--)
            if (SaidToHoldNow(text, numbers[i]) && numbers[i].Resolution["value"] is string value)
                return value;
        return null;
    }

    /// Of several numbers, the one the DM names by a word of the ask's prompt right before it, when only one is: asked "Wie war
    /// der Zählerstand beim Einzug?", "der Zähler stand beim Einzug auf 12000, jetzt 12345" gives 12000, not the number that
    /// holds now (the session-51 review). Only words of five letters or more that are no everyday words, within the three
    /// words before the number.
    string? NamedByPrompt(FlowStep.Ask ask, Turn turn)
    {
        var text = turn.Text.Trim();
        var numbers = Numbers(text, turn);
        if (numbers.Count < 2) return null;
        var named = Matching.TextFolding.FoldedWords(ask.Prompt.In(turn.Language).Source)
            .Where(w => w.Length >= 5 && !Matching.GenericWords.Contains(w, turn.Language)).ToList();
        var found = numbers.Where(n => Matching.TextFolding.FoldedWords(text[..n.Start]).TakeLast(3).Any(w => named.Any(p => SameStem(p, w)))).ToList();
        return found is [var one] ? one.Resolution["value"] as string : null;
    }

    /// Whether the words right before <paramref name="number"/> say it holds now: "now only 5", "nur noch 3", "vain 4".
    static bool SaidToHoldNow(string text, Recognizers.Entity number) =>
        SaidNow().IsMatch(Matching.TextFolding.Fold(text.AsSpan(0, number.Start)));

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:now|only|just|instead|actually|nur|noch|jetzt|nun|stattdessen|nyt|vain|enaa|vaan|sittenkin)\s*$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SaidNow();

    /// Free text the DM labels with the ask's own name, or the last word of it, before a colon: "new name: Laura Becker"
    /// fills new_name, "event: Ina Müller Show" fills event (QA round 19: the name the customer had just written was asked
    /// for again). Only so: free text is anything, and a text without its label answers nothing unmistakably. The value ends
    /// at a comma, a semicolon, a line or a sentence's end, and is at most eight words.
    internal static string? Labelled(FlowStep.Ask ask, string text)
    {
        var name = ask.Save.Replace('_', ' ').Replace('-', ' ').Trim();
        if (name.Length == 0) return null;
        var last = name.LastIndexOf(' ') is var space and > 0 ? name[(space + 1)..] : null;
        foreach (var label in last is null ? [name] : new[] { name, last })
        {
            var m = System.Text.RegularExpressions.Regex.Match(text,
                @"(?<![\w-])" + System.Text.RegularExpressions.Regex.Escape(label).Replace("\\ ", @"[\s_-]+") + @"\s*:\s*(?<value>[^,;\n!?]+?)(?=\s*(?:[,;\n!?]|\.(?:\s|$)|$))",
                System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
            if (m.Success && m.Groups["value"].Value.Trim() is { Length: > 0 } value && Matching.TextFolding.Words(value).Count is > 0 and <= 8) return value;
        }
        return null;
    }

    /// A date the DM states as a deadline: "by 15 January", "needed by end of January", "bis Ende Januar", "tammikuun loppuun
    /// mennessä". Any other date ("like the mugs we ordered on 3 March", "I'm back in the office on Monday") is no answer to
    /// "by when do you need it?" (a review).
    string? StatedDeadline(FlowStep.Ask ask, Turn turn)
    {
        if (When(ask, turn) is not { } when) return null;
        var text = turn.Text.Trim();
        var before = Matching.TextFolding.Fold(text.Substring(0, Math.Min(when.Start, text.Length)));
        var after = Matching.TextFolding.Fold(text.Substring(Math.Min(when.End + 1, text.Length)));
        // Or the day a thing is moved to: "reschedule the delivery to Friday 11 December", "auf Freitag verschieben" (QA round
        // 18: asked again for the day the DM named). Not for a prompt that asks when the thing moved is ("When is the appointment
        // you'd like to move?": the day it moves to is no answer to when it is; the session-46 review).
        var prompt = Matching.TextFolding.Fold(ask.Prompt.In(turn.Language).Source);
        var movedTo = MovedTo().IsMatch(before) && Moving().IsMatch(Matching.TextFolding.Fold(text))
            && !AsksWhenTheMovedThingIs(prompt);
        return DeadlineBefore().IsMatch(before) || DeadlineAfter().IsMatch(after) || movedTo ? Read(ask, turn) : null;
    }

    /// A date the DM names right after a noun of the ask's prompt: "Termin am Donnerstag 10:30 … verschieben" answers "Wann ist
    /// der Termin, den Sie absagen oder verschieben möchten?", "my appointment on Thursday at 10:30" answers "When is the
    /// appointment …?" (QA round 47: asked again); or after a word of the same concept in the built-in lexicon: "wir heiraten am
    /// 14. August 2027" answers "Wann ist eure Hochzeit?" (QA round 58: asked again). Not the day it is moved to ("my appointment
    /// to Friday": that is no answer to when it is), nor a date beside other words.
    string? NamedAsAsked(FlowStep.Ask ask, Turn turn)
    {
        if (When(ask, turn) is not { } when) return null;
        var text = turn.Text.Trim();
        var before = Matching.TextFolding.FoldedWords(text.Substring(0, Math.Min(when.Start, text.Length)));
        if (before.Count == 0) return null;
        // "my appointment from Friday 4pm to Monday" names when the appointment is for a prompt that asks it (<see cref="Wanted"/>)
        var noun = before[^1] is "on" or "at" or "am" or "um" or "is" or "ist" or "from" or "von" or "vom" && before.Count > 1 ? before[^2] : before[^1];
        // "wedding date is 9 October": the thing dated is the word before "date"
        // (a review of this session: "wedding date is 9 October 2027" was asked for again)
        if (noun is "date" or "datum" or "day" or "tag" or "paiva" && before.IndexOf(noun) is > 0 and var at) noun = before[at - 1];
        if (noun.Length < 4 || !Matching.Vocabulary.IsContent(noun, turn.Language)) return null;
        var prompt = Matching.TextFolding.FoldedWords(ask.Prompt.In(turn.Language).Source);
        var concepts = Matching.Concepts.Builtin.Of(noun, noun, turn.Language).ToArray();
        bool SameConcept(string w) => concepts.Length > 0 && Matching.Concepts.Builtin.Of(w, w, turn.Language).ToArray().Intersect(concepts).Any();
        return prompt.Any(w => w.Length >= 4 && (w == noun || w.Length >= 5 && noun.Length >= 5 && w[..5] == noun[..5] || SameConcept(w))) ? Read(ask, turn) : null;
    }

    [GeneratedRegex(@"\b(?:to|auf|zum|zu)(?:\s+the)?\s*$")]
    private static partial System.Text.RegularExpressions.Regex MovedTo();

    [GeneratedRegex(@"\b(?:move|moved|moving|reschedul\w*|postpon\w*|push\w* (?:it|back)|shift\w*|chang\w*|verschieb\w*|verleg\w*|umbuch\w*)\b")]
    private static partial System.Text.RegularExpressions.Regex Moving();

    /// A prompt that asks when the thing is, not when it should be (folded): "When is the appointment you'd like to move?",
    /// "Wann ist der Termin, den Sie … verschieben möchten?", "Milloin on aika, jonka haluat siirtää?"; not "When would you
    /// like to reschedule your appointment?", "Wann möchten Sie den Termin verschieben?", "Which day should we move it to?"
    /// (a review of a first version that took every prompt with a word of moving for one).
    [GeneratedRegex(@"\b(?:when|which|wann|welche[nrms]?|milloin|mika|mina)\s+(?:\w+\s+)?(?:is|was|ist|war|on|oli)\b")]
    private static partial System.Text.RegularExpressions.Regex WhenItIs();

    /// Whether a (folded) prompt asks when the thing to be moved is, not when it should be (<see cref="WhenItIs"/>).
    static bool AsksWhenTheMovedThingIs(string prompt) => Moving().IsMatch(prompt) && WhenItIs().IsMatch(prompt);

    [GeneratedRegex(@"\b(?:by|until|till|before|latest|no later than|bis|spatestens|vor|zum|mennessa)(?:\s+the)?\s*$")]
    private static partial System.Text.RegularExpressions.Regex DeadlineBefore();

    [GeneratedRegex(@"^\W*(?:mennessa|asti|viimeistaan|at the latest|spatestens)\b")]
    private static partial System.Text.RegularExpressions.Regex DeadlineAfter();

    /// A date-time with a time of day the DM states. A date alone ("the parcel was due Monday") is no answer to "when should
    /// we call you?": only a stated time of day is.
    /// A time of day alone, without a day, fills only an ask for a time within the business's hours (a callback: "call me
    /// at 10am", written in the evening, is tomorrow at 10). Any other time is the customer's own, on a day the DM does not
    /// say: "our flight lands around 1pm" is no landing today or tomorrow (QA round 34: a transfer was confirmed for the next
    /// day at 13:00), and the flow asks for it.
    string? StatedTime(FlowStep.Ask ask, Turn turn) =>
        !(When(ask, turn) is { } said && TimeOfDayOnly(said.Type) && !ask.WithinBusinessHours)
        && Read(ask, turn) is { } when && LocalDateTimePattern.GeneralIso.Parse(when) is { Success: true } parsed
        && parsed.Value.TimeOfDay != LocalTime.Midnight
            ? when
            : null;

    /// The one option of <paramref name="ask"/> the DM names as whole words, in its language or the library's default, as
    /// the option is stored (the default language's), and how many words the DM names it with; null when it names none or
    /// several.
    static (string Option, int Words)? NamedOption(FlowStep.Ask ask, Turn turn)
    {
        var canonical = ask.Choices[turn.Library.DefaultLanguage];
        var said = WordsByClause(turn.Text);
        var named = new Dictionary<string, int>();
        foreach (var options in new[] { ask.Choices.GetValueOrDefault(turn.Language), canonical })
            for (var i = 0; options is not null && i < options.Count; i++)
            {
                var words = Matching.TextFolding.FoldedWords(options[i]);
                if (words.Count > 0 && AsWords(options[i]) is var option && said.Contains(option, StringComparison.Ordinal) && !Denied(said, option))
                    named.TryAdd(canonical[Math.Min(i, canonical.Count - 1)], words.Count);
            }
        return named.Count == 1 ? (named.First().Key, named.First().Value) : null;
    }

    /// Whether <paramref name="said"/> names <paramref name="option"/> (<see cref="AsWords"/>) only to deny it: "not damaged,
    /// wrong colour" names the wrong item, not the damage (a review of QA round 16); a negation one or two words before an
    /// option's words denies it. Only within the option's clause: "gefällt mir doch nicht, nicht mehr gewünscht" names "Nicht
    /// mehr gewünscht". False when the option is not said at all.
    static bool Denied(string said, string option)
    {
        var named = false;
        for (var at = said.IndexOf(option, StringComparison.Ordinal); at >= 0; at = said.IndexOf(option, at + 1, StringComparison.Ordinal))
        {
            named = true;
            var before = said[..(at + 1)].Split(' ', StringSplitOptions.RemoveEmptyEntries).Reverse().TakeWhile(w => w != "|").Take(2).ToList();
            // "not only damaged but also the wrong item" denies nothing (a review)
            if (!before.Any(Negations.Contains) || before is [var next, ..] && NotOnly.Contains(next)) return false;
        }
        return named;
    }

    /// An option's folded words between spaces, as <see cref="WordsByClause"/> holds them.
    static string AsWords(string option) => " " + string.Join(' ', Matching.TextFolding.FoldedWords(option)) + " ";

    /// The DM's folded words between spaces, a clause's end as "|": what options are looked for in.
    static string WordsByClause(string text) =>
        " " + string.Join(" | ", ClauseEnd().Split(text).Select(c => string.Join(' ', Matching.TextFolding.FoldedWords(c))).Where(c => c.Length > 0)) + " ";

    [GeneratedRegex(@"[,.;:!?]+(?=\s|$)")]
    private static partial Regex ClauseEnd();

    static readonly HashSet<string> NotOnly = ["only", "just", "nur", "vain", "pelkastaan", "ainoastaan"];

    static readonly HashSet<string> Negations =
        ["not", "isnt", "wasnt", "arent", "werent", "dont", "didnt", "never", "no", "nicht", "kein", "keine", "nie", "ei", "eika", "en", "eivat"];

    static ThreadMemory Next(ThreadMemory memory, Flow flow, int index, DialogFrame frame, Turn turn) =>
        index + 1 < flow.Steps.Count
            ? memory with { Dialog = Replace(memory.Dialog, Advance(flow, index, frame, turn)) }
            : Pop(memory);

    static DialogFrame Advance(Flow flow, int index, DialogFrame frame, Turn turn) =>
        index + 1 < flow.Steps.Count
            ? frame with { Step = flow.Steps[index + 1].Id, Attempts = 0, DateSaid = null, LastActivityMs = turn.Now.ToUnixTimeMilliseconds() }
            : frame with { Step = "", Attempts = 0, DateSaid = null };

    static ThreadMemory Pop(ThreadMemory memory) => memory with { Dialog = memory.Dialog.Take(memory.Dialog.Count - 1).ToList() };

    static IReadOnlyList<DialogFrame> Replace(IReadOnlyList<DialogFrame> stack, DialogFrame top) => [.. stack.Take(stack.Count - 1), top];

    static IReadOnlyList<string> Choices(FlowStep.Ask ask, Turn turn) =>
        ask.Kind == ValueKind.Choice ? ask.Choices.GetValueOrDefault(turn.Language) ?? ask.Choices[turn.Library.DefaultLanguage]
        : ask.Kind == ValueKind.YesNo ? YesNo(turn.Language) : [];

    /// A word that names a day (ends in "day", "tag", "päivä"/"päivänä") outside every date-time the recognizer found in
    /// <paramref name="text"/>: a day it could not read ("Blursday", "wendsday", "Geburtstag", "syntymäpäivänä"). The parts
    /// of a day and noon are no days.
    internal static string? UnreadDay(string text, IReadOnlyList<Entity> found)
    {
        foreach (Match w in DayWord().Matches(text))
        {
            var word = w.Value.ToLowerInvariant();
            // "day", "Tag" alone ("Guten Tag", "any day at 3pm"), the parts of a day and noon are no days.
            if (word is "day" or "days" or "tag" or "tage" or "tags" or "tages" or "päivä" or "päivänä" or "vormittag" or "nachmittag" or "vormittags"
                or "nachmittags" or "mittag" or "mittags" or "midday" or "everyday" or "weekday" or "weekdays"
                || word.StartsWith("iltapäivä", StringComparison.Ordinal) || word.StartsWith("aamupäivä", StringComparison.Ordinal)) continue;
            if (!found.Any(e => w.Index <= e.End && e.Start <= w.Index + w.Length - 1)) return w.Value;
        }
        return null;
    }

    /// "I don't have it", "lost the e-mail", "hab ich nicht (mehr)", "hab sie gelöscht", "ei oo mulla", on the folded DM. Not
    /// "no idea", "keine Ahnung", "en muista", nor "I don't have it here": not knowing where to look, or not having it at
    /// hand, is answered by the retry, which says where it is.
    [GeneratedRegex(@"\b(?:(?:i )?(?:don'?t|do not|dont|no longer) (?:have|keep)(?! (?:it |that |them |(?:the|my) (?:\w+ ){1,3})?(?:here|right now|at hand|on me|with me|handy|atm|at the moment|now|a preference))|i have no (?:order|number)|haven'?t got|have not got" +
        @"|(?:lost|deleted|threw away) (?:it|the|my|that)" +
        @"|(?:hab|habe) (?:ich )?(?:sie |die |ihn |es |den |das )?(?:\w+ )?(?:leider )?(?:nicht|keine|keinen)\b(?! (?:ahnung|hier|da|zur hand|griffbereit|dabei|parat))|(?:hab|habe) (?:sie |die |ihn |es )?(?:verloren|geloscht|weggeworfen)" +
        @"|ei (?:oo|ole) (?:mulla|minulla|tallessa)(?! (?:\w+ )?(?:nyt|tassa|kasilla|mukana))|hukannut|hukkasin|poistin sen)\b")]
    private static partial Regex LacksValue();

    [GeneratedRegex(@"\b\p{L}*(?:days?|tage?s?|päivä|päivänä)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DayWord();

    static string[] YesNo(string language) => language switch { "de" => ["Ja", "Nein"], "fi" => ["Kyllä", "Ei"], _ => ["Yes", "No"] };

    RecognitionContext Context(Turn turn) => new(turn.Language, turn.Now.InZone(zone).LocalDateTime, zone, PhoneRegion(turn.Language));

    /// The order number, phone number and e-mail address the DM names, under the keys the sample's flows save them as
    /// ("order_number", "phone", "email"): for the summary of a hand-off that no flow collected them for, so the agent has
    /// them at hand (QA round 18: "Can your fitters come Monday at 9:30 … order NH-204518? my number is 0160 5551234" went
    /// to a person with an empty summary). Only those <paramref name="held"/> (what a flow collected) lacks: nothing is
    /// recognized for a key it has.
    public IEnumerable<(string Key, string Value)> ValuesIn(Turn turn, IReadOnlyDictionary<string, string> held)
    {
        var text = turn.Text;
        // Most hand-offs name none of them: without digits, or an "@", no recognizer is asked (they cost a third of a turn).
        var digits = text.Count(char.IsAsciiDigit);
        if (digits < 3 && !text.Contains('@')) yield break;
        var context = Context(turn);
        // A number by the library's own pattern goes by the name its flow saves it under ("booking_number: JM-48211"): an agent
        // read "order_number" for a holiday cottage's booking (QA round 56).
        var named = turn.Library.Flows.Values.SelectMany(f => f.Steps.OfType<FlowStep.Ask>())
            .Where(a => a.Kind == ValueKind.OrderNumber && a.Pattern is not null)
            .Select(a => (a.Save, Match: a.Pattern!.Match(text))).FirstOrDefault(m => m.Match.Success);
        if (named.Save is not null && !held.ContainsKey(named.Save)) yield return (named.Save, named.Match.Value.ToUpperInvariant());
        // Only a token that looks like one: not a quantity, a date, a price or a year ("I want to order 250 mugs", "order
        // 2026": a review), and a letter in it or five digits or more ("my order is 1000 pieces").
        if (named.Save is null && !held.ContainsKey("order_number") && digits >= 3 && recognizer.Recognize(text, context, "ordernumber").FirstOrDefault(e => LikeOrderNumber(text, e.Text, e.End + 1)
                && (e.Text.Any(char.IsAsciiLetter) || e.Text.Count(char.IsAsciiDigit) >= 5))?.Resolution["value"] is string order)
            yield return ("order_number", order);
        if (!held.ContainsKey("phone") && digits >= PhoneRecognizer.MinDigits && recognizer.Recognize(text, context, "phonenumber").FirstOrDefault()?.Resolution["e164"] is string phone)
            yield return ("phone", phone);
        if (!held.ContainsKey("email") && text.Contains('@') && recognizer.Recognize(text, context, "email").FirstOrDefault()?.Resolution["value"] is string email)
            yield return ("email", email);
    }

    /// Where a phone number written without a country code is (<see cref="PhoneRecognizer.RegionFor"/>).
    string PhoneRegion(string language) => PhoneRecognizer.RegionFor(language, phoneRegion);

    /// Whether <paramref name="value"/> (a date-time as stored) falls when the team does not work, for an ask that must be within
    /// the business hours; a span was moved to its first working moment before.
    bool OutsideHours(FlowStep.Ask ask, string value) =>
        ask.WithinBusinessHours && LocalDateTimePattern.GeneralIso.Parse(value) is { Success: true } at
        && at.Value.InZoneLeniently(zone).ToInstant() is var instant
        // the closing time itself is within: the hours read "9:00–17:00", and "at 5pm" is in them
        && !hours.IsOpenAt(instant) && !hours.IsOpenAt(instant - Duration.FromMinutes(1));

    /// The day of a date-time as stored, as an ISO date, when the team works on it; null otherwise.
    string? WorkingDayOf(string value) =>
        LocalDateTimePattern.GeneralIso.Parse(value) is { Success: true } at
        && hours.NextOpeningAtOrAfter(at.Value.Date.AtStartOfDayInZone(zone).ToInstant()).InZone(zone).Date == at.Value.Date
            ? LocalDatePattern.Iso.Format(at.Value.Date)
            : null;

    /// The hours, and the question again; for a time on a holiday, that the team is closed that day (QA round 18: "tuesday at
    /// 10am" on a holiday got "That's outside our business hours (Mon–Fri 9:00–18:00 …)").
    string OutsideHoursText(Turn turn, string? value) =>
        value is not null && LocalDateTimePattern.GeneralIso.Parse(value) is { Success: true } at && hours.IsHoliday(at.Value.Date)
            ? variables.OptionalMessage(turn, MessageKeys.FlowClosedDay, ClosedDayBuiltIn, own: v => v == "day" ? Time.TimeWording.Day(at.Value.Date, turn.Language) : null)
            : variables.OptionalMessage(turn, MessageKeys.FlowOutsideHours, OutsideHoursBuiltIn);

    static readonly Dictionary<string, string> ClosedDayBuiltIn = new()
    {
        ["en"] = "We're closed on {day} (a holiday). Which other time suits you? Our hours: {business_hours}.",
        ["de"] = "Am {day} haben wir geschlossen (Feiertag). Welche andere Zeit passt dir? Unsere Geschäftszeiten: {business_hours}.",
        ["fi"] = "Olemme suljettuina {day} (pyhäpäivä). Mikä muu aika sopii sinulle? Aukioloaikamme: {business_hours}.",
    };

    /// A value of the ask's kind that the DM gives but the flow could not take, as the customer wrote it: an order number
    /// the DM names ("bestellnr 47711", "#48213", "tilausnumero 49876") that the ask's pattern does not take, and where the
    /// DM answers the question a bare number of four digits or more ("48213"); a phone number that is not a whole one
    /// ("+49 151 2345678": a mobile number a digit short). Null for other kinds, or when there is none. Asked again with no
    /// word about the value given (or told "I couldn't find an order number in that"), customers read the bot as not
    /// listening (QA rounds 7 and 8).
    string? Unread(FlowStep.Ask ask, Turn turn, bool answering)
    {
        var text = turn.Text.Trim();
        switch (ask.Kind)
        {
            case ValueKind.OrderNumber:
                // Not a date ("11/20"), an amount ("120 euros", "2500 euro"), a year ("November 2026") or a short count: a
                // review found each called "not one of our order numbers".
                foreach (var named in recognizer.Alone(text, Context(turn), "ordernumber"))
                    if (LikeOrderNumber(text, named.Text, named.End + 1)) return named.Text;
                if (!answering) return null;
                foreach (Match bare in BareNumber().Matches(text))
                    if (LikeOrderNumber(text, bare.Value, bare.Index + bare.Length)) return bare.Value;
                return null;
            case ValueKind.Phone:
                // Not where the DM gives a phone number that is one (a second, shorter number beside it is something else), nor
                // fewer digits than any number with its area code has ("ab 0800 - 1200 erreichbar" gives times).
                if (recognizer.Alone(text, Context(turn), "phonenumber").Any()) return null;
                foreach (Match m in PhoneLike().Matches(text))
                    if (m.Value.Count(char.IsAsciiDigit) >= 9 && (answering || m.Value[0] == '+')) return m.Value;
                return null;
            default:
                return null;
        }
    }

    /// The question again, after a line that the value given is not one the flow can take.
    string NotTaken(FlowStep.Ask ask, Turn turn, string unread, string prompt) =>
        variables.OptionalMessage(turn, ask.Kind == ValueKind.Phone ? MessageKeys.FlowNotPhoneNumber : MessageKeys.FlowNotOrderNumber,
            ask.Kind == ValueKind.Phone ? NotPhoneNumberBuiltIn : NotOrderNumberBuiltIn, own: v => v == "value" ? unread : null) + " " + prompt;

    static readonly Dictionary<string, string> NotOrderNumberBuiltIn = new()
    {
        ["en"] = "\"{value}\" doesn't look like one of our numbers.",
        ["de"] = "„{value}“ sieht nicht nach einer unserer Nummern aus.",
        ["fi"] = "”{value}” ei näytä meidän numeroltamme.",
    };

    static readonly Dictionary<string, string> NotPhoneNumberBuiltIn = new()
    {
        ["en"] = "\"{value}\" doesn't look like a complete phone number.",
        ["de"] = "„{value}“ sieht nicht nach einer vollständigen Telefonnummer aus.",
        ["fi"] = "”{value}” ei näytä kokonaiselta puhelinnumerolta.",
    };

    /// A token given as an order number that may be one: four digits or more, no date's slash or dot, no year, and no amount
    /// after it.
    static bool LikeOrderNumber(string text, string token, int after) =>
        token.Count(char.IsAsciiDigit) >= 4 && !token.Contains('/') && !token.Contains('.') && !Year().IsMatch(token.TrimStart('#'))
        && !AmountAfter().IsMatch(text.AsSpan(Math.Min(after, text.Length)).ToString());

    [GeneratedRegex(@"^(?:19|20)\d\d$")]
    private static partial Regex Year();

    [GeneratedRegex(@"^\s*(?:€|\$|£|%|eur\b|euro|euros\b|dollars?\b|kr\b|chf\b|stück|pcs|pieces|kpl)", RegexOptions.IgnoreCase)]
    private static partial Regex AmountAfter();

    // A number alone, not part of a date, a time, an amount or a word: "48213", "#48213", "it's 48213".
    [GeneratedRegex(@"(?<![\w#/+-]|\d[.,:])#?\d{4,12}(?![\w/-]|[.,:]\d)")]
    private static partial Regex BareNumber();

    // Digits written as a phone number is, from a "+" or a leading 0: "+49 151 2345678", "0151-234 567"; not a date or a time
    // (no dots, colons or slashes between).
    [GeneratedRegex(@"(?<![\w+])(?:\+|0)\d[\d \-()]{4,}\d(?!\w)")]
    private static partial Regex PhoneLike();

    static readonly Dictionary<string, string> OutsideHoursBuiltIn = new()
    {
        ["en"] = "That's outside our business hours ({business_hours}). Which time within them suits you?",
        ["de"] = "Das liegt außerhalb unserer Geschäftszeiten ({business_hours}). Welche Zeit innerhalb davon passt dir?",
        ["fi"] = "Se on aukioloaikojemme ({business_hours}) ulkopuolella. Mikä aika niiden sisällä sopii sinulle?",
    };

    /// A part of the day or a span ("morgen vormittag": 8–12) from the first moment of it the team works (9:00, not a
    /// promise to call at 8:00 when the hours say 9–17); a span wholly outside the hours, or a moment, as the customer said it.
    /// <paramref name="start"/>: the span's start, moved to the day said before where the DM gave a time of day alone.
    Instant FirstWorkingMoment(Entity when, Instant start)
    {
        if (!when.Type.EndsWith("range", StringComparison.Ordinal) || hours.IsOpenAt(start)
            || when.Resolution.GetValueOrDefault("values") is not List<Dictionary<string, string>> { Count: > 0 } values
            || values[0].GetValueOrDefault("start") is not { } opens || values[0].GetValueOrDefault("end") is not { } closes
            || Span(opens, closes) is not { } span)
            return start;
        var open = hours.NextOpeningAtOrAfter(start);
        return open < start + span ? open : start;
    }

    /// A range of days said by its end or its middle ("end of January", "Ende Januar", "tammikuun lopussa", "mid February",
    /// "Mitte Februar"), where the flow asks for a day (a deadline, not a call within the hours), is its last or its middle
    /// day, not its first: the sales team read "needed by end of January" as 16
    /// January (QA round 16). The recognizer gives such ranges as the second half or the middle third of the month.
    Instant DaySaidOfRange(Entity when, Instant start)
    {
        if (when.Type != "datetimeV2.daterange" || when.Resolution.GetValueOrDefault("values") is not List<Dictionary<string, string>> { Count: > 0 } values
            || values[0].GetValueOrDefault("end") is not { } closes || LocalDatePattern.Iso.Parse(closes) is not { Success: true } end)
            return start;
        var said = Matching.TextFolding.Fold(when.Text);
        var first = start.InZone(zone).Date;
        var last = end.Value.PlusDays(-1);   // the recognizer's end is the day after
        var days = Period.Between(first, last, PeriodUnits.Days).Days;
        // Halves and thirds of a month only: "end of next week" keeps its first day, as before (a review: it became a Sunday).
        if (days < 9) return start;
        var day = RangeEnd().IsMatch(said) ? last : RangeMiddle().IsMatch(said) ? first.PlusDays(days / 2) : first;
        return day == first ? start : day.AtStartOfDayInZone(zone).ToInstant();
    }

    [GeneratedRegex(@"\b(?:end|ende|lopu\w*|loppu\w*)\b")]
    private static partial System.Text.RegularExpressions.Regex RangeEnd();

    [GeneratedRegex(@"\b(?:mid|middle|mitte|puoliv[aä]li\w*|puolessa)\b")]
    private static partial System.Text.RegularExpressions.Regex RangeMiddle();

    /// How long a span of the recognizer's lasts: "2026-12-04 08:00:00" to "2026-12-04 12:00:00", or "08:00:00" to "12:00:00"
    /// for a part of the day without a date ("in the morning").
    static Duration? Span(string opens, string closes) =>
        Spoken.Parse(opens) is { Success: true } first && Spoken.Parse(closes) is { Success: true } last ? (last.Value - first.Value).ToDuration()
        : Clock.Parse(opens) is { Success: true } from && Clock.Parse(closes) is { Success: true } to && to.Value > from.Value ? (to.Value - from.Value).ToDuration()
        : null;

    static readonly LocalDateTimePattern Spoken = LocalDateTimePattern.CreateWithInvariantCulture("yyyy'-'MM'-'dd HH':'mm':'ss");
    static readonly LocalTimePattern Clock = LocalTimePattern.CreateWithInvariantCulture("HH':'mm':'ss");

    /// The day a DM names without a time of day, for a date-time prompt ("tomorrow", "am Freitag"): today or later, as an
    /// ISO date; null for anything else.
    string? DateAlone(FlowStep.Ask ask, Turn turn)
    {
        if (ask.Kind != ValueKind.DateTime) return null;
        if (When(ask, turn) is not { Instant: { } day } when || !DayOnly(when.Type)) return null;
        var date = day.InZone(zone).Date;
        return date < turn.Now.InZone(zone).Date ? null : LocalDatePattern.Iso.Format(date);
    }

    /// Whether the date the DM names is one day, not a range of days.
    bool SaysOneDay(FlowStep.Ask ask, Turn turn) => When(ask, turn)?.Type == "datetimeV2.date";

    /// The date or time the DM names for <paramref name="ask"/> (not a duration), as the recognizer reads it.
    Entity? When(FlowStep.Ask ask, Turn turn)
    {
        var text = turn.Text.Trim();
        return Wanted(recognizer.Recognize(text, Context(turn), "datetimeV2"), text, ask, turn.Language);
    }

    /// Of the dates and times <paramref name="found"/> in <paramref name="text"/>, the one that answers <paramref name="ask"/>:
    /// the first, but where the DM moves a thing from one to another, the one it moves to — "from Friday 4pm to Sunday at 12",
    /// "auf Sonntag 12 Uhr statt Freitag 16 Uhr", "tiistaille klo 12 maanantain sijaan" — or, for a prompt that asks when the
    /// moved thing is ("When is the appointment you'd like to move?"), the one it moves from. QA round 80: "move it from friday
    /// 4pm to sunday at 12" was confirmed as a move to Friday at 16:00. A "from" marks the old one only with a "to" after it:
    /// "free from Monday 9am, or Tuesday at 10" moves nothing.
    static Entity? Wanted(IReadOnlyList<Entity> found, string text, FlowStep.Ask ask, string language)
    {
        var whens = found.Where(e => e.Instant is not null && e.Type != "datetimeV2.duration").ToList();
        if (whens.Count < 2) return whens.FirstOrDefault();
        string Before(Entity e) => Matching.TextFolding.Fold(text.Substring(0, Math.Min(e.Start, text.Length)));
        string After(Entity e) => Matching.TextFolding.Fold(text.Substring(Math.Min(e.End + 1, text.Length)));
        // (a "from … to" only where the DM moves something: "a pitch from friday 14 august to sunday 16 august" is a stay, whose
        // arrival is the first — a review)
        // or the prompt, which asks for the time moved to ("Which day and time would you like instead?")
        var prompt = Matching.TextFolding.Fold(ask.Prompt.In(language).Source);
        var moves = Moving().IsMatch(Matching.TextFolding.Fold(text)) || Moving().IsMatch(prompt) || NewTime().IsMatch(prompt);
        var old = whens.Where((e, i) => InsteadOf().IsMatch(Before(e)) || InsteadAfter().IsMatch(After(e))
            || moves && MovedFrom().IsMatch(Before(e)) && whens.Skip(i + 1).Any(later => MovedTo().IsMatch(Before(later)))).ToList();
        if (old.Count == 0 || old.Count == whens.Count) return whens[0];
        return AsksWhenTheMovedThingIs(prompt) ? old[0] : whens.First(e => !old.Contains(e));
    }

    [GeneratedRegex(@"\b(?:instead|new|stattdessen|neue[nmrs]?|sijaan|uusi|uuden|tilalle)\b")]
    private static partial System.Text.RegularExpressions.Regex NewTime();

    [GeneratedRegex(@"\b(?:from|von|vom)(?:\s+(?:the|dem|den))?\s*$")]
    private static partial System.Text.RegularExpressions.Regex MovedFrom();

    [GeneratedRegex(@"\b(?:instead of|rather than|statt|anstatt|anstelle (?:von|vom))(?:\s+(?:the|dem|den))?\s*$")]
    private static partial System.Text.RegularExpressions.Regex InsteadOf();

    [GeneratedRegex(@"^\W*(?:sijaan|sijasta|asemesta)\b")]
    private static partial System.Text.RegularExpressions.Regex InsteadAfter();

    /// The value the DM gives for the prompt, as it will be stored, or null when it gives none that fits.
    /// <paramref name="frame"/>: the prompt's frame, whose day said before (<see cref="DialogFrame.DateSaid"/>) a time alone
    /// completes; <paramref name="needsTime"/>: the flow says the value's time of day (<see cref="Flow.SaysTimeOf"/>), so a
    /// day alone is no answer.
    string? Read(FlowStep.Ask ask, Turn turn, DialogFrame? frame = null, bool needsTime = false)
    {
        var text = turn.Text.Trim();
        var context = Context(turn);
        Entity? First(string type) => recognizer.Recognize(text, context, type).FirstOrDefault();
        switch (ask.Kind)
        {
            case ValueKind.Text:
                // A photo answers "describe it or send a photo" as well as words do.
                return text.Length > 0 ? text : turn.Message.Attachments.FirstOrDefault()?.Url;
            case ValueKind.Attachment:
                return turn.Message.Attachments.FirstOrDefault()?.Url;
            case ValueKind.Number:
                return Counted(ask, turn) ?? NamedByPrompt(ask, turn) ?? NumberNow(turn) ?? (First("number") ?? First("currency"))?.Resolution["value"] as string;
            case ValueKind.YesNo:
                return First("boolean") is { } b ? ((bool)b.Resolution["value"]! ? "yes" : "no") : null;
            case ValueKind.Phone:
                return First("phonenumber")?.Resolution["e164"] as string;
            case ValueKind.Email:
                return First("email")?.Resolution["value"] as string;
            case ValueKind.OrderNumber:
                var match = ask.Pattern!.Match(text);
                return match.Success ? match.Value.ToUpperInvariant() : null;
            case ValueKind.DateTime:
                // A time in the past is no answer to "when should we call you?".
                var found = recognizer.Recognize(text, context, "datetimeV2");
                var when = Wanted(found, text, ask, turn.Language);
                if (when?.Instant is not { } instant) return null;
                // A day without a time of day, where the flow says the time, is half an answer (it was booked at midnight):
                // the flow asks again, and keeps the day for the time that follows ("tomorrow" … "3pm").
                if (DayOnly(when.Type) && needsTime) return null;
                if (!ask.WithinBusinessHours) instant = DaySaidOfRange(when, instant);
                if (TimeOfDayOnly(when.Type))
                {
                    // "at 3pm on Blursday", "on my birthday at 3": a clock time beside a day the recognizer could not read
                    // is not today at 3 — the flow asks again rather than book the wrong day.
                    if (UnreadDay(text, found) is not null) return null;
                    if (frame?.DateSaid is { } said && LocalDatePattern.Iso.Parse(said) is { Success: true } day)
                        instant = day.Value.At(instant.InZone(zone).TimeOfDay).InZoneLeniently(zone).ToInstant();
                    // A time of day already gone today is its next one: "call me at 8am", written at six in the evening,
                    // means tomorrow (it was refused as a time in the past, and the flow asked when).
                    else if (instant < turn.Now)
                        instant = instant.InZone(zone).Date.PlusDays(1).At(instant.InZone(zone).TimeOfDay).InZoneLeniently(zone).ToInstant();
                }
                instant = FirstWorkingMoment(when, instant);
                if (instant < turn.Now) return null;
                return LocalDateTimePattern.GeneralIso.Format(instant.InZone(zone).LocalDateTime);
            default:
                var options = ask.Choices.GetValueOrDefault(turn.Language) ?? ask.Choices[turn.Library.DefaultLanguage];
                var canonical = ask.Choices[turn.Library.DefaultLanguage];
                var folded = Matching.TextFolding.Fold(text).Trim(' ', '.', '!');
                for (var i = 0; i < options.Count; i++)
                    if (folded == Matching.TextFolding.Fold(options[i]) || folded == (i + 1).ToString(CultureInfo.InvariantCulture))
                        return canonical[Math.Min(i, canonical.Count - 1)];
                // Not an option named only to be denied: "nicht beschädigt, falscher Artikel" (a review of QA round 16).
                var spoken = WordsByClause(text);
                var mentioned = options.Select((o, i) => (o, i)).Where(p => folded.Contains(Matching.TextFolding.Fold(p.o)) && !Denied(spoken, AsWords(p.o))).ToList();
                if (mentioned.Count == 1) return canonical[Math.Min(mentioned[0].i, canonical.Count - 1)];
                return DistinctOption(options, text) is { } only ? canonical[Math.Min(only, canonical.Count - 1)] : null;
        }
    }

    /// The one option an answer names by a word only that option has, when it says nothing else of substance: "cargo",
    /// "the cargo one please" for "Cargo bike" beside "City bike", "an ebike" for "E-bike", "Artikel" for "Falscher
    /// Artikel". Null when it names none or several (a word every option shares, "bike", names none; nor does a function
    /// word, "nicht"), or says more: "Der Artikel ist kaputt" describes damage, it does not choose "Falscher Artikel".
    static int? DistinctOption(IReadOnlyList<string> options, string text)
    {
        static bool Content(string w) => w.Length >= 3 && !Matching.GenericWords.Contains(w, "");
        var said = Matching.TextFolding.FoldedWords(text);
        var saidKeys = said.Concat(said.Zip(said.Skip(1), (a, b) => a + b)).ToHashSet();   // "e bike" also as "ebike"
        var keys = options.Select(o =>
        {
            var words = Matching.TextFolding.FoldedWords(o);
            return words.Where(Content).Append(string.Concat(words)).Where(k => k.Length >= 3).ToHashSet();
        }).ToList();
        int? found = null;
        for (var i = 0; i < keys.Count; i++)
        {
            var own = keys[i].Where(k => keys.Where((_, j) => j != i).All(other => !other.Contains(k)));
            if (!own.Any(saidKeys.Contains)) continue;
            if (found is not null) return null;
            found = i;
        }
        if (found is not { } chosen) return null;
        // Every content word of the answer belongs to the chosen option (the pair "e bike" counts as "ebike").
        var optionKeys = keys[chosen];
        for (var w = 0; w < said.Count; w++)
        {
            if (!Content(said[w]) || optionKeys.Contains(said[w])) continue;
            var paired = (w > 0 && optionKeys.Contains(said[w - 1] + said[w])) || (w + 1 < said.Count && optionKeys.Contains(said[w] + said[w + 1]));
            if (!paired) return null;
        }
        return chosen;
    }

    /// Fills a flow text in the customer's language, or the library's default when the text has none: its values (a
    /// date, a reply-by time, a choice) read in the language of the text around them — never "on maanantai at 14.00".
    public string Render(LocalizedText text, Turn turn, ThreadMemory memory, PromiseScope scope = default)
    {
        var language = text.LanguageOf(turn.Language);
        return Render(text.In(language), turn.SpeakingIn(language), memory, scope);
    }

    /// Fills a flow text: collected values ({order_number}; dates with a format, {callback_time:dddd HH:mm}) and
    /// the common variables. A value is inserted as it is, never read as a template.
    string Render(Template template, Turn turn, ThreadMemory memory, PromiseScope scope) => template.Render(v =>
    {
        var colon = v.IndexOf(':');
        var name = colon < 0 ? v : v[..colon];
        if (memory.Variables.TryGetValue(name, out var value))
        {
            if (colon < 0) return FlowValues.Present(turn.Library, name, value, turn.Language);
            var parsed = LocalDateTimePattern.GeneralIso.Parse(value);
            return parsed.Success ? parsed.Value.ToString(v[(colon + 1)..], FlowValues.Culture(turn.Language)) : value;
        }
        return variables.Value(turn, name, scope);
    });
}
