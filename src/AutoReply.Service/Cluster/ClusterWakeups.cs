using System.Collections.Concurrent;
using AutoReply.Service.Workers;

namespace AutoReply.Service.Cluster;

/// Wakes the other instances when this one commits work they may take, and this one when they do (LISTEN/NOTIFY on
/// PostgreSQL; nothing on SQLite, where instances poll). Announcements coalesce: however many commits happen while one
/// notice is on its way, the next notice carries each topic once. A lost connection is logged and listened to again;
/// until then the workers' polls (Worker:PollSeconds, Outbox:PollSeconds) pick the work up.
public sealed class ClusterWakeups(
    Storage.Database database,
    PipelineSignals signals,
    ServiceInstance self,
    ILogger<ClusterWakeups> log) : BackgroundService
{
    readonly ConcurrentDictionary<string, bool> toAnnounce = new();
    readonly Wakeup announce = new();

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (database.Notices is not { } notices) return;
        var byTopic = signals.Topics.ToDictionary(t => t.Topic, t => t.Wakeup);
        foreach (var (topic, wakeup) in byTopic)
            wakeup.Announced = () =>
            {
                toAnnounce[topic] = true;
                announce.Wake();
            };
        await Task.WhenAll(Listen(notices, byTopic, stop), Announce(notices, stop));
    }

    async Task Listen(Storage.ClusterNotices notices, Dictionary<string, Wakeup> byTopic, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await notices.Listen((topic, from) =>
                {
                    if (from != self.Id && byTopic.TryGetValue(topic, out var wakeup)) wakeup.Wake();
                }, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                log.LogWarning(e, "Listening for other instances' work failed; polling until listening again in 1 s");
                try { await Task.Delay(TimeSpan.FromSeconds(1), stop); } catch (OperationCanceledException) { return; }
            }
        }
    }

    async Task Announce(Storage.ClusterNotices notices, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try { await announce.Wait(Timeout.InfiniteTimeSpan, stop); }
            catch (OperationCanceledException) { return; }
            var topics = toAnnounce.Keys.Where(t => toAnnounce.TryRemove(t, out _)).ToList();
            if (topics.Count == 0) continue;
            try
            {
                await notices.Announce(topics, self.Id, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                // The other instances find the work at their next poll.
                log.LogWarning(e, "Could not wake the other instances ({Topics})", string.Join(", ", topics));
            }
            // What this instance commits it takes up itself at once; the notice only lets the others help, so it can wait a
            // little and carry everything committed meanwhile. Under load a notice went out for nearly every group commit
            // (12,000 for 32,000 DMs with two instances), each a round trip here and a claim, mostly for nothing, there.
            try { await Task.Delay(NoticeSpacing, stop); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// At most one notice per this interval: how much later than this instance the others may hear of its work.
    static readonly TimeSpan NoticeSpacing = TimeSpan.FromMilliseconds(25);
}
