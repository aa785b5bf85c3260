using System.Data.Common;
using System.Threading.Channels;
using AutoReply.Core.Engine;
using AutoReply.Core.Threads;
using AutoReply.Service.Configuration;
using AutoReply.Service.Dialogs;
using AutoReply.Service.Health;
using AutoReply.Storage.Conversations;
using AutoReply.Storage.Inbox;
using AutoReply.Storage;
using AutoReply.Storage.Turns;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoReply.Service.Workers;

/// Takes accepted DMs from the inbox and decides them: turns of one thread strictly in order, different threads
/// in parallel. A thread always maps to the same lane, and a lane decides its DMs one after another; the
/// decisions a lane has made are committed together (one transaction) before it takes more.
public sealed class TurnWorker(
    Storage.Database database,
    WriteQueue writes,
    InboxStore inbox,
    ConversationStore conversations,
    TurnCommitter committer,
    ConversationEngine engine,
    LibrarySource library,
    FlowLookups lookups,
    PipelineSignals signals,
    WorkerHealth health,
    TimeProvider clock,
    IOptions<WorkerOptions> options,
    Cluster.ServiceInstance instance,
    Health.ServiceMetrics metrics,
    ILogger<TurnWorker> log) : BackgroundService
{
    const string Name = "turns";
    const int LaneBatch = 64;
    readonly WorkerOptions o = options.Value;
    /// Claims are this instance's: given back by the others as soon as it is seen dead.
    readonly string owner = instance.Id;
    readonly HashSet<long> inFlight = [];
    readonly Lock inFlightLock = new();

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        // The lanes stop when the drain that follows a stop is over, not at the stop itself (see Drain).
        using var drainOver = new CancellationTokenSource();
        var lanes = Enumerable.Range(0, Math.Max(1, o.Lanes)).Select(_ => Channel.CreateUnbounded<PendingMessage>(new() { SingleReader = true })).ToArray();
        var laneTasks = lanes.Select(lane => Task.Run(() => RunLane(lane.Reader, drainOver.Token), CancellationToken.None)).ToArray();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                health.Beat(Name);
                var more = false;
                try
                {
                    (more, _) = await ClaimAndDispatch(lanes, stop);
                    health.Worked(Name);
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    health.Failed(Name, e);
                    log.LogError(e, "Claiming DMs from the inbox failed; retrying");
                }
                if (!more)
                    await signals.InboxChanged.Wait(TimeSpan.FromSeconds(o.PollSeconds), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        finally
        {
            if (o.DrainSeconds > 0)
            {
                drainOver.CancelAfter(TimeSpan.FromSeconds(o.DrainSeconds));
                await Drain(lanes, drainOver.Token);
            }
            else await drainOver.CancelAsync();
            foreach (var lane in lanes) lane.Writer.TryComplete();
            await Task.WhenAll(laneTasks);
            await ReleaseClaims();
            health.Stopped(Name);
        }
    }

    /// A stop (SIGTERM) comes after the HTTP server has stopped taking DMs: the DMs this instance acknowledged are decided
    /// before it goes, for at most Worker:DrainSeconds — the lanes finish what they hold, and the inbox is claimed until
    /// nothing is left to claim. The sender stops after this worker (it is registered before it), so the replies go out
    /// as they are committed. In a cluster the others go on taking DMs: once a claim brings only DMs received after the
    /// drain began (by their instances' clocks: approximate), the rest is theirs, and this instance finishes what it
    /// holds. Whatever the drain does not reach stays in the inbox, released to the other instances or to the restart.
    async Task Drain(Channel<PendingMessage>[] lanes, CancellationToken over)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var drainFrom = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var decided = 0;
        var claiming = true;
        try
        {
            while (true)
            {
                var more = false;
                IReadOnlyList<PendingMessage> claimed = [];
                try
                {
                    if (claiming) (more, claimed) = await ClaimAndDispatch(lanes, over);
                }
                catch (Exception e) when (!over.IsCancellationRequested)
                {
                    // The database away for a moment (a failover): the lanes go on with what they hold; claim again shortly.
                    log.LogWarning(e, "Stopping: claiming the DMs still waiting failed; retrying");
                    await Task.Delay(250, over);
                    continue;
                }
                decided += claimed.Count;
                if (claimed.Count > 0 && claimed.All(p => p.Message.ReceivedAt > drainFrom)) claiming = false;
                int holding;
                lock (inFlightLock) holding = inFlight.Count;
                if (holding == 0 && (claimed.Count == 0 || !claiming)) break;   // nothing held, nothing left to claim
                // Nothing more to claim until the lanes are through (no DMs arrive here any more): look again shortly,
                // not in a loop of claims (on PostgreSQL each is a round trip and a turn of the inbox's lock).
                if (!more || !claiming) await Task.Delay(50, over);
            }
            if (decided > 0)
                log.LogInformation("Stopping: decided the {Count} DMs still waiting in {Ms:F0} ms", decided,
                    System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (over.IsCancellationRequested)
        {
            log.LogWarning("Stopping: the drain ran out of time ({Seconds}s); what is undecided stays in the inbox for the next instance", o.DrainSeconds);
        }
    }

    /// Claims what it has room for and hands each DM to its thread's lane; returns what it claimed, and whether more may be
    /// waiting at once: the claim took as many as it asked for, or the lanes were full. A claim that found fewer took every DM it may take now; the
    /// next claim waits for a wake-up (a DM stored here or announced by another instance) or the poll. Claiming again at
    /// once found nothing most of the time: on PostgreSQL a round trip and a turn of the queue's lock each.
    /// The claim itself is not cancelled by <paramref name="stop"/>: one cancelled after it committed (SQLite's writer does
    /// not withdraw a unit it took) left DMs leased here and never handed to a lane, and the drain that follows would then
    /// decide a thread's later DMs before them.
    async Task<(bool More, IReadOnlyList<PendingMessage> Claimed)> ClaimAndDispatch(Channel<PendingMessage>[] lanes, CancellationToken stop)
    {
        int room;
        lock (inFlightLock) room = o.MaxInFlight - inFlight.Count;
        if (room <= 0)
        {
            // Lanes are busy: wait for them rather than lease DMs we could not start before the lease ran out.
            await Task.Delay(5, stop);
            return (true, []);
        }
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var limit = Math.Min(room, o.ClaimBatch);
        var claimed = await writes.Claim((db, tx) => inbox.ClaimAsync(owner, now, Duration.FromSeconds(o.LeaseSeconds), limit, db, tx, CancellationToken.None));
        foreach (var pending in claimed)
        {
            lock (inFlightLock)
                if (!inFlight.Add(pending.Seq)) continue;
            var lane = (int)((uint)StringComparer.Ordinal.GetHashCode(pending.Message.Thread.ThreadId + "\u0001" + pending.Message.Thread.Channel)
                % (uint)lanes.Length);
            lanes[lane].Writer.TryWrite(pending);
        }
        return (claimed.Count >= limit, claimed);
    }

    async Task RunLane(ChannelReader<PendingMessage> lane, CancellationToken stop)
    {
        var batch = new List<PendingMessage>(LaneBatch);
        while (await lane.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < LaneBatch && lane.TryRead(out var pending)) batch.Add(pending);
            if (stop.IsCancellationRequested) { Forget(batch); batch.Clear(); continue; }
            // A thread's DMs in the order they were accepted: one given back after a failure may be claimed again behind a
            // later one of its thread.
            batch.Sort((a, b) => a.Seq.CompareTo(b.Seq));
            var committed = false;
            try
            {
                // A pooled connection per batch, not one held per lane: sixteen idle lanes would otherwise keep sixteen
                // PostgreSQL connections (and a small pool) busy.
                await using (var db = await database.OpenAsync(stop))
                    await DecideAndCommit(batch, db, stop);
                committed = true;
            }
            catch (ClaimLostException e)
            {
                // This instance was taken for dead (paused, cut off) and its claims given back: another instance decides them.
                log.LogWarning("Committing {Count} turns: {Why}", batch.Count, e.Message);
            }
            catch (Exception e)
            {
                // Nothing of the batch committed; its claims are given back and the DMs are decided again.
                health.Failed(Name, e);
                if (!stop.IsCancellationRequested)
                    log.LogError(e, "Committing {Count} turns failed; they will be claimed and decided again", batch.Count);
            }
            finally
            {
                // Given back at once: left to expire, the DMs waited out their lease while this instance, which its own claims
                // do not block, claimed their threads' later DMs (now refused at commit until the earlier ones are decided).
                if (!committed && !stop.IsCancellationRequested) await GiveBack(batch);
                Forget(batch);
                batch.Clear();
            }
        }
    }

    async Task DecideAndCommit(List<PendingMessage> batch, System.Data.Common.DbConnection db, CancellationToken stop)
    {
        // What the batch's threads and senders start from, read in one go; state changed by an earlier DM of this batch
        // is carried to the next DM of the same thread or sender in memory: it is not in the database until the batch commits.
        var threads = new Dictionary<Core.Messages.ThreadKey, ConversationState>();
        var contacts = new Dictionary<(string, string), ContactState>();
        var decided = new List<DecidedTurn>(batch.Count);
        var lib = library.Current;
        var pairs = batch.Select(p => (p.Message.Thread, p.Message.Sender.Id)).Distinct().ToList();
        var stored = pairs.Zip(await conversations.LoadTurns(pairs, db, stop)).ToDictionary(p => p.First, p => p.Second);
        foreach (var pending in batch)
        {
            var m = pending.Message;
            var contactKey = (m.Thread.Channel, m.Sender.Id);
            var carriedThread = threads.GetValueOrDefault(m.Thread);
            var carriedContact = contacts.GetValueOrDefault(contactKey);
            var (thread, contact) = stored[(m.Thread, m.Sender.Id)];
            thread = carriedThread ?? thread;
            contact = carriedContact ?? contact;
            var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
            using var span = Health.Tracing.Start("turn", m.Thread, m.PlatformId);
            var turn = new Turn(m, thread, contact, lib, now);
            try
            {
                TurnResult result;
                using (Health.Tracing.Start("engine", m.Thread, m.PlatformId)) result = engine.Handle(turn);
                // A flow waiting on a brand system: call it here, outside the pure engine, and resume the turn.
                // This lane waits for it (the thread's order depends on it); other lanes go on.
                for (var hops = 0; result.Decision.Lookup is { } request && hops < 5; hops++)
                    result = engine.Resume(turn, result, await lookups.Call(request, stop));
                span?.SetTag("autoreply.decision", result.Decision.Kind.ToString().ToLowerInvariant());
                span?.SetTag("autoreply.reason", result.Decision.Reason.ToString());
                threads[m.Thread] = result.Thread;
                contacts[contactKey] = result.Contact;
                decided.Add(new DecidedTurn(pending, result, null, contact));
            }
            // Stopping mid-lookup is no failure of the DM: nothing of the batch commits and its claims are given back.
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { throw; }
            catch (Exception e)
            {
                // A defect in the engine, not bad input: this DM is set aside (visible, logged) and the thread goes on; the
                // customer is acknowledged and a person answers, unless that fails too.
                log.LogError(e, "The engine failed on DM {PlatformId} in thread {Thread}", m.PlatformId, m.Thread);
                var error = e.GetType().Name + ": " + e.Message;
                TurnResult? handOff = null;
                try { handOff = engine.HandOffAfterFailure(turn, error); }
                catch (Exception again) { log.LogError(again, "Could not hand DM {PlatformId} to a person after the failure either", m.PlatformId); }
                if (handOff is not null)
                {
                    threads[m.Thread] = handOff.Thread;
                    contacts[contactKey] = handOff.Contact;
                }
                decided.Add(new DecidedTurn(pending, handOff, error, contact));
            }
        }

        var committedAt = Instant.FromDateTimeOffset(clock.GetUtcNow());
        int replies;
        using (var span = Health.Tracing.Source.StartActivity("commit"))
        {
            span?.SetTag("autoreply.message_ids", string.Join(",", decided.Select(d => d.Pending.Message.PlatformId)));
            replies = await writes.Write((tx_db, tx) => committer.CommitAll(decided, committedAt, tx_db, tx), stop);
        }
        // The replies are this instance's sender's to send first; the others' polls take them should it not.
        if (replies > 0) signals.OutboxChanged.Wake();
        foreach (var turn in decided)
            if (turn.Result is { } result)
            {
                metrics.Decided(result.Decision.Kind.ToString().ToLowerInvariant(), result.Decision.Reason.ToString());
                if (result.Complaint) metrics.Complained("dm");
            }
    }

    async Task GiveBack(List<PendingMessage> batch)
    {
        try
        {
            var seqs = batch.Select(p => p.Seq).ToList();
            await writes.Write((db, tx) => inbox.GiveBack(seqs, owner, db, tx));
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Giving back the claims of {Count} DMs failed; they are decided again when the claims expire", batch.Count);
        }
    }

    void Forget(List<PendingMessage> batch)
    {
        lock (inFlightLock)
            foreach (var p in batch) inFlight.Remove(p.Seq);
    }

    async Task ReleaseClaims()
    {
        try
        {
            await writes.Write((db, tx) => inbox.Release(owner, db, tx));
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not release inbox claims on shutdown; they expire after {Seconds}s", o.LeaseSeconds);
        }
    }
}
