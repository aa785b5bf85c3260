using System.Collections.Concurrent;

namespace AutoReply.Service.Health;

/// Each worker's last sign of life and last failure, for /healthz.
public sealed class WorkerHealth(TimeProvider clock)
{
    public sealed record Status(DateTimeOffset LastBeat, string? LastError, DateTimeOffset? LastErrorAt, bool Stopped);

    readonly ConcurrentDictionary<string, Status> workers = new();

    public void Beat(string worker) =>
        workers.AddOrUpdate(worker, _ => new Status(clock.GetUtcNow(), null, null, false), (_, s) => s with { LastBeat = clock.GetUtcNow() });

    public void Failed(string worker, Exception e) =>
        workers.AddOrUpdate(worker, _ => new Status(clock.GetUtcNow(), e.Message, clock.GetUtcNow(), false),
            (_, s) => s with { LastError = e.Message, LastErrorAt = clock.GetUtcNow() });

    public void Stopped(string worker) =>
        workers.AddOrUpdate(worker, _ => new Status(clock.GetUtcNow(), null, null, true), (_, s) => s with { Stopped = true });

    public IReadOnlyDictionary<string, Status> Snapshot() => workers.ToDictionary();
}
