using AutoReply.Channels.Meta;
using AutoReply.Channels.Platforms;
using AutoReply.Core.Engine;
using AutoReply.Core.Handoffs;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;
using AutoReply.Core.Threads;
using NodaTime;

namespace AutoReply.Service.Dialogs;

/// Runs conversation tests against a library with the service's own engine (its business hours, holidays, SLA and
/// escalation tiers), on a clock the test moves: no database, no network; flow lookups answer from the test's stubs.
/// A test stops at its first failure (what follows would fail because of it) and says where and what: the step's
/// file:line, what was expected and what the bot did.
public sealed class ConversationScriptRunner(ConversationEngine engine, EscalationPlan escalation)
{
    const string Account = "brand", Customer = "customer";

    /// Null when the test passes; otherwise the first failure as "file:line: test "name": …".
    public string? Run(ConversationScript script, DialogLibrary library)
    {
        var key = script.Channel == "generic" ? new ThreadKey("generic", "test") : PlatformThreads.Of(script.Channel, Account, Customer);
        var thread = ConversationState.New(key);
        var contact = ContactState.New(script.Channel, Customer);
        var now = script.Start;
        HandoffClock? open = null;
        var fired = new HashSet<string>();
        var sequence = 0;
        string Fail(int line, string message) => $"{script.File}:{line}: test \"{script.Name}\": {message}";

        foreach (var step in script.Steps)
        {
            switch (step)
            {
                case ScriptStep.Customer c:
                {
                    var message = new InboundMessage(key, $"m-{++sequence}", new Sender(Customer, "Test Customer"), c.Text, now, now);
                    var turn = new Turn(message, thread, contact, library, now);
                    var result = engine.Handle(turn);
                    for (var hops = 0; result.Decision.Lookup is { } request && hops < 5; hops++)
                    {
                        if (!script.Lookups.TryGetValue(request.Name, out var stub))
                            return Fail(c.Line, $"the flow looks up '{request.Name}' and the test stubs no answer for it " +
                                $"(lookups: {request.Name}: found: {{…}}, not_found or failed)");
                        result = engine.Resume(turn, result,
                            new LookupResult(stub.Outcome, stub.Fields, stub.Outcome == LookupOutcome.Failed ? "stubbed failure" : null));
                    }
                    thread = result.Thread;
                    contact = result.Contact;
                    var decision = result.Decision;
                    if (Check(c, result) is { } failure) return Fail(failure.Line, failure.Message);
                    if (decision.HandOffRequest is { } h && open is null)
                        open = new HandoffClock(HandoffState.Queued, h.WarnAt, h.FirstResponseDue, h.ResolutionDue, null, fired,
                            escalation.AroundTheClock(h.Category, Core.Handoffs.SlaPolicies.ParsePriority(h.Priority)));
                    break;
                }
                case ScriptStep.Advance a:
                {
                    now += a.By;
                    var due = open is null ? [] : escalation.Plan(open with { Fired = fired }, now).Due.Select(d => d.Kind).ToList();
                    fired.UnionWith(due);
                    if (a.Escalations is { } expected && !expected.SequenceEqual(due))
                        return Fail(a.Line, $"expected escalations [{string.Join(", ", expected)}] due, got [{string.Join(", ", due)}]");
                    break;
                }
                case ScriptStep.Agent g:
                {
                    if (open is not null && open.FirstResponseAt is null) open = open with { FirstResponseAt = now };
                    thread = thread with { PersonAnswered = true, HeldByPerson = true };
                    var held = script.Channel is "messenger" or "instagram"
                        ? MetaWindow.For(ReplyKind.Agent, thread.LastInboundAt is { } last ? now - last : null).Held : null;
                    var delivery = held is null ? "sent" : "held";
                    if (g.Delivery is { } expected && expected != delivery)
                        return Fail(g.Line, $"expected the agent's reply to be {expected}, it is {delivery}{(held is null ? "" : $" ({held})")}");
                    break;
                }
            }
        }
        return null;
    }

    static (int Line, string Message)? Check(ScriptStep.Customer c, TurnResult result)
    {
        var decision = result.Decision;
        var said = $"the bot decided {decision.Kind.ToString().ToLowerInvariant()}: {decision.Reason}" +
            $"{(decision.Detail is null ? "" : $" ({decision.Detail})")}";
        if (c.Reason is { } reason && !string.Equals(reason, decision.Reason.ToString(), StringComparison.OrdinalIgnoreCase))
            return (c.Line, $"expected reason {reason}; {said}");
        if (c.Answer is { } answer && answer != decision.AnswerId)
            return (c.Line, $"expected answer '{answer}', got {(decision.AnswerId is null ? "no answer" : $"'{decision.AnswerId}'")}; {said}");
        if (c.HandOff is { } h)
        {
            var request = decision.Kind == DecisionKind.HandOff ? decision.HandOffRequest : null;
            if (h.None && request is not null) return (h.Line, $"expected no hand-off, got one ({request.Category}, {request.Priority}); {said}");
            if (!h.None)
            {
                if (request is null) return (h.Line, $"expected a hand-off; {said}");
                // The decision's reason, or the hand-off's own (a flow handing off because the customer asked for a person).
                if (h.Reason is { } r && !string.Equals(r, decision.Reason.ToString(), StringComparison.OrdinalIgnoreCase)
                    && !request.Reason.StartsWith(r, StringComparison.OrdinalIgnoreCase))
                    return (h.Line, $"expected hand-off reason {r}, got {decision.Reason} ({request.Reason})");
                if (h.Category is { } category && category != request.Category)
                    return (h.Line, $"expected hand-off category {category}, got {request.Category}");
                if (h.Priority is { } priority && priority != request.Priority)
                    return (h.Line, $"expected hand-off priority {priority}, got {request.Priority}");
            }
        }
        if (c.Bot is not { } expected) return null;
        // The disclosure ("I'm an automated assistant") comes before automated replies; a test checks it only by listing it.
        var replies = expected.Any(e => e.Kind == "disclosure") ? result.Replies : result.Replies.Where(r => r.Kind != ReplyKind.Disclosure).ToList();
        var shown = replies.Count == 0 ? "nothing" : string.Join(" | ", replies.Select(r => $"[{r.Kind.Wire()}] \"{r.Text}\""));
        if (expected.Count == 0 && replies.Count > 0) return (c.Line, $"expected silence, the bot said {shown}");
        if (expected.Count != replies.Count) return (c.Line, $"expected {expected.Count} repl{(expected.Count == 1 ? "y" : "ies")}, the bot said {shown}");
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var r = replies[i];
            if (e.Kind is { } kind && kind != r.Kind.Wire()) return (e.Line, $"expected a reply of kind {kind}, got [{r.Kind.Wire()}] \"{r.Text}\"");
            if (e.Text is { } text && text != r.Text) return (e.Line, $"expected the text \"{text}\", got \"{r.Text}\"");
            foreach (var part in e.Contains)
                if (!r.Text.Contains(part, StringComparison.OrdinalIgnoreCase)) return (e.Line, $"expected a reply containing \"{part}\", got \"{r.Text}\"");
            if (e.QuickReplies is { } quick && !quick.SequenceEqual(r.QuickReplies))
                return (e.Line, $"expected quick replies [{string.Join(", ", quick)}], got [{string.Join(", ", r.QuickReplies)}]");
        }
        return null;
    }
}
