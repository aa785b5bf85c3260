namespace AutoReply.Service.Workers;

/// A nudge from whoever just committed work to the worker that should pick it up, so that worker need not
/// wait for its next poll. Nudges coalesce: ten commits while the worker is busy wake it once.
public sealed class Wakeup
{
    readonly SemaphoreSlim signal = new(0, 1);

    /// Told of every <see cref="Set"/>: on a shared database, the instances' announcer (Cluster.ClusterWakeups).
    public Action? Announced { get; set; }

    /// Work was committed here: wakes this instance's worker and, through <see cref="Announced"/>, the other instances'.
    public void Set()
    {
        Wake();
        Announced?.Invoke();
    }

    /// Wakes this instance's worker only (another instance announced work).
    public void Wake()
    {
        if (signal.CurrentCount > 0) return;
        try { signal.Release(); }
        catch (SemaphoreFullException) { /* another commit nudged first; one wake is enough */ }
    }

    /// True when nudged, false when the timeout passed first.
    public Task<bool> Wait(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);
}

/// The wakeups of the pipeline's workers, each under the topic other instances know it by.
public sealed class PipelineSignals
{
    public Wakeup InboxChanged { get; } = new();
    public Wakeup OutboxChanged { get; } = new();
    public Wakeup NotificationsChanged { get; } = new();

    public IEnumerable<(string Topic, Wakeup Wakeup)> Topics =>
        [("inbox", InboxChanged), ("outbox", OutboxChanged), ("notifications", NotificationsChanged)];
}
