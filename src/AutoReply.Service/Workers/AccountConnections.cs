using System.Security.Cryptography;
using System.Text;
using AutoReply.Channels.Platforms;
using AutoReply.Service.Configuration;
using AutoReply.Storage;
using AutoReply.Storage.Handoffs;
using AutoReply.Storage.Platforms;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoReply.Service.Workers;

/// Brand accounts that withdrew the app's access (X's user_event revoke). While an account is disconnected its replies
/// are held with the reason instead of being sent into a 401, the operator is told (a warning in the log, the
/// account in /healthz, one notification to the tier-1 targets), and a new access token in the configuration
/// reconnects it: at start and every <see cref="Refresh"/> the configured token is compared with the one revoked,
/// and a different one puts the held replies back in the queue, in order.
public sealed class AccountConnections(
    Storage.Database database,
    WriteQueue writes,
    ChannelAccountStore accounts,
    NotificationStore notifications,
    PipelineSignals signals,
    IOptions<XChannelOptions> x,
    IOptions<MetaChannelOptions> meta,
    Core.Handoffs.EscalationPlan escalation,
    TimeProvider clock,
    ILogger<AccountConnections> log) : BackgroundService
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);

    volatile IReadOnlyDictionary<(string Channel, string Account), DisconnectedAccount> current = new Dictionary<(string, string), DisconnectedAccount>();
    readonly SemaphoreSlim changed = new(0);

    /// Why nothing may be sent for this account now, or null when it may.
    public string? Disconnected(string channel, string account) =>
        current.TryGetValue((channel, account), out var d)
            ? $"{ChannelAccountStore.HeldReasonPrefix}{d.Reason} at {d.Since}; configure a new access token to resume"
            : null;

    public IReadOnlyCollection<DisconnectedAccount> All => current.Values.ToList();

    /// Records the revocations of a webhook delivery in the caller's transaction: the account disconnected (once; a
    /// redelivery changes nothing) and, the first time, one notification per tier-1 target. True when any was new.
    public bool Record(IReadOnlyList<AccountRevoked> revoked, Instant now, System.Data.Common.DbConnection db, System.Data.Common.DbTransaction tx)
    {
        var any = false;
        foreach (var r in revoked)
        {
            var account = new DisconnectedAccount(r.Channel, r.Account, r.At, $"the {r.Channel} account {r.Account} revoked the app's access",
                Fingerprint(r.Channel, r.Account));
            if (!accounts.Disconnect(account, db, tx)) continue;
            any = true;
            var payload = System.Text.Json.JsonSerializer.Serialize(new
            {
                type = "channel.account.disconnected",
                channel = r.Channel,
                account = r.Account,
                at = r.At.ToString(),
                reason = account.Reason,
                action = r.Channel == "x"
                    ? "Reconnect the app on X and put the new user access token in Channels:X:Accounts; replies held meanwhile are sent then."
                    : "Configure a new access token.",
            });
            if (escalation.Tiers.FirstOrDefault() is { } tier)
            {
                if (tier.WebhookUrl is { } url) notifications.Add("webhook", url, payload, now, db, tx);
                if (tier.Emails.Count > 0) notifications.Add("email", string.Join(",", tier.Emails), payload, now, db, tx);
            }
        }
        return any;
    }

    /// After the transaction that recorded revocations committed: this instance holds replies at once, and the
    /// notifications go out. (Other instances see the account within <see cref="Refresh"/>.)
    public void Committed()
    {
        changed.Release();
        signals.NotificationsChanged.Set();
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var warned = new HashSet<(string, string)>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Load(warned, stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                log.LogError(e, "Reading the disconnected accounts failed; trying again in {Refresh}", Refresh);
            }
            try { await changed.WaitAsync(Refresh, stop); }
            catch (OperationCanceledException) { return; }
        }
    }

    async Task Load(HashSet<(string, string)> warned, CancellationToken stop)
    {
        IReadOnlyList<DisconnectedAccount> listed;
        using (var db = database.Open()) listed = accounts.Disconnected(db);
        var still = new Dictionary<(string, string), DisconnectedAccount>();
        foreach (var a in listed)
        {
            var configured = Fingerprint(a.Channel, a.Account);
            if (configured.Length > 0 && configured != a.TokenFingerprint)
            {
                var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
                var released = await writes.Write((db, tx) => accounts.Reconnect(a.Channel, a.Account, now, db, tx), stop);
                log.LogInformation("The {Channel} account {Account} has a new access token: it is connected again, " +
                    "and its {Released} held replies are sent now",
                    a.Channel, a.Account, released);
                if (released > 0) signals.OutboxChanged.Set();
                warned.Remove((a.Channel, a.Account));
                continue;
            }
            still[(a.Channel, a.Account)] = a;
            if (warned.Add((a.Channel, a.Account)))
                log.LogWarning("The {Channel} account {Account} is disconnected since {Since}: {Reason}. " +
                    "Its replies are held until a new access token is configured",
                    a.Channel, a.Account, a.Since, a.Reason);
        }
        current = still;
    }

    /// Which token is configured for the account now: the first 16 hex digits of its SHA-256, empty when none is.
    string Fingerprint(string channel, string account)
    {
        var token = channel switch
        {
            "x" => x.Value.Accounts.FirstOrDefault(a => a.UserId == account)?.AccessToken,
            "messenger" or "instagram" => meta.Value.Pages.FirstOrDefault(p => p.Id == account)?.AccessToken,
            _ => null,
        };
        return string.IsNullOrEmpty(token) ? "" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..16];
    }
}
