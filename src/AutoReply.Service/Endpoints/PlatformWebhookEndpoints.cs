using AutoReply.Channels.Meta;
using AutoReply.Channels.Platforms;
using AutoReply.Channels.Signatures;
using AutoReply.Channels.X;
using AutoReply.Service.Configuration;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoReply.Service.Endpoints;

/// /webhooks/meta (Messenger and Instagram) and /webhooks/x: the platforms' handshakes, signature checks before a
/// byte is parsed, and the deliveries stored before the platform gets its 200. A channel without its secret
/// configured answers 404: an unsigned platform webhook is never taken.
public static class PlatformWebhookEndpoints
{
    public static void MapPlatformWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/webhooks/meta", MetaHandshake);
        app.MapPost("/webhooks/meta", MetaDelivery);
        app.MapGet("/webhooks/x", XChallenge).RequireRateLimiting(CrcLimit);
        app.MapPost("/webhooks/x", XDelivery);
    }

    /// DMs to a page or account the settings do not list are stored and decided, but no reply to them can be sent
    /// (each dead-letters for want of a token): said once a delivery, by account id (QA round 14: nothing said so before
    /// the dead letters).
    static void Unlisted(PlatformBatch batch, IEnumerable<string> listed, string setting, ILogger log)
    {
        var known = listed.ToHashSet(StringComparer.Ordinal);
        var unlisted = batch.Messages.Select(m => m.Thread.ThreadId.Split(':')[0]).Where(a => !known.Contains(a)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (unlisted.Count > 0)
            log.LogWarning("DMs to account(s) {Accounts}, which {Setting} does not list: they are stored and decided, but no reply to them " +
                           "can be sent until the account is listed there with its token", string.Join(", ", unlisted), setting);
    }

    static IResult NotConfigured(string what) => Results.Problem($"{what} is not configured on this service", statusCode: 404, title: "Not configured");

    /// GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=… → the challenge, as plain text.
    static IResult MetaHandshake(HttpRequest request, IOptions<MetaChannelOptions> options)
    {
        var o = options.Value;
        if (string.IsNullOrEmpty(o.AppSecret)) return NotConfigured("Channels:Meta");
        // The deliveries are taken with the app secret alone; the handshake needs the token Meta's dashboard was given too
        // (QA round 14: "Channels:Meta is not configured" while signed deliveries were taken named nothing to set).
        if (string.IsNullOrEmpty(o.VerifyToken))
            return Results.Problem("Channels:Meta:VerifyToken is not set: set it to the verify token entered in Meta's webhook settings",
                statusCode: 404, title: "Not configured");
        var q = request.Query;
        if (q["hub.mode"] != "subscribe" || string.IsNullOrEmpty(q["hub.challenge"]))
            return Results.Problem("a webhook handshake needs hub.mode=subscribe, hub.verify_token and hub.challenge", statusCode: 400);
        var token = q["hub.verify_token"].ToString();
        var same = System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(token), System.Text.Encoding.UTF8.GetBytes(o.VerifyToken));
        if (!same) return Results.StatusCode(403);
        return Results.Text(q["hub.challenge"].ToString(), "text/plain");
    }

    static async Task<IResult> MetaDelivery(HttpRequest request, PlatformIngest ingest, IOptions<MetaChannelOptions> options,
        IOptions<GenericChannelOptions> generic, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var o = options.Value;
        if (string.IsNullOrEmpty(o.AppSecret)) return NotConfigured("Channels:Meta");
        var (body, tooLarge) = await RequestBody.ReadLimited(request, o.MaxBodyBytes, ct);
        if (tooLarge) return Results.Problem($"the body is larger than {o.MaxBodyBytes} bytes", statusCode: 413);
        if (!HmacSignature.Verify(o.AppSecret, body, request.Headers["X-Hub-Signature-256"])) return Results.Unauthorized();
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var parsed = MetaWebhook.Parse(body, generic.Value.MaxTextLength, now, o.AppId);
        if (parsed.Batch is not { } batch) return Results.Problem(parsed.Error, statusCode: 400, title: "Invalid delivery");
        var pages = o.Pages.Where(p => p.PublicReplies).Select(p => p.Id).ToHashSet();
        Unlisted(batch, o.Pages.Select(p => p.Id), "Channels:Meta:Pages", logs.CreateLogger("AutoReply.Channels.Meta"));
        await ingest.Store(batch, (_, account) => pages.Contains(account), now, ct);
        if (batch.Skipped > 0)
            logs.CreateLogger("AutoReply.Channels.Meta")
                .LogInformation("Meta delivery: {Skipped} entries skipped (echoes, reactions, malformed)", batch.Skipped);
        return Results.Text("EVENT_RECEIVED", "text/plain");
    }

    /// GET ?crc_token=… → {"response_token":"sha256=…"}, only for tokens of X's shape (the answer is an HMAC under the
    /// delivery-signing secret; see XWebhook.IsCrcToken), at most Channels:X:CrcPerMinute per caller address.
    static IResult XChallenge(HttpRequest request, IOptions<XChannelOptions> options, ILoggerFactory logs)
    {
        var o = options.Value;
        if (string.IsNullOrEmpty(o.ConsumerSecret)) return NotConfigured("Channels:X");
        var token = request.Query["crc_token"].ToString();
        if (!XWebhook.IsCrcToken(token))
        {
            // The token itself is not logged: it is the caller's text, and may be a forgery attempt's payload.
            logs.CreateLogger("AutoReply.Channels.X").LogWarning("X CRC refused for {Remote}: a crc_token of {Length} characters not of X's shape",
                request.HttpContext.Connection.RemoteIpAddress, token.Length);
            return Results.Problem($"crc_token is required: at most {XWebhook.MaxCrcTokenLength} letters, digits and + / - _ =", statusCode: 400);
        }
        return Results.Json(new { response_token = XWebhook.ResponseToken(o.ConsumerSecret, token) });
    }

    public const string CrcLimit = "x-crc";

    /// The CRC rate limit: a fixed window per caller address, so a flood from one address cannot starve X's own checks.
    public static void AddPlatformWebhookLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(limits =>
        {
            limits.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limits.AddPolicy(CrcLimit, http => System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, http.RequestServices.GetRequiredService<IOptions<XChannelOptions>>().Value.CrcPerMinute),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            limits.OnRejected = (context, _) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("AutoReply.Channels.X")
                    .LogWarning("X CRC refused for {Remote}: more than Channels:X:CrcPerMinute requests this minute",
                        context.HttpContext.Connection.RemoteIpAddress);
                return ValueTask.CompletedTask;
            };
        });
    }

    static async Task<IResult> XDelivery(HttpRequest request, PlatformIngest ingest, IOptions<XChannelOptions> options,
        IOptions<GenericChannelOptions> generic, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var o = options.Value;
        if (string.IsNullOrEmpty(o.ConsumerSecret)) return NotConfigured("Channels:X");
        var (body, tooLarge) = await RequestBody.ReadLimited(request, o.MaxBodyBytes, ct);
        if (tooLarge) return Results.Problem($"the body is larger than {o.MaxBodyBytes} bytes", statusCode: 413);
        if (!HmacSignature.VerifyBase64(o.ConsumerSecret, body, request.Headers["x-twitter-webhooks-signature"])) return Results.Unauthorized();
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var parsed = XWebhook.Parse(body, generic.Value.MaxTextLength, now, o.AppId);
        if (parsed.Batch is not { } batch) return Results.Problem(parsed.Error, statusCode: 400, title: "Invalid delivery");
        // A revoke by an account this service does not send for disconnects nothing here: listed on /healthz, it would
        // send the operators after an account they never connected.
        var configured = o.Accounts.Select(a => a.UserId).ToHashSet();
        if (batch.Revoked.Any(r => !configured.Contains(r.Account)))
        {
            logs.CreateLogger("AutoReply.Channels.X").LogInformation("X delivery: a revoke by account(s) {Accounts}, not configured here, ignored",
                string.Join(", ", batch.Revoked.Where(r => !configured.Contains(r.Account)).Select(r => r.Account)));
            batch = batch with { Revoked = batch.Revoked.Where(r => configured.Contains(r.Account)).ToList() };
        }
        var accounts = o.Accounts.Where(a => a.PublicReplies).Select(a => a.UserId).ToHashSet();
        Unlisted(batch, configured, "Channels:X:Accounts", logs.CreateLogger("AutoReply.Channels.X"));
        await ingest.Store(batch, (_, account) => accounts.Contains(account), now, ct);
        return Results.Ok();
    }
}
