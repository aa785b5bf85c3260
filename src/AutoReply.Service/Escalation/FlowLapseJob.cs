using AutoReply.Core.Engine;
using AutoReply.Service.Dialogs;
using AutoReply.Storage;
using AutoReply.Storage.Conversations;
using AutoReply.Storage.Transcript;
using NodaTime;
using Quartz;

namespace AutoReply.Service.Escalation;

/// Hands to a person the flows the customers left that only a person can finish (Quartz, every minute): "call me back",
/// then silence at "When should we call you?", still reaches someone — with what the flow collected, the step it waited
/// at, its category's SLA counted from the lapse. Nothing is sent to the customer (<see cref="ConversationEngine.Lapse"/>).
/// Each lapse is taken once across instances (<see cref="FlowLapseStore.Take"/>), in one transaction with the hand-off.
[DisallowConcurrentExecution]
public sealed class FlowLapseJob(WriteQueue writes, FlowLapseStore lapses, ConversationStore conversations, Storage.Turns.TurnCommitter turns,
    TranscriptStore transcript, ConversationEngine engine, LibrarySource library, TimeProvider clock, ILogger<FlowLapseJob> log) : IJob
{
    public static readonly JobKey Key = new("flow-lapse", "autoreply");

    const int Batch = 200;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var lib = library.Current;
        try
        {
            var handed = await writes.Write((db, tx) =>
            {
                var n = 0;
                foreach (var due in lapses.Due(now, Batch, db, tx))
                {
                    // Taken under its turn count: a turn that moved the thread on since wrote its own row, and an erasure removed it.
                    if (!lapses.Take(due, db, tx)) continue;
                    var thread = conversations.LoadThread(due.Thread, db, tx);
                    var contact = conversations.LoadContact(due.Thread.Channel, due.SenderId, db, tx);
                    if (engine.Lapse(thread, contact, due.SenderId, lib, now) is not { } result)
                    {
                        // Not lapsed yet: Flows:Timeout was raised since the row was written. It is due again at the new time
                        // (it had been dropped, and the flow never reached a person); a flow the library no longer has is not.
                        if (engine.LapseDue(thread, lib) is { } later)
                            lapses.Apply(due.Thread, due.SenderId, due.Turns, new FlowLapseChange(later), db, tx);
                        continue;
                    }
                    var decision = result.Decision;
                    conversations.SaveThread(result.Thread, decision.PutsOnHold, disclosed: false, due.SenderId, db, tx);
                    transcript.Append(new TranscriptEntry(due.Thread, now, TranscriptDirection.Event, TranscriptWords.Decision, "bot",
                        $"{decision.Kind.ToString().ToLowerInvariant()}: {decision.Reason} ({decision.Detail})", null), db, tx);
                    if (decision.HandOffRequest is not { } request) continue;
                    turns.HandOff(due.Thread, new Core.Messages.Sender(due.SenderId, null), request, platformId: null, now, db, tx);
                    n++;
                }
                return n;
            }, ct);
            if (handed > 0) log.LogInformation("{Count} flows the customers left went to a person", handed);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogError(e, "Handing lapsed flows to a person failed; the next run tries again");
        }
    }
}
