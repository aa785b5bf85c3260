using Microsoft.Data.Sqlite;

namespace AutoReply.Storage.Sqlite;

/// How much a commit waits for the disk. Full: a commit survives power loss (one fsync per group commit).
/// Normal: it survives a process crash, not a power cut; WAL makes that much faster. Full is the default.
public enum Durability { Full, Normal }

/// The SQLite database: where it is, and connections opened the same way every time.
/// Reads use pooled connections of their own (WAL lets them run beside the writer);
/// every write goes through the one <see cref="WriteQueue"/>.
public sealed class SqliteDatabase : Database
{
    readonly string connectionString;
    readonly Durability durability;

    public SqliteDatabase(string connectionString, Durability durability = Durability.Full)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
            throw new ArgumentException("AutoReply needs a database file: an in-memory database would lose every accepted message on restart",
                nameof(connectionString));
        builder.Pooling = true;
        builder.DefaultTimeout = 30;
        this.connectionString = builder.ToString();
        FilePath = Path.GetFullPath(builder.DataSource);
        this.durability = durability;
    }

    public string FilePath { get; }

    public override Dialect Dialect => Dialect.Sqlite;

    public override void Migrate() => Migrations.Apply(this);

    /// Copies the WAL into the database and truncates it to nothing, so older versions of erased rows are gone from it
    /// too. A reader in the middle of a read holds the WAL: tried a few times, then left to the next checkpoint.
    public override bool Compact()
    {
        using var connection = Open();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            using var reader = command.ExecuteReader();
            if (reader.Read() && reader.GetInt32(0) == 0) return true;
            Thread.Sleep(50);
        }
        return false;
    }

    public override SqliteConnection Open()
    {
        var directory = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // WAL: readers never block the writer and commits append instead of rewriting pages.
        // busy_timeout: a second instance on the same file waits its turn instead of failing.
        // secure_delete: deleted and overwritten content is zeroed, so an erased DM leaves nothing in free space.
        pragma.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA synchronous={(durability == Durability.Full ? "FULL" : "NORMAL")}; " +
                             "PRAGMA cache_size=-65536; PRAGMA secure_delete=ON;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
