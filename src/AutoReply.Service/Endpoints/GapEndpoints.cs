using System.Globalization;
using AutoReply.Service.Dialogs;
using AutoReply.Storage.Transcript;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Text;

namespace AutoReply.Service.Endpoints;

public sealed record GapExamplesBody(string? AnswerId, string? Language, IReadOnlyList<string>? MessageIds, bool Apply);
public sealed record GapAnswerBody(string? Id, string? Category, string? Language, string? Title, IReadOnlyList<string>? MessageIds, string? Reply, bool Apply);

/// An answer of the live library, as the gaps page offers it.
public sealed record AnswerSummary(string Id, string Category, string Title, IReadOnlyList<string> Languages);

/// The edit an operator asked for: the file, the diff, the examples it adds, and whether it was written (apply) or only shown.
public sealed record GapEditView(string File, string Diff, IReadOnlyList<string> Examples, bool Applied);

/// GET /api/gaps?from=&to=&lang= (agents and the operator): what the bot did not answer, grouped by what was asked;
/// GET /api/answers: the live library's answers.
/// POST /api/gaps/examples and /api/gaps/answers (the operator): a group's DMs added as examples to an answer, or a new
/// answer drafted from them — shown as a diff first ("apply": false), written and reloaded with "apply": true, only when
/// the library loads with it. X DMs and personal data never become examples.
public static class GapEndpoints
{
    const int MaxDays = 92;

    public static void MapGaps(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/gaps", Report).AddEndpointFilter<AgentAccess>();
        app.MapGet("/api/answers", (LibrarySource library) => TypedResults.Ok(library.Current.Answers.Values.OrderBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => new AnswerSummary(a.Id, a.Category, a.TitleIn(library.Current.DefaultLanguage, library.Current.DefaultLanguage),
                a.ByLanguage.Keys.Order().ToList())).ToList()))
            .AddEndpointFilter<AgentAccess>();
        var edits = app.MapGroup("/api/gaps").AddEndpointFilter<OperatorAccess>().LimitBodies();
        edits.MapPost("/examples", AddExamples);
        edits.MapPost("/answers", NewAnswer);
    }

    static Results<Ok<GapsReport>, ProblemHttpResult> Report(string? from, string? to, string? lang, LibraryGaps gaps, Core.Handoffs.EscalationPlan plan,
        TimeProvider clock)
    {
        var zone = plan.Hours.Zone;
        var today = Instant.FromDateTimeOffset(clock.GetUtcNow()).InZone(zone).Date;
        if (!StatsEndpoints.TryDate(to, today, out var end) || !StatsEndpoints.TryDate(from, end.PlusDays(-29), out var start))
            return TypedResults.Problem("'from' and 'to' are dates like 2026-11-23", statusCode: 400);
        if (start > end) return TypedResults.Problem("'from' must not be after 'to'", statusCode: 400);
        if (Period.Between(start, end, PeriodUnits.Days).Days >= MaxDays) return TypedResults.Problem($"at most {MaxDays} days at a time", statusCode: 400);
        if (lang is { Length: 0 } || lang is { Length: > 8 }) return TypedResults.Problem("'lang' is a language code like en", statusCode: 400);
        var fromInstant = start.AtStartOfDayInZone(zone).ToInstant();
        var toInstant = end.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        return TypedResults.Ok(gaps.Report(fromInstant, toInstant, lang, LocalDatePattern.Iso.Format(start), LocalDatePattern.Iso.Format(end)));
    }

    static async Task<Results<Ok<GapEditView>, ProblemHttpResult>> AddExamples(GapExamplesBody body, GapReads reads, Storage.Database database,
        LibrarySource library, LibraryEditor editor, CancellationToken ct)
    {
        if (body.AnswerId is not { Length: > 0 } answerId || !library.Current.Answers.ContainsKey(answerId))
            return TypedResults.Problem($"'answerId' must be one of the library's answers ({string.Join(", ", library.Current.Answers.Keys.Order())})",
                statusCode: 400);
        if (Examples(body.MessageIds, body.Language, reads, database, library, out var language) is not { } examples) return Invalid(body.MessageIds);
        var (edit, error) = LibraryEdits.AddExamples(editor.Directory, answerId, language, examples);
        if (edit is null) return TypedResults.Problem(error, statusCode: 400);
        return await Finish(edit, examples, body.Apply, editor, ct);
    }

    static async Task<Results<Ok<GapEditView>, ProblemHttpResult>> NewAnswer(GapAnswerBody body, GapReads reads, Storage.Database database,
        LibrarySource library, LibraryEditor editor, CancellationToken ct)
    {
        if (body.Id is not { Length: > 0 and <= 64 } id || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            return TypedResults.Problem("'id' is required: lower-case letters, digits and dashes, like gift-wrapping", statusCode: 400);
        if (library.Current.Answers.ContainsKey(id))
            return TypedResults.Problem($"the library has an answer '{id}' already: add the examples to it instead", statusCode: 400);
        var category = body.Category ?? "general";
        if (!Core.Library.Answer.Categories.Contains(category))
            return TypedResults.Problem($"'category' must be one of {string.Join(", ", Core.Library.Answer.Categories)}", statusCode: 400);
        if (body.Title is not { Length: > 0 and <= 200 } title) return TypedResults.Problem("'title' is required (at most 200 characters)", statusCode: 400);
        if (body.Reply is not { Length: > 0 and <= 2000 } reply) return TypedResults.Problem("'reply' is required (at most 2,000 characters)", statusCode: 400);
        if (Examples(body.MessageIds, body.Language, reads, database, library, out var language) is not { } examples) return Invalid(body.MessageIds);
        var edit = LibraryEdits.NewAnswer(editor.Directory, new AnswerDraft(id, category, language, title, examples, reply));
        return await Finish(edit, examples, body.Apply, editor, ct);
    }

    /// The DMs' texts as examples (personal data out, none from X), in the language asked or the one most of them are in.
    static IReadOnlyList<string>? Examples(IReadOnlyList<string>? ids, string? requested, GapReads reads, Storage.Database database, LibrarySource library,
        out string language)
    {
        language = requested ?? library.Current.DefaultLanguage;
        if (ids is not { Count: > 0 and <= 200 }) return null;
        var seqs = new List<long>();
        foreach (var id in ids)
        {
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)) return null;
            seqs.Add(seq);
        }
        using var db = database.Open();
        var dms = reads.ByIds(seqs, database.Dialect, db);
        if (dms.Count != seqs.Distinct().Count()) return null;
        if (requested is null)
            language = dms.Select(d => library.Current.Detector.Detect(LibraryGaps.Words(d.Text)).Language)
                .CountBy(l => l).OrderByDescending(kv => kv.Value).First().Key;
        return LibraryGaps.Examples(dms.Select(d => (d, LibraryGaps.Words(d.Text)))).ToList();
    }

    static ProblemHttpResult Invalid(IReadOnlyList<string>? ids) => TypedResults.Problem(
        ids is not { Count: > 0 }
            ? "'messageIds' is required: the ids of a gap cluster's DMs (at most 200)"
            : "'messageIds' holds an id that is not a DM of the transcript",
        statusCode: 400);

    static async Task<Results<Ok<GapEditView>, ProblemHttpResult>> Finish(LibraryEdit edit, IReadOnlyList<string> examples, bool apply, LibraryEditor editor,
        CancellationToken ct)
    {
        if (examples.Count == 0)
            return TypedResults.Problem("none of these DMs can become an example (from X, or nothing left once personal data is taken out)", statusCode: 400);
        var (errors, stale) = apply ? await editor.Apply(edit, ct) : new EditResult(editor.Check(edit), Stale: false);
        if (stale) return TypedResults.Problem(errors[0], statusCode: 409, title: "Conflict");
        if (errors.Count > 0)
        {
            var problem = TypedResults.Problem("the library would not load with this edit; nothing was written", statusCode: 400);
            problem.ProblemDetails.Extensions["errors"] = errors;
            return problem;
        }
        return TypedResults.Ok(new GapEditView(edit.File, edit.Diff, examples, apply));
    }
}
