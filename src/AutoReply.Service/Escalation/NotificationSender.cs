using System.Net.Http.Headers;
using System.Text;
using AutoReply.Channels.Signatures;
using AutoReply.Service.Configuration;
using AutoReply.Service.Health;
using AutoReply.Service.Workers;
using AutoReply.Storage.Handoffs;
using AutoReply.Storage;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using NodaTime;

namespace AutoReply.Service.Escalation;

/// Delivers escalation notifications: a JSON POST to the tier's webhook (Idempotency-Key: the notification id;
/// X-AutoReply-Signature when Escalation:WebhookSecret is set), or an e-mail through Escalation:Smtp with MailKit.
/// Claimed under a lease, retried with backoff, dead after Escalation:MaxAttempts (logged as an error).
public sealed class NotificationSender(
    Storage.Database database,
    WriteQueue writes,
    NotificationStore notifications,
    IHttpClientFactory http,
    PipelineSignals signals,
    WorkerHealth health,
    TimeProvider clock,
    IOptions<EscalationOptions> options,
    Cluster.ServiceInstance instance,
    ILogger<NotificationSender> log) : BackgroundService
{
    public const string HttpClientName = "notifications";
    const string Name = "notifications";
    readonly EscalationOptions o = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                health.Beat(Name);
                IReadOnlyList<ClaimedNotification> claimed = [];
                var failed = false;
                try
                {
                    var now = Now();
                    var lease = Duration.FromSeconds(o.TimeoutSeconds * 3 + 30);
                    claimed = await writes.Write((db, tx) => notifications.ClaimDue(instance.Id, now, lease, 32, db, tx), stop);
                    await Task.WhenAll(claimed.Select(n => SendOne(n, stop)));
                    health.Worked(Name);
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    health.Failed(Name, e);
                    log.LogError(e, "Delivering escalation notifications failed; retrying");
                    failed = true;
                }
                if (claimed.Count == 0 || failed) await signals.NotificationsChanged.Wait(failed ? TimeSpan.FromSeconds(1) : NextWait(), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        finally { health.Stopped(Name); }
    }

    /// Until the next notification falls due, at most the poll; the poll when the database does not answer (the next
    /// pass reports that: a read failing here, outside the pass's error handling, stopped the whole service).
    TimeSpan NextWait()
    {
        var poll = TimeSpan.FromSeconds(1);
        try
        {
            using var db = database.Open();
            if (notifications.NextDueAt(db) is not { } due) return poll;
            var wait = (due - Now()).ToTimeSpan();
            return wait <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(10) : wait < poll ? wait : poll;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or IOException or InvalidOperationException)
        {
            return poll;
        }
    }

    async Task SendOne(ClaimedNotification n, CancellationToken stop)
    {
        string? error;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop))
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
            try
            {
                error = n.TargetKind == "email" ? await Email(n, timeout.Token) : await Webhook(n, timeout.Token);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                error = $"no answer within {o.TimeoutSeconds}s";
            }
            catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or MailKit.CommandException
                or MailKit.ProtocolException or AuthenticationException)
            {
                error = e.Message;
            }
        }
        var now = Now();
        var attempts = (int)n.Attempts + 1;
        if (error is null)
            await writes.Write((db, tx) => notifications.MarkSent(n.Seq, now, db, tx), CancellationToken.None);
        else if (attempts < o.MaxAttempts)
        {
            var next = now + Duration.FromTimeSpan(Backoff.Delay(attempts, 1000, 600));
            log.LogWarning("Escalation notification {Id} ({Kind}): attempt {Attempt} failed ({Error}); next try at {Next}",
                n.Id, n.TargetKind, attempts, error, next);
            await writes.Write((db, tx) => notifications.MarkRetry(n.Seq, next, error, db, tx), CancellationToken.None);
        }
        else
        {
            log.LogError("Escalation notification {Id} ({Kind}) is given up after {Attempts} attempt(s): {Error}", n.Id, n.TargetKind, attempts, error);
            await writes.Write((db, tx) => notifications.MarkDead(n.Seq, error, db, tx), CancellationToken.None);
        }
    }

    /// Null when delivered; otherwise why not.
    async Task<string?> Webhook(ClaimedNotification n, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(n.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, n.Target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("Idempotency-Key", n.Id);
        if (!string.IsNullOrEmpty(o.WebhookSecret)) request.Headers.Add("X-AutoReply-Signature", HmacSignature.Sign(o.WebhookSecret, body));
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
        return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} from the webhook";
    }

    async Task<string?> Email(ClaimedNotification n, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(o.Smtp.Host)) return "Escalation:Smtp:Host is not set";
        using var doc = System.Text.Json.JsonDocument.Parse(n.Payload);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.Smtp.From));
        foreach (var to in n.Target.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            message.To.Add(MailboxAddress.Parse(to));
        message.MessageId = $"{n.Id}@autoreply";
        var type = doc.RootElement.GetProperty("type").GetString();
        if (type == "handoff.escalation.digest") Digest(doc.RootElement, message);
        else if (type == "channel.account.disconnected") Disconnected(doc.RootElement, n.Payload, message);
        else Single(doc.RootElement, n.Payload, message);
        using var smtp = new SmtpClient();
        var security = Enum.TryParse<SecureSocketOptions>(o.Smtp.Security, ignoreCase: true, out var s) ? s : SecureSocketOptions.StartTls;
        await smtp.ConnectAsync(o.Smtp.Host, o.Smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(o.Smtp.User)) await smtp.AuthenticateAsync(o.Smtp.User, o.Smtp.Password ?? "", ct);
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(quit: true, ct);
        return null;
    }

    /// Many hand-offs escalated in one pass (after an outage): one mail listing them.
    static void Digest(System.Text.Json.JsonElement d, MimeMessage message)
    {
        var count = d.GetProperty("count").GetInt32();
        var listed = d.GetProperty("handoffs").EnumerateArray().ToList();
        message.Subject = $"[AutoReply] {count} hand-offs escalated to tier {d.GetProperty("tier").GetInt32()} ({d.GetProperty("tierName").GetString()})";
        var lines = listed.Select(h =>
            $"  {h.GetProperty("kind").GetString(),-24} {h.GetProperty("priority").GetString(),-7} {h.GetProperty("id").GetString()} " +
            $"({h.GetProperty("channel").GetString()}, team {h.GetProperty("team").GetString()}), due {h.GetProperty("dueAt").GetString()}");
        var steps = d.GetProperty("steps").EnumerateObject().Select(p => $"{p.Name} {p.Value.GetInt32()}");
        message.Body = new TextPart("plain")
        {
            Text = $"""
                {count} hand-offs need a person (steps: {string.Join(", ", steps)}).
                {(count > listed.Count ? $"The first {listed.Count}:" : "")}
                {string.Join("\n", lines)}
                """,
        };
    }

    /// A brand account withdrew the app's access: nothing is sent for it until a new token is configured.
    static void Disconnected(System.Text.Json.JsonElement d, string payload, MimeMessage message)
    {
        message.Subject = $"[AutoReply] the {d.GetProperty("channel").GetString()} account {d.GetProperty("account").GetString()} is disconnected";
        message.Body = new TextPart("plain")
        {
            Text = $"""
                {d.GetProperty("reason").GetString()} at {d.GetProperty("at").GetString()}.
                Replies for it are held, not sent, until a new access token is configured.

                {d.GetProperty("action").GetString()}

                {payload}
                """,
        };
    }

    static void Single(System.Text.Json.JsonElement root, string payload, MimeMessage message)
    {
        var e = root.GetProperty("escalation");
        var h = root.GetProperty("handoff");
        message.Subject = $"[AutoReply] {e.GetProperty("kind").GetString()}: {h.GetProperty("priority").GetString()} " +
            $"{h.GetProperty("category").GetString()} hand-off {h.GetProperty("id").GetString()}";
        message.Body = new TextPart("plain")
        {
            Text = $"""
                A hand-off needs a person.

                Escalation: {e.GetProperty("kind").GetString()} (tier {e.GetProperty("tier").GetInt32()}, {e.GetProperty("tierName").GetString()})
                Due at:     {e.GetProperty("dueAt").GetString()}
                Hand-off:   {h.GetProperty("id").GetString()} ({h.GetProperty("channel").GetString()} thread {h.GetProperty("thread").GetString()})
                Team:       {h.GetProperty("team").GetString()}
                Assignee:   {(h.GetProperty("assignee").ValueKind == System.Text.Json.JsonValueKind.Null ? "nobody" : h.GetProperty("assignee").GetString())}
                Reason:     {h.GetProperty("reason").GetString()}

                {payload}
                """,
        };
    }

    Instant Now() => Instant.FromDateTimeOffset(clock.GetUtcNow());
}
