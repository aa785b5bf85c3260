using AutoReply.Channels.Sending;
using AutoReply.Service.Configuration;
using AutoReply.Service.Health;
using AutoReply.Storage.Outbox;
using AutoReply.Storage;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoReply.Service.Workers;

/// Sends replies from the outbox to their channels. It claims due replies under a lease, sends each with its
/// idempotency key, then marks it sent, or schedules a retry with exponential backoff and jitter, or
/// dead-letters it after the last attempt. It wakes when a turn commits replies and otherwise polls.
/// A crash between sending and marking means the reply is sent again after the lease, with the same key.
public sealed class OutboxSender(
    Storage.Database database,
    WriteQueue writes,
    OutboxStore outbox,
    IEnumerable<IChannelSender> senders,
    PipelineSignals signals,
    WorkerHealth health,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    Cluster.ServiceInstance instance,
    Storage.Transcript.TranscriptStore transcript,
    Health.ServiceMetrics metrics,
    AccountConnections connections,
    ILogger<OutboxSender> log) : BackgroundService
{
    const string Name = "outbox";
    readonly OutboxOptions o = options.Value;
    readonly Dictionary<string, IChannelSender> byChannel = senders.ToDictionary(s => s.Channel);
    int inFlight;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var channels = byChannel.Keys.ToArray();
        var sends = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                health.Beat(Name);
                var room = o.Concurrency - Volatile.Read(ref inFlight);
                IReadOnlyList<ClaimedReply> claimed = [];
                if (room > 0 && channels.Length > 0)
                {
                    try
                    {
                        var now = Now();
                        claimed = await writes.Claim((db, tx) =>
                            outbox.ClaimDueAsync(instance.Id, now, Duration.FromSeconds(o.LeaseSeconds), room, channels, db, tx, stop), stop);
                        health.Worked(Name);
                    }
                    catch (Exception e) when (!stop.IsCancellationRequested)
                    {
                        health.Failed(Name, e);
                        log.LogError(e, "Claiming replies from the outbox failed; retrying");
                    }
                }
                foreach (var reply in claimed)
                {
                    Interlocked.Increment(ref inFlight);
                    sends.Add(SendOne(reply, stop));
                }
                sends.RemoveAll(t => t.IsCompleted);
                await LetGoOverlooked(stop);
                if (claimed.Count == 0)
                    await signals.OutboxChanged.Wait(NextWait(room, channels), stop);
                // Fewer than there was room for: every reply sendable now is on its way. The next claim waits for a wake-up
                // (a send finished, replies committed here or announced by another instance) rather than finding nothing.
                else if (claimed.Count < room)
                    await signals.OutboxChanged.Wait(TimeSpan.FromSeconds(o.PollSeconds), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        finally
        {
            await Task.WhenAll(sends);
            health.Stopped(Name);
        }
    }

    long lastSweep;
    long sweepAfter;   // where the next sweep's window starts (OutboxStore.Unblock)

    /// Once a poll interval: a reply left blocked behind one that had already gone (see OutboxStore.Unblock). Busy or not:
    /// under steady load every claim finds something, and a reply left blocked waited for the first lull.
    async Task LetGoOverlooked(CancellationToken stop)
    {
        var now = Environment.TickCount64;
        if (now - lastSweep < o.PollSeconds * 1000) return;
        lastSweep = now;
        try
        {
            var (letGo, next) = await writes.Write((db, tx) => outbox.Unblock(sweepAfter, db, tx), stop);
            sweepAfter = next;
            if (letGo > 0) signals.OutboxChanged.Set();
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            log.LogWarning(e, "Could not let go blocked replies; trying again on the next poll");
        }
    }

    /// Until the next retry falls due, at most one poll interval; right away when a send just freed room.
    TimeSpan NextWait(int room, string[] channels)
    {
        var poll = TimeSpan.FromSeconds(o.PollSeconds);
        if (room <= 0) return poll;
        try
        {
            using var db = database.Open();
            if (outbox.NextDueAt(channels, db) is not { } due) return poll;
            var wait = (due - Now()).ToTimeSpan();
            return wait <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(10) : wait < poll ? wait : poll;
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not read the next due reply");
            return poll;
        }
    }

    async Task SendOne(ClaimedReply claimed, CancellationToken stop)
    {
        try
        {
            var reply = claimed.Reply;
            using var span = Health.Tracing.Start("send", reply.Thread, reply.InReplyTo, System.Diagnostics.ActivityKind.Producer);
            span?.SetTag("autoreply.reply_id", reply.Id);
            SendOutcome outcome;
            // Not cut off by a stop: a send in flight finishes (within its timeout) and is recorded, so a graceful stop never
            // leaves a reply the receiver got to be sent again after the restart.
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(o.TimeoutSeconds)))
            {
                try
                {
                    // An account that withdrew the app's access: held here, before a call the platform would refuse.
                    outcome = Channels.Platforms.PlatformThreads.AccountOf(reply.Thread) is { } account
                        && connections.Disconnected(reply.Thread.Channel, account) is { } why
                        ? new SendOutcome.Held(why)
                        : await byChannel[reply.Thread.Channel].Send(reply, timeout.Token);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                {
                    outcome = new SendOutcome.Failed($"no answer within {o.TimeoutSeconds}s");
                }
            }
            await Record(claimed, outcome);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down mid-send: the lease expires and the reply goes again, with the same key.
        }
        catch (Exception e)
        {
            health.Failed(Name, e);
            log.LogError(e, "Sending reply {Id} failed unexpectedly; it will be retried after its lease", claimed.Reply.Id);
        }
        finally
        {
            // This instance's sender: there is room again, and the thread's next reply may have become sendable. It takes
            // that reply itself; announcing each send to the other instances made each of them claim too, mostly for nothing.
            Interlocked.Decrement(ref inFlight);
            signals.OutboxChanged.Wake();
        }
    }

    Task Record(ClaimedReply claimed, SendOutcome outcome)
    {
        var now = Now();
        var attempts = claimed.Attempts + 1;
        var reply = claimed.Reply;
        metrics.Sent(reply.Thread.Channel, outcome switch
        {
            SendOutcome.Delivered => "sent",
            SendOutcome.Held => "held",
            SendOutcome.Failed when attempts < o.MaxAttempts => "failed",
            _ => "dead",
        });
        switch (outcome)
        {
            case SendOutcome.Delivered:
                return writes.Write((db, tx) => outbox.MarkSent(claimed.Seq, now, db, tx));
            case SendOutcome.Held held:
                // The platform's rules forbid this send now: kept, not retried, and said where the agent reads the thread.
                log.LogWarning("Reply {Id} to {Thread} is held: {Reason}", reply.Id, reply.Thread, held.Reason);
                return writes.Write((db, tx) =>
                {
                    outbox.MarkHeld(claimed.Seq, held.Reason, db, tx);
                    transcript.Append(new Storage.Transcript.TranscriptEntry(reply.Thread, now, Storage.Transcript.TranscriptDirection.Event,
                        Storage.Transcript.TranscriptWords.Held, "system", $"not sent: {held.Reason}", reply.Id), db, tx);
                });
            case SendOutcome.Failed f when attempts < o.MaxAttempts:
                var next = now + Duration.FromTimeSpan(Backoff.Delay(attempts, o.BaseDelayMs, o.MaxDelaySeconds, f.RetryAfter));
                log.LogWarning("Reply {Id} to {Thread}: attempt {Attempt} failed ({Error}); next try at {Next}",
                    reply.Id, reply.Thread, attempts, f.Error, next);
                return writes.Write((db, tx) => outbox.MarkRetry(claimed.Seq, next, f.Error, db, tx));
            default:
                var error = outcome switch { SendOutcome.Failed f => f.Error, SendOutcome.Rejected r => r.Error, _ => "unknown" };
                log.LogError("Reply {Id} to {Thread} is dead-lettered after {Attempts} attempt(s): {Error}", reply.Id, reply.Thread, attempts, error);
                return writes.Write((db, tx) => outbox.MarkDead(claimed.Seq, error, db, tx));
        }
    }

    Instant Now() => Instant.FromDateTimeOffset(clock.GetUtcNow());
}
