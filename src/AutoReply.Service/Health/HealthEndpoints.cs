using AutoReply.Storage.Inbox;
using AutoReply.Storage.Outbox;
using AutoReply.Storage;
using Dapper;

namespace AutoReply.Service.Health;

public sealed record HealthView(string Status, string Database, long InboxPending, long OutboxPending, IReadOnlyDictionary<string, WorkerView> Workers,
    IReadOnlyList<DisconnectedView> DisconnectedAccounts)
{
    /// How long the DM waiting longest for its decision has waited, in seconds (null: none waits).
    public double? OldestPendingSeconds { get; init; }
    /// Why the status is not healthy, one line each.
    public IReadOnlyList<string> Problems { get; init; } = [];
}
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

/// GET /healthz: 200 when the database answers and both pipeline workers run and work; 503 otherwise, with what is wrong
/// (<see cref="HealthView.Problems"/>): a worker stopped, stalled (its loop has not come round for Health:StalledAfterSeconds)
/// or failing (Health:FailuresInARow passes failed in a row: the database refuses it, say), or a DM waiting longer than
/// Health:MaxInboxWaitSeconds for its decision (the workers run but do not keep up, or do not reach it).
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
        WorkerHealth health, Workers.AccountConnections connections, TimeProvider clock, Microsoft.Extensions.Options.IOptions<Configuration.HealthOptions> options) =>
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var problems = new List<string>();
        string dbState;
        long inboxPending = -1, outboxPending = -1;
        double? oldest = null;
        try
        {
            using var db = database.Open();   // the counts below are the database answering
            inboxPending = inbox.PendingCount(db);
            outboxPending = outbox.PendingCount(db);
            if (inboxPending > 0 && inbox.OldestPending(db) is { } at) oldest = Math.Max(0, (now - at.ToDateTimeOffset()).TotalSeconds);
            dbState = "ok";
        }
        catch (Exception e)
        {
            dbState = "failing: " + e.Message;
            problems.Add("the database does not answer");
        }
        var workers = health.Snapshot();
        var views = RequiredWorkers.ToDictionary(w => w, w => workers.TryGetValue(w, out var s)
            ? new WorkerView(State(s, now, o), s.LastBeat, s.LastError, s.LastErrorAt)
            : new WorkerView("not started", default, null, null));
        foreach (var (name, v) in views)
            if (v.State != "running") problems.Add($"the {name} worker is {v.State}");
        if (oldest > o.MaxInboxWaitSeconds)
            problems.Add(FormattableString.Invariant($"a DM has waited {oldest:0} s for its decision (more than {o.MaxInboxWaitSeconds:0} s)"));
        var healthy = problems.Count == 0;
        // A disconnected account is the brand's to fix, not the service's: listed here, the status stays as it is.
        var disconnected = connections.All.Select(a => new DisconnectedView(a.Channel, a.Account, a.Since.ToDateTimeOffset(), a.Reason)).ToList();
        var view = new HealthView(healthy ? "healthy" : "unhealthy", dbState, inboxPending, outboxPending, views, disconnected)
        {
            OldestPendingSeconds = oldest is { } seconds ? Math.Round(seconds, 1) : null,
            Problems = problems,
        };
        return Results.Json(view, statusCode: healthy ? 200 : 503);
    });

    /// "running", or "stopped", "stalled" (its loop has not come round lately) or "failing" (its last passes all failed).
    static string State(WorkerHealth.Status s, DateTimeOffset now, Configuration.HealthOptions o) =>
        s.Stopped ? "stopped"
        : (now - s.LastBeat).TotalSeconds > o.StalledAfterSeconds ? "stalled"
        : s.FailuresInARow >= o.FailuresInARow ? "failing"
        : "running";
}
