using AutoReply.Channels;
using AutoReply.Service.Privacy;
using AutoReply.Storage.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoReply.Service.Endpoints;

public sealed record PrivacyLogView(long Seq, DateTimeOffset At, string Action, string Actor, string? Subject, IReadOnlyDictionary<string, int> Counts);

/// A customer's rights under the GDPR, for the operator: a copy of everything held about them (Art. 15/20), its
/// erasure (Art. 17), and the record of both and of the retention runs. Operator only: agents see threads, not this.
public static class PrivacyEndpoints
{
    public static void MapPrivacy(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/privacy").AddEndpointFilter<OperatorAccess>().LimitBodies();
        api.MapGet("/log", Log);
        api.MapGet("/{channel}/{sender}", Export);
        api.MapDelete("/{channel}/{sender}", Erase);
    }

    static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> Export(string channel, string sender, HttpContext http,
        PrivacyActions privacy)
    {
        sender = PathIds.Of(sender);
        return Valid(channel, sender) is { } problem ? problem : TypedResults.Ok(await privacy.Export(channel, sender, Actor(http), http.RequestAborted));
    }

    static async Task<Results<Ok<ErasureResult>, ProblemHttpResult>> Erase(string channel, string sender, HttpContext http, PrivacyActions privacy)
    {
        sender = PathIds.Of(sender);
        // Not cancelled with the request: an erasure half-reported is worse than one finished after the caller left.
        return Valid(channel, sender) is { } problem ? problem : TypedResults.Ok(await privacy.Erase(channel, sender, Actor(http), CancellationToken.None));
    }

    static Ok<PrivacyLogView[]> Log(PrivacyStore store, Storage.Database database, int? limit)
    {
        using var db = database.Open();
        return TypedResults.Ok(store.List(Math.Clamp(limit ?? 100, 1, 1000), db)
            .Select(r => new PrivacyLogView(r.Seq, r.At.ToDateTimeOffset(), r.Action, r.Actor, r.Subject, r.Counts)).ToArray());
    }

    static ProblemHttpResult? Valid(string channel, string sender) =>
        !ChannelNames.IsKnown(channel) ? ChannelRefusal.Unknown()
        : sender.Length is 0 or > 256 ? TypedResults.Problem("sender (at most 256 characters) is required", statusCode: 400)
        : null;

    static string Actor(HttpContext http) => http.Items[typeof(Caller)] is Caller c ? c.Id : "operator";
}
