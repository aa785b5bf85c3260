using AutoReply.Core.Handoffs;
using AutoReply.Service.Health;
using AutoReply.Service.Workers;
using AutoReply.Storage.Handoffs;
using AutoReply.Storage;
using NodaTime;
using Quartz;

namespace AutoReply.Service.Escalation;

/// The escalation check, run by Quartz: on the configured cron schedule, once at start-up (deadlines that passed
/// while the service was down fire then), and at the exact instant the next step of any open hand-off falls due
/// (a one-shot trigger this job moves after every run). It fires what is due in passes of a few thousand
/// hand-offs, each pass one write transaction, so DMs keep flowing while it runs.
[DisallowConcurrentExecution]
public sealed class EscalationCheckJob(
    WriteQueue writes,
    EscalationStore escalations,
    EscalationPlan plan,
    Cluster.ServiceInstance instance,
    PipelineSignals signals,
    WorkerHealth health,
    TimeProvider clock,
    Health.ServiceMetrics metrics,
    ILogger<EscalationCheckJob> log) : IJob
{
    public static readonly JobKey Key = new("escalation-check", "autoreply");
    public static readonly TriggerKey NextDueTrigger = new("escalation-next-due", "autoreply");
    const int PassSize = 2000;
    const string Name = "escalation";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        log.LogDebug("Escalation check at {Now} (trigger {Trigger})", now, context.Trigger.Key);
        EscalationPass pass;
        var fired = 0;
        try
        {
            do
            {
                pass = await writes.Write((db, tx) => escalations.Check(plan, now, instance.Id, PassSize, db, tx), ct);
                fired += pass.Fired.Count;
                foreach (var e in pass.Fired) metrics.Escalated(e.Kind);
                // A line per escalation, unless a pass fired so many that their tiers get digests (after an outage): then one.
                if (pass.Fired.Count > EscalationStore.DigestAbove)
                    log.LogWarning("{Count} escalations of {Handoffs} hand-offs fired at once ({Steps}); their tiers are told in digests", pass.Fired.Count,
                        pass.Fired.Select(e => e.HandoffId).Distinct().Count(),
                        string.Join(", ", pass.Fired.GroupBy(e => e.Kind).Select(g => $"{g.Key} {g.Count()}")));
                else
                    foreach (var e in pass.Fired)
                        log.LogWarning("Hand-off {Handoff} on {Thread}: {Kind}, tier {Tier} ({TierName}) told{Moved}",
                            e.HandoffId, e.Thread, e.Kind, e.Tier, e.TierName,
                            e.MovedToTeam is { } t ? $"; moved to team {t}" : "");
            } while (pass.Examined == PassSize && !ct.IsCancellationRequested);
            health.Beat(Name);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            health.Failed(Name, e);
            log.LogError(e, "The escalation check failed; the next trigger runs it again");
            return;
        }
        if (fired > 0) signals.NotificationsChanged.Set();
        await ScheduleNext(context.Scheduler, pass.NextDue, ct);
    }

    /// Moves the one-shot trigger to the instant the next escalation step falls due (never into the past).
    async Task ScheduleNext(IScheduler scheduler, Instant? nextDue, CancellationToken ct)
    {
        if (nextDue is not { } due)
        {
            await scheduler.UnscheduleJob(NextDueTrigger, ct);
            return;
        }
        var at = due.ToDateTimeOffset();
        var now = clock.GetUtcNow();
        if (at < now) at = now;
        var trigger = TriggerBuilder.Create().WithIdentity(NextDueTrigger).ForJob(Key).StartAt(at)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build();
        await scheduler.ScheduleJob(trigger, new ScheduleJobOptions { Replace = true }, ct);
    }
}
