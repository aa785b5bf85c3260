using System.Data.Common;
using Dapper;
using NodaTime;

namespace AutoReply.Storage.Outcomes;

/// A sale the shop reported for a customer (or a flow recorded): which customer, the order, its value and currency.
public sealed record Conversion(string OrderId, string Channel, string SenderId, decimal Value, string Currency, Instant At, string Source);

/// A conversion as the figures read it: the thread it was attributed to (null: none led to it), when that thread's first
/// DM came, and the category of the conversation.
public sealed record AttributedConversion(string OrderId, string Channel, string? ThreadId, decimal Value, string Currency, Instant At,
    Instant? FirstDmAt, string? Category);

/// Sales and the DM threads that led to them. A sale is attributed to the customer's thread whose last DM before the sale
/// came at most the attribution window earlier — the conversation that sold. A sale for a sender with no DM before it
/// waits, unattributed, and goes to their first DM if that comes within the window after the sale. Never guessed: only
/// the same sender on the same channel.
public sealed class ConversionStore
{
    // An order erased with its customer's data (PrivacyStore leaves a tombstone of its id) is not stored again when the
    // shop reports it again, as a retry would (QA round 14: the erased customer's id was back).
    const string InsertSql = """
        INSERT INTO conversions (order_id, channel, sender_id, value, currency, at, recorded_at, source)
        SELECT @orderId, @channel, @sender, @value, @currency, @at, @now, @source
        WHERE NOT EXISTS (SELECT 1 FROM erased_messages e WHERE e.channel = @channel AND e.platform_id = 'sale:' || @orderId)
        ON CONFLICT (order_id) DO NOTHING
        """;

    /// Stores the sale once per order id; false when the order was recorded before (the first report stands) or erased.
    public bool Record(Conversion c, Instant now, DbConnection db, DbTransaction tx) =>
        db.Execute(InsertSql, new
        {
            orderId = c.OrderId, channel = c.Channel, sender = c.SenderId, value = c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            currency = c.Currency, at = c.At.ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds(), source = c.Source,
        }, tx) == 1;

    const string InThreadSql = """
        INSERT INTO conversions (order_id, channel, sender_id, value, currency, at, recorded_at, source, thread_id, first_dm_at, category)
        SELECT @orderId, @channel, @sender, @value, @currency, @at, @at, 'flow', @threadId,
               (SELECT MIN(f.received_at) FROM inbox f WHERE f.channel = @channel AND f.thread_id = @threadId),
               COALESCE((SELECT h.category FROM handoffs h WHERE h.channel = @channel AND h.thread_id = @threadId ORDER BY h.opened_at LIMIT 1), 'self-served')
        WHERE TRUE
        ON CONFLICT (order_id) DO NOTHING
        """;

    /// A sale a flow closed in this thread: stored once per order id, attributed to the thread itself (deferred with the
    /// turn's other statements).
    public void RecordInThread(Conversion c, string threadId, DbConnection db, DbTransaction tx) =>
        db.Defer(tx, InThreadSql, ("@orderId", c.OrderId), ("@channel", c.Channel), ("@sender", c.SenderId),
            ("@value", c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("@currency", c.Currency),
            ("@at", c.At.ToUnixTimeMilliseconds()), ("@threadId", threadId));

    // The customer's thread with the latest DM at or before the sale and inside the window; its first DM; its category (the
    // hand-off's, or "self-served" when no person was needed).
    // The category of inbox row i's thread: its first hand-off's, or "self-served" when no person was needed.
    const string ThreadCategory = """
        COALESCE((SELECT h.category FROM handoffs h WHERE h.channel = i.channel AND h.thread_id = i.thread_id ORDER BY h.opened_at LIMIT 1),
                 'self-served') AS Category
        """;

    const string LeadSql = """
        SELECT i.thread_id AS ThreadId,
               (SELECT MIN(f.received_at) FROM inbox f WHERE f.channel = i.channel AND f.thread_id = i.thread_id) AS FirstDmAt,
        """ + ThreadCategory + """

        FROM inbox i
        WHERE i.channel = @channel AND i.sender_id = @sender AND i.received_at <= @at AND i.received_at >= @since
        ORDER BY i.received_at DESC LIMIT 1
        """;

    // No DM before the sale: the customer's first DM after it, if it came within the window (a sale reported for a sender
    // the service had not heard from yet is attributed when their first DM arrives).
    const string FollowSql = """
        SELECT i.thread_id AS ThreadId, i.received_at AS FirstDmAt,
        """ + ThreadCategory + """

        FROM inbox i
        WHERE i.channel = @channel AND i.sender_id = @sender AND i.received_at > @at AND i.received_at <= @until
        ORDER BY i.received_at LIMIT 1
        """;

    const string AttributeSql = """
        UPDATE conversions SET thread_id = @threadId, first_dm_at = @firstDmAt, category = @category
        WHERE order_id = @orderId AND thread_id IS NULL
        """;

    /// Attributes the sale to the thread that led to it, when there is one; that thread's id, else null.
    public string? Attribute(string orderId, string channel, string sender, Instant at, Duration window, DbConnection db, DbTransaction tx)
    {
        var lead = db.Query<(string ThreadId, long? FirstDmAt, string Category)>(LeadSql,
            new { channel, sender, at = at.ToUnixTimeMilliseconds(), since = (at - window).ToUnixTimeMilliseconds() }, tx).FirstOrDefault();
        if (lead.ThreadId is null)
            lead = db.Query<(string ThreadId, long? FirstDmAt, string Category)>(FollowSql,
                new { channel, sender, at = at.ToUnixTimeMilliseconds(), until = (at + window).ToUnixTimeMilliseconds() }, tx).FirstOrDefault();
        if (lead.ThreadId is null) return null;
        db.Execute(AttributeSql, new { orderId, threadId = lead.ThreadId, firstDmAt = lead.FirstDmAt, category = lead.Category }, tx);
        return lead.ThreadId;
    }

    const string UnattributedSql = """
        SELECT order_id, channel, sender_id, at FROM conversions
        WHERE thread_id IS NULL AND at >= @since ORDER BY at LIMIT @limit
        """;

    /// Sales still without a thread, of the last <paramref name="window"/> (older ones can no longer be attributed).
    public IReadOnlyList<(string OrderId, string Channel, string SenderId, Instant At)> Unattributed(Instant now, Duration window, int limit,
        DbConnection db) =>
        db.Query<(string OrderId, string Channel, string SenderId, long At)>(UnattributedSql, new { since = (now - window).ToUnixTimeMilliseconds(), limit })
          .Select(r => (r.OrderId, r.Channel, r.SenderId, Instant.FromUnixTimeMilliseconds(r.At))).ToList();

    const string PeriodSql = """
        SELECT order_id AS OrderId, channel AS Channel, thread_id AS ThreadId, value AS Value, currency AS Currency, at AS At,
               first_dm_at AS FirstDmAt, category AS Category
        FROM conversions WHERE at >= @start AND at < @end
        """;

    /// The sales of a period, attributed or not.
    public static IReadOnlyList<AttributedConversion> InPeriod(Instant start, Instant end, DbConnection db) =>
        db.Query<(string OrderId, string Channel, string? ThreadId, string Value, string Currency, long At, long? FirstDmAt, string? Category)>(PeriodSql,
                new { start = start.ToUnixTimeMilliseconds(), end = end.ToUnixTimeMilliseconds() })
          .Select(r => new AttributedConversion(r.OrderId, r.Channel, r.ThreadId,
              decimal.Parse(r.Value, System.Globalization.CultureInfo.InvariantCulture), r.Currency, Instant.FromUnixTimeMilliseconds(r.At),
              r.FirstDmAt is { } f ? Instant.FromUnixTimeMilliseconds(f) : null, r.Category))
          .ToList();
}
