using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AutoReply.Service.Tests.Harness;

/// The database a service test runs on, either provider: the settings that point the service at it, and a connection
/// of its own for the test to check what was stored (the checks are plain SQL both dialects read alike).
public sealed class StorageUnderTest : IDisposable
{
    readonly Func<DbConnection> open;
    readonly Action cleanup;

    StorageUnderTest(string provider, string connectionString, Func<DbConnection> open, Action cleanup)
    {
        Provider = provider;
        Settings = new Dictionary<string, string> { ["Storage:Provider"] = provider, ["ConnectionStrings:AutoReply"] = connectionString };
        this.open = open;
        this.cleanup = cleanup;
    }

    public string Provider { get; }
    public IReadOnlyDictionary<string, string> Settings { get; }

    public static StorageUnderTest Sqlite(string directory)
    {
        var connectionString = $"Data Source={Path.Combine(directory, "autoreply.db")}";
        return new StorageUnderTest("Sqlite", connectionString, () => new SqliteConnection(connectionString), SqliteConnection.ClearAllPools);
    }

    public static StorageUnderTest Postgres(PostgresServer server)
    {
        var connectionString = server.CreateDatabase();
        return new StorageUnderTest("Postgres", connectionString, () => new NpgsqlConnection(connectionString), NpgsqlConnection.ClearAllPools);
    }

    public static StorageUnderTest For(string provider, string directory, PostgresServer server) =>
        provider == "Postgres" ? Postgres(server) : Sqlite(directory);

    public DbConnection Open()
    {
        var connection = open();
        connection.Open();
        return connection;
    }

    public void Dispose() => cleanup();
}
