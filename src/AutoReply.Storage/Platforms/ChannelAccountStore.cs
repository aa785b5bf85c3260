using System.Data.Common;
using Dapper;
using NodaTime;

namespace AutoReply.Storage.Platforms;

/// A brand account the service may not send for: the account withdrew the app's access. TokenFingerprint names the
/// token that was configured when it did (empty when none was); configuring a different one reconnects the account.
public sealed record DisconnectedAccount(string Channel, string Account, Instant Since, string Reason, string TokenFingerprint);

/// Brand accounts that revoked the app's access, and the replies held for them meanwhile.
public sealed class ChannelAccountStore
{
    /// The reason every reply held for a disconnected account starts with: how a reconnect finds them again.
    public const string HeldReasonPrefix = "account disconnected: ";

    const string DisconnectSql = """
        INSERT INTO channel_accounts (channel, account, disconnected_at, reason, token_fingerprint)
        VALUES (@channel, @account, @at, @reason, @fingerprint)
        ON CONFLICT (channel, account) DO NOTHING
        """;

    /// Records the account as disconnected; false when it already was (a platform's redelivery, a second revoke).
    public bool Disconnect(DisconnectedAccount a, DbConnection db, DbTransaction tx) =>
        db.Execute(DisconnectSql,
            new { channel = a.Channel, account = a.Account, at = a.Since.ToUnixTimeMilliseconds(), reason = a.Reason, fingerprint = a.TokenFingerprint },
            tx) == 1;

    const string ListSql = """
        SELECT channel AS Channel, account AS Account, disconnected_at AS Since, reason AS Reason, token_fingerprint AS TokenFingerprint
        FROM channel_accounts ORDER BY channel, account
        """;

    public IReadOnlyList<DisconnectedAccount> Disconnected(DbConnection db) =>
        db.Query<(string Channel, string Account, long Since, string Reason, string TokenFingerprint)>(ListSql)
          .Select(r => new DisconnectedAccount(r.Channel, r.Account, Instant.FromUnixTimeMilliseconds(r.Since), r.Reason, r.TokenFingerprint)).ToList();

    const string ReconnectSql = "DELETE FROM channel_accounts WHERE channel = @channel AND account = @account";

    // The account's held replies go back to the queue in their order: each is blocked behind any earlier reply of its
    // thread that is pending or released with it, so a thread's replies still leave one after the other.
    const string ReleaseSql = """
        UPDATE outbox SET state = 0, attempts = 0, next_attempt_at = @now, lease_until = NULL, lease_owner = NULL, last_error = NULL,
            blocked = EXISTS (SELECT 1 FROM outbox p WHERE p.channel = outbox.channel AND p.thread_id = outbox.thread_id AND p.seq < outbox.seq
                              AND (p.state = 0 OR (p.state = 3 AND substr(p.last_error, 1, @prefixLength) = @prefix)))
        WHERE state = 3 AND channel = @channel AND substr(thread_id, 1, @threadsLength) = @threads AND substr(last_error, 1, @prefixLength) = @prefix
        """;

    /// Takes the account off the list and puts its held replies back in the queue; how many were released.
    public int Reconnect(string channel, string account, Instant now, DbConnection db, DbTransaction tx)
    {
        if (db.Execute(ReconnectSql, new { channel, account }, tx) == 0) return 0;
        var threads = account + ":";   // PlatformThreads.Of: "ACCOUNT:USER"
        return db.Execute(ReleaseSql,
            new
            {
                now = now.ToUnixTimeMilliseconds(), channel, threads, threadsLength = threads.Length,
                prefix = HeldReasonPrefix, prefixLength = HeldReasonPrefix.Length
            }, tx);
    }
}
