using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace AutoReply.Benchmarks;

/// The runtime's stops for garbage collection, each with when it began and how long the process stood still: to tell
/// whether a stall in the latencies was a collection.
sealed class GcPauses : EventListener
{
    const EventKeywords GcKeyword = (EventKeywords)0x1;
    readonly ConcurrentQueue<(DateTime At, double Ms, int Generation)> pauses = new();
    DateTime suspended;
    int generation = -1;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Informational, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        switch (e.EventName)
        {
            case "GCSuspendEEBegin_V1": suspended = e.TimeStamp; generation = -1; break;
            case "GCStart_V2" when e.PayloadNames?.IndexOf("Depth") is int i and >= 0: generation = Convert.ToInt32(e.Payload![i]); break;
            case "GCRestartEEEnd_V1" when suspended != default:
                pauses.Enqueue((suspended, (e.TimeStamp - suspended).TotalMilliseconds, generation));
                suspended = default;
                break;
        }
    }

    /// The pauses since <paramref name="from"/> of at least <paramref name="ms"/>, longest first.
    public IReadOnlyList<(DateTime At, double Ms, int Generation)> Longest(DateTime from, double ms) =>
        pauses.Where(p => p.At >= from && p.Ms >= ms).OrderByDescending(p => p.Ms).ToList();
}
