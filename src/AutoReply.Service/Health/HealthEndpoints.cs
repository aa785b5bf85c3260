using AutoReply.Storage.Inbox;
using AutoReply.Storage.Outbox;
using AutoReply.Storage;
using Dapper;

namespace AutoReply.Service.Health;

public sealed record HealthView(string Status, string Database, long InboxPending, long OutboxPending, IReadOnlyDictionary<string, WorkerView> Workers);
public sealed record WorkerView(string State, DateTimeOffset LastBeat, string? LastError, DateTimeOffset? LastErrorAt);

/// GET /healthz: 200 when the database answers and both pipeline workers run; 503 otherwise, with what is wrong.
public static class HealthEndpoints
{
    static readonly string[] RequiredWorkers = ["turns", "outbox"];

    public static void MapHealth(this IEndpointRouteBuilder app) => app.MapGet("/healthz", (Storage.Database database, InboxStore inbox, OutboxStore outbox, WorkerHealth health) =>
    {
        string dbState;
        long inboxPending = -1, outboxPending = -1;
        try
        {
            using var db = database.Open();   // the counts below are the database answering
            inboxPending = inbox.PendingCount(db);
            outboxPending = outbox.PendingCount(db);
            dbState = "ok";
        }
        catch (Exception e)
        {
            dbState = "failing: " + e.Message;
        }
        var workers = health.Snapshot();
        var views = RequiredWorkers.ToDictionary(w => w, w => workers.TryGetValue(w, out var s)
            ? new WorkerView(s.Stopped ? "stopped" : "running", s.LastBeat, s.LastError, s.LastErrorAt)
            : new WorkerView("not started", default, null, null));
        var healthy = dbState == "ok" && views.Values.All(v => v.State == "running");
        var view = new HealthView(healthy ? "healthy" : "unhealthy", dbState, inboxPending, outboxPending, views);
        return Results.Json(view, statusCode: healthy ? 200 : 503);
    });
}
