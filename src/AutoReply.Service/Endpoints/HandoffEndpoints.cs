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
    /// How a closed hand-off was closed: "resolved" by a person, "released" back to the bot, or "erased" by a privacy
    /// erasure; null while it is open. (Its state is "resolved" for all three: the queue is done with it.)
    public string? ClosedAs { get; init; }
    /// Why the hand-off was made, in words for the queue ("asked for a person", "no confident answer").
    public string ReasonText { get; init; } = "";
    /// The first line of the customer's latest DM (at most 140 characters), and when it came.
    public string? LastMessage { get; init; }
    public DateTimeOffset? LastMessageAt { get; init; }
    /// When a person last answered the customer: after <see cref="LastMessageAt"/>, the customer is not waiting.
    public DateTimeOffset? LastAnsweredAt { get; init; }
    /// Every escalation of this hand-off, in the order they fired (the single hand-off's view only).
    public IReadOnlyList<EscalationView>? Escalations { get; init; }
}

/// Who the caller of the agent API is, for the console's header.
/// Who the caller is, and the brand's time zone (its business hours'): the console shows times in it, as the customers
/// were promised them, not in the browser's zone.
public sealed record CallerView(string Id, string? Name, string? Team, bool Operator, string Zone);

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
    static readonly string[] States = [HandoffStates.Open, .. HandoffStates.All];
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
        api.MapPost("/{id}/resolve", (string id, HttpContext http, AgentActions actions) => Close(id, http, actions, releasedToBot: false));
        api.MapPost("/{id}/release", (string id, HttpContext http, AgentActions actions) => Close(id, http, actions, releasedToBot: true));
        app.MapGet("/api/me", Me).AddEndpointFilter<AgentAccess>();
    }

    static Ok<CallerView> Me(HttpContext http, Core.Handoffs.EscalationPlan plan)
    {
        var caller = CallerOf(http);
        return TypedResults.Ok(new CallerView(caller.Id, caller.DisplayName, caller.Team, caller.IsOperator, plan.Hours.Zone.Id));
    }

    static Caller CallerOf(HttpContext http) => (Caller)http.Items[typeof(Caller)]!;

    static ProblemHttpResult Forbidden() => TypedResults.Problem("this hand-off belongs to another team's queue", statusCode: 403, title: "Forbidden");

    static NotFoundProblem Missing(string id) => new NotFoundProblem($"no hand-off '{id}'");

    static Results<Ok<IReadOnlyList<HandoffView>>, ProblemHttpResult> List(string? state, int? limit, HttpContext http, Storage.Database database,
        HandoffStore handoffs)
    {
        state ??= HandoffState.Queued.Name();
        if (!States.Contains(state)) return TypedResults.Problem($"state is one of {string.Join(", ", States)}", statusCode: 400);
        using var db = database.Open();
        var list = handoffs.List(state, CallerOf(http).Team, Math.Clamp(limit ?? 100, 1, 1000), db);
        return TypedResults.Ok<IReadOnlyList<HandoffView>>(list.Select(View).ToList());
    }

    static Results<Ok<HandoffView>, NotFoundProblem, ProblemHttpResult> Get(string id, HttpContext http, Storage.Database database,
        HandoffStore handoffs, EscalationStore escalations)
    {
        using var db = database.Open();
        return handoffs.Find(id, db) switch
        {
            null => Missing(id),
            var h when !CallerOf(http).MaySee(h) => Forbidden(),
            var h => TypedResults.Ok(View(h) with
            {
                Escalations = escalations.For(id, db).Select(e =>
                    new EscalationView(e.Kind, e.Tier, e.TierName, e.DueAt.ToDateTimeOffset(), e.FiredAt.ToDateTimeOffset(), e.FiredBy)).ToList(),
            }),
        };
    }

    /// The whole thread of a hand-off, for the agent working it (the team rule applies, like every action here).
    static Results<Ok<ThreadView>, NotFoundProblem, ProblemHttpResult> Transcript(string id, HttpContext http, Storage.Database database,
        HandoffStore handoffs, TranscriptStore transcript)
    {
        using var db = database.Open();
        if (handoffs.Find(id, db) is not { } h) return Missing(id);
        if (!CallerOf(http).MaySee(h)) return Forbidden();
        return TypedResults.Ok(ThreadView.Of(h.Thread, transcript.ForThread(h.Thread, db)));
    }

    /// The hand-off figures for hand-offs opened in [from, to) — by default the last 7 days; an agent sees their team's.
    static Results<Ok<HandoffFigures>, ProblemHttpResult> Metrics(string? from, string? to, HttpContext http, Storage.Database database,
        EscalationPlan plan, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        if (!TryInstant(to, now, out var end) || !TryInstant(from, end.ToDateTimeOffset().AddDays(-7), out var start))
            return TypedResults.Problem("'from' and 'to' are ISO 8601 instants, like 2026-11-23T00:00:00Z", statusCode: 400);
        if (start >= end) return TypedResults.Problem("'from' must be before 'to'", statusCode: 400);
        using var db = database.Open();
        return TypedResults.Ok(HandoffMetrics.For(start, end, CallerOf(http).Team, plan.Hours, db));
    }

    static bool TryInstant(string? text, DateTimeOffset fallback, out Instant instant)
    {
        if (string.IsNullOrEmpty(text)) { instant = Instant.FromDateTimeOffset(fallback); return true; }
        var ok = DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed);
        instant = ok ? Instant.FromDateTimeOffset(parsed) : default;
        return ok;
    }

    /// An action's outcome as HTTP: the hand-off as it is afterwards, 404, 403, or 409 with why it was refused.
    static Results<Ok<HandoffView>, NotFoundProblem, ProblemHttpResult, ConflictProblem> Answer(string id, AgentOutcome outcome) =>
        outcome.Kind switch
        {
            AgentOutcomeKind.NotFound => Missing(id),
            AgentOutcomeKind.Forbidden => Forbidden(),
            AgentOutcomeKind.Done => TypedResults.Ok(View(outcome.Handoff!)),
            _ => new ConflictProblem(outcome.Refusal!),
        };

    static async Task<Results<Ok<HandoffView>, NotFoundProblem, ProblemHttpResult, ConflictProblem>> Claim(string id,
        HttpContext http, AgentActions actions) =>
        Answer(id, await actions.Claim(id, CallerOf(http)));

    const int MaxIdempotencyKey = 200;

    /// Sends the agent's reply; with an Idempotency-Key header, once per key however often the request is made.
    static async Task<Results<Accepted<HandoffView>, NotFoundProblem, ConflictProblem, ProblemHttpResult>> Reply(
        string id, AgentReply body, HttpContext http, AgentActions actions, LibrarySource library)
    {
        var savedReplies = library.Current.SavedReplies;
        var saved = body.SavedReply is { } savedId ? savedReplies.GetValueOrDefault(savedId) : null;
        if (body.SavedReply is not null && saved is null)
            return TypedResults.Problem($"no saved reply '{body.SavedReply}' (saved replies: {string.Join(", ", savedReplies.Keys.Order())})", statusCode: 400);
        if (body.SavedReply is not null && body.Text is not null)
            return TypedResults.Problem("'text' or 'savedReply', not both: a saved reply is sent as it is written", statusCode: 400);
        var text = TextOf(body.Text);
        if (saved is null && text is null)
            return TypedResults.Problem(body.Text is null ? "'text' or 'savedReply' is required" : TextRefusal(body.Text)!, statusCode: 400);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > MaxIdempotencyKey || key.Any(char.IsControl))
            return TypedResults.Problem($"Idempotency-Key is at most {MaxIdempotencyKey} characters, without control characters", statusCode: 400);
        var outcome = await actions.Reply(id, CallerOf(http), text, saved, body.Variables, body.WaitForCustomer, key.Length == 0 ? null : key);
        return Answer(id, outcome).Result switch
        {
            Ok<HandoffView> ok => TypedResults.Accepted((string?)null, ok.Value),
            NotFoundProblem missing => missing,
            ConflictProblem conflict => conflict,
            var other => (ProblemHttpResult)other,
        };
    }

    /// An internal note: in the transcript for colleagues, never sent to the customer.
    static async Task<Results<Ok<HandoffView>, NotFoundProblem, ProblemHttpResult, ConflictProblem>> Note(string id,
        AgentReply body, HttpContext http, AgentActions actions)
    {
        if (TextOf(body.Text) is not { } text) return TypedResults.Problem(TextRefusal(body.Text)!, statusCode: 400);
        return Answer(id, await actions.Note(id, CallerOf(http), text));
    }

    static async Task<Results<Ok<HandoffView>, NotFoundProblem, ProblemHttpResult, ConflictProblem>> Change(string id,
        HandoffChange body, HttpContext http, AgentActions actions)
    {
        Priority? priority = null;
        if (body.Priority is not null)
        {
            if (!PriorityNames.TryParse(body.Priority, out var named))
                return TypedResults.Problem($"priority is one of {string.Join(", ", PriorityNames.All)}", statusCode: 400);
            priority = named;
        }
        if (body.Category is not null && !Core.Library.Answer.Categories.Contains(body.Category))
            return TypedResults.Problem($"category is one of {string.Join(", ", Core.Library.Answer.Categories)}", statusCode: 400);
        if (priority is null && body.Category is null) return TypedResults.Problem("give a priority, a category, or both", statusCode: 400);
        return Answer(id, await actions.Change(id, CallerOf(http), priority, body.Category));
    }

    static async Task<Results<Ok<HandoffView>, NotFoundProblem, ProblemHttpResult, ConflictProblem>> Close(string id,
        HttpContext http, AgentActions actions, bool releasedToBot) =>
        Answer(id, await actions.Close(id, CallerOf(http), releasedToBot));

    /// A reply or note text: at most MaxReplyLength characters, and no control characters but line breaks and tabs (a NUL
    /// or an escape sequence has no business in a message to a customer or in the transcript).
    static string? TextOf(string? text) => TextRefusal(text) is null ? text!.Trim() : null;

    /// Why a reply's or a note's text is refused, in the caller's words; null when it is fine.
    static string? TextRefusal(string? text) => text?.Trim() switch
    {
        null or "" => "'text' is required",
        { Length: > MaxReplyLength } t => $"'text' is at most {MaxReplyLength} characters, not {t.Length}",
        var t when t.FirstOrDefault(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) is var bad && bad != default
            => $"'text' holds the control character U+{(int)bad:X4}: only line breaks and tabs may be in it",
        _ => null,
    };

    static HandoffView View(Handoff h) => new(h.Id, h.Thread.Channel, h.Thread.ThreadId, h.SenderId, h.Team, h.Category,
        PriorityNames.Name(h.Priority), h.Reason, h.Summary, h.State.Name(), h.Assignee, h.Messages, h.OpenedAt.ToDateTimeOffset(),
        h.FirstResponseDue?.ToDateTimeOffset(), h.ResolutionDue?.ToDateTimeOffset(), h.FirstResponseAt?.ToDateTimeOffset())
    {
        CustomerTier = h.CustomerTier,
        SenderName = h.SenderName is { } name ? Core.Messages.Printable.Neutralise(name) : null,
        // Only while it waits: once the customer answered, "waiting since" would say the agent is still waiting (QA, session 30).
        WaitingSince = h.State == HandoffState.Waiting ? h.WaitingSince?.ToDateTimeOffset() : null,
        ResolvedAt = h.ResolvedAt?.ToDateTimeOffset(),
        ClosedAs = h.State != HandoffState.Resolved ? null
            : h.Reason.EndsWith(Storage.Handoffs.HandoffStore.ReleasedMark, StringComparison.Ordinal) ? "released"
            : h.Reason.EndsWith(Storage.Handoffs.HandoffStore.ErasedMark, StringComparison.Ordinal) ? "erased" : "resolved",
        ReasonText = HandoffReasons.Describe(h.Reason),
        LastMessage = h.LastMessage is { } m ? FirstLine(m) : null,
        LastMessageAt = h.LastMessageAt?.ToDateTimeOffset(),
        LastAnsweredAt = h.LastAnsweredAt?.ToDateTimeOffset(),
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
        ["EngineFailed"] = "the bot failed on the DM",
        ["LegalOrSafety"] = "legal or safety words",
        ["HumanHoldsThread"] = "wrote again while with a person",
        ["AckThrottled"] = "wrote again",
        ["FlowHandOff"] = "a flow handed over",
        ["PromptExhausted"] = "a flow could not understand the answer",
        ["CustomerLacksValue"] = "the customer has not got what a flow asked for",
        ["Answered"] = "answered, and a person follows up",
        ["PartlyAnswered"] = "answered in part; the rest is for a person",
        ["UnsupportedMessage"] = "a message the platform cannot show",
    };

    public static string Describe(string reason)
    {
        var code = new string(reason.TakeWhile(c => char.IsLetterOrDigit(c) || c == '-').ToArray());
        var rest = reason[code.Length..].Trim();
        var words = Words.TryGetValue(code, out var w) ? w
            : code.Length == 0 ? "handed over"
            : string.Concat(code.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()))
                .Replace('-', ' ');
        return rest.Length == 0 ? words : $"{words} {rest}";
    }
}
