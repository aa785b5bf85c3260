using AutoReply.Channels;
using System.Globalization;
using System.Text.Json;
using AutoReply.Channels.Platforms;
using AutoReply.Channels.Signatures;
using AutoReply.Core.Messages;
using AutoReply.Service.Configuration;
using AutoReply.Storage;
using AutoReply.Storage.Outcomes;
using AutoReply.Storage.Transcript;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoReply.Service.Endpoints;

/// POST /api/conversions: a sale for a customer, from the shop system — with the operator's token, or signed with
/// Conversions:WebhookSecret (X-AutoReply-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;), so a shop can call it
/// without holding the operator's token. Idempotent on orderId. The sale is attributed to the customer's DM thread that
/// led to it (ConversionStore) and recorded in that thread; an unknown sender's sale waits for their first DM.
public static class ConversionEndpoints
{
    public const string SignatureHeader = "X-AutoReply-Signature";
    const int MaxBodyBytes = 16 * 1024;
    /// The currencies of the world's regions, as the runtime's culture data knows them (ISO 4217): "XYZ" is no currency,
    /// and a sale in it would show in the stats as revenue. Without culture data (a runtime without ICU), any three capitals.
    static readonly Lazy<HashSet<string>> Currencies = new(() => CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => { try { return new RegionInfo(c.Name).ISOCurrencySymbol; } catch (ArgumentException) { return null; } })
        .OfType<string>().ToHashSet(StringComparer.Ordinal));

    static bool IsCurrency(string code) => Currencies.Value.Count == 0 || Currencies.Value.Contains(code);

    public static void MapConversions(this IEndpointRouteBuilder app) => app.MapPost("/api/conversions", Record);

    static async Task<IResult> Record(HttpRequest request, AgentDirectory directory, IOptions<ConversionOptions> options, WriteQueue writes,
        ConversionStore conversions, TranscriptStore transcript, Health.ServiceMetrics metrics, Workers.ConversionAttribution attribution,
        TimeProvider clock, CancellationToken ct)
    {
        var o = options.Value;
        var (body, tooLarge) = await RequestBody.ReadLimited(request, MaxBodyBytes, ct);
        if (tooLarge) return Results.Problem($"the body is larger than {MaxBodyBytes} bytes", statusCode: 413);
        var signed = !string.IsNullOrEmpty(o.WebhookSecret) && request.Headers.ContainsKey(SignatureHeader);
        if (signed)
        {
            if (!HmacSignature.Verify(o.WebhookSecret!, body, request.Headers[SignatureHeader])) return Results.Unauthorized();
        }
        else if (directory.Authenticate(request) is not { } caller) return Results.Unauthorized();
        else if (!caller.IsOperator)
            return Results.Problem("this needs the operator's token (Api:TokenSha256) or a body signed with Conversions:WebhookSecret",
                statusCode: 403, title: "Forbidden");

        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        if (Read(body!, now, out var why) is not { } sale) return Results.Problem(why, statusCode: 400, title: "Invalid conversion");
        var window = Duration.FromTimeSpan(o.AttributeWithin);
        var (isNew, thread) = await writes.Write((db, tx) =>
        {
            if (!conversions.Record(sale, now, db, tx)) return (false, (string?)null);
            var attributed = conversions.Attribute(sale.OrderId, sale.Channel, sale.SenderId, sale.At, window, db, tx);
            if (attributed is not null)
                transcript.Append(new TranscriptEntry(new ThreadKey(sale.Channel, attributed), now, TranscriptDirection.Event, TranscriptWords.Sale, "shop",
                    $"sale: order {sale.OrderId}, {sale.Value.ToString(CultureInfo.InvariantCulture)} {sale.Currency}", sale.OrderId), db, tx);
            return (true, attributed);
        }, ct);
        if (!isNew) return Results.Ok(new { orderId = sale.OrderId, duplicate = true });
        metrics.Converted(sale.Channel, thread is not null);
        if (thread is null) attribution.SaleWaiting();
        return Results.Json(new { orderId = sale.OrderId, duplicate = false, thread }, statusCode: 201);
    }

    static Conversion? Read(byte[] body, Instant now, out string? why)
    {
        why = null;
        if (!Json.TryParse(body, out var doc, out var error)) { why = error; return null; }
        using (doc)
        {
            var r = doc!.RootElement;
            if (r.ValueKind != JsonValueKind.Object) { why = "the body must be a JSON object"; return null; }
            var channel = r.Str("channel");
            if (!ChannelNames.IsKnown(channel)) { why = ChannelNames.OneOf(ChannelNames.All); return null; }
            if (r.Id("sender") is not { } sender) { why = "'sender' is required: the customer's id on the channel"; return null; }
            if (r.Id("orderId") is not { Length: <= 128 } orderId) { why = "'orderId' is required (at most 128 characters)"; return null; }
            if (!r.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out var value)
                || value < 0 || value > 1_000_000_000m)
            { why = "'value' is required: a number, at least 0"; return null; }
            if (r.Str("currency") is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper) || !IsCurrency(currency))
            { why = "'currency' is required: an ISO 4217 code like EUR"; return null; }
            var at = now;
            if (r.Str("at") is { } text)
            {
                // The offset is required: "2026-12-01T10:00:00" alone would be read in the server's zone, a guess.
                if (NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(text) is not { Success: true } parsed)
                { why = "'at' is a time with its offset, like 2026-11-24T10:00:00+01:00"; return null; }
                at = parsed.Value.ToInstant();
                if (at > now + Duration.FromMinutes(5)) { why = "'at' is in the future"; return null; }
            }
            return new Conversion(orderId, channel, sender, value, currency, at, "api");
        }
    }
}
