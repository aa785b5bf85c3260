using AutoReply.Storage.Inbox;
using AutoReply.Storage.Outbox;
using AutoReply.Storage;
using Dapper;

namespace AutoReply.Service.Health;

public sealed record HealthView(string Status, string Database, long InboxPending, long OutboxPending, IReadOnlyDictionary<string, WorkerView> Workers,
    IReadOnlyList<DisconnectedView> DisconnectedAccounts);
/// A brand account that withdrew the app's access: its replies are held until a new access token is configured.
public sealed record DisconnectedView(string Channel, string Account, DateTimeOffset Since, string Reason);
public sealed record WorkerView(string State, DateTimeOffset LastBeat, string? LastError, DateTimeOffset? LastErrorAt);

/// Set once start-up has migrated the database and loaded a library, cleared when the host begins to stop.
public sealed class Readiness
{
    volatile bool ready;
    public bool Ready => ready;
    public void Set(bool value) => ready = value;
}

/// GET /healthz: 200 when the database answers and both pipeline workers run; 503 otherwise, with what is wrong.
/// GET /healthz/live: 200 while the process serves requests (an orchestrator restarts it otherwise).
/// GET /healthz/ready: 200 once the migrations ran and a library is loaded, and the database answers; 503 before, while
/// stopping, and while the database is away (a load balancer then sends no traffic here).
public static class HealthEndpoints
{
    static readonly string[] RequiredWorkers = ["turns", "outbox"];

    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz/live", () => Results.Json(new { status = "live" }));
        app.MapGet("/healthz/ready", (Readiness readiness, Storage.Database database) =>
        {
            if (!readiness.Ready) return Results.Json(new { status = "not ready", why = "starting or stopping" }, statusCode: 503);
            try
            {
                using var db = database.Open();
                Dapper.SqlMapper.ExecuteScalar<long>(db, "SELECT 1");
            }
            catch (Exception e)
            {
                return Results.Json(new { status = "not ready", why = "the database does not answer: " + e.Message }, statusCode: 503);
            }
            return Results.Json(new { status = "ready" });
        });
        MapFullHealth(app);
    }

    static void MapFullHealth(IEndpointRouteBuilder app) => app.MapGet("/healthz", (Storage.Database database, InboxStore inbox, OutboxStore outbox,
        WorkerHealth health, Workers.AccountConnections connections) =>
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
        // A disconnected account is the brand's to fix, not the service's: listed here, the status stays as it is.
        var disconnected = connections.All.Select(a => new DisconnectedView(a.Channel, a.Account, a.Since.ToDateTimeOffset(), a.Reason)).ToList();
        var view = new HealthView(healthy ? "healthy" : "unhealthy", dbState, inboxPending, outboxPending, views, disconnected);
        return Results.Json(view, statusCode: healthy ? 200 : 503);
    });
}
