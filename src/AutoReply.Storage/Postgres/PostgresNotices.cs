using Dapper;
using Npgsql;

namespace AutoReply.Storage.Postgres;

/// Cluster notices over PostgreSQL's LISTEN/NOTIFY on one channel, the payload "topic from". The listener holds one
/// connection of its own for as long as it listens (behind PgBouncer that needs session pooling: a transaction-pooled
/// connection would lose the LISTEN). A NOTIFY is delivered only to sessions listening when it commits.
/// The listening connection is not pooled: pooled connections are not reset on their way back (see PostgresDatabase), and
/// one still listening would take notices nobody reads.
public sealed class PostgresNotices(NpgsqlDataSource source, NpgsqlDataSource listener) : ClusterNotices
{
    const string Channel = "autoreply";
    const string ListenSql = "LISTEN " + Channel;
    const string NotifySql = "SELECT pg_notify('" + Channel + "', p) FROM unnest(@payloads) AS p";

    public override async Task Listen(Action<string, string> onNotice, CancellationToken ct)
    {
        await using var connection = await listener.OpenConnectionAsync(ct);
        connection.Notification += (_, e) =>
        {
            var space = e.Payload.IndexOf(' ');
            if (space > 0) onNotice(e.Payload[..space], e.Payload[(space + 1)..]);
        };
        await connection.ExecuteAsync(ListenSql);
        while (!ct.IsCancellationRequested) await connection.WaitAsync(ct);
    }

    public override async Task Announce(IReadOnlyCollection<string> topics, string from, CancellationToken ct)
    {
        await using var connection = await source.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(NotifySql, new { payloads = topics.Select(t => t + " " + from).ToArray() }, cancellationToken: ct));
    }
}
