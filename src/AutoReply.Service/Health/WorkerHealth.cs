using System.Collections.Concurrent;

namespace AutoReply.Service.Health;

/// Each worker's last sign of life, its failures in a row, and its last failure, for /healthz.
public sealed class WorkerHealth(TimeProvider clock)
{
    /// <paramref name="FailuresInARow"/>: failed passes since the last one that worked (<see cref="Worked"/>).
    public sealed record Status(DateTimeOffset LastBeat, string? LastError, DateTimeOffset? LastErrorAt, bool Stopped, int FailuresInARow = 0);

    readonly ConcurrentDictionary<string, Status> workers = new();

    /// The worker's loop came round: it is not stuck.
    public void Beat(string worker) =>
        workers.AddOrUpdate(worker, _ => new Status(clock.GetUtcNow(), null, null, false), (_, s) => s with { LastBeat = clock.GetUtcNow() });

    /// A pass did its work (a claim answered): the failures in a row are over.
    public void Worked(string worker) =>
        workers.AddOrUpdate(worker, _ => new Status(clock.GetUtcNow(), null, null, false), (_, s) => s.FailuresInARow == 0 ? s : s with { FailuresInARow = 0 });

    public void Failed(string worker, Exception e) =>
        workers.AddOrUpdate(worker, _ => new Status(clock.GetUtcNow(), e.Message, clock.GetUtcNow(), false, 1),
            (_, s) => s with { LastError = e.Message, LastErrorAt = clock.GetUtcNow(), FailuresInARow = s.FailuresInARow + 1 });

    public void Stopped(string worker) =>
        workers.AddOrUpdate(worker, _ => new Status(clock.GetUtcNow(), null, null, true), (_, s) => s with { Stopped = true });

    public IReadOnlyDictionary<string, Status> Snapshot() => workers.ToDictionary();
}
