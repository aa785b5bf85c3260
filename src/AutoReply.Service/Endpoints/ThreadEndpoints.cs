using AutoReply.Channels;
using AutoReply.Core.Messages;
using AutoReply.Storage.Conversations;
using AutoReply.Storage.Outbox;
using AutoReply.Storage;
using AutoReply.Storage.Transcript;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace AutoReply.Service.Endpoints;

/// QuickReplies: the options a reply offered ("which of these do you mean?"), null for none: without them an agent reading
/// the thread saw a question with no choices (QA round 8).
public sealed record TranscriptEntryView(DateTimeOffset At, string Direction, string Kind, string? Actor, string? Text, string? Id, string? Delivery,
    IReadOnlyList<string>? QuickReplies);
public sealed record ThreadView(string Channel, string Thread, IReadOnlyList<TranscriptEntryView> Entries)
{
    public static ThreadView Of(ThreadKey key, IReadOnlyList<TranscriptLine> lines) => new(key.Channel, key.ThreadId,
        lines.Select(l => new TranscriptEntryView(l.At.ToDateTimeOffset(), l.Direction.Wire(), l.Kind, l.Actor, l.Text, l.RefId, l.Delivery,
            l.QuickReplies.Count == 0 ? null : l.QuickReplies)).ToList());
}
public sealed record DeadLetterView(string Id, string Channel, string Thread, string Recipient, string Kind, string Text, int Attempts, string? LastError,
    DateTimeOffset CreatedAt);

/// Read APIs over what the pipeline stored: a thread's transcript and the dead letters.
public static class ThreadEndpoints
{
    public static void MapThreadApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<OperatorAccess>();
        api.MapGet("/threads/{thread}", GetThread);
        api.MapGet("/deadletters", GetDeadLetters);
        api.MapPost("/deadletters/{id}/retry", Retry);

    }

    static Results<Ok<ThreadView>, NotFoundProblem, ProblemHttpResult> GetThread(string thread, string? channel, Storage.Database database,
        ConversationStore conversations, TranscriptStore transcript)
    {
        if (!string.IsNullOrWhiteSpace(channel) && !ChannelNames.IsKnown(channel))
            return ChannelRefusal.Unknown();
        var key = new ThreadKey(string.IsNullOrWhiteSpace(channel) ? "generic" : channel, PathIds.Of(thread));
        using var db = database.Open();
        var lines = transcript.ForThread(key, db);
        if (lines.Count == 0 && !conversations.ThreadExists(key, db))
            return new NotFoundProblem($"no thread '{thread}' on channel '{key.Channel}'");
        return TypedResults.Ok(ThreadView.Of(key, lines));
    }

    /// A dead-lettered reply goes back into the outbox under its original id, which is its Idempotency-Key: a receiver
    /// that did get it after all recognises it. Its thread's order holds (a reply pending before it goes first).
    static async Task<Results<Accepted<RetryView>, NotFoundProblem>> Retry(string id, Workers.DeadLetterRetry retry)
    {
        if (!await retry.Retry(id)) return new NotFoundProblem($"no dead-lettered reply '{id}'");
        return TypedResults.Accepted((string?)null, new RetryView(id, "pending"));
    }

    static Ok<IReadOnlyList<DeadLetterView>> GetDeadLetters(int? limit, Storage.Database database, OutboxStore outbox)
    {
        using var db = database.Open();
        var dead = outbox.DeadLetters(Math.Clamp(limit ?? 100, 1, 1000), db);
        return TypedResults.Ok<IReadOnlyList<DeadLetterView>>(dead.Select(d => new DeadLetterView(d.Id, d.Thread.Channel, d.Thread.ThreadId,
            d.Recipient, d.Kind, d.Text, d.Attempts, d.LastError, d.CreatedAt.ToDateTimeOffset())).ToList());
    }
}

public sealed record RetryView(string Id, string State);

