using System.Globalization;
using AutoReply.Core.Messages;
using AutoReply.Service.Configuration;
using AutoReply.Storage;
using AutoReply.Storage.Outcomes;
using AutoReply.Storage.Transcript;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoReply.Service.Workers;

/// Sales the shop reported before the service had the DM that goes with them: each time new DMs are stored (and every
/// minute), the sales of the attribution window still without a thread are tried again, and attributed ones recorded
/// in their thread. Nothing runs while no sale waits.
public sealed class ConversionAttribution(Storage.Database database, WriteQueue writes, ConversionStore conversions, TranscriptStore transcript,
    IOptions<ConversionOptions> options, TimeProvider clock, ILogger<ConversionAttribution> log) : BackgroundService
{
    static readonly TimeSpan Every = TimeSpan.FromMinutes(1);
    readonly SemaphoreSlim nudged = new(0);
    volatile bool waiting = true;   // until the first pass has looked

    /// New DMs were stored: a waiting sale may now have its thread.
    public void DmsStored()
    {
        if (waiting && nudged.CurrentCount == 0) nudged.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Pass(stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                log.LogError(e, "Attributing waiting sales failed; trying again in {Every}", Every);
            }
            try { await nudged.WaitAsync(Every, stop); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// One pass over the waiting sales; how many found their thread.
    public async Task<int> Pass(CancellationToken ct)
    {
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var window = Duration.FromTimeSpan(options.Value.AttributeWithin);
        IReadOnlyList<(string OrderId, string Channel, string SenderId, Instant At)> open;
        using (var db = database.Open()) open = conversions.Unattributed(now, window, 1000, db);
        waiting = open.Count > 0;
        if (open.Count == 0) return 0;
        var found = await writes.Write((db, tx) =>
        {
            var n = 0;
            foreach (var sale in open)
            {
                if (conversions.Attribute(sale.OrderId, sale.Channel, sale.SenderId, sale.At, window, db, tx) is not { } thread) continue;
                transcript.Append(new TranscriptEntry(new ThreadKey(sale.Channel, thread), now, TranscriptDirection.Event, TranscriptWords.Sale, "shop",
                    $"sale: order {sale.OrderId} (reported before this thread's first DM)", sale.OrderId), db, tx);
                n++;
            }
            return n;
        }, ct);
        if (found > 0) log.LogInformation("{Count} waiting sale(s) attributed to the DM threads that came with them", found);
        return found;
    }

    /// A sale was just recorded without a thread: the passes look again.
    public void SaleWaiting() => waiting = true;
}
