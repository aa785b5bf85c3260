using System.Data.Common;

namespace AutoReply.Storage;

/// The SQL dialects AutoReply speaks. A store whose statement differs between them keeps one constant per dialect.
public enum Dialect { Sqlite, Postgres }

/// Where the data lives, seen by the stores: provider-neutral connections (System.Data.Common), opened the same way
/// every time, the dialect for the statements that differ, and the schema brought up to date. Reads open their own
/// pooled connections; writes go through the <see cref="Sqlite.WriteQueue"/>.
public abstract class Database
{
    public abstract Dialect Dialect { get; }

    public abstract DbConnection Open();

    /// Brings the schema to the latest version of this dialect; safe when several instances start at once.
    public abstract void Migrate();

    const string PingSql = "SELECT 1";

    /// Opens a connection and runs the smallest statement: what /healthz asks. Throws when the database does not answer.
    public void Ping()
    {
        using var db = Open();
        using var command = db.CreateCommand();
        command.CommandText = PingSql;
        command.ExecuteScalar();
    }

    const string QueueDepthsSql = """
        SELECT 'handoffs_' || state, COUNT(*) FROM handoffs WHERE state <> 'resolved' GROUP BY state
        UNION ALL SELECT 'inbox_pending', COUNT(*) FROM inbox WHERE state = 0
        UNION ALL SELECT 'outbox_pending', COUNT(*) FROM outbox WHERE state = 0
        """;

    /// How much waits where: open hand-offs by state, undecided DMs, unsent replies (for /metrics).
    public IReadOnlyList<(string Queue, long Count)> QueueDepths()
    {
        using var db = Open();
        return Dapper.SqlMapper.Query<(string Queue, long Count)>(db, QueueDepthsSql).ToList();
    }
}
