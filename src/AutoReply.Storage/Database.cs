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
}
