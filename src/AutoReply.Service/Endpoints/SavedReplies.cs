using AutoReply.Core.Library;
using AutoReply.Core.Time;
using AutoReply.Service.Dialogs;
using AutoReply.Storage.Handoffs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoReply.Service.Endpoints;

public sealed record SavedReplyView(string Id, string Title, IReadOnlyDictionary<string, string> Texts)
{
    /// For a hand-off: the text as it would be sent, or null with the variables it lacks.
    public string? Rendered { get; init; }
    public IReadOnlyList<string>? Missing { get; init; }
}

/// Saved replies from dialogs/ (saved_replies:), listed for agents and filled in for a hand-off: the customer's
/// first name, the agent's name, business hours, and what the flows collected (the hand-off's summary); values
/// an agent gives win over those.
public static class SavedReplies
{
    public static void MapSavedReplies(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/saved-replies", List).AddEndpointFilter<AgentAccess>();

    static Results<Ok<IReadOnlyList<SavedReplyView>>, NotFoundProblem, ProblemHttpResult> List(string? handoff, HttpContext http,
        Storage.Database database, HandoffStore handoffs, Storage.Conversations.ConversationStore conversations, LibrarySource source,
        Core.Handoffs.EscalationPlan plan, TimeProvider clock)
    {
        var library = source.Current;
        Handoff? h = null;
        string? language = null;
        if (handoff is not null)
        {
            using var db = database.Open();
            h = handoffs.Find(handoff, db);
            if (h is null) return new NotFoundProblem($"no hand-off '{handoff}'");
            if (!((Caller)http.Items[typeof(Caller)]!).MaySee(h))
                return TypedResults.Problem("this hand-off belongs to another team's queue", statusCode: 403, title: "Forbidden");
            language = conversations.Language(h.Thread, db);
        }
        var caller = (Caller)http.Items[typeof(Caller)]!;
        var views = library.SavedReplies.Values.OrderBy(r => r.Title, StringComparer.Ordinal).Select(r =>
        {
            var view = new SavedReplyView(r.Id, r.Title, r.Text.ByLanguage.ToDictionary(kv => kv.Key, kv => kv.Value.Source));
            if (h is null) return view;
            var (text, missing) = Render(r, h, language, caller, plan.Hours, null, library, NodaTime.Instant.FromDateTimeOffset(clock.GetUtcNow()));
            return view with { Rendered = text, Missing = missing };
        }).ToList();
        return TypedResults.Ok<IReadOnlyList<SavedReplyView>>(views);
    }

    public static (string? Text, IReadOnlyList<string> Missing) Render(SavedReply reply, Handoff h, string? language, Caller agent, BusinessHours hours,
        IReadOnlyDictionary<string, string>? given, Core.Library.DialogLibrary library, NodaTime.Instant now)
    {
        // Values in the language of the text sent: a reply without a Finnish text is sent in the default language, and its
        // hours and dates with it (QA round 18: an English text with a Finnish date).
        var lang = reply.Text.LanguageOf(language);
        return reply.Render(language, name =>
        {
            if (given?.TryGetValue(name, out var v) == true) return v;
            return name switch
            {
                "name" => FirstName(h.SenderName),
                // The operator's token (and the anonymous development caller) is nobody a customer should be told they talk
                // to ("this is operator", "this is local"): without a name, {agent} is for the caller to give.
                "agent" => agent.DisplayName ?? (agent.IsOperator ? null : agent.Id),
                "business_hours" => TimeWording.Hours(hours, lang, now.InZone(hours.Zone).Date),
                _ => h.Summary.TryGetValue(name, out var s) ? Core.Dialogs.FlowValues.Present(library, name, s, lang) : null,
            };
        });
    }

    static string? FirstName(string? name) => name?.Trim() is { Length: > 0 } n ? n.Split(' ')[0] : null;
}
