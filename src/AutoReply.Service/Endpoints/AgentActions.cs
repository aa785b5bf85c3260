using AutoReply.Core.Handoffs;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;
using AutoReply.Service.Configuration;
using AutoReply.Service.Dialogs;
using AutoReply.Service.Workers;
using AutoReply.Storage;
using AutoReply.Storage.Conversations;
using AutoReply.Storage.Handoffs;
using AutoReply.Storage.Outbox;
using AutoReply.Storage.Transcript;
using Microsoft.Extensions.Options;
using NodaTime;
using DbConnection = System.Data.Common.DbConnection;
using DbTransaction = System.Data.Common.DbTransaction;

namespace AutoReply.Service.Endpoints;

public enum AgentOutcomeKind { Done, NotFound, Forbidden, Refused }

/// What became of an agent's action: done (with the hand-off as it is afterwards), no such hand-off, another team's,
/// or refused and why (it is resolved, another agent holds it, a saved reply lacks a value).
public sealed record AgentOutcome(AgentOutcomeKind Kind, Handoff? Handoff = null, string? Refusal = null)
{
    public static AgentOutcome Done(Handoff handoff) => new(AgentOutcomeKind.Done, handoff);
    public static readonly AgentOutcome NotFound = new(AgentOutcomeKind.NotFound);
    public static readonly AgentOutcome Forbidden = new(AgentOutcomeKind.Forbidden);
    public static AgentOutcome Refused(string why) => new(AgentOutcomeKind.Refused, Refusal: why);
}

/// What an agent does to a hand-off: claim it, answer the customer, leave a note, re-judge it, resolve it or hand it back
/// to the bot. Each action is one transaction — the hand-off exists, the caller may see it, the action's own rule holds —
/// and each is in the transcript under the agent's id. The endpoints only read requests and write answers.
public sealed class AgentActions(WriteQueue writes, HandoffStore handoffs, ReplyQueue replies, TranscriptStore transcript,
    ConversationStore conversations, CsatStore csat, IOptions<CsatOptions> csatOptions, EscalationPlan plan, PipelineSignals signals,
    SlaPolicies sla, ITeamRouting routing, LibrarySource library, TimeProvider clock)
{
    const string IsResolved = "the hand-off is resolved";
    const string ReusedKey = "this Idempotency-Key was used for another reply, which was sent; send this one under a new key";

    /// Claims the hand-off for the caller. Claiming one the caller already holds changes nothing (no second transcript
    /// line, no new update time): a double click or a client's retry is not a second claim.
    public Task<AgentOutcome> Claim(string id, Caller caller) => Run(id, caller, (h, now, db, tx) =>
    {
        if (h.Assignee == caller.Id && h.State != HandoffState.Resolved) return null;
        if (!handoffs.Claim(id, caller.Id, now, db, tx)) return h.State == HandoffState.Resolved ? IsResolved : $"claimed by {h.Assignee}";
        Record(h, TranscriptWords.Claim, caller, $"claimed hand-off {id}", now, db, tx);
        return null;
    });

    /// Answers the customer with <paramref name="text"/>, or with <paramref name="saved"/> filled in for this hand-off
    /// (<paramref name="variables"/> win over what the hand-off knows). The reply goes through the outbox like the bot's:
    /// durable with the state that caused it, retried, one key. A person now holds the thread. Under an
    /// <paramref name="idempotencyKey"/> the reply is sent once however often the request comes (a client's retry after a
    /// timeout, a double click): a repeat changes nothing and answers as the first did.
    public async Task<AgentOutcome> Reply(string id, Caller caller, string? text, SavedReply? saved, IReadOnlyDictionary<string, string>? variables,
        bool waitForCustomer, string? idempotencyKey = null)
    {
        var scope = $"{id}\n{caller.Id}";
        var outcome = await Run(id, caller, (h, now, db, tx) =>
        {
            // A key already used: the reply was sent, whatever became of the hand-off since (a retry after the resolve it
            // raced is answered as the first request was, not 409 "resolved"); another text under it is refused, so the
            // agent knows it was not sent. A saved reply is the same reply however it renders now.
            if (idempotencyKey is not null && replies.QueuedText(ReplyQueue.KeyedId(scope, idempotencyKey), db, tx) is { } first)
                return saved is not null || first == text ? null : ReusedKey;
            if (h.State == HandoffState.Resolved) return IsResolved;
            if (h.Assignee is { } holder && holder != caller.Id) return $"claimed by {holder}";
            if (saved is not null)
            {
                var (rendered, missing) = SavedReplies.Render(saved, h, conversations.Language(h.Thread, db, tx), caller, plan.Hours, variables, library.Current, now);
                if (rendered is null)
                    return $"saved reply '{saved.Id}' needs {string.Join(", ", missing.Select(m => "{" + m + "}"))}, which this hand-off does not have: " +
                        "give them in 'variables'";
                text = rendered;
            }
            var reply = Core.Messages.Reply.Of(ReplyKind.Agent, text!);
            if (idempotencyKey is null) replies.Queue(h.Thread, h.SenderId, reply, caller.Id, now, db, tx);
            // Two requests under one key at once: the second insert waits for the first and finds it (see above).
            else if (ReplyQueue.Keyed(scope, idempotencyKey, h.Thread, h.SenderId, reply, now) is var keyed && !replies.QueueOnce(keyed, caller.Id, db, tx))
                return replies.QueuedText(keyed.Id, db, tx) is { } raced && raced != text ? ReusedKey : null;
            if (waitForCustomer) Record(h, TranscriptWords.Waiting, caller, "waiting for the customer", now, db, tx);
            handoffs.Responded(id, caller.Id, now, db, tx, waitForCustomer);
            conversations.SetHold(h.Thread, held: true, answered: true, now, db, tx);
            return null;
        });
        if (outcome.Kind == AgentOutcomeKind.Done) signals.OutboxChanged.Set();
        return outcome;
    }

    /// An internal note: in the transcript for colleagues, never sent to the customer.
    public Task<AgentOutcome> Note(string id, Caller caller, string text) => Run(id, caller, (h, now, db, tx) =>
    {
        Record(h, TranscriptWords.Note, caller, text, now, db, tx);
        return null;
    });

    public Task<AgentOutcome> Change(string id, Caller caller, Priority? priority, string? category) => Run(id, caller, (h, now, db, tx) =>
    {
        if (HeldByAnother(h, caller) is { } held) return held;
        var (newPriority, newCategory) = (priority ?? h.Priority, category ?? h.Category);
        var team = routing.TeamFor(newCategory);
        // Dated from the opening, as the engine dated it: "urgent" an hour in means the urgent target from the first DM.
        if (!handoffs.Change(id, newPriority, newCategory, sla.DueTimes(newCategory, newPriority, h.OpenedAt), team, now, db, tx)) return IsResolved;
        var line = $"priority {PriorityNames.Name(newPriority)}, category {newCategory}" + (team != h.Team ? $"; moved to team {team}" : "") + Override(h, caller);
        Record(h, TranscriptWords.Change, caller, line, now, db, tx);
        return null;
    });

    /// Resolves the hand-off, or hands the thread back to the bot (<paramref name="releasedToBot"/>): either way the bot
    /// answers the thread again. A resolved one (not one handed back) that a person answered is followed by the
    /// satisfaction question; one resolved without a person's reply (spam, settled elsewhere) is not — "how happy are you
    /// with the help you got from our team?" after no help at all would be a form letter.
    public Task<AgentOutcome> Close(string id, Caller caller, bool releasedToBot) => Run(id, caller, (h, now, db, tx) =>
    {
        if (h.State != HandoffState.Resolved && HeldByAnother(h, caller) is { } held) return held;
        if (!handoffs.Resolve(id, releasedToBot, now, db, tx)) return "the hand-off is already resolved";
        conversations.SetHold(h.Thread, held: false, answered: false, now, db, tx, personSpoke: h.FirstResponseAt is not null);
        var unanswered = !releasedToBot && csatOptions.Value.Enabled && h.FirstResponseAt is null;
        if (!releasedToBot && csatOptions.Value.Enabled && !unanswered)
            csat.Schedule(id, h.Thread, h.SenderId, now + Duration.FromTimeSpan(csatOptions.Value.Delay), db, tx);
        var kind = releasedToBot ? TranscriptWords.Release : TranscriptWords.Resolve;
        Record(h, kind, caller, (releasedToBot ? "handed back to the bot" : "resolved") + Override(h, caller)
            + (unanswered ? "; no satisfaction question: no person answered the customer" : ""), now, db, tx);
        return null;
    });

    /// One action on one hand-off, in one transaction: the hand-off exists, the caller may see it, then the action
    /// runs — returning null when done, or why it could not be done.
    async Task<AgentOutcome> Run(string id, Caller caller, Func<Handoff, Instant, DbConnection, DbTransaction, string?> action)
    {
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        return await writes.Write((db, tx) =>
        {
            if (handoffs.Find(id, db, tx) is not { } h) return AgentOutcome.NotFound;
            if (!caller.MaySee(h)) return AgentOutcome.Forbidden;
            return action(h, now, db, tx) is { } refused ? AgentOutcome.Refused(refused) : AgentOutcome.Done(handoffs.Find(id, db, tx)!);
        });
    }

    void Record(Handoff h, string kind, Caller caller, string text, Instant now, DbConnection db, DbTransaction tx) =>
        transcript.Append(new TranscriptEntry(h.Thread, now, TranscriptDirection.Event, kind, caller.Id, text, h.Id), db, tx);

    /// A claimed hand-off is changed, resolved or released only by the agent who holds it — or by the operator, and
    /// then the transcript says whose claim was overridden.
    static string? HeldByAnother(Handoff h, Caller caller) =>
        h.Assignee is { } holder && holder != caller.Id && !caller.IsOperator ? $"claimed by {holder}" : null;

    static string Override(Handoff h, Caller caller) =>
        h.Assignee is { } holder && holder != caller.Id ? $" (operator override of {holder}'s claim)" : "";
}
