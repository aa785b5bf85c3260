using AutoReply.Core.Library;
using AutoReply.Service.Dialogs;
using AutoReply.Service.Workers;
using AutoReply.Storage.Handoffs;
using AutoReply.Storage;
using NodaTime;
using Quartz;

namespace AutoReply.Service.Escalation;

/// Sends the satisfaction questions that fell due (Quartz, every minute): never to an opted-out sender, and on
/// Messenger and Instagram only inside the 24-hour window (an automated message outside it is not allowed) — a
/// question that may not go is skipped with the reason in the thread, not sent late; so is one whose thread a person holds
/// again (a newer hand-off is open).
[DisallowConcurrentExecution]
public sealed class CsatJob(WriteQueue writes, CsatStore csat, LibrarySource library, PipelineSignals signals, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<Configuration.DisclosureOptions> disclosureOptions, ILogger<CsatJob> log) : IJob
{
    public static readonly JobKey Key = new("csat", "autoreply");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var lib = library.Current;
        var disclosure = disclosureOptions.Value.Settings();
        try
        {
            var asked = await writes.Write((db, tx) =>
            {
                var n = 0;
                foreach (var q in csat.Due(now, 500, db, tx))
                {
                    if (q.OptedOut) { csat.Skip(q, "the customer opted out of automated messages", now, db, tx); continue; }
                    if (q.Thread.Channel is "messenger" or "instagram" && !Channels.Meta.MetaWindow.AllowsAutomated(q.LastInboundAt, now))
                    {
                        csat.Skip(q, "outside the platform's 24-hour messaging window", now, db, tx);
                        continue;
                    }
                    // "How happy are you with the help?" while the customer waits for a person again asks about help not yet given.
                    if (q.HeldByPerson || q.PersonHoldUntil > now)
                    {
                        csat.Skip(q, "the thread is with a person again", now, db, tx);
                        continue;
                    }
                    var text = Core.Policies.SatisfactionAnswer.Question(lib, q.Language);
                    // The question is automated: a thread a person just handed back is told so first.
                    var told = disclosure.IsDue(q.DisclosedAt, q.HandedBackAt, now) ? lib.Message(MessageKeys.Disclosure, q.Language).Render(_ => null) : null;
                    if (csat.Ask(q, text, told, now, db, tx)) n++;
                }
                return n;
            }, ct);
            if (asked > 0) signals.OutboxChanged.Set();
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogError(e, "Sending satisfaction questions failed; the next run tries again");
        }
    }
}
