using AutoReply.Service.Configuration;
using AutoReply.Service.Health;
using AutoReply.Service.Workers;
using AutoReply.Storage.Cluster;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoReply.Service.Cluster;

/// This process among the instances sharing the database. Its id names every claim it takes and every escalation it
/// fires. Instance:Id sets a stable one (unique per running instance): a restart under it gives back its dead
/// predecessor's claims at once. Without it each start is a new instance, and its predecessor's claims are given back
/// when that one is seen dead (Instance:DeadAfterSeconds).
public sealed class ServiceInstance(IOptions<InstanceOptions> options)
{
    public string Id { get; } = string.IsNullOrWhiteSpace(options.Value.Id)
        ? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}"
        : options.Value.Id.Trim();

    public bool Stable { get; } = !string.IsNullOrWhiteSpace(options.Value.Id);

    public string Host { get; } = Environment.MachineName;
}

/// Keeps this instance registered with a heartbeat and gives back the claims of instances that stopped beating.
/// It works on a connection of its own (Database.OpenAside), not through the WriteQueue nor from the workers' pool, so a
/// long queue of writes or a pool they hold under load does not delay a heartbeat into a false death. It starts before
/// the workers claim anything and stops after them: on a clean stop it gives back whatever it still holds.
public sealed class InstanceHeartbeat(
    Storage.Database database,
    InstanceStore instances,
    ServiceInstance self,
    PipelineSignals signals,
    WorkerHealth health,
    TimeProvider clock,
    IOptions<InstanceOptions> options,
    ILogger<InstanceHeartbeat> log) : BackgroundService
{
    const string Name = "heartbeat";
    readonly InstanceOptions o = options.Value;

    public override Task StartAsync(CancellationToken ct)
    {
        Transact((db, tx) =>
        {
            if (self.Stable)
            {
                var freed = instances.Leave(self.Id, db, tx);
                if (freed > 0) log.LogWarning("Instance {Id} restarted: gave back {Claims} claims its previous run still held", self.Id, freed);
            }
            instances.Join(self.Id, self.Host, Now(), db, tx);
        });
        log.LogInformation("Instance {Id} joined", self.Id);
        return base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                health.Beat(Name);
                try
                {
                    Beat();
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    health.Failed(Name, e);
                    log.LogError(e, "Heartbeat of instance {Id} failed; retrying", self.Id);
                }
                await Task.Delay(TimeSpan.FromSeconds(o.HeartbeatSeconds), clock, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        finally { health.Stopped(Name); }
    }

    void Beat()
    {
        var reaped = Transact((db, tx) =>
        {
            var now = Now();
            if (!instances.Beat(self.Id, now, db, tx))
            {
                // Taken for dead by another instance (a pause longer than DeadAfterSeconds): its claims were given back
                // and decisions in flight will find their fence gone. Join again and go on.
                log.LogWarning("Instance {Id} had been taken for dead; joining again", self.Id);
                instances.Join(self.Id, self.Host, now, db, tx);
            }
            return instances.Reap(self.Id, now, Duration.FromSeconds(o.DeadAfterSeconds), db, tx);
        });
        foreach (var dead in reaped)
            log.LogWarning("Instance {Dead} stopped beating for {Seconds}s: gave back its {Claims} claims", dead.Id, o.DeadAfterSeconds, dead.Claims);
        if (reaped.Any(r => r.Claims > 0))
        {
            signals.InboxChanged.Set();
            signals.OutboxChanged.Set();
            signals.NotificationsChanged.Set();
        }
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        await base.StopAsync(ct);
        try
        {
            Transact((db, tx) => instances.Leave(self.Id, db, tx));
            log.LogInformation("Instance {Id} left", self.Id);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Instance {Id} could not leave cleanly; the others give back its claims after {Seconds}s", self.Id, o.DeadAfterSeconds);
        }
    }

    T Transact<T>(Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, T> work)
    {
        using var db = database.OpenAside();   // not behind the workers in their pool: a heartbeat that waits is a false death
        using var tx = db.BeginTransaction();
        var result = work(db, tx);
        tx.Commit();
        return result;
    }

    void Transact(Action<System.Data.Common.DbConnection, System.Data.Common.DbTransaction> work) =>
        Transact<object?>((db, tx) => { work(db, tx); return null; });

    Instant Now() => Instant.FromDateTimeOffset(clock.GetUtcNow());
}
