using AutoReply.Service.Configuration;
using AutoReply.Storage;
using AutoReply.Storage.Privacy;
using Microsoft.Extensions.Options;
using NodaTime;
using Quartz;

namespace AutoReply.Service.Privacy;

/// Retention (GDPR Art. 5(1)(e): kept no longer than needed), run by Quartz on Privacy:RetentionCron: threads without
/// activity for Privacy:RetainFor and with no open hand-off are erased, as an erasure would (the figures keep their
/// skeleton), in batches of Privacy:RetentionBatch threads, each its own write transaction so DMs keep flowing between
/// them. One privacy-log record per run with what went; counts on /metrics.
[DisallowConcurrentExecution]
public sealed class RetentionJob(WriteQueue writes, PrivacyStore store, Database database, IOptions<PrivacyOptions> options, TimeProvider clock,
    Health.ServiceMetrics metrics, ILogger<RetentionJob> log) : IJob
{
    public static readonly JobKey Key = new("retention", "autoreply");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var o = options.Value;
        if (o.RetainFor <= TimeSpan.Zero) return;   // 0: keep everything
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var cutoff = now - Duration.FromTimeSpan(o.RetainFor);
        var total = new Dictionary<string, int>();
        try
        {
            Dictionary<string, int> batch;
            do
            {
                batch = await writes.Write((db, tx) => store.EraseExpired(cutoff, o.RetentionBatch, now, db, tx), ct);
                foreach (var (what, n) in batch) total[what] = total.GetValueOrDefault(what) + n;
                metrics.Retained(batch["threads"]);
            } while (batch["threads"] == o.RetentionBatch && !ct.IsCancellationRequested);
            await writes.Write((db, tx) => store.Log("retention", "retention", null, total, now, db, tx), CancellationToken.None);
            if (total["threads"] > 0) database.Compact();
            log.LogInformation("Retention: erased {Threads} threads without activity since {Cutoff} ({Counts})", total["threads"], cutoff,
                string.Join(", ", total.Select(kv => $"{kv.Key} {kv.Value}")));
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogError(e, "Retention failed after erasing {Threads} threads; the next run goes on", total.GetValueOrDefault("threads"));
        }
    }
}
