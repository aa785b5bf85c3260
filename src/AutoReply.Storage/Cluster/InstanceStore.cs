using System.Data.Common;
using Dapper;
using NodaTime;

namespace AutoReply.Storage.Cluster;

/// An instance that was seen dead, and how many claims it held that are free again.
public sealed record ReapedInstance(string Id, int Claims);

/// The running instances and their heartbeats. Every claim (inbox, outbox, notifications) names the instance that
/// holds it; when an instance stops beating — killed, host gone, cut off from the database — the next instance to look
/// gives its claims back, so the others take over its threads within seconds instead of waiting out a lease.
/// A lease still bounds every claim, for owners that never registered.
public sealed class InstanceStore
{
    const string JoinSql = """
        INSERT INTO instances (id, host, started_at, heartbeat_at) VALUES (@id, @host, @now, @now)
        ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at
        """;

    /// Registers (or re-registers, after being reaped) the instance <paramref name="id"/>.
    public void Join(string id, string host, Instant now, DbConnection db, DbTransaction tx) =>
        db.Execute(JoinSql, new { id, host, now = Ms(now) }, tx);

    const string BeatSql = "UPDATE instances SET heartbeat_at = @now WHERE id = @id";

    /// False when the instance is not registered (any more): the others took it for dead and gave its claims back.
    public bool Beat(string id, Instant now, DbConnection db, DbTransaction tx) =>
        db.Execute(BeatSql, new { id, now = Ms(now) }, tx) == 1;

    const string DeadSql = "SELECT id FROM instances WHERE heartbeat_at < @deadline AND id <> @self";
    const string ReleaseInboxSql = "UPDATE inbox SET lease_owner = NULL, lease_until = NULL WHERE state = 0 AND lease_owner = @owner";
    const string ReleaseOutboxSql = "UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE state = 0 AND lease_owner = @owner";
    const string ReleaseNotificationsSql = "UPDATE notifications SET lease_owner = NULL, lease_until = NULL WHERE state = 0 AND lease_owner = @owner";
    const string LeaveSql = "DELETE FROM instances WHERE id = @id";

    /// Gives back the claims of every instance (other than <paramref name="self"/>) whose last heartbeat is older
    /// than <paramref name="deadAfter"/>, and forgets those instances.
    public IReadOnlyList<ReapedInstance> Reap(string self, Instant now, Duration deadAfter, DbConnection db, DbTransaction tx)
    {
        var dead = db.Query<string>(DeadSql, new { deadline = Ms(now - deadAfter), self }, tx).ToList();
        return dead.Select(id => new ReapedInstance(id, Leave(id, db, tx))).ToList();
    }

    /// Gives back every claim <paramref name="id"/> holds and removes it (a clean shutdown, or a reaped instance);
    /// returns how many claims were freed.
    public int Leave(string id, DbConnection db, DbTransaction tx)
    {
        var claims = db.Execute(ReleaseInboxSql, new { owner = id }, tx)
                   + db.Execute(ReleaseOutboxSql, new { owner = id }, tx)
                   + db.Execute(ReleaseNotificationsSql, new { owner = id }, tx);
        db.Execute(LeaveSql, new { id }, tx);
        return claims;
    }

    static long Ms(Instant i) => i.ToUnixTimeMilliseconds();
}
