namespace AutoReply.Service.Workers;

/// A nudge from whoever just committed work to the worker that should pick it up, so that worker need not
/// wait for its next poll. Nudges coalesce: ten commits while the worker is busy wake it once.
public sealed class Wakeup
{
    readonly SemaphoreSlim signal = new(0, 1);

    public void Set()
    {
        if (signal.CurrentCount > 0) return;
        try { signal.Release(); }
        catch (SemaphoreFullException) { /* another commit nudged first; one wake is enough */ }
    }

    /// True when nudged, false when the timeout passed first.
    public Task<bool> Wait(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);
}

/// The wakeups of the pipeline's two workers.
public sealed class PipelineSignals
{
    public Wakeup InboxChanged { get; } = new();
    public Wakeup OutboxChanged { get; } = new();
    public Wakeup NotificationsChanged { get; } = new();
}
