using System.Data.Common;
using AutoReply.Core.Handoffs;
using AutoReply.Core.Messages;
using AutoReply.Service.Workers;
using AutoReply.Storage.Handoffs;
using AutoReply.Service.Dialogs;
using AutoReply.Storage.Outbox;
using AutoReply.Storage;
using AutoReply.Storage.Transcript;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace AutoReply.Service.Endpoints;

public sealed record HandoffView(string Id, string Channel, string Thread, string Sender, string Team, string Category, string Priority, string Reason,
    IReadOnlyDictionary<string, string> Summary, string State, string? Assignee, int Messages, DateTimeOffset OpenedAt,
    DateTimeOffset? FirstResponseDue, DateTimeOffset? ResolutionDue, DateTimeOffset? FirstResponseAt)
{
    public string? CustomerTier { get; init; }
    public string? SenderName { get; init; }
    public DateTimeOffset? WaitingSince { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    /// Why the hand-off was made, in words for the queue ("asked for a person", "no confident answer").
    public string ReasonText { get; init; } = "";
    /// The first line of the customer's latest DM (at most 140 characters), and when it came.
    public string? LastMessage { get; init; }
    public DateTimeOffset? LastMessageAt { get; init; }
    /// Every escalation of this hand-off, in the order they fired (the single hand-off's view only).
    public IReadOnlyList<EscalationView>? Escalations { get; init; }
}

public sealed record EscalationView(string Kind, int Tier, string TierName, DateTimeOffset DueAt, DateTimeOffset FiredAt, string FiredBy);

/// An agent's answer: a text, or a saved reply by id with values for its variables the hand-off lacks; with
/// waitForCustomer the hand-off waits for the customer (the resolution clock stops until they write).
public sealed record AgentReply(string? Text, string? SavedReply = null, Dictionary<string, string>? Variables = null, bool WaitForCustomer = false);
public sealed record HandoffChange(string? Priority, string? Category);

/// The agent API over the hand-off queue: list a team's queue, look at one, claim it, answer the customer (through
/// the outbox, to the customer's channel), resolve it or hand it back to the bot. Every action is in the transcript
/// with the agent's id. Agents see their own team's hand-offs only (403 for another team's); the operator sees all.
public static class HandoffEndpoints
{
    static readonly string[] States = ["open", "queued", "assigned", "waiting", "resolved"];
    const int MaxReplyLength = 2000;

    public static void MapHandoffApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/handoffs").AddEndpointFilter<AgentAccess>().LimitBodies();
        api.MapGet("", List);
        api.MapGet("/metrics", Metrics);
        api.MapGet("/{id}", Get);
        api.MapGet("/{id}/transcript", Transcript);
        api.MapPost("/{id}/claim", Claim);
        api.MapPost("/{id}/reply", Reply);
        api.MapPost("/{id}/note", Note);
        api.MapPost("/{id}/priority", Change);
        api.MapPost("/{id}/resolve", (string id, HttpContext http, Deps d) => Close(id, http, d, releasedToBot: false));
        api.MapPost("/{id}/release", (string id, HttpContext http, Deps d) => Close(id, http, d, releasedToBot: true));
    }

    /// What the handlers need, resolved once per request.
    public sealed record Deps(Storage.Database Database, WriteQueue Writes, HandoffStore Handoffs, OutboxStore Outbox, TranscriptStore Transcript,
        Storage.Conversations.ConversationStore Conversations, PipelineSignals Signals, TimeProvider Clock, EscalationStore Escalations,
        Dialogs.LibrarySource Library, Core.Handoffs.EscalationPlan Plan, CsatStore Csat, Microsoft.Extensions.Options.IOptions<Configuration.CsatOptions> CsatOptions);

    static Caller CallerOf(HttpContext http) => (Caller)http.Items[typeof(Caller)]!;

    static ProblemHttpResult Forbidden() => TypedResults.Problem("this hand-off belongs to another team's queue", statusCode: 403, title: "Forbidden");

    static Results<Ok<IReadOnlyList<HandoffView>>, ProblemHttpResult> List(string? state, int? limit, HttpContext http, Storage.Database database, HandoffStore handoffs)
    {
        state ??= "queued";
        if (!States.Contains(state)) return TypedResults.Problem($"state is one of {string.Join(", ", States)}", statusCode: 400);
        using var db = database.Open();
        return TypedResults.Ok<IReadOnlyList<HandoffView>>(handoffs.List(state, CallerOf(http).Team, Math.Clamp(limit ?? 100, 1, 1000), db).Select(View).ToList());
    }

    static Results<Ok<HandoffView>, NotFound<ProblemDetailsView>, ProblemHttpResult> Get(string id, HttpContext http, Deps d)
    {
        using var db = d.Database.Open();
        return d.Handoffs.Find(id, db) switch
        {
            null => TypedResults.NotFound(new ProblemDetailsView($"no hand-off '{id}'")),
            var h when !CallerOf(http).MaySee(h) => Forbidden(),
            var h => TypedResults.Ok(View(h) with
            {
                Escalations = d.Escalations.For(id, db).Select(e => new EscalationView(e.Kind, e.Tier, e.TierName, e.DueAt.ToDateTimeOffset(), e.FiredAt.ToDateTimeOffset(), e.FiredBy)).ToList(),
            }),
        };
    }

    /// The whole thread of a hand-off, for the agent working it (the team rule applies, like every action here).
    static Results<Ok<ThreadView>, NotFound<ProblemDetailsView>, ProblemHttpResult> Transcript(string id, HttpContext http, Deps d)
    {
        using var db = d.Database.Open();
        if (d.Handoffs.Find(id, db) is not { } h) return TypedResults.NotFound(new ProblemDetailsView($"no hand-off '{id}'"));
        if (!CallerOf(http).MaySee(h)) return Forbidden();
        var lines = d.Transcript.ForThread(h.Thread, db);
        return TypedResults.Ok(new ThreadView(h.Thread.Channel, h.Thread.ThreadId,
            lines.Select(l => new TranscriptEntryView(l.At.ToDateTimeOffset(), l.Direction, l.Kind, l.Actor, l.Text, l.RefId, l.Delivery)).ToList()));
    }

    /// The hand-off figures for hand-offs opened in [from, to) — by default the last 7 days; an agent sees their team's.
    static Results<Ok<HandoffFigures>, ProblemHttpResult> Metrics(string? from, string? to, HttpContext http, Deps d)
    {
        var now = d.Clock.GetUtcNow();
        if (!TryInstant(to, now, out var end) || !TryInstant(from, end.ToDateTimeOffset().AddDays(-7), out var start))
            return TypedResults.Problem("'from' and 'to' are ISO 8601 instants, like 2026-11-23T00:00:00Z", statusCode: 400);
        if (start >= end) return TypedResults.Problem("'from' must be before 'to'", statusCode: 400);
        using var db = d.Database.Open();
        return TypedResults.Ok(HandoffMetrics.For(start, end, CallerOf(http).Team, d.Plan.Hours, db));
    }

    static bool TryInstant(string? text, DateTimeOffset fallback, out Instant instant)
    {
        if (string.IsNullOrEmpty(text)) { instant = Instant.FromDateTimeOffset(fallback); return true; }
        var ok = DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed);
        instant = ok ? Instant.FromDateTimeOffset(parsed) : default;
        return ok;
    }

    /// One agent action on one hand-off, in one transaction: the hand-off exists, the caller may see it, then the
    /// action runs — returning null when done, or why it could not be done (answered 409). The answer carries the
    /// hand-off as it is afterwards.
    static async Task<(string Status, Handoff? Handoff)> Run(string id, Caller caller, Deps d,
        Func<Handoff, Instant, System.Data.Common.DbConnection, System.Data.Common.DbTransaction, string?> action)
    {
        var now = Instant.FromDateTimeOffset(d.Clock.GetUtcNow());
        return await d.Writes.Write((db, tx) =>
        {
            var h = d.Handoffs.Find(id, db, tx);
            if (h is null) return ("missing", h);
            if (!caller.MaySee(h)) return ("forbidden", h);
            return action(h, now, db, tx) is { } refused ? (refused, h) : ("ok", d.Handoffs.Find(id, db, tx));
        });
    }

    static Results<Ok<HandoffView>, NotFound<ProblemDetailsView>, ProblemHttpResult, Conflict<ProblemDetailsView>> Answer(string id, (string Status, Handoff? Handoff) outcome) =>
        outcome.Status switch
        {
            "missing" => TypedResults.NotFound(new ProblemDetailsView($"no hand-off '{id}'")),
            "forbidden" => Forbidden(),
            "ok" => TypedResults.Ok(View(outcome.Handoff!)),
            var refused => TypedResults.Conflict(new ProblemDetailsView(refused)),
        };

    static async Task<Results<Ok<HandoffView>, NotFound<ProblemDetailsView>, ProblemHttpResult, Conflict<ProblemDetailsView>>> Claim(string id, HttpContext http, Deps d)
    {
        var caller = CallerOf(http);
        return Answer(id, await Run(id, caller, d, (h, now, db, tx) =>
        {
            if (!d.Handoffs.Claim(id, caller.Id, now, db, tx)) return h.State == "resolved" ? "the hand-off is resolved" : $"claimed by {h.Assignee}";
            d.Transcript.Append(new TranscriptEntry(h.Thread, now, "event", "claim", caller.Id, $"claimed hand-off {id}", id), db, tx);
            return null;
        }));
    }

    static async Task<Results<Accepted<HandoffView>, NotFound<ProblemDetailsView>, Conflict<ProblemDetailsView>, ProblemHttpResult>> Reply(
        string id, AgentReply body, HttpContext http, Deps d)
    {
        var saved = body.SavedReply is { } savedId ? d.Library.Current.SavedReplies.GetValueOrDefault(savedId) : null;
        if (body.SavedReply is not null && saved is null)
            return TypedResults.Problem($"no saved reply '{body.SavedReply}' (saved replies: {string.Join(", ", d.Library.Current.SavedReplies.Keys.Order())})", statusCode: 400);
        if (saved is null && TextOf(body.Text) is null) return TypedResults.Problem($"'text' or 'savedReply' is required; a text is at most {MaxReplyLength} characters", statusCode: 400);
        var caller = CallerOf(http);
        var outcome = await Run(id, caller, d, (h, now, db, tx) =>
        {
            if (h.State == "resolved") return "the hand-off is resolved";
            if (h.Assignee is { } holder && holder != caller.Id) return $"claimed by {holder}";
            string text;
            if (saved is null) text = TextOf(body.Text)!;
            else
            {
                var (rendered, missing) = SavedReplies.Render(saved, h, d.Conversations.Language(h.Thread, db, tx), caller, d.Plan.Hours, body.Variables);
                if (rendered is null) return $"saved reply '{saved.Id}' needs {string.Join(", ", missing.Select(m => "{" + m + "}"))}, which this hand-off does not have: give them in 'variables'";
                text = rendered;
            }
            // The reply goes through the outbox like the bot's: durable with the state that caused it, retried, one key.
            var reply = new OutboundReply(Guid.CreateVersion7().ToString("N"), h.Thread, h.SenderId, ReplyKind.Agent, text, [], null, now);
            d.Outbox.Insert(reply, db, tx);
            d.Transcript.Append(new TranscriptEntry(h.Thread, now, "out", "agent", caller.Id, text, reply.Id), db, tx);
            if (body.WaitForCustomer) d.Transcript.Append(new TranscriptEntry(h.Thread, now, "event", "waiting", caller.Id, "waiting for the customer", id), db, tx);
            d.Handoffs.Responded(id, caller.Id, now, db, tx, body.WaitForCustomer);
            d.Conversations.SetHold(h.Thread, held: true, answered: true, now, db, tx);
            return null;
        });
        if (outcome.Status == "ok") d.Signals.OutboxChanged.Set();
        return Answer(id, outcome).Result switch
        {
            Ok<HandoffView> ok => TypedResults.Accepted((string?)null, ok.Value),
            NotFound<ProblemDetailsView> missing => missing,
            Conflict<ProblemDetailsView> conflict => conflict,
            var other => (ProblemHttpResult)other,
        };
    }

    /// An internal note: in the transcript for colleagues, never sent to the customer.
    static async Task<Results<Ok<HandoffView>, NotFound<ProblemDetailsView>, ProblemHttpResult, Conflict<ProblemDetailsView>>> Note(string id, AgentReply body, HttpContext http, Deps d)
    {
        if (TextOf(body.Text) is not { } text) return TypedResults.Problem($"'text' is required, at most {MaxReplyLength} characters", statusCode: 400);
        var caller = CallerOf(http);
        return Answer(id, await Run(id, caller, d, (h, now, db, tx) =>
        {
            d.Transcript.Append(new TranscriptEntry(h.Thread, now, "event", "note", caller.Id, text, id), db, tx);
            return null;
        }));
    }

    static async Task<Results<Ok<HandoffView>, NotFound<ProblemDetailsView>, ProblemHttpResult, Conflict<ProblemDetailsView>>> Change(string id, HandoffChange body, HttpContext http, Deps d)
    {
        int? priority = body.Priority is null ? null : PriorityNames.TryParse(body.Priority, out var named) ? (int)named : -1;
        if (priority < 0) return TypedResults.Problem($"priority is one of {string.Join(", ", PriorityNames.All)}", statusCode: 400);
        if (body.Category is not null && !Core.Library.Answer.Categories.Contains(body.Category))
            return TypedResults.Problem($"category is one of {string.Join(", ", Core.Library.Answer.Categories)}", statusCode: 400);
        if (priority is null && body.Category is null) return TypedResults.Problem("give a priority, a category, or both", statusCode: 400);
        var caller = CallerOf(http);
        return Answer(id, await Run(id, caller, d, (h, now, db, tx) =>
        {
            if (HeldByAnother(h, caller) is { } held) return held;
            if (!d.Handoffs.Change(id, priority, body.Category, now, db, tx)) return "the hand-off is resolved";
            d.Transcript.Append(new TranscriptEntry(h.Thread, now, "event", "change", caller.Id,
                $"priority {body.Priority ?? PriorityNames.Name(h.Priority)}, category {body.Category ?? h.Category}{Override(h, caller)}", id), db, tx);
            return null;
        }));
    }

    static async Task<Results<Ok<HandoffView>, NotFound<ProblemDetailsView>, ProblemHttpResult, Conflict<ProblemDetailsView>>> Close(string id, HttpContext http, Deps d, bool releasedToBot)
    {
        var caller = CallerOf(http);
        return Answer(id, await Run(id, caller, d, (h, now, db, tx) =>
        {
            if (h.State != "resolved" && HeldByAnother(h, caller) is { } held) return held;
            if (!d.Handoffs.Resolve(id, releasedToBot, now, db, tx)) return "the hand-off is already resolved";
            d.Conversations.SetHold(h.Thread, held: false, answered: false, now, db, tx);   // the bot answers this thread again
            // A resolved hand-off (not one handed back to the bot) is followed by the satisfaction question.
            if (!releasedToBot && d.CsatOptions.Value.Enabled)
                d.Csat.Schedule(id, h.Thread, h.SenderId, now + Duration.FromTimeSpan(d.CsatOptions.Value.Delay), db, tx);
            d.Transcript.Append(new TranscriptEntry(h.Thread, now, "event", releasedToBot ? "release" : "resolve", caller.Id,
                (releasedToBot ? "handed back to the bot" : "resolved") + Override(h, caller), id), db, tx);
            return null;
        }));
    }

    /// A claimed hand-off is changed, resolved or released only by the agent who holds it — or by the operator, and
    /// then the transcript says whose claim was overridden.
    static string? HeldByAnother(Handoff h, Caller caller) =>
        h.Assignee is { } holder && holder != caller.Id && !caller.IsOperator ? $"claimed by {holder}" : null;

    static string Override(Handoff h, Caller caller) =>
        h.Assignee is { } holder && holder != caller.Id ? $" (operator override of {holder}'s claim)" : "";

    /// A reply or note text: at most MaxReplyLength characters, and no control characters but line breaks and tabs (a NUL
    /// or an escape sequence has no business in a message to a customer or in the transcript).
    static string? TextOf(string? text) =>
        text?.Trim() is { Length: > 0 and <= MaxReplyLength } t && t.All(c => !char.IsControl(c) || c is '\n' or '\r' or '\t') ? t : null;

    static HandoffView View(Handoff h) => new(h.Id, h.Thread.Channel, h.Thread.ThreadId, h.SenderId, h.Team, h.Category,
        PriorityNames.Name(h.Priority), h.Reason, h.Summary, h.State, h.Assignee, h.Messages, h.OpenedAt.ToDateTimeOffset(),
        h.FirstResponseDue?.ToDateTimeOffset(), h.ResolutionDue?.ToDateTimeOffset(), h.FirstResponseAt?.ToDateTimeOffset())
    {
        CustomerTier = h.CustomerTier,
        SenderName = h.SenderName is { } name ? Core.Messages.Printable.Neutralise(name) : null,
        WaitingSince = h.WaitingSince?.ToDateTimeOffset(),
        ResolvedAt = h.ResolvedAt?.ToDateTimeOffset(),
        ReasonText = HandoffReasons.Describe(h.Reason),
        LastMessage = h.LastMessage is { } m ? FirstLine(m) : null,
        LastMessageAt = h.LastMessageAt?.ToDateTimeOffset(),
    };

    static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return line.Length <= 140 ? line : line[..139] + "…";
    }
}

/// A hand-off's reason as the queue says it: the engine's reason code (and a flow's own) in words, with what raised its
/// priority kept ("no confident answer (angry: \"?!\")").
public static class HandoffReasons
{
    static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["CustomerAskedForPerson"] = "asked for a person",
        ["NoConfidentAnswer"] = "no confident answer",
        ["OutOfScope"] = "not something the bot answers",
        ["RepeatedMiss"] = "the bot missed twice",
        ["LegalOrSafety"] = "legal or safety words",
        ["HumanHoldsThread"] = "wrote again while with a person",
        ["AckThrottled"] = "wrote again",
        ["FlowHandOff"] = "a flow handed over",
        ["PromptExhausted"] = "a flow could not understand the answer",
        ["Answered"] = "answered, and a person follows up",
        ["UnsupportedMessage"] = "a message the platform cannot show",
    };

    public static string Describe(string reason)
    {
        var code = new string(reason.TakeWhile(c => char.IsLetterOrDigit(c) || c == '-').ToArray());
        var rest = reason[code.Length..].Trim();
        var words = Words.TryGetValue(code, out var w) ? w
            : code.Length == 0 ? "handed over" : string.Concat(code.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())).Replace('-', ' ');
        return rest.Length == 0 ? words : $"{words} {rest}";
    }
}
