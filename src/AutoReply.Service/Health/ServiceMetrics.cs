using System.Diagnostics.Metrics;
using AutoReply.Storage;

namespace AutoReply.Service.Health;

/// The service's metrics (OpenTelemetry; /metrics in Prometheus form): messages in and out per channel, send
/// outcomes (sent, failed → retried, held, dead), decisions by kind, SLA escalations by kind, and gauges of the
/// inbox backlog, the outbox backlog and the open hand-offs by state.
public sealed class ServiceMetrics : IDisposable
{
    public const string MeterName = "AutoReply";
    readonly Meter meter = new(MeterName);
    readonly Counter<long> received;
    readonly Counter<long> sent;
    readonly Counter<long> decisions;
    readonly Counter<long> escalations;
    readonly Counter<long> retained;
    readonly Counter<long> conversions;
    readonly Counter<long> complaints;

    public ServiceMetrics(Storage.Database database)
    {
        received = meter.CreateCounter<long>("autoreply.messages.in", description: "DMs stored, per channel");
        sent = meter.CreateCounter<long>("autoreply.messages.out", description: "send attempts, per channel and outcome (sent, failed, held, dead)");
        decisions = meter.CreateCounter<long>("autoreply.decisions", description: "turns decided, per kind (reply, silence, handoff) and reason");
        escalations = meter.CreateCounter<long>("autoreply.sla.escalations", description: "escalations fired, per kind (warning, first-response-breach …)");
        conversions = meter.CreateCounter<long>("autoreply.conversions", description: "sales recorded, per channel and whether a DM thread led to them");
        complaints = meter.CreateCounter<long>("autoreply.complaints",
            description: "complaints, per where (dm: DMs decided as complaints; public: complaint-like comments and mentions; " +
                "moved: public complaints whose author then wrote a DM)");
        retained = meter.CreateCounter<long>("autoreply.privacy.retention.threads", description: "threads erased by the retention job (Privacy:RetainFor)");
        meter.CreateObservableGauge("autoreply.queue.depth", () => QueueDepth(database),
            description: "open hand-offs per state; pending inbox and outbox rows");
    }

    public void Received(string channel, int count = 1) => received.Add(count, new KeyValuePair<string, object?>("channel", channel));
    public void Sent(string channel, string outcome) =>
        sent.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", outcome));
    public void Decided(string kind, string reason) =>
        decisions.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", reason));
    public void Converted(string channel, bool attributed) =>
        conversions.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("attributed", attributed));
    public void Complained(string where, int count = 1) { if (count > 0) complaints.Add(count, new KeyValuePair<string, object?>("where", where)); }
    public void Escalated(string kind) => escalations.Add(1, new KeyValuePair<string, object?>("kind", kind));
    public void Retained(int threads) => retained.Add(threads);

    static IEnumerable<Measurement<long>> QueueDepth(Storage.Database database) =>
        database.QueueDepths().Select(r => new Measurement<long>(r.Count, new KeyValuePair<string, object?>("queue", r.Queue)));

    public void Dispose() => meter.Dispose();
}
